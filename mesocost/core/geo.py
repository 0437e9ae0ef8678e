"""Destinations are ISO 3166-1 alpha-2 country codes; their names come from CLDR."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

from mesocost.core.errors import InputError
from mesocost.core.i18n import _

# ISO 3166-1 alpha-2 (249 countries and territories) plus XK (Kosovo, user-assigned but
# used by CLDR, banks and airlines). A constant because reading it from CLDR means loading
# a whole locale (~6 ms of start-up); tests/core/test_catalog.py checks it against CLDR.
ISO_COUNTRIES = frozenset((
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
    "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
    "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
    "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
    "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
    "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
    "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
    "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
    "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
    "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
    "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW"
))


def known_countries() -> frozenset[str]:
    """Two-letter codes of countries and territories a clinic can be in."""
    return ISO_COUNTRIES


def check_country(code: object, *where: str) -> str:
    """Return `code` upper-cased, or raise InputError for anything not an ISO 3166-1 country."""
    if not isinstance(code, str) or len(code.strip()) != 2:
        raise InputError(_("country must be a two-letter ISO 3166-1 code, got {value!r}")
                         .format(value=code), *where)
    normalised = code.strip().upper()
    if normalised not in known_countries():
        raise InputError(_("unknown country code {value!r}").format(value=code), *where)
    return normalised


@cache
def parse_locale(locale: str) -> Locale:
    """Parse a locale identifier ("de_DE", "en-GB"), or raise InputError."""
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise InputError(_("unknown locale {value!r}").format(value=locale)) from None


def country_name(code: str, locale: str) -> str:
    """The country's name in `locale` ("Birleşik Krallık" for GB in tr_TR)."""
    return parse_locale(locale).territories.get(code, code)


# Territories whose printers are loaded with US Letter (CLDR paperSize "US-Letter"); every
# other prints on A4. One list for the workbooks' print setup and the PDF.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "CL", "CO", "CR", "GT", "PA", "PH", "PR",
                                "SV", "VE", "DO", "NI", "BZ"})


def uses_letter_paper(locale: str) -> bool:
    return (parse_locale(locale).territory or "") in LETTER_TERRITORIES
