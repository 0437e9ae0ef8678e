"""The rate service: picks a source by mode and says where every rate came from.

Modes:
    offline  bundled ECB reference rates only; never touches the network.
    (auto and live arrive with the live source; see the exchange-rates issue.)

Manual rates (`--rate GBP:EUR=1.17`) override every source for their pair.
A service instance is a `RateLookup`: call it with (base, quote).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from mesocost.core.conversion import RateQuote, identity_rate
from mesocost.core.errors import InputError, RatesUnavailable
from mesocost.core.money import check_currency, to_decimal
from mesocost.rates import ecb

MODES = ("offline",)
DEFAULT_STALE_DAYS = 7
SOURCE_MANUAL = "manual"


def parse_manual_rate(text: str) -> tuple[tuple[str, str], Decimal]:
    """Parse "GBP:EUR=1.17" (or "GBP/EUR=1.17") into ((base, quote), rate).

    Raises:
        InputError: naming the option and what is wrong.
    """
    pair, sep, value = text.partition("=")
    base, colon, quote = pair.replace("/", ":").partition(":")
    if not sep or not colon:
        raise InputError(f"must look like BASE:QUOTE=RATE (e.g. GBP:EUR=1.17), got {text!r}",
                         "--rate")
    rate = to_decimal(value, "--rate", pair.strip())
    if rate <= 0:
        raise InputError(f"rate must be above zero, got {rate}", "--rate", pair.strip())
    return (check_currency(base, "--rate"), check_currency(quote, "--rate")), rate


class RateService:
    """Answers (base, quote[, on]) with a `RateQuote`.

    Args:
        mode: one of MODES.
        manual: pinned rates by (base, quote); they win over every source.
        today: the day staleness is measured against (injected so tests pin it).
        stale_days: a rate older than this many days is marked stale.
        on: convert at the rates of this day (ECB history) instead of the latest.
    """

    def __init__(
        self, mode: str = "offline", *, manual: Mapping[tuple[str, str], Decimal] | None = None,
        today: date | None = None, stale_days: int = DEFAULT_STALE_DAYS, on: date | None = None,
    ) -> None:
        if mode not in MODES:
            raise InputError(f"unknown rates mode {mode!r} (choose from {', '.join(MODES)})",
                             "--rates")
        self.mode = mode
        self.manual = dict(manual or {})
        self.today = today or date.today()
        self.stale_days = stale_days
        self.on = on

    def __call__(self, base: str, quote: str) -> RateQuote:
        return self.rate(base, quote)

    def rate(self, base: str, quote: str) -> RateQuote:
        """The rate for one pair, by the service's mode.

        Raises:
            RatesUnavailable: when no source has the pair.
        """
        if base == quote:
            return identity_rate(base, self.on or self.today)
        manual = self._manual(base, quote)
        if manual is not None:
            return manual
        return self._bundled(base, quote)

    def _manual(self, base: str, quote: str) -> RateQuote | None:
        if (base, quote) in self.manual:
            rate = self.manual[(base, quote)]
        elif (quote, base) in self.manual:
            rate = Decimal(1) / self.manual[(quote, base)]
        else:
            return None
        return RateQuote(base, quote, rate, self.today, SOURCE_MANUAL,
                         warnings=(f"{base}/{quote} rate set by hand",))

    def _bundled(self, base: str, quote: str) -> RateQuote:
        day = ecb.on_or_before(self.on) if self.on else ecb.latest()
        try:
            rate = day.cross(base, quote)
        except RatesUnavailable as error:
            raise RatesUnavailable(f"{error.message}; pin one with --rate "
                                   f"{base}:{quote}=RATE") from None
        warnings = []
        if self.on and day.day != self.on:
            warnings.append(f"no ECB rates for {self.on}; used the nearest earlier "
                            f"working day, {day.day}")
        stale = self.on is None and (self.today - day.day).days > self.stale_days
        if stale:
            warnings.append(f"ECB rates of {day.day} are {(self.today - day.day).days} days old")
        return RateQuote(base, quote, rate, day.day, ecb.SOURCE, stale=stale,
                         warnings=tuple(warnings))
