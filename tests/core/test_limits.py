"""What mesocost accepts (core.money, core.dates), and that nothing accepted can overflow.

Issue 7, hardening: a price of 1e30, a rate of 1e40 or a first session in year 9999 used
to end in a decimal.InvalidOperation or OverflowError traceback.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest

from mesocost.core.catalog import PriceEntry, parse_entry
from mesocost.core.comparison import convert_quote
from mesocost.core.conversion import RateQuote
from mesocost.core.dates import EARLIEST_DAY, LATEST_DAY, check_day, parse_day
from mesocost.core.engine import AddOn, QuoteRequest, build_quote, parse_add_on
from mesocost.core.errors import InputError
from mesocost.core.money import (
    MAX_AMOUNT,
    MAX_RATE,
    MIN_RATE,
    check_amount,
    check_percent,
    check_rate,
    round_to_minor,
    to_decimal,
)
from mesocost.core.protocol import Phase, Protocol, build_schedule, parse_protocol
from mesocost.core.travel import TravelCosts, parse_travel
from mesocost.present import amount_text

# --- numbers as text --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("150", "150"), (" 150.50 ", "150.50"),
    ("1e3", "1E+3"), ("1.5E2", "1.5E+2"),      # exponent notation is a number
    ("1_000", "1000"), ("1_000.5", "1000.5"),  # underscores group digits, as in Python/TOML
    ("-0", "0"), ("-0.00", "0.00"),            # minus zero is zero (never "-0.00")
])
def test_accepted_number_texts(text, expected):
    assert str(to_decimal(text)) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("NaN", "not a finite number"), ("-nan", "not a finite number"),
    ("sNaN", "not a finite number"), ("Infinity", "not a finite number"),
    ("-inf", "not a finite number"),
    ("_1", "not a number"), ("1_", "not a number"), ("1__000", "not a number"),
    ("1_.5", "not a number"), ("1,000", "not a number"), ("", "not a number"),
])
def test_refused_number_texts(text, message):
    with pytest.raises(InputError, match=message):
        to_decimal(text, "low")


def test_amounts_up_to_the_limit_are_accepted_and_beyond_it_refused_naming_the_field():
    assert check_amount("1000000000000") == MAX_AMOUNT == Decimal(10) ** 12
    assert check_amount("1e12") == MAX_AMOUNT
    with pytest.raises(InputError) as raised:
        check_amount("1e30", "mine.toml", "entry 2 (GB)", "low")
    assert str(raised.value) == ("mine.toml: entry 2 (GB): low: 1E+30 is above the largest "
                                 "accepted amount (1,000,000,000,000)")
    for text in ("1000000000000.01", "1e400", "1e999999999999", "-1e13"):
        with pytest.raises(InputError, match="accepted amount"):
            check_amount(text)


def test_rates_between_the_limits_only():
    assert check_rate("1e9") == MAX_RATE and check_rate("1e-9") == MIN_RATE
    for text, message in (("1e30", "above the largest accepted rate (1,000,000,000)"),
                          ("1e-10", "below the smallest accepted rate (0.000000001)"),
                          ("0", "rate must be above zero"), ("-1", "rate must be above zero")):
        with pytest.raises(InputError, match=re.escape(message)):
            check_rate(text, "--rate", "USD:EUR")


def test_percentages_between_0_and_100():
    assert check_percent("12.5%") == Decimal("12.5") and check_percent("-0") == 0
    for text in ("100.01", "1e30", "-1", "NaN"):
        with pytest.raises(InputError):
            check_percent(text)


# --- dates ------------------------------------------------------------------------------


def test_days_are_yyyy_mm_dd_between_1999_and_2099():
    assert date(1999, 1, 1) == EARLIEST_DAY and date(2099, 12, 31) == LATEST_DAY
    assert parse_day("2099-12-31") == LATEST_DAY
    assert check_day(datetime(2027, 1, 31, 12, 0)) == date(2027, 1, 31)
    for text in ("20270131", "2027-W05-1", "2027-031", "2027-1-31", "٢٠٢٧-٠١-٣١"):
        with pytest.raises(InputError, match="not a real date in YYYY-MM-DD form"):
            parse_day(text, "--start")
    for text in ("0001-01-01", "1998-12-31", "2100-01-01", "9999-12-31"):
        with pytest.raises(InputError, match=r"--start: .* is outside the dates mesocost "
                                             r"accepts \(1999-01-01 to 2099-12-31\)"):
            parse_day(text, "--start")


def test_the_longest_schedule_from_the_last_day_stays_representable():
    # 200 sessions 24 months apart, then 120 months of monthly maintenance.
    longest = Protocol("long", "long", (Phase("p", 200, every_months=24),),
                       maintenance_per_year=12)
    schedule = build_schedule(longest, LATEST_DAY, 120)
    assert len(schedule) == 320
    assert schedule[-1].day < date(2600, 1, 1)  # Excel's last date is 9999-12-31
    daily = Protocol("d", "d", (Phase("p", 200, every_days=366),), maintenance_per_year=52)
    assert build_schedule(daily, LATEST_DAY, 120)[-1].day < date(2400, 1, 1)


@pytest.mark.parametrize("start", [date(1, 1, 1), date(9999, 12, 31), date(2100, 1, 1)])
def test_a_start_outside_the_range_is_refused_by_the_core_too(start, seed_entry):
    protocol = parse_protocol("p", {"phases": [{"sessions": 2, "every_days": 15}]}, "p")
    with pytest.raises(InputError, match=r"start: .* is outside the dates"):
        QuoteRequest(entry=seed_entry, protocol=protocol, start=start)
    with pytest.raises(InputError, match=r"start: .* is outside the dates"):
        build_schedule(protocol, start)


@pytest.mark.parametrize(("as_of", "message"), [
    (date(1, 1, 1), "as_of: 0001-01-01 is outside the dates"),
    ("2100-01-01", "as_of: 2100-01-01 is outside the dates"),
    ("20261101", "as_of: not a date"),
    (20261101, "as_of: not a date"),
    (True, "as_of: not a date"),
])
def test_catalog_dates_are_checked_the_same_way(as_of, message):
    raw = {"destination": "TR", "currency": "USD", "low": "1", "high": "2", "as_of": as_of}
    with pytest.raises(InputError, match=message):
        parse_entry(raw, "entry 1")


def test_a_toml_date_time_gives_its_day():
    raw = {"destination": "TR", "currency": "USD", "low": "1", "high": "2",
           "as_of": datetime(2026, 11, 1, 9, 30)}
    assert parse_entry(raw).as_of == date(2026, 11, 1)


# --- where numbers enter ------------------------------------------------------------------


@pytest.fixture
def seed_entry():
    return PriceEntry("TR", "USD", Decimal(100), Decimal(300))


def test_catalog_travel_and_add_on_amounts_are_bounded():
    raw = {"destination": "GB", "currency": "GBP", "low": "1", "high": "1e30"}
    with pytest.raises(InputError, match=r"high: 1E\+30 is above the largest accepted amount"):
        parse_entry(raw, "entry 2 (GB)")
    with pytest.raises(InputError, match=r"travel: per_night: 1E\+13 is above"):
        parse_travel({"per_night": "1e13"}, "GBP", "travel")
    with pytest.raises(InputError, match=r"add-on PRP: low: 1E\+30 is above"):
        AddOn("PRP", Decimal("1e30"), Decimal("1e30"))
    with pytest.raises(InputError, match="add-on name must be text on one line"):
        parse_add_on("P\nRP=50")


def test_whole_numbers_in_travel_are_integers_not_text_or_floats():
    for value in ("2", 2.0, True, [2]):
        with pytest.raises(InputError, match="nights_per_trip: must be a whole number"):
            parse_travel({"nights_per_trip": value}, "GBP")


def test_a_rate_quote_outside_the_accepted_rates_cannot_exist():
    with pytest.raises(InputError, match="outside the accepted range"):
        RateQuote("USD", "IRR", Decimal("1e10"), date(2026, 1, 1), "manual")


def test_the_largest_accepted_figures_are_exact_to_the_minor_unit():
    """The maxima together: 10^12 per session, per trip and per night, 200 sessions plus 120
    months of weekly maintenance, a stay of 3,660 nights a trip, 100 % tax, and a rate of
    10^9. Python's default 28 digits cannot round these figures; the engine's can."""
    protocol = Protocol("max", "max", (Phase("p", 200, every_days=1),), maintenance_per_year=52)
    travel = TravelCosts("CLF", MAX_AMOUNT, 3660, MAX_AMOUNT, 0)
    entry = PriceEntry("KW", "KWD", MAX_AMOUNT, MAX_AMOUNT, travel=travel)
    request = QuoteRequest(entry=entry, protocol=protocol, start=LATEST_DAY,
                           maintenance_months=120, tax_pct=Decimal(100),
                           add_ons=(AddOn("x", MAX_AMOUNT, MAX_AMOUNT, True, "KWD"),))
    quote = build_quote(request)
    sessions = 200 + 52 * 10
    assert quote.sessions == sessions
    assert quote.total.high == MAX_AMOUNT * 2 * sessions * 2  # sessions + add-on, taxed

    def rate(base, quote_currency):
        return RateQuote(base, quote_currency, MAX_RATE, LATEST_DAY, "manual")

    converted = convert_quote(quote, "UYW", rate)  # 4 decimals
    expected = (quote.total.high + quote.travel.cost.high) * MAX_RATE
    assert converted.grand.high == expected
    assert amount_text(converted.grand.high, "UYW") == f"{int(expected)}.0000"
    assert round_to_minor(converted.grand.mid, "UYW") == expected
    assert quote.travel.nights == sessions * 3660
