"""Shared pieces for workbook tests: the seed catalog, pinned rates, a saved-and-reloaded book."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from mesocost.core.catalog import PriceEntry
from mesocost.core.engine import AddOn, QuoteRequest
from mesocost.core.travel import TravelCosts
from mesocost.rates.service import RateService
from mesocost.storage.tomlfiles import find_protocol, load_bundled_catalog

CREATED = date(2026, 11, 2)
START = date(2027, 1, 31)
DISPLAY_CURRENCIES = ("USD", "EUR", "GBP", "JPY")


@pytest.fixture
def rates():
    # Offline ECB snapshot, with "today" pinned so staleness never depends on the clock.
    return RateService("offline", today=CREATED)


@pytest.fixture
def seed_entries():
    return load_bundled_catalog()


@pytest.fixture
def travel_entry():
    """A destination of the test's own (not market data) that has travel costs."""
    return PriceEntry(
        destination="TR", currency="USD", per_session_low=Decimal("120.50"),
        per_session_high=Decimal("310"), city="Istanbul", clinic="Test Clinic",
        travel=TravelCosts("GBP", Decimal("245.99"), 2, Decimal("63.35"), 20),
    )


@pytest.fixture
def request_with_everything(seed_entries):
    """Discount, added tax, a per-session add-on priced in euros, one in the display
    currency, and maintenance: every formula path."""
    return QuoteRequest(
        entry=seed_entries[0], protocol=find_protocol("standard"), start=START,
        maintenance_months=6, discount_pct=Decimal("12.5"), tax_pct=Decimal("20"),
        add_ons=(AddOn("PRP", Decimal("50"), Decimal("80.75"), per_session=True,
                       currency="EUR"),
                 AddOn("consultation", Decimal("30"), Decimal("30"))),
        deposit_pct=Decimal("25"),
    )


def reload(workbook, data_only=False):
    """Save to memory and read back, as a spreadsheet would see the file."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer, data_only=data_only)


def number(value):
    """A stored cell number as Decimal (through its shortest text, as written)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@pytest.fixture(name="reload")
def _reload_fixture():
    return reload


@pytest.fixture(name="number")
def _number_fixture():
    return number
