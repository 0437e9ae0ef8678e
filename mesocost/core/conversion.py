"""Exchange rates as values with provenance, and converting ranges with them.

Every converted figure carries the `RateQuote` it was made with: the rate, the day the
rate is for, where it came from, and any warnings (stale, fell back, nearest day).
Where rates come from is the rates package's business; the core only uses them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.errors import InputError
from mesocost.core.i18n import N_, _
from mesocost.core.money import MAX_RATE, MIN_RATE, MONEY_CONTEXT, ZERO
from mesocost.core.records import Checked

# The ECB's own caveat, shown wherever converted figures are (translated where shown).
# TRANSLATORS: the European Central Bank's own disclaimer on its reference rates: keep its
# meaning exactly (the converted figures are indicative only).
ECB_CAVEAT = N_(
    "Converted figures are indicative. ECB euro foreign exchange reference rates are "
    "published for information purposes only."
)

SOURCE_IDENTITY = "identity"


class _RateQuoteFields(NamedTuple):
    """How many units of `quote` one unit of `base` buys, and where that came from.

    Attributes:
        base, quote: ISO 4217 codes.
        rate: a positive Decimal.
        rate_date: the day the rate is for.
        source: "manual", "live", "cache", "ecb" or "identity".
        fetched_at: when a live rate was fetched (None for bundled and manual rates).
        stale: the rate is older than the staleness limit.
        warnings: anything a reader should know (nearest earlier day, fell back, ...).
    """

    base: str
    quote: str
    rate: Decimal
    rate_date: date
    source: str
    fetched_at: datetime | None = None
    stale: bool = False
    warnings: tuple[str, ...] = ()


class RateQuote(Checked, _RateQuoteFields):
    __doc__ = _RateQuoteFields.__doc__
    __slots__ = ()

    def _check(self) -> None:
        if not isinstance(self.rate, Decimal) or not self.rate.is_finite() or self.rate <= ZERO:
            raise InputError(_("exchange rate {pair} must be a positive number, got "
                               "{rate!r}").format(pair=self.pair, rate=self.rate))
        # Every source checks its rates against these; this is the engine's guarantee.
        if not MIN_RATE <= self.rate <= MAX_RATE:
            raise InputError(_("exchange rate {pair} {rate} is outside the accepted range "
                               "({low} to {high})").format(pair=self.pair, rate=self.rate,
                                                           low=MIN_RATE, high=MAX_RATE))

    @property
    def pair(self) -> str:
        return f"{self.base}/{self.quote}"

    def inverse(self) -> RateQuote:
        """The same rate read the other way (1 / rate), with the same provenance."""
        return self._replace(base=self.quote, quote=self.base, rate=Decimal(1) / self.rate)

    def convert(self, amount: Decimal) -> Decimal:
        """Convert an unrounded amount; the caller rounds once when showing it."""
        return MONEY_CONTEXT.multiply(amount, self.rate)


def identity_rate(currency: str, on: date) -> RateQuote:
    """The rate of a currency to itself (1), for same-currency rows."""
    return RateQuote(currency, currency, Decimal(1), on, SOURCE_IDENTITY)


# A rate lookup: (base, quote) -> RateQuote. The rates package provides one.
RateLookup = Callable[[str, str], RateQuote]
