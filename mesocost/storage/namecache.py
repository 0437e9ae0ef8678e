"""Per-locale CLDR facts kept in a small file, so the CLI (and the window's first paint)
need not load CLDR every run.

Country names in a locale mean unpickling two CLDR locale files (~11 ms), and the
locale's currency means unpickling babel's 460 KB global file (~4 ms); a JSON table of
250 names and one code reads in well under a millisecond. The table is made from babel
on first use, named after babel's version (an upgrade makes a new one) and written
atomically. Any problem with the file just means asking babel again.
"""

from __future__ import annotations

import json
import os

import babel

from mesocost.core.currencies import KNOWN_CURRENCIES
from mesocost.core.errors import MesocostError
from mesocost.core.geo import ISO_COUNTRIES, country_name, parse_locale
from mesocost.storage.userdirs import user_cache_dir

_loaded: dict[str, dict] = {}


def _table_path(locale: str) -> str:
    return os.path.join(user_cache_dir(), f"cldr-{babel.__version__}-{locale}.json")


def _facts(locale: str) -> dict:
    if locale in _loaded:
        return _loaded[locale]
    if not locale.replace("_", "").isalnum():  # it names a file: letters and "_" only
        parse_locale(locale)  # raises InputError for anything that is not a locale
    path = _table_path(locale)
    try:
        with open(path, encoding="utf-8") as handle:
            facts = json.load(handle)
        if (set(facts.get("names", ())) != ISO_COUNTRIES or "currency" not in facts
                or set(facts.get("currency_names", ())) != KNOWN_CURRENCIES
                or not isinstance(facts.get("currencies_in_use"), list)):
            raise ValueError("incomplete table")
    except (OSError, ValueError, AttributeError):
        facts = _facts_from_cldr(locale)
        _save(path, facts)
    _loaded[locale] = facts
    return facts


def _facts_from_cldr(locale: str) -> dict:
    from babel.core import get_global

    currency_names = parse_locale(locale).currencies
    in_use = {code for uses in get_global("territory_currencies").values()
              for code, _start, end, tender in uses if end is None and tender}
    return {"names": {code: country_name(code, locale) for code in sorted(ISO_COUNTRIES)},
            "currency": _currency_from_cldr(locale),
            "currency_names": {code: currency_names.get(code, code)
                               for code in sorted(KNOWN_CURRENCIES)},
            "currencies_in_use": sorted(in_use & KNOWN_CURRENCIES)}


def territory_names(locale: str) -> dict[str, str]:
    """{"GB": "Birleşik Krallık", ...} for `locale`."""
    return _facts(locale)["names"]


def currency_names(locale: str) -> dict[str, str]:
    """{"EUR": "Euro", ...} for every currency mesocost knows, named in `locale`."""
    return _facts(locale)["currency_names"]


def currencies_in_use(locale: str) -> frozenset[str]:
    """Codes some territory uses as legal tender today (CLDR; the same in every locale,
    kept with the locale's table so one small file answers the window's first paint)."""
    return frozenset(_facts(locale)["currencies_in_use"])


def locale_currency(locale: str) -> str:
    """The currency in use in the locale's territory (GBP for en_GB), else USD."""
    return _facts(locale)["currency"]


def _currency_from_cldr(locale: str) -> str:
    from babel.core import get_global

    territory = parse_locale(locale).territory
    for code, _start, end, tender in get_global("territory_currencies").get(territory, ()):
        if end is None and tender:
            return code
    return "USD"


def _save(path: str, facts: dict) -> None:
    from mesocost.storage.atomic import write_text_atomic

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_text_atomic(path, json.dumps(facts, ensure_ascii=False))
    except (OSError, MesocostError):
        pass  # a cache that cannot be written only costs speed next time
