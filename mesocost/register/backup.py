"""A consistent copy of a SQLite register while other programs may be writing to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mesocost.storage.atomic import write_with


def sqlite_backup(source: Path, destination: Path, *, force: bool = False) -> None:
    """Copy `source` with SQLite's online backup into a private temporary database, then
    write it to `destination` atomically (owner-only, like the register itself)."""
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reader, \
            sqlite3.connect(":memory:") as copy:
        reader.backup(copy)
        data = copy.serialize()

    existed = destination.exists()
    write_with(destination, lambda handle: handle.write(data), force=force)
    if not existed:  # it holds patients' names and contacts, like the register
        destination.chmod(0o600)
