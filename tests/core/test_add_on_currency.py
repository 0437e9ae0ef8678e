"""An add-on typed once is one price, in one currency, converted for each destination.

`--add-on PRP=50/session` used to add 50 of whatever each destination's currency was
(¥50 in Japan, £50 in the UK, $50 in the US): the same typed number, different money.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesocost.core.catalog import parse_entry
from mesocost.core.comparison import compare, price_request
from mesocost.core.conversion import RateQuote
from mesocost.core.engine import AddOn, QuoteRequest, build_quote, parse_add_on, price_add_ons
from mesocost.core.errors import CurrencyMismatch, InputError
from mesocost.core.money import MONEY_CONTEXT, round_to_minor
from mesocost.storage.tomlfiles import find_protocol

STANDARD = find_protocol("standard")
START = date(2027, 1, 31)
RATE_DAY = date(2026, 10, 30)
# Units of each currency per euro (made-up, not market data).
PER_EURO = {"EUR": Decimal(1), "USD": Decimal("1.1172"), "GBP": Decimal("0.8338"),
            "JPY": Decimal("171.23"), "TRY": Decimal("38.91")}


def entry(destination, currency, low="100", high="300"):
    return parse_entry({"destination": destination, "currency": currency, "low": low,
                        "high": high}, "test")


ENTRIES = (entry("TR", "USD"), entry("GB", "GBP", "150", "400"),
           entry("JP", "JPY", "15000", "40000"), entry("ES", "EUR", "90", "180"))


def cross_rates(warning=None):
    asked = []

    def lookup(base, quote):
        asked.append((base, quote))
        warnings = (warning,) if warning else ()
        return RateQuote(base, quote, PER_EURO[quote] / PER_EURO[base], RATE_DAY, "ecb",
                         warnings=warnings)
    lookup.asked = asked
    return lookup


def request(*add_ons, **changes):
    return QuoteRequest(entry=ENTRIES[0], protocol=STANDARD, start=START,
                        add_ons=tuple(add_ons), **changes)


@pytest.mark.parametrize(("text", "expected"), [
    ("PRP=50/session", ("PRP", "50", "50", True, None)),
    ("PRP=50EUR/session", ("PRP", "50", "50", True, "EUR")),
    ("PRP=40-60 EUR/session", ("PRP", "40", "60", True, "EUR")),
    ("PRP=40-60eur/session", ("PRP", "40", "60", True, "EUR")),
    ("Consult=EUR 30", ("Consult", "30", "30", False, "EUR")),
    ("Consult=GBP30-45.50", ("Consult", "30", "45.50", False, "GBP")),
    (" Blood test = 25 USD ", ("Blood test", "25", "25", False, "USD")),
])
def test_the_currency_may_be_named_before_or_after_the_price(text, expected):
    add_on = parse_add_on(text)
    name, low, high, per_session, currency = expected
    assert add_on == AddOn(name, Decimal(low), Decimal(high), per_session, currency)


@pytest.mark.parametrize(("text", "reason"), [
    ("PRP=EUR 50 USD", "name the currency once"),
    ("PRP=50 XYZ", "unknown currency code 'XYZ'"),
    ("PRP=50 EURO", "optional currency code"),
    ("PRP=EUR", "not a number"),
    ("PRP=60-40 EUR", "need 0 ≤ low ≤ high"),
])
def test_a_bad_currency_or_price_is_one_clear_line(text, reason):
    with pytest.raises(InputError, match=reason) as caught:
        parse_add_on(text)
    assert "\n" not in str(caught.value) and "add-on" in str(caught.value)


@pytest.mark.parametrize("display", ["EUR", "USD", "GBP", "JPY"])
def test_one_typed_add_on_costs_the_same_in_the_display_currency_everywhere(display):
    """50 per session typed once is 50 × 8 in the display currency at every destination,
    whatever currency the destination's prices are in."""
    rates = cross_rates()
    plain = {row.entry.destination: row.converted.grand
             for row in compare(ENTRIES, request(), display, rates)}
    with_prp = compare(ENTRIES, request(parse_add_on("PRP=50/session")), display, rates)
    for row in with_prp:
        added = row.converted.grand.low - plain[row.entry.destination].low
        assert abs(added - 400) < Decimal("1e-20"), (row.entry.destination, added)
        # Converted into the destination's currency with the rate (display → price).
        line = next(line for line in row.quote.lines if line.kind == "add_on")
        assert line.amount.currency == row.entry.currency
        rate = row.quote.add_ons[0].rate
        assert (rate.base, rate.quote) == (display, row.entry.currency)
        assert rate.rate == PER_EURO[row.entry.currency] / PER_EURO[display]
        assert line.unit.low == MONEY_CONTEXT.multiply(Decimal(50), rate.rate)  # unrounded


