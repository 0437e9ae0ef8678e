from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesocost.core.catalog import parse_entry
from mesocost.core.comparison import compare, convert_quote
from mesocost.core.conversion import RateQuote
from mesocost.core.engine import AddOn, QuoteRequest, build_quote, parse_add_on
from mesocost.core.errors import InputError
from mesocost.core.money import minor_unit, round_to_minor
from mesocost.core.protocol import with_session_count
from mesocost.storage.tomlfiles import find_protocol

STANDARD = find_protocol("standard")
START = date(2027, 1, 31)
RATE_DAY = date(2026, 10, 30)


def entry(low="100", high="300", currency="USD", destination="TR", travel=None, clinic=""):
    raw = {"destination": destination, "currency": currency, "low": low, "high": high,
           "clinic": clinic}
    if travel:
        raw["travel"] = travel
    return parse_entry(raw, "test")


def request(**changes):
    base = {"entry": entry(), "protocol": STANDARD, "start": START}
    base.update(changes)
    return QuoteRequest(**base)


def fixed_rates(table):
    def lookup(base, quote):
        if (base, quote) in table:
            return RateQuote(base, quote, Decimal(table[(base, quote)]), RATE_DAY, "ecb")
        return RateQuote(quote, base, Decimal(table[(quote, base)]), RATE_DAY, "ecb").inverse()
    return lookup


def test_standard_course_in_turkey():
    quote = build_quote(request())
    assert (quote.total.low, quote.total.mid, quote.total.high) == (800, 1600, 2400)
    assert [line.kind for line in quote.lines] == ["sessions", "sessions"]
    assert [line.quantity for line in quote.lines] == [4, 4]
    assert [(m.session, m.total.low, m.total.high) for m in quote.milestones] == [
        (3, 300, 900), (6, 600, 1800), (8, 800, 2400)]


def test_maintenance_add_ons_discount_and_exclusive_tax():
    quote = build_quote(request(
        maintenance_months=6, add_ons=(AddOn("PRP", Decimal(50), Decimal(80), True, "USD"),
                                       AddOn("consultation", Decimal(40), Decimal(40),
                                             currency="USD")),
        discount_pct=Decimal(10), tax_pct=Decimal(20)))
    # 10 sessions (8 + 2 maintenance) × 100–300, PRP 10 × 50–80, consultation 40.
    assert quote.subtotal.low == 1000 + 500 + 40
    assert quote.subtotal.high == 3000 + 800 + 40
    assert quote.discount.low == Decimal("154.0")
    assert quote.total.low == (Decimal(1540) - Decimal(154)) * Decimal("1.2")
    kinds = [line.kind for line in quote.lines]
    assert kinds == ["sessions", "sessions", "maintenance", "add_on", "add_on", "discount", "tax"]


def test_inclusive_tax_is_shown_not_added():
    quote = build_quote(request(tax_pct=Decimal(20), tax_inclusive=True))
    assert quote.total.low == 800
    assert round_to_minor(quote.tax.low, "USD") == Decimal("133.33")


def test_travel_lines_trips_and_nights():
    travel = {"currency": "GBP", "per_trip": "250", "nights_per_trip": 2, "per_night": "60",
              "max_stay_days": 20}
    quote = build_quote(request(entry=entry(travel=travel)))
    # 15-day gaps: sessions 1+2 share a stay (15+2 ≤ 20), 3+4 too; monthly ones are apart.
    assert [t.sessions for t in quote.travel.trips] == [(1, 2), (3, 4), (5,), (6,), (7,), (8,)]
    assert quote.travel.nights == 17 + 17 + 2 * 4
    assert quote.travel.cost.low == 6 * 250 + 42 * 60
    assert quote.travel.cost.currency == "GBP"
    assert quote.total.currency == "USD"   # travel stays out of the clinic's total
    without = build_quote(request(entry=entry(travel=travel), include_travel=False))
    assert without.travel is None


def test_conversion_adds_travel_in_the_display_currency():
    travel = {"currency": "GBP", "per_trip": "200", "max_stay_days": 0}
    quote = build_quote(request(entry=entry(travel=travel)))
    rates = fixed_rates({("USD", "EUR"): "0.9", ("GBP", "EUR"): "1.2"})
    converted = convert_quote(quote, "EUR", rates)
    assert converted.treatment.low == Decimal("720.0")
    assert converted.travel.low == Decimal(8 * 200) * Decimal("1.2")
    assert converted.grand.low == converted.treatment.low + converted.travel.low
    assert converted.rate.pair == "USD/EUR"
    assert converted.travel_rate.pair == "GBP/EUR"


