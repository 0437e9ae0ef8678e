"""The user's cache and config folders, without paying platformdirs' import on Linux.

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


def user_config_dir() -> str:
    """Folder for the user's settings files (clinic.toml); it may not exist yet.

    platformdirs' user_config_dir("mesocost", appauthor=False): on Linux
    $XDG_CONFIG_HOME (or ~/.config) + /mesocost, computed here for the same reason.
    """
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CONFIG_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.join(os.path.expanduser("~"), ".config")
        return os.path.join(base, APP_NAME)
    from platformdirs import user_config_dir as platform_config_dir

    return platform_config_dir(APP_NAME, appauthor=False)
