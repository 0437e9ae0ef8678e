"""Comparing destinations: the same request priced everywhere, in one display currency."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.catalog import WORLDWIDE_BAND_USD, PriceEntry
from mesocost.core.conversion import RateLookup, RateQuote, identity_rate
from mesocost.core.engine import Quote, QuoteRequest, Span, build_quote
from mesocost.core.errors import RatesUnavailable
from mesocost.core.i18n import N_, Phrase
from mesocost.core.money import MONEY_CONTEXT
from mesocost.core.protocol import build_schedule


class Converted(NamedTuple):
    """A quote's figures in the display currency, with the rates that made them.

    `treatment` is the clinic's total, `travel` the trips (None without travel), and
    `grand` the two together. Values are unrounded; views round once.
    """

    currency: str
    treatment: Span
    travel: Span | None
    grand: Span
    rate: RateQuote
    travel_rate: RateQuote | None = None
    # The rates that converted the add-ons into the price currency (see Quote.add_ons).
    add_on_rates: tuple[RateQuote, ...] = ()

    @property
    def rates(self) -> tuple[RateQuote, ...]:
        """Every rate behind these figures, each pair once: the package's, the travel's,
        then the add-ons' (identity rates included: they are used too)."""
        travel = () if self.travel_rate is None else (self.travel_rate,)
        if not travel and not self.add_on_rates:
            return (self.rate,)
        found: dict[str, RateQuote] = {}
        for rate in (self.rate, *travel, *self.add_on_rates):
            found.setdefault(rate.pair, rate)
        return tuple(found.values())


class ComparisonRow(NamedTuple):
    """One destination of a comparison: its quote, converted figures and warnings."""

    quote: Quote
    converted: Converted
    warnings: tuple[str, ...] = ()

    @property
    def entry(self) -> PriceEntry:
        return self.quote.request.entry


class _MemoRates:
    """Ask the lookup once per pair during one comparison (1,000 rows, a handful of pairs)."""

    def __init__(self, lookup: RateLookup, on: date) -> None:
        self._lookup = lookup
        self._on = on
        self._known: dict[tuple[str, str], RateQuote] = {}

    def __call__(self, base: str, quote: str) -> RateQuote:
        key = (base, quote)
        found = self._known.get(key)
        if found is None:
            found = identity_rate(base, self._on) if base == quote else self._lookup(base, quote)
            self._known[key] = found
        return found


def _convert_span(span: Span, rate: RateQuote) -> Span:
    return Span(rate.quote, MONEY_CONTEXT.multiply(span.low, rate.rate),
                MONEY_CONTEXT.multiply(span.high, rate.rate))


def convert_quote(quote: Quote, currency: str, rate_for: RateLookup) -> Converted:
    """Convert a quote's unrounded totals (and travel) into `currency`."""
    rate = rate_for(quote.currency, currency)
    treatment = _convert_span(quote.total, rate)
    add_on_rates = tuple(priced.rate for priced in quote.add_ons)
    if quote.travel is None:
        return Converted(currency, treatment, None, treatment, rate, None, add_on_rates)
    travel_rate = rate_for(quote.travel.cost.currency, currency)
    travel = _convert_span(quote.travel.cost, travel_rate)
    return Converted(currency, treatment, travel, treatment.plus(travel), rate, travel_rate,
                     add_on_rates)


def price_request(request: QuoteRequest, currency: str, rate_for: RateLookup
                  ) -> tuple[Quote, Converted]:
    """One request priced and converted into the display currency `currency`.

    Add-ons typed without a currency are priced in `currency`; every add-on is converted
    into the destination's price currency with its rate before the quote is built, exactly
    as `compare` does for each row.
    """
    rates = _MemoRates(rate_for, request.start)
    quote = build_quote(request.with_add_on_currency(currency), rate_for=rates)
    return quote, convert_quote(quote, currency, rates)


