"""The deposit's due date and the balance per trip or phase: payments that add up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesocost.core.catalog import PriceEntry
from mesocost.core.clinic import AFTER_ACCEPTANCE, BEFORE_FIRST_SESSION
from mesocost.core.engine import QuoteRequest, build_quote
from mesocost.core.errors import InputError
from mesocost.core.money import round_to_minor
from mesocost.core.payments import deposit_due_date, payment_plan
from mesocost.core.protocol import Phase, Protocol
from mesocost.core.travel import TravelCosts

QUOTED = date(2026, 11, 2)
VALID = date(2026, 12, 2)
FIRST = date(2027, 1, 31)
PROTOCOL = Protocol("standard", "Standard", (Phase("initial", 4, every_days=15),
                                             Phase("monthly", 4, every_months=1)),
                    maintenance_per_year=4)
ENTRY = PriceEntry("GB", "GBP", Decimal("150"), Decimal("400"))


def _quote(entry=ENTRY, **changes):
    return build_quote(QuoteRequest(entry, PROTOCOL, FIRST)._replace(**changes))


def _plan(quote, rule=AFTER_ACCEPTANCE, days=0):
    return payment_plan(quote, quoted_on=QUOTED, valid_until=VALID, deposit_rule=rule,
                        deposit_days=days)


@pytest.mark.parametrize(("rule", "days", "due"), [
    (AFTER_ACCEPTANCE, 0, VALID),                      # on acceptance, at the latest
    (AFTER_ACCEPTANCE, 10, date(2026, 12, 12)),        # 10 days after the latest acceptance
    (AFTER_ACCEPTANCE, 90, FIRST),                     # never after the first session
    (BEFORE_FIRST_SESSION, 14, date(2027, 1, 17)),
    (BEFORE_FIRST_SESSION, 0, FIRST),
    (BEFORE_FIRST_SESSION, 120, QUOTED),               # never before the quote itself
])
def test_the_deposit_due_date_follows_the_rule(rule, days, due):
    assert deposit_due_date(rule, days, quoted_on=QUOTED, valid_until=VALID,
                            first_session=FIRST) == due


def test_an_unknown_rule_or_negative_days_is_refused():
    with pytest.raises(InputError, match="deposit due must be"):
        deposit_due_date("on_booking", 0, quoted_on=QUOTED, valid_until=VALID,
                         first_session=FIRST)
    with pytest.raises(InputError, match="must not be negative"):
        deposit_due_date(AFTER_ACCEPTANCE, -1, quoted_on=QUOTED, valid_until=VALID,
                         first_session=FIRST)


def test_without_travel_the_balance_is_paid_per_phase():
    quote = _quote(deposit_pct=Decimal(30), discount_pct=Decimal(10), tax_pct=Decimal(20),
                   maintenance_months=12)
    plan = _plan(quote, BEFORE_FIRST_SESSION, 14)
    assert plan.by == "phase"
    assert [i.label for i in plan.instalments] == ["initial", "monthly", "maintenance"]
    assert [i.sessions for i in plan.instalments] == [(1, 2, 3, 4), (5, 6, 7, 8),
                                                      (9, 10, 11, 12)]
    assert [i.due for i in plan.instalments] == [FIRST, date(2027, 4, 17),
                                                 date(2027, 10, 17)]
    # One deposit amount: 30% of the lowest total (12 × 150 × 0.9 × 1.2 = 1944).
    assert quote.total.low == Decimal("1944.00")
    assert plan.deposit == Decimal("583.20") == round_to_minor(quote.deposit.low, "GBP")
    assert plan.deposit_due == date(2027, 1, 17)
    assert plan.balance.low == Decimal("1360.80")
    # Each phase pays for its sessions: a third of the balance each.
    assert [i.amount.low for i in plan.instalments] == [Decimal("453.60")] * 3


def test_with_travel_the_balance_is_paid_per_trip():
    entry = ENTRY._replace(travel=TravelCosts("GBP", Decimal(200), 2, Decimal(80), 20))
    quote = _quote(entry, deposit_pct=Decimal(25))
    plan = _plan(quote)
    assert plan.by == "trip"
    assert [i.sessions for i in plan.instalments] == [t.sessions for t in quote.travel.trips]
    assert [i.due for i in plan.instalments] == [t.first_day for t in quote.travel.trips]
    assert [i.label for i in plan.instalments][:2] == ["trip 1", "trip 2"]


def test_no_deposit_means_the_whole_total_is_the_balance():
    quote = _quote()
    plan = _plan(quote)
    assert plan.deposit == 0 and plan.deposit_pct == 0
    assert plan.balance == plan.total


@given(low=st.decimals("0.01", "100000", places=2), spread=st.decimals("0", "100000",
                                                                        places=2),
       pct=st.decimals("0", "100", places=1), currency=st.sampled_from(["GBP", "JPY", "KWD"]),
       months=st.integers(0, 36))
def test_payments_add_up_to_the_total_and_none_is_negative(low, spread, pct, currency,
                                                           months):
    entry = PriceEntry("GB", currency, low, low + spread)
    quote = _quote(entry, deposit_pct=pct, maintenance_months=months, tax_pct=Decimal(7))
    plan = _plan(quote)
    assert plan.total.low == round_to_minor(quote.total.low, currency)
    assert plan.total.high == round_to_minor(quote.total.high, currency)
    for end in ("low", "high"):
        parts = [getattr(i.amount, end) for i in plan.instalments]
        assert all(part >= 0 for part in parts)
        assert all(part == round_to_minor(part, currency) for part in parts)
        assert plan.deposit + sum(parts) == getattr(plan.total, end)
    assert sum(len(i.sessions) for i in plan.instalments) == quote.sessions
