"""The user's own data file: their destinations, and their travel to any destination.

One TOML file, `catalog.toml` in the user data folder (platformdirs; the environment
variable MESOCOST_DATA_DIR names another folder, for tests and portable installs):

- `[[entries]]` tables: the user's own destinations, exactly as a `--catalog` file holds
  them (README, "Your own catalog"), each with its optional `[entries.travel]` table.
  An entry with the destination and clinic of a bundled one replaces it.
- `[[travel]]` tables: the patient's travel to a destination whose prices the user does
  not own — a bundled one — keyed by `destination` and `clinic` (compared ignoring case)
  and holding the travel fields (`currency`, `per_trip`, `nights_per_trip`, `per_night`,
  `max_stay_days`).

Why one file and not a second one for travel: the saved file stays a catalog the command
line reads as it is — `mesocost compare --catalog <file>` accepts `[[travel]]` tables
(`storage.tomlfiles.load_catalog_and_travel`) and applies them to the bundled rows too,
so the window and the CLI price the same trips.

Prices are written as strings ("150.50"): no binary float is ever involved. The file is
replaced atomically (`storage.atomic`), so a failed save leaves the previous one intact.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.catalog import PriceEntry, build_catalog, merge_catalogs
from mesocost.core.errors import ExportError
from mesocost.core.i18n import N_, _
from mesocost.core.travel import TravelCosts
from mesocost.storage.tomlfiles import load_catalog_and_travel

DATA_DIR_VARIABLE = "MESOCOST_DATA_DIR"
FILE_NAME = "catalog.toml"
SCHEMA = 1  # the catalog files' `schema = 1` line

TravelKey = tuple[str, str]  # PriceEntry.key: (destination, clinic casefolded)

# TRANSLATORS: the comment at the top of the user's own catalog file; [[entries]] and
# [[travel]] are the file's table names: keep them as they are.
_HEADER = N_(
    "Your own destinations and travel, kept by mesocost.\n"
    "[[entries]]: your destinations; one with the destination and clinic of a\n"
    "bundled one replaces it. [[travel]]: your travel to a destination whose\n"
    "prices you do not own (the bundled ones), by destination and clinic.")


class UserCatalog(NamedTuple):
    """What the user owns: their destinations and their travel (to any destination).

    Attributes:
        entries: the user's own price entries (travel may be embedded, as in a catalog).
        travel: the patient's travel per destination + clinic (`PriceEntry.key`), for any
            row, bundled ones included; it wins over an entry's embedded travel.
    """

    entries: tuple[PriceEntry, ...]
    travel: Mapping[TravelKey, TravelCosts]

    @classmethod
    def empty(cls) -> UserCatalog:
        return cls((), {})


def user_data_dir() -> str:
    """The folder of the user's data: $MESOCOST_DATA_DIR, else the platform's data folder."""
    override = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if override:
        return os.path.abspath(os.path.expanduser(override))
    from mesocost.storage.userdirs import user_data_dir as platform_data_dir

    return platform_data_dir()


def user_catalog_path() -> str:
    """Where the user's catalog lives (the file may not exist yet)."""
    return os.path.join(user_data_dir(), FILE_NAME)


def load_user_catalog(path: str | os.PathLike | None = None) -> UserCatalog:
    """Read the user's catalog; a missing file is an empty catalog.

    Raises:
        InputError: "FILE: entry N (CODE): FIELD: what is wrong" (or "travel N (CODE)"),
            as for any catalog file.
    """
    path = os.fspath(path) if path is not None else user_catalog_path()
    if not os.path.exists(path):
        return UserCatalog.empty()
    entries, travel = load_catalog_and_travel(path, allow_empty=True)
    return UserCatalog(entries, travel)


def save_user_catalog(catalog: UserCatalog, path: str | os.PathLike | None = None) -> str:
    """Write the user's catalog atomically; the default folder is created if missing.

    Returns:
        The path written.

    Raises:
        InputError: two entries with the same destination and clinic.
        ExportError: the file cannot be written (one line: folder, permission, disk).
    """
    from mesocost.storage.atomic import write_text_atomic

    if path is None:
        path = user_catalog_path()
        folder = os.path.dirname(path)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as error:
            raise ExportError(_("cannot create the folder {folder}: {reason}").format(
                folder=folder, reason=error.strerror or error), path) from None
    path = os.fspath(path)

    build_catalog(catalog.entries, path)  # refuse duplicates before anything is written
    write_text_atomic(path, user_catalog_toml(catalog))
    return path


def effective_entries(bundled: Iterable[PriceEntry], user: UserCatalog
                      ) -> tuple[PriceEntry, ...]:
    """The catalog to price: bundled + the user's entries (same key replaces), each with
    the user's travel for its destination + clinic when they gave one."""
    merged = merge_catalogs(bundled, user.entries)
    if not user.travel:
        return merged
    return tuple(entry._replace(travel=user.travel[entry.key]) if entry.key in user.travel
                 else entry for entry in merged)


# --- writing ------------------------------------------------------------------------------


def user_catalog_toml(catalog: UserCatalog) -> str:
    """The file's text: `load_user_catalog` (and `--catalog`) read back the same catalog."""
    lines = [
        *(f"# {line}".rstrip() for line in _(_HEADER).splitlines()),
        "",
        f"schema = {SCHEMA}",
    ]
    from mesocost.storage.pricelist import entry_fields  # the same fields as an import

    for entry in catalog.entries:
        lines += ["", "[[entries]]", *_assignments(entry_fields(entry))]
        if entry.travel is not None:
            lines += ["", "[entries.travel]", *_assignments(_travel_fields(entry.travel))]
    for (destination, clinic), travel in sorted(catalog.travel.items()):
        lines += ["", "[[travel]]",
                  *_assignments([("destination", destination), ("clinic", clinic)]),
                  *_assignments(_travel_fields(travel))]
    return "\n".join(lines) + "\n"


def _assignments(fields: Iterable[tuple[str, object]]) -> Iterator[str]:
    from mesocost.storage.pricelist import toml_string  # the price-list import's writer

    for key, value in fields:
        if isinstance(value, str):
            yield f"{key} = {toml_string(value)}"
        else:  # whole numbers and dates: TOML literals
            yield f"{key} = {value}"


def _amount(value: Decimal) -> str:
    return format(value, "f")  # "1500", never "1.5E+3"


def _travel_fields(travel: TravelCosts) -> Iterator[tuple[str, object]]:
    yield "currency", travel.currency
    yield "per_trip", _amount(travel.per_trip)
    yield "nights_per_trip", int(travel.nights_per_trip)
    yield "per_night", _amount(travel.per_night)
    yield "max_stay_days", int(travel.max_stay_days)