def test_an_add_on_naming_its_currency_is_converted_from_it_with_its_rate():
    rows = compare(ENTRIES, request(parse_add_on("PRP=40-60 EUR/session")), "USD",
                   cross_rates(warning="made-up rates"))
    by_code = {row.entry.destination: row for row in rows}
    gb = by_code["GB"]
    priced = gb.quote.add_ons[0]
    assert (priced.add_on.currency, priced.rate.pair) == ("EUR", "EUR/GBP")
    assert (priced.low, priced.high) == (40 * PER_EURO["GBP"], 60 * PER_EURO["GBP"])
    # The rate is listed with the figures it made, and its warnings reach the row.
    assert "EUR/GBP" in {rate.pair for rate in gb.converted.rates}
    assert "made-up rates" in gb.warnings
    # In euros already at the Spanish clinic: an identity rate, amounts as typed.
    spain = by_code["ES"].quote.add_ons[0]
    assert (spain.rate.source, spain.low, spain.high) == ("identity", 40, 60)
    assert "EUR/EUR" in {rate.pair for rate in by_code["ES"].converted.rates}


def test_milestones_count_the_converted_add_ons():
    quote = price_request(request(parse_add_on("PRP=50 EUR/session"),
                                  parse_add_on("Consult=EUR 30"),
                                  discount_pct=Decimal(10), tax_pct=Decimal(20)),
                          "EUR", cross_rates())[0]
    rate = PER_EURO["USD"]
    factor = Decimal("0.9") * Decimal("1.2")
    third = next(m for m in quote.milestones if m.session == 3)
    assert third.total.low == (3 * (100 + 50 * rate) + 30 * rate) * factor
    assert quote.milestones[-1].total == quote.total


def test_the_quote_command_prices_add_ons_as_compare_does():
    template = request(parse_add_on("PRP=50/session"), parse_add_on("Consult=EUR 30"),
                       discount_pct=Decimal("12.5"))
    rows = compare(ENTRIES, template, "GBP", cross_rates())
    for row in rows:
        quote, converted = price_request(template.for_entry(row.entry), "GBP", cross_rates())
        assert quote.total == row.quote.total
        assert converted.grand == row.converted.grand
        assert converted.rates == row.converted.rates


def test_pricing_needs_resolved_currencies_and_a_rate_for_foreign_ones():
    with pytest.raises(ValueError, match="with_add_on_currency"):
        build_quote(request(AddOn("PRP", Decimal(50), Decimal(50))))
    with pytest.raises(CurrencyMismatch, match="needs a rate"):
        build_quote(request(AddOn("PRP", Decimal(50), Decimal(50), currency="EUR")))
    # Typed in the clinic's own currency, no rate is needed.
    same = build_quote(request(AddOn("PRP", Decimal(50), Decimal(50), currency="USD")))
    assert same.add_ons[0].rate.source == "identity"
    resolved = request(AddOn("a", Decimal(1), Decimal(1)),
                       AddOn("b", Decimal(1), Decimal(1), currency="GBP")
                       ).with_add_on_currency("JPY")
    assert [a.currency for a in resolved.add_ons] == ["JPY", "GBP"]
    assert price_add_ons(resolved._replace(add_ons=()), None) == ()


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10000), places=2)


@settings(max_examples=100, deadline=None)
@given(low=amounts, spread=amounts, typed_in=st.sampled_from(sorted(PER_EURO)),
       display=st.sampled_from(sorted(PER_EURO)), per_session=st.booleans(),
       discount=st.decimals(min_value=0, max_value=100, places=1),
       tax=st.decimals(min_value=0, max_value=30, places=1), inclusive=st.booleans())
def test_the_full_course_milestone_is_the_total_with_any_add_on_currency(
        low, spread, typed_in, display, per_session, discount, tax, inclusive):
    template = request(AddOn("x", low, low + spread, per_session, typed_in),
                       discount_pct=discount, tax_pct=tax, tax_inclusive=inclusive)
    for row in compare(ENTRIES, template, display, cross_rates()):
        assert row.quote.milestones[-1].total == row.quote.total
        subtotal = row.quote.subtotal
        assert round_to_minor(subtotal.low, subtotal.currency) <= round_to_minor(
            subtotal.high, subtotal.currency)
