"""The deposit is the engine's figure: deposit_pct of the total, after discount and tax."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mesocost.core.catalog import PriceEntry
from mesocost.core.engine import QuoteRequest, Span, build_quote
from mesocost.core.errors import InputError
from mesocost.core.protocol import Phase, Protocol

PROTOCOL = Protocol("p", "p", (Phase("initial", 4, every_days=15),))
ENTRY = PriceEntry("GB", "GBP", Decimal("150"), Decimal("400"))


def _request(**changes):
    return QuoteRequest(ENTRY, PROTOCOL, date(2027, 1, 31))._replace(**changes)


def test_no_deposit_by_default_is_zero():
    quote = build_quote(_request())
    assert quote.deposit == Span("GBP", Decimal(0), Decimal(0))


def test_deposit_is_a_share_of_the_total_after_discount_and_tax():
    quote = build_quote(_request(discount_pct=Decimal(10), tax_pct=Decimal(20),
                                 deposit_pct=Decimal(25)))
    assert quote.total == Span("GBP", Decimal("648.0"), Decimal("1728.0"))
    assert quote.deposit.low == Decimal("162.0")
    assert quote.deposit.high == Decimal("432.0")
    assert quote.deposit.mid == quote.total.mid * Decimal("0.25")


@pytest.mark.parametrize("bad", [Decimal(-1), Decimal("100.01")])
def test_deposit_outside_0_to_100_is_refused(bad):
    with pytest.raises(InputError, match="deposit"):
        _request(deposit_pct=bad)
