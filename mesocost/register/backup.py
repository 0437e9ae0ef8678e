"""A consistent copy of a SQLite register while other programs may be writing to it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from mesocost.core.i18n import _
from mesocost.storage.atomic import check_output, write_with


def sqlite_backup(source: Path, destination: Path, *, force: bool = False) -> None:
    """Copy `source` with SQLite's online backup into a private temporary database, then
    write it to `destination` atomically (owner-only, like the register itself)."""
    # Replacing the open register with its copy would cut off the writes in its WAL file.
    check_output(destination, inputs={_("the register"): source}, force=force)
    # A file: URI with the path percent-encoded: "#", "?" or "%" in a folder name stay
    # part of the name instead of ending it.
    uri = f"{Path(source).resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as reader, \
            contextlib.closing(sqlite3.connect(":memory:")) as copy:
        reader.backup(copy)
        data = copy.serialize()

    existed = destination.exists()

    def write(handle) -> None:
        if not existed and hasattr(os, "fchmod"):
            # It holds patients' names and contacts, like the register: owner-only
            # before a byte of it is written, not after it is in place.
            os.fchmod(handle.fileno(), 0o600)
        handle.write(data)

    write_with(destination, write, force=force)
    if not existed and not hasattr(os, "fchmod"):
        destination.chmod(0o600)
