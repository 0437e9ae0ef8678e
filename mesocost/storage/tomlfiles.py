"""Reading the TOML files people edit: catalogs and protocols.

Every problem becomes one InputError naming the file, the entry and the field.
"""

from __future__ import annotations

import os
import tomllib

from mesocost.core.catalog import PriceEntry, build_catalog, parse_entry
from mesocost.core.errors import InputError, MesocostError, shown
from mesocost.core.geo import check_country
from mesocost.core.i18n import _
from mesocost.core.protocol import Protocol, parse_protocol
from mesocost.core.travel import TravelCosts, parse_travel
from mesocost.storage.reading import read_capped
from mesocost.storage.resources import resource

MAX_FILE_BYTES = 5 * 1024 * 1024
SCHEMA = 1  # the `schema = 1` line bundled and imported files carry (optional)


def read_toml(path: str | os.PathLike) -> dict:
    """Parse a TOML file, or raise InputError naming it and what is wrong.

    At most MAX_FILE_BYTES are read, whatever the file system says the size is (a device
    or a pipe says 0); a pipe that never ends is refused after a deadline.
    """
    data = read_capped(path, MAX_FILE_BYTES)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(_("not a text file (TOML must be UTF-8)"), str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(_("not valid TOML: {reason}").format(reason=error), str(path)) \
            from None
    except (ValueError, RecursionError) as error:  # e.g. an integer of 5,000 digits
        raise InputError(_("not valid TOML: {reason}").format(reason=error), str(path)) \
            from None
    except OSError as error:
        raise InputError(_("cannot read: {reason}").format(reason=error.strerror or error),
                         str(path)) from None


def load_catalog(path: str | os.PathLike) -> tuple[PriceEntry, ...]:
    """Read a catalog file: a list of [[entries]] tables (and optional [[travel]] tables,
    applied here to this file's entries; see `load_catalog_and_travel`).

    Raises:
        InputError: "FILE: entry N (CODE): FIELD: what is wrong".
    """
    entries, travel = load_catalog_and_travel(path)
    return tuple(entry._replace(travel=travel[entry.key]) if entry.key in travel else entry
                 for entry in entries)


def load_catalog_and_travel(path: str | os.PathLike, *, allow_empty: bool = False
                            ) -> tuple[tuple[PriceEntry, ...],
                                       dict[tuple[str, str], TravelCosts]]:
    """Read a catalog file's [[entries]] and its [[travel]] tables.

    A [[travel]] table is the patient's travel to one destination + clinic (`destination`,
    `clinic` compared ignoring case, `currency` and the travel fields of an
    [entries.travel] table). It may name a destination of another catalog — a bundled
    one — so it is returned apart, keyed like `PriceEntry.key`, for the caller that merges
    catalogs to apply (`storage.userdata.effective_entries`): the desktop window saves the
    user's destinations and travel in one such file, and `mesocost compare --catalog`
    prices the same trips from it.

    Args:
        allow_empty: a file with neither table is an empty catalog, not an error.

    Raises:
        InputError: "FILE: entry N (CODE): FIELD: ..." or "FILE: travel N (CODE): FIELD: ...".
    """
    data = read_toml(path)
    _check_top_level(data, ("entries", "travel"), str(path))
    raw_entries = data.get("entries", [])
    raw_travel = data.get("travel", [])
    if not isinstance(raw_entries, list):
        raise InputError(_("must be [[entries]] tables"), str(path), "entries")
    if not isinstance(raw_travel, list):
        raise InputError(_("must be [[travel]] tables"), str(path), "travel")
    if not raw_entries and not raw_travel and not allow_empty:
        raise InputError(_("no [[entries]] found"), str(path))
    entries = []
    for index, raw in enumerate(raw_entries, start=1):
        label = f"entry {index}"
        if isinstance(raw, dict) and _plain_label(raw.get("destination")):
            label += f" ({raw['destination'].strip()})"
        if not isinstance(raw, dict):
            raise InputError(_("must be a table"), str(path), label)
        try:
            entries.append(parse_entry(raw, label))
        except MesocostError as error:
            raise error.located(str(path)) from None
    return build_catalog(entries, str(path)), _travel_tables(raw_travel, str(path))


def _travel_tables(raw_tables: list, where: str) -> dict[tuple[str, str], TravelCosts]:
    travel: dict[tuple[str, str], TravelCosts] = {}
    numbers: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(raw_tables, start=1):
        label = f"travel {index}"
        if isinstance(raw, dict) and _plain_label(raw.get("destination")):
            label += f" ({raw['destination'].strip()})"
        if not isinstance(raw, dict):
            raise InputError(_("must be a table"), where, label)
        fields = dict(raw)
        try:
            for required in ("destination", "currency"):
                if fields.get(required) in (None, ""):
                    raise InputError(_("is required"), label, required)
            destination = check_country(fields.pop("destination"), label, "destination")
            clinic = fields.pop("clinic", "")
            if not isinstance(clinic, str):
                raise InputError(_("must be text, got {value!r}").format(value=clinic), label,
                                 "clinic")
            costs = parse_travel(fields, "", label)
        except MesocostError as error:
            raise error.located(where) from None
        key = (destination, clinic.strip().casefold())
        if key in numbers:
            raise InputError(_("duplicate of travel {number} (same destination and clinic)")
                             .format(number=numbers[key]), where, label)
        numbers[key] = index
        travel[key] = costs
    return travel


def _check_top_level(data: dict, tables: str | tuple[str, ...], where: str) -> None:
    """Only `schema = 1` and the file's tables (`entries` and `travel`, or `protocols`)."""
    names = (tables,) if isinstance(tables, str) else tables
    unknown = sorted(set(data) - {"schema", *names})
    if unknown:
        message = (_("unknown top-level key (expected schema and {table})").format(
            table=names[0]) if len(names) == 1 else
            _("unknown top-level key (expected schema and {first} or {second})").format(
                first=names[0], second=names[1]))
        raise InputError(message, where, shown(unknown[0]))
    schema = data.get("schema", SCHEMA)
    if isinstance(schema, bool) or schema != SCHEMA:
        raise InputError(_("mesocost reads schema {schema} files, got {value!r}").format(
            schema=SCHEMA, value=schema), where, "schema")


def _plain_label(text: object) -> bool:
    """Text short and plain enough to name an entry in a one-line error."""
    return isinstance(text, str) and 0 < len(text.strip()) <= 12 and text.strip().isprintable()


def load_bundled_catalog() -> tuple[PriceEntry, ...]:
    """The seed's three destinations."""
    return load_catalog(resource("catalog.toml"))


def load_protocols(path: str | os.PathLike) -> dict[str, Protocol]:
    """Read a protocols file: [protocols.NAME] tables."""
    data = read_toml(path)
    _check_top_level(data, "protocols", str(path))
    raw_protocols = data.get("protocols")
    if not isinstance(raw_protocols, dict) or not raw_protocols:
        raise InputError(_("no [protocols.NAME] tables found"), str(path))
    protocols = {}
    for name, raw in raw_protocols.items():
        label = f"protocol {shown(name)}"
        if not isinstance(raw, dict):
            raise InputError(_("must be a table"), str(path), label)
        try:
            protocols[name] = parse_protocol(name, raw, label)
        except MesocostError as error:
            raise error.located(str(path)) from None
    return protocols


def find_protocol(name_or_file: str | None) -> Protocol:
    """A bundled protocol by name ("standard"), or the only/first protocol of a file.

    Raises:
        InputError: for an unknown name or a bad file.
    """
    wanted = name_or_file or "standard"
    if wanted.endswith(".toml") or os.sep in wanted or os.path.isfile(wanted):
        protocols = load_protocols(wanted)
        return next(iter(protocols.values()))
    bundled = load_protocols(resource("protocols.toml"))
    if wanted not in bundled:
        raise InputError(_("unknown protocol {name!r} (bundled: {names}; or give a .toml "
                           "file)").format(name=wanted, names=", ".join(sorted(bundled))),
                         "--protocol")
    return bundled[wanted]
