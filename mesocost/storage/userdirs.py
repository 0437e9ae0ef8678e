"""The user's cache folder for mesocost, without paying platformdirs' import on Linux.

platformdirs costs ~5 ms to import, a tenth of the CLI's start-up budget. On Linux its
answer is simply $XDG_CACHE_HOME (or ~/.cache) + /mesocost, so that is computed here;
elsewhere platformdirs decides.
"""

from __future__ import annotations

import os
import sys

APP_NAME = "mesocost"


def user_cache_dir() -> str:
    """Folder for caches (rates, CLDR name tables); it may not exist yet."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.join(os.path.expanduser("~"), ".cache")
        return os.path.join(base, APP_NAME)
    from platformdirs import user_cache_dir as platform_cache_dir

    return platform_cache_dir(APP_NAME, appauthor=False)
