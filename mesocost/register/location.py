"""Where the register lives: a SQLite file in the user data folder, or a team's server.

`--db`, then `MESOCOST_DB`, then the window's setting, then the default file. A value
with "://" is a database URL; anything else is a SQLite file path. A PostgreSQL URL may
be written `postgresql://…` (psycopg 3 is the driver either way). Passwords belong in
the environment or libpq's password file (~/.pgpass): `shown()` masks them wherever a
URL is printed or logged, and `without_password()` is what the window may save.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from mesocost.core.errors import InputError
from mesocost.core.i18n import _
from mesocost.storage.userdirs import user_data_dir

ENVIRONMENT = "MESOCOST_DB"
DEFAULT_NAME = "register.sqlite3"

# user:password@ in a URL's authority: the password is masked when shown. Like
# SQLAlchemy, the password runs from the user's ":" to the next "@" ("/" and "?" are
# part of it); a password with an unencoded "@" ("p@ss@host") is masked up to the "@"
# before the host, so no part of it shows.
_PASSWORD = re.compile(
    r"^(?P<head>[a-z0-9+]+://[^:/@]*):(?P<password>[^@]*(?:@[^@/?]*(?=@))*)@",
    re.IGNORECASE)


def default_path() -> Path:
    return Path(user_data_dir()) / DEFAULT_NAME


def choose(explicit: str | None = None, saved: str | None = None) -> str:
    """The register's URL or path: explicit (--db), MESOCOST_DB, saved, else the default."""
    for candidate in (explicit, os.environ.get(ENVIRONMENT), saved):
        if candidate is not None and candidate.strip():
            return candidate.strip()
    return str(default_path())


def is_url(target: str) -> bool:
    return "://" in target


def database_url(target: str) -> str:
    """The SQLAlchemy URL for a path or URL (checked: SQLite or PostgreSQL only)."""
    if not is_url(target):
        # SQLAlchemy decodes %XX in a URL's path and ends it at "?": a folder named
        # "50%20off" or "what?" is written so that it reads back as that folder.
        path = str(Path(target).expanduser().resolve())
        return "sqlite:///" + path.replace("%", "%25").replace("?", "%3F")
    scheme, rest = target.split("://", 1)
    scheme = scheme.lower()  # SQLAlchemy knows dialects by their lower-case names
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    if scheme in ("postgresql+psycopg", "sqlite"):
        return f"{scheme}://{rest}"
    raise InputError(_("unsupported database {scheme!r}: use a SQLite file path or a {url} "
                       "URL").format(scheme=scheme, url="postgresql://"), "--db")


def shown(target: str) -> str:
    """The URL or path as it may be printed or logged: any password replaced by ***."""
    return _PASSWORD.sub(lambda match: f"{match['head']}:***@", target)


def has_password(target: str) -> bool:
    return bool(_PASSWORD.match(target))


def without_password(target: str) -> str:
    """The URL without its password (what the window saves in its settings)."""
    return _PASSWORD.sub(lambda match: f"{match['head']}@", target)


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL (None for another database or an in-memory one)."""
    if not url.startswith("sqlite:///"):
        return None
    path = unquote(url.removeprefix("sqlite:///").split("?", 1)[0])  # as SQLAlchemy reads it
    return Path(path) if path and path != ":memory:" else None
