"""Finding the bundled data files, installed or not.

In the source tree (and an editable install) they sit in `resources/` at the top of the
repository; a wheel carries the same folder inside the package as `_resources`
(see pyproject.toml). `importlib.resources` is not used: it costs ~10 ms of start-up
and both layouts are plain folders.
"""

from __future__ import annotations

from pathlib import Path

from mesocost.core.errors import InputError

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CANDIDATES = (_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources")


def resource_dir() -> Path:
    """The folder holding catalog.toml, protocols.toml and the rate snapshot."""
    for candidate in _CANDIDATES:
        if (candidate / "catalog.toml").is_file():
            return candidate
    raise InputError("bundled data not found (looked in "
                     + ", ".join(str(c) for c in _CANDIDATES) + "); reinstall mesocost")


def resource(name: str) -> Path:
    """Path of one bundled file."""
    return resource_dir() / name
