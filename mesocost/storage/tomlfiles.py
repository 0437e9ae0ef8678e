"""Reading the TOML files people edit: catalogs and protocols.

Every problem becomes one InputError naming the file, the entry and the field.
"""

from __future__ import annotations

import os
import tomllib

from mesocost.core.catalog import PriceEntry, build_catalog, parse_entry
from mesocost.core.errors import InputError, MesocostError
from mesocost.core.protocol import Protocol, parse_protocol
from mesocost.storage.resources import resource

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_toml(path: str | os.PathLike) -> dict:
    """Parse a TOML file, or raise InputError naming it and what is wrong."""
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file is {size} bytes, more than the {MAX_FILE_BYTES} allowed",
                             str(path))
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise InputError("file not found", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", str(path)) from None
    except PermissionError:
        raise InputError("permission denied", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not a text file (TOML must be UTF-8)", str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not valid TOML: {error}", str(path)) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", str(path)) from None


def load_catalog(path: str | os.PathLike) -> tuple[PriceEntry, ...]:
    """Read a catalog file: a list of [[entries]] tables.

    Raises:
        InputError: "FILE: entry N (CODE): FIELD: what is wrong".
    """
    data = read_toml(path)
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise InputError("no [[entries]] found", str(path))
    entries = []
    for index, raw in enumerate(raw_entries, start=1):
        label = f"entry {index}"
        if isinstance(raw, dict) and isinstance(raw.get("destination"), str):
            label += f" ({raw['destination']})"
        if not isinstance(raw, dict):
            raise InputError("must be a table", str(path), label)
        try:
            entries.append(parse_entry(raw, label))
        except MesocostError as error:
            raise error.located(str(path)) from None
    return build_catalog(entries, str(path))


def load_bundled_catalog() -> tuple[PriceEntry, ...]:
    """The seed's three destinations."""
    return load_catalog(resource("catalog.toml"))


def load_protocols(path: str | os.PathLike) -> dict[str, Protocol]:
    """Read a protocols file: [protocols.NAME] tables."""
    data = read_toml(path)
    raw_protocols = data.get("protocols")
    if not isinstance(raw_protocols, dict) or not raw_protocols:
        raise InputError("no [protocols.NAME] tables found", str(path))
    protocols = {}
    for name, raw in raw_protocols.items():
        if not isinstance(raw, dict):
            raise InputError("must be a table", str(path), f"protocol {name}")
        try:
            protocols[name] = parse_protocol(name, raw, f"protocol {name}")
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
        raise InputError(f"unknown protocol {wanted!r} (bundled: {', '.join(sorted(bundled))};"
                         " or give a .toml file)", "--protocol")
    return bundled[wanted]
