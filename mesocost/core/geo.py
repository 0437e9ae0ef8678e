"""Destinations are ISO 3166-1 alpha-2 country codes; their names come from CLDR."""

from __future__ import annotations

from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError

from mesocost.core.errors import InputError

# CLDR lists some two-letter region codes that are not countries a clinic can be in:
# exceptional reservations (AC, CP, DG, EA, IC, TA), groupings (EU, EZ, UN, QO),
# pseudo-locales (XA, XB) and "unknown" (ZZ). CQ (Sark) is reserved, not assigned.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN",
                            "XA", "XB", "ZZ"})


@lru_cache(maxsize=1)
def known_countries() -> frozenset[str]:
    """Two-letter country codes CLDR names in English, less the non-countries above."""
    return frozenset(
        code for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


def check_country(code: object, *where: str) -> str:
    """Return `code` upper-cased, or raise InputError for anything not an ISO 3166-1 country."""
    if not isinstance(code, str) or len(code.strip()) != 2:
        raise InputError(f"country must be a two-letter ISO 3166-1 code, got {code!r}", *where)
    normalised = code.strip().upper()
    if normalised not in known_countries():
        raise InputError(f"unknown country code {code!r}", *where)
    return normalised


@cache
def parse_locale(locale: str) -> Locale:
    """Parse a locale identifier ("de_DE", "en-GB"), or raise InputError."""
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise InputError(f"unknown locale {locale!r}") from None


def country_name(code: str, locale: str) -> str:
    """The country's name in `locale` ("Birleşik Krallık" for GB in tr_TR)."""
    return parse_locale(locale).territories.get(code, code)
