"""The user's cache and config folders, without paying platformdirs' import on Linux.

platformdirs costs ~5 ms to import, a tenth of the CLI's start-up budget. On Linux its
answer is simply $XDG_CACHE_HOME (or ~/.cache) + /mesocost, so that is computed here;
elsewhere platformdirs decides.
"""

from __future__ import annotations

import os
import sys

APP_NAME = "mesocost"


# kind -> (XDG variable, its default under the home folder, what is appended on Linux):
# platformdirs' own answers there, so both ways name the same folder.
_LINUX = {
    "cache": ("XDG_CACHE_HOME", ".cache", ()),
    "config": ("XDG_CONFIG_HOME", ".config", ()),
    "data": ("XDG_DATA_HOME", os.path.join(".local", "share"), ()),
    "log": ("XDG_STATE_HOME", os.path.join(".local", "state"), ("log",)),
}


def _user_dir(kind: str) -> str:
    if sys.platform.startswith("linux"):
        variable, default, tail = _LINUX[kind]
        base = os.environ.get(variable, "").strip()
        if not os.path.isabs(base):
            base = os.path.join(os.path.expanduser("~"), default)
        return os.path.join(base, APP_NAME, *tail)
    import platformdirs

    return getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False)


def user_cache_dir() -> str:
    """Folder for caches (rates, CLDR name tables); it may not exist yet."""
    return _user_dir("cache")


def user_config_dir() -> str:
    """Folder for the user's settings files (clinic.toml); it may not exist yet."""
    return _user_dir("config")


def user_data_dir() -> str:
    """Folder for the user's own data (their catalog); it may not exist yet."""
    return _user_dir("data")


def user_log_dir() -> str:
    """Folder for the window's log file; it may not exist yet."""
    return _user_dir("log")
