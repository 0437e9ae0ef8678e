"""Which currency to show figures in: the one asked for, else the locale's, else USD.

The CLI and the window both call `choose_display_currency` with their rate service, so a
locale whose currency no source converts (ru_RU, uk_UA, ar_EG, vi_VN, es_AR with the
bundled ECB rates) still gets a comparison — in US dollars, with one line saying why —
while a currency asked for by name that cannot be converted is an error naming the one
option that fixes it.
"""

from __future__ import annotations

from typing import NamedTuple

from mesocost.core.conversion import RateLookup
from mesocost.core.errors import RatesUnavailable
from mesocost.core.i18n import _

FALLBACK_CURRENCY = "USD"
# A currency every source converts: asking for it tells "this currency has no rate" from
# "no rate can be had at all" (live mode with the network down).
_PROBE_CURRENCY = "EUR"


class CurrencyChoice(NamedTuple):
    """The display currency, and a line to show the user when it is not the one expected."""

    currency: str
    note: str | None = None


def _converts(rate_for: RateLookup, currency: str) -> bool:
    """Can `rate_for` convert US dollars into `currency`?

    Raises:
        RatesUnavailable: when it cannot convert even into euros: rates as a whole are out
            of reach (the error says why), not this currency.
    """
    if currency == FALLBACK_CURRENCY:
        return True
    try:
        rate_for(FALLBACK_CURRENCY, currency)
    except RatesUnavailable:
        if currency != _PROBE_CURRENCY:
            rate_for(FALLBACK_CURRENCY, _PROBE_CURRENCY)  # raises if nothing converts
        else:
            raise
        return False
    return True


def choose_display_currency(rate_for: RateLookup, locale_currency: str,
                            asked: str | None = None) -> CurrencyChoice:
    """The display currency: `asked` if given, else the locale's when `rate_for` converts
    into it, else US dollars with a note saying why.

    Args:
        rate_for: the rate service the figures will be converted with.
        locale_currency: the currency of the user's locale (GBP for en_GB).
        asked: the currency the user named (--currency, a settings field), if any.

    Raises:
        RatesUnavailable: `asked` cannot be converted into (one line, naming --rate), or
            no rate can be had at all.
    """
    if asked is not None:
        if not _converts(rate_for, asked):
            raise RatesUnavailable(
                _("no exchange rate for {currency}: pin one with --rate {pin} ({currency} per "
                  "US dollar)").format(currency=asked, pin=f"{FALLBACK_CURRENCY}:{asked}=RATE"),
                "--currency")
        return CurrencyChoice(asked)
    if _converts(rate_for, locale_currency):
        return CurrencyChoice(locale_currency)
    return CurrencyChoice(FALLBACK_CURRENCY, _(
        "no exchange rate for {currency} (the locale's currency): showing {fallback}; pass "
        "--currency CODE or --rate {pin}").format(
            currency=locale_currency, fallback=FALLBACK_CURRENCY,
            pin=f"{FALLBACK_CURRENCY}:{locale_currency}=RATE"))
