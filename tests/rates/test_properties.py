"""Property tests: round trips stay within a minor unit; EUR crosses match the ECB table.

The expected per-euro figures are read straight from resources/ecb-latest.json (not via
mesocost.rates.ecb), so the service is checked against the published numbers.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mesocost.core.money import minor_unit, round_to_minor
from mesocost.rates import ecb
from mesocost.rates.service import RateService

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = json.loads((ROOT / "resources" / "ecb-latest.json").read_text(encoding="utf-8"))
PER_EURO = {"EUR": Decimal(1), **{code: Decimal(text) for code, text in
                                  SNAPSHOT["rates"].items()}}
CODES = sorted(PER_EURO)
TODAY = date(2026, 11, 25)

currencies = st.sampled_from(CODES)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2)


@settings(max_examples=300, deadline=None)
@given(amount=amounts, there=currencies, back=currencies)
def test_a_to_b_to_a_comes_back_within_one_minor_unit(amount, there, back):
    """Converted unrounded and rounded once at the end, as the engine does.

    The two rates are exact inverses up to Decimal's 28 significant digits, so the only
    visible error is the single final rounding: at most half a minor unit of `there`,
    and the bound asserted is one minor unit.
    """
    service = RateService("offline", today=TODAY)
    start = round_to_minor(amount, there)
    there_rate, back_rate = service.rate(there, back), service.rate(back, there)
    returned = round_to_minor(back_rate.convert(there_rate.convert(start)), there)
    assert abs(returned - start) <= minor_unit(there)


@settings(max_examples=300, deadline=None)
@given(amount=amounts, there=currencies, back=currencies)
def test_a_figure_shown_in_b_and_converted_back_is_off_by_b_rounding_only(amount, there, back):
    """When the B figure was rounded for showing before converting back, that rounding
    (half a minor unit of B, worth half a unit × the B→A rate in A) adds to our own
    rounding of one minor unit of A. This is the honest bound for re-typed figures."""
    service = RateService("offline", today=TODAY)
    start = round_to_minor(amount, there)
    shown = round_to_minor(service.rate(there, back).convert(start), back)
    back_rate = service.rate(back, there).rate
    returned = round_to_minor(shown * back_rate, there)
    assert abs(returned - start) <= minor_unit(there) + minor_unit(back) / 2 * back_rate


@settings(max_examples=300, deadline=None)
@given(base=currencies, quote=currencies)
def test_cross_rates_via_eur_agree_with_the_ecb_table_within_1e6_relative(base, quote):
    service = RateService("offline", today=TODAY)
    rate = service.rate(base, quote).rate
    direct = PER_EURO[quote] / PER_EURO[base]
    assert abs(rate - direct) / direct <= Decimal("1e-6")
    via_eur = service.rate(base, "EUR").rate * service.rate("EUR", quote).rate
    assert abs(rate - via_eur) / via_eur <= Decimal("1e-6")


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 10, 30)),
       base=st.sampled_from(["USD", "GBP", "JPY", "CHF", "SEK"]),
       quote=st.sampled_from(["USD", "GBP", "JPY", "CHF", "SEK", "EUR"]))
def test_historical_crosses_agree_with_that_days_euro_rates(day, base, quote):
    assume(base != quote)  # a currency to itself is the identity rate, dated as asked
    service = RateService("offline", today=TODAY, on=day)
    found = service.rate(base, quote)
    published = ecb.on_or_before(day)
    assert found.rate_date == published.day <= day
    expected = published.per_euro[quote] / published.per_euro[base]
    assert abs(found.rate - expected) / expected <= Decimal("1e-6")