def band_warnings(entry: PriceEntry, rate_for: RateLookup) -> tuple[str, ...]:
    """Warn (never fail) when a per-session price falls outside the seed's worldwide band."""
    try:
        to_usd = rate_for(entry.currency, "USD")
    except RatesUnavailable:
        return (Phrase(N_("could not check {currency} prices against the worldwide band "
                          "(no USD rate)"), {"currency": entry.currency}),)
    low_usd = entry.per_session_low * to_usd.rate
    high_usd = entry.per_session_high * to_usd.rate
    band_low, band_high = WORLDWIDE_BAND_USD
    if low_usd < band_low or high_usd > band_high:
        # A Phrase: the window shows it in the interface language, a workbook in its own.
        return (Phrase(N_("per-session price {low}–{high} {currency} (≈ {low_usd:.0f}–"
                          "{high_usd:.0f} USD) is outside the published worldwide range of "
                          "{band_low}–{band_high} USD per session"), {
                    "low": entry.per_session_low, "high": entry.per_session_high,
                    "currency": entry.currency, "low_usd": low_usd, "high_usd": high_usd,
                    "band_low": band_low, "band_high": band_high}),)
    return ()


def compare(
    entries: Iterable[PriceEntry], template: QuoteRequest, currency: str,
    rate_for: RateLookup, reuse: Mapping[PriceEntry, ComparisonRow] | None = None,
) -> tuple[ComparisonRow, ...]:
    """Price `template` at every entry, convert, and sort by typical grand total.

    Args:
        entries: destinations to compare.
        template: the request to repeat; its `entry` is replaced by each destination.
            Its add-ons without a currency are priced in the display currency.
        currency: the display currency.
        rate_for: where rates come from (the rates package's service).
        reuse: rows of an earlier comparison with the same template, currency and rates,
            by entry: an entry found there is not priced again (a window re-prices on
            every edit, and an edit changes one destination of hundreds).
    """
    rates = _MemoRates(rate_for, template.start)
    schedule = build_schedule(template.protocol, template.start, template.maintenance_months)
    # An add-on typed once is one price: in the display currency unless it names its own,
    # converted into each destination's currency with its rate (price_add_ons).
    template = template.with_add_on_currency(currency)
    rows = []
    for entry in entries:
        known = reuse.get(entry) if reuse else None
        if known is not None:
            rows.append(known)
            continue
        quote = build_quote(template.for_entry(entry), schedule, rates)
        converted = convert_quote(quote, currency, rates)
        warnings = (*band_warnings(entry, rates), *(w for r in converted.rates
                                                      for w in r.warnings))
        rows.append(ComparisonRow(quote, converted, tuple(dict.fromkeys(warnings))))
    rows.sort(key=lambda row: (row.converted.grand.mid, row.entry.label))
    return tuple(rows)


class AgainstHome(NamedTuple):
    """A destination measured against staying home, in the display currency (typical).

    Attributes:
        difference: this destination's typical grand total minus home's (negative: cheaper
            than home). None when no catalog entry is in the home country.
        trips: the trips the course needs there (each session its own trip when no travel
            costs were entered: nobody commutes abroad for free).
        break_even_per_trip: what one trip (travel and stay) may cost before going there
            costs as much as staying home; zero or negative when the treatment alone already
            costs more than home. None for home itself or without a home entry.
        is_home: this row is the home baseline.
    """

    difference: Decimal | None
    trips: int
    break_even_per_trip: Decimal | None
    is_home: bool = False


def home_row(rows: tuple[ComparisonRow, ...], home_country: str | None
             ) -> ComparisonRow | None:
    """The baseline: the cheapest (typical) row in the home country, if any."""
    if not home_country:
        return None
    return next((row for row in rows if row.entry.destination == home_country), None)


def against_home(rows: tuple[ComparisonRow, ...], home_country: str | None
                 ) -> tuple[AgainstHome, ...]:
    """For each row (same order): the difference against home and the break-even trip cost.

    Rows are expected in one display currency (as `compare` returns them).
    """
    home = home_row(rows, home_country)
    home_mid = home.converted.grand.mid if home is not None else None
    result = []
    for row in rows:
        travel = row.quote.travel
        trips = len(travel.trips) if travel is not None else row.quote.sessions
        in_home_country = bool(home_country) and row.entry.destination == home_country
        if home_mid is None:
            result.append(AgainstHome(None, trips, None, in_home_country))
            continue
        difference = row.converted.grand.mid - home_mid
        break_even = None
        if not in_home_country and trips:
            break_even = (home_mid - row.converted.treatment.mid) / trips
        result.append(AgainstHome(difference, trips, break_even, row is home))
    return tuple(result)
