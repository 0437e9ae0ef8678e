"""Finding the bundled data files, installed or not.

In the source tree (and an editable install) they sit in `resources/` at the top of the
repository; a wheel carries the same folder inside the package as `_resources`
(see pyproject.toml). `importlib.resources` is not used: it costs ~10 ms of start-up
and both layouts are plain folders.
"""

from __future__ import annotations

import os.path

from mesocost.core.errors import InputError
from mesocost.core.i18n import _

# Plain os.path, not pathlib: pathlib costs ~4 ms of every CLI start-up.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CANDIDATES = (os.path.join(_PACKAGE_DIR, "_resources"),
               os.path.join(os.path.dirname(_PACKAGE_DIR), "resources"))


def resource_dir() -> str:
    """The folder holding catalog.toml, protocols.toml and the rate snapshot."""
    for candidate in _CANDIDATES:
        if os.path.isfile(os.path.join(candidate, "catalog.toml")):
            return candidate
    raise InputError(_("bundled data not found (looked in {folders}); reinstall mesocost")
                     .format(folders=", ".join(str(c) for c in _CANDIDATES)))


def resource(name: str) -> str:
    """Path of one bundled file."""
    return os.path.join(resource_dir(), name)