def test_comparison_sorts_by_typical_total_and_flags_out_of_band_prices():
    entries = [entry(destination="US", low="200", high="500"),
               entry(destination="GB", currency="GBP", low="150", high="400"),
               entry(destination="TR")]
    rows = compare(entries, request(), "USD", fixed_rates({("GBP", "USD"): "1.34"}))
    assert [row.entry.destination for row in rows] == ["TR", "US", "GB"]
    assert rows[2].warnings and "outside the published worldwide range" in rows[2].warnings[0]
    assert rows[0].warnings == ()


def test_add_on_text_is_parsed():
    add_on = parse_add_on("PRP=50-80/session")
    assert (add_on.name, add_on.low, add_on.high, add_on.per_session) == (
        "PRP", Decimal(50), Decimal(80), True)
    assert parse_add_on("consult=40").high == Decimal(40)
    with pytest.raises(InputError):
        parse_add_on("no price")
    with pytest.raises(InputError):
        parse_add_on("x=90-10")


@pytest.mark.parametrize("field", ["discount_pct", "tax_pct"])
def test_percentages_outside_0_to_100_are_refused(field):
    with pytest.raises(InputError):
        request(**{field: Decimal(101)})


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100000), places=2)
percent = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)


@settings(max_examples=150, deadline=None)
@given(low=prices, spread=prices, sessions=st.integers(1, 60), discount=percent, tax=percent,
       inclusive=st.booleans())
def test_totals_grow_with_sessions_and_stay_ordered(low, spread, sessions, discount, tax,
                                                     inclusive):
    price = entry(low=str(low), high=str(low + spread))
    shorter, longer = (build_quote(request(entry=price, protocol=with_session_count(STANDARD, n),
                                           discount_pct=discount, tax_pct=tax,
                                           tax_inclusive=inclusive))
                       for n in (sessions, sessions + 1))
    for quote in (shorter, longer):
        assert quote.total.low <= quote.total.mid <= quote.total.high
        milestones = [m.total.mid for m in quote.milestones]
        assert milestones == sorted(milestones)
    if discount < 100:
        assert longer.total.low > shorter.total.low
    else:
        assert longer.total.low == shorter.total.low == 0


currencies = st.sampled_from(["USD", "EUR", "GBP", "JPY", "TRY", "CHF", "KRW", "HUF", "KWD"])


@settings(max_examples=300, deadline=None)
@given(amount=st.decimals(min_value=Decimal(1), max_value=Decimal(10**7), places=3),
       rate=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(20000), places=6),
       there=currencies, back=currencies)
def test_conversion_there_and_back_stays_within_one_minor_unit(amount, rate, there, back):
    if there == back:
        return
    forward = RateQuote(there, back, rate, RATE_DAY, "ecb")
    start = round_to_minor(amount, there)
    # The engine converts unrounded figures and rounds once, at the end:
    returned = round_to_minor(forward.inverse().convert(forward.convert(start)), there)
    assert abs(returned - start) <= minor_unit(there)
    # A figure that was shown (rounded) in the other currency and converted back is off by
    # at most half the other currency's minor unit, seen from here, plus our own rounding.
    shown = round_to_minor(forward.convert(start), back)
    back_again = round_to_minor(forward.inverse().convert(shown), there)
    bound = minor_unit(there) + minor_unit(back) / 2 / rate
    assert abs(back_again - start) <= bound


@settings(max_examples=100, deadline=None)
@given(low=prices, spread=prices, discount=percent, tax=percent, inclusive=st.booleans(),
       add_on=prices, per_session=st.booleans())
def test_full_course_milestone_equals_the_total(low, spread, discount, tax, inclusive, add_on,
                                                per_session):
    quote = build_quote(request(
        entry=entry(low=str(low), high=str(low + spread)), discount_pct=discount, tax_pct=tax,
        tax_inclusive=inclusive, add_ons=(AddOn("extra", add_on, add_on, per_session, "USD"),)))
    assert quote.milestones[-1].total == quote.total


def test_records_are_checked_when_copied_and_are_not_tuples_in_arithmetic():
    with pytest.raises(InputError):
        request()._replace(discount_pct=Decimal(-1))
    with pytest.raises(InputError):
        RateQuote("USD", "EUR", Decimal(1), RATE_DAY, "ecb")._replace(rate=Decimal(0))
    span = build_quote(request()).total
    with pytest.raises(TypeError):
        span + span
    with pytest.raises(TypeError):
        span * 2
