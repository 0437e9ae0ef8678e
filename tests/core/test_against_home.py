"""The home baseline: difference against home and the break-even cost of one trip."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mesocost.core.catalog import parse_entry
from mesocost.core.comparison import against_home, compare, home_row
from mesocost.core.conversion import RateQuote
from mesocost.core.engine import QuoteRequest
from mesocost.storage.tomlfiles import find_protocol

STANDARD = find_protocol("standard")
START = date(2027, 1, 31)


def one_to_one(base, quote):
    return RateQuote(base, quote, Decimal(1), date(2026, 10, 30), "manual")


def entry(destination, low, high, travel=None):
    raw = {"destination": destination, "currency": "EUR", "low": low, "high": high}
    if travel:
        raw["travel"] = travel
    return parse_entry(raw, "test")


def rows_for(*entries):
    template = QuoteRequest(entry=entries[0], protocol=STANDARD, start=START)
    return compare(entries, template, "EUR", one_to_one)


def test_break_even_is_what_a_trip_may_cost_before_abroad_costs_as_much_as_home():
    # Home: 8 × 300 = 2400 typical. Abroad: 8 × 100 = 800 and 8 trips (no stay rule).
    rows = rows_for(entry("GB", "300", "300"),
                    entry("TR", "100", "100", {"per_trip": "150", "max_stay_days": 0}))
    versus = dict(zip((r.entry.destination for r in rows), against_home(rows, "GB"),
                      strict=True))
    turkey = versus["TR"]
    assert turkey.trips == 8
    assert turkey.break_even_per_trip == Decimal(200)   # (2400 − 800) / 8
    assert turkey.difference == Decimal(800 + 8 * 150 - 2400)
    assert versus["GB"].is_home and versus["GB"].break_even_per_trip is None
    assert versus["GB"].difference == 0


def test_at_the_break_even_cost_the_grand_totals_are_equal():
    first = rows_for(entry("GB", "250", "350"), entry("TR", "90", "110"))
    break_even = next(v for r, v in zip(first, against_home(first, "GB"), strict=True)
                      if r.entry.destination == "TR").break_even_per_trip
    again = rows_for(entry("GB", "250", "350"),
                     entry("TR", "90", "110", {"per_trip": str(break_even)}))
    turkey = next(v for r, v in zip(again, against_home(again, "GB"), strict=True)
                  if r.entry.destination == "TR")
    assert turkey.difference == 0


def test_without_travel_costs_every_session_is_a_trip():
    rows = rows_for(entry("GB", "300", "300"), entry("US", "200", "200"))
    us = against_home(rows, "GB")[[r.entry.destination for r in rows].index("US")]
    assert us.trips == 8 and us.break_even_per_trip == Decimal(100 * 8) / 8


def test_no_home_entry_means_no_difference_and_no_break_even():
    rows = rows_for(entry("GB", "300", "300"), entry("TR", "100", "100"))
    assert home_row(rows, "DE") is None
    assert all(v.difference is None and v.break_even_per_trip is None
               for v in against_home(rows, "DE"))
    assert all(v.difference is None for v in against_home(rows, None))


def test_home_is_the_cheapest_entry_in_the_home_country():
    rows = rows_for(entry("GB", "400", "400"), entry("GB", "200", "200")._replace(clinic="B"),
                    entry("TR", "100", "100"))
    assert home_row(rows, "GB").entry.clinic == "B"


def test_a_destination_dearer_than_home_before_travel_never_breaks_even():
    rows = rows_for(entry("GB", "100", "100"), entry("US", "300", "300"))
    us = against_home(rows, "GB")[[r.entry.destination for r in rows].index("US")]
    assert us.break_even_per_trip < 0


@settings(max_examples=40, deadline=None)
@given(home=st.integers(50, 500), abroad=st.integers(45, 500), trip=st.integers(0, 900))
def test_break_even_sign_tells_whether_the_trip_is_worth_it(home, abroad, trip):
    rows = rows_for(entry("GB", str(home), str(home)),
                    entry("TR", str(abroad), str(abroad), {"per_trip": str(trip)}))
    turkey = next(v for r, v in zip(rows, against_home(rows, "GB"), strict=True)
                  if r.entry.destination == "TR")
    cheaper_abroad = turkey.difference < 0
    assert cheaper_abroad == (trip < turkey.break_even_per_trip)


def test_reused_rows_are_the_earlier_ones_and_the_result_equals_a_fresh_comparison():
    entries = [entry("GB", "300", "350"), entry("TR", "100", "120"), entry("US", "200", "260")]
    template = QuoteRequest(entry=entries[0], protocol=STANDARD, start=START)
    first = compare(entries, template, "EUR", one_to_one)
    edited = [entries[0], entry("TR", "90", "120"), entries[2]]
    reused = compare(edited, template, "EUR", one_to_one,
                     reuse={row.entry: row for row in first})
    fresh = compare(edited, template, "EUR", one_to_one)
    assert reused == fresh
    by_code = {row.entry.destination: row for row in reused}
    earlier = {row.entry.destination: row for row in first}
    assert by_code["GB"] is earlier["GB"] and by_code["US"] is earlier["US"]
    assert by_code["TR"] is not earlier["TR"]
