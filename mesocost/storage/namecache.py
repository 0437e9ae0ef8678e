"""Country names per locale, kept in a small file so the CLI need not load CLDR each run.

Reading a locale's names from babel means unpickling two CLDR locale files (~11 ms);
a JSON table of 250 names reads in well under a millisecond. The table is made from
babel on first use, named after babel's version (so an upgrade makes a new one), and
written atomically. Any problem with the file just means asking babel again.
"""

from __future__ import annotations

import json
import os

import babel

from mesocost.core.errors import MesocostError
from mesocost.core.geo import ISO_COUNTRIES, country_name, parse_locale
from mesocost.storage.userdirs import user_cache_dir

_loaded: dict[str, dict[str, str]] = {}


def _table_path(locale: str) -> str:
    return os.path.join(user_cache_dir(), f"territories-{babel.__version__}-{locale}.json")


def territory_names(locale: str) -> dict[str, str]:
    """{"GB": "Birleşik Krallık", ...} for `locale` (validated first)."""
    if locale in _loaded:
        return _loaded[locale]
    path = _table_path(locale)
    try:
        with open(path, encoding="utf-8") as handle:
            names = json.load(handle)
        if not isinstance(names, dict) or set(names) != ISO_COUNTRIES:
            raise ValueError("incomplete table")
    except (OSError, ValueError):
        parse_locale(locale)
        names = {code: country_name(code, locale) for code in sorted(ISO_COUNTRIES)}
        _save(path, names)
    _loaded[locale] = names
    return names


def _save(path: str, names: dict[str, str]) -> None:
    from mesocost.storage.atomic import write_text_atomic

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_text_atomic(path, json.dumps(names, ensure_ascii=False))
    except (OSError, MesocostError):
        pass  # a cache that cannot be written only costs speed next time
