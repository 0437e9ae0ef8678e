"""The register's table model without widgets: rows, texts, sort keys, search, status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from mesocost.register.store import QuoteSummary
from mesocost.ui.quotes_model import (
    ALL,
    COLUMN_INDEX,
    SORT_ROLE,
    SUMMARY_ROLE,
    QuotesFilter,
    QuotesModel,
    number_key,
)


def summary(number, *, status="draft", client="Ayşe Yılmaz", destination="TR", clinic="",
            total=("800", "2400"), currency="USD", patient_mid="1472", patient="EUR",
            quote_date=date(2026, 11, 2), valid_until=date(2026, 12, 2), stored=None):
    mid = Decimal(patient_mid)
    return QuoteSummary(
        number=number, status=status, stored_status=stored or status, client=client,
        destination=destination, clinic=clinic, currency=currency,
        total_low=Decimal(total[0]), total_high=Decimal(total[1]), patient_currency=patient,
        patient_low=mid / 2, patient_mid=mid, patient_high=mid * 3 / 2,
        quote_date=quote_date, valid_until=valid_until, created_at="", updated_at="",
        revision=int(number.rsplit("-R", 1)[1]) if "-R" in number else 0)


SUMMARIES = [
    summary("MC-2026-0009", client="Ada Lovelace", destination="GB",
            total=("1200", "3200"), currency="GBP", patient_mid="2500",
            quote_date=date(2026, 10, 1), valid_until=date(2026, 10, 31), status="expired",
            stored="sent"),
    summary("MC-2026-0010", client="Ayşe Yılmaz", destination="TR", patient_mid="1472",
            quote_date=date(2026, 11, 2)),
    summary("MC-2026-0010-R1", client="Ayşe Yılmaz", status="sent", patient_mid="1300",
            quote_date=date(2026, 11, 20), valid_until=date(2026, 12, 20)),
    summary("MC-2025-0100", client="Grace Hopper", destination="US", clinic="Clinic A",
            total=("1600", "4000"), patient_mid="900", quote_date=date(2025, 12, 30),
            valid_until=date(2026, 1, 29), status="accepted"),
    summary("MC-2026-0002", client="", destination="TR", status="deleted",
            patient_mid="100"),
]


@pytest.fixture
def model(qapp):
    model = QuotesModel("en_US")
    model.set_summaries(SUMMARIES)
    return model


@pytest.fixture
def proxy(model):
    proxy = QuotesFilter()
    proxy.setSourceModel(model)
    return proxy


def column(proxy, key):
    """The texts of one column, top to bottom, as the table shows them."""
    index = COLUMN_INDEX[key]
    return [proxy.index(row, index).data() for row in range(proxy.rowCount())]


def test_rows_show_formatted_texts_and_carry_their_summary(model):
    assert model.rowCount() == 5 and model.columnCount() == 8
    row = 1
    texts = [model.index(row, c).data() for c in range(model.columnCount())]
    assert texts == ["MC-2026-0010", "Draft", "Ayşe Yılmaz", "Türkiye",
                     "$800.00 – $2,400.00", "€1,472.00", "Nov 2, 2026", "Dec 2, 2026"]
    assert model.index(row, 0).data(SUMMARY_ROLE) is SUMMARIES[1]
    # The destination names the clinic too; a deleted quote's client says it was removed.
    assert model.index(3, COLUMN_INDEX["destination"]).data() == "United States · Clinic A"
    assert model.index(4, COLUMN_INDEX["client"]).data() == "(removed)"
    assert model.index(0, COLUMN_INDEX["status"]).data() == "Expired"
    assert "Was sent" in model.index(0, COLUMN_INDEX["status"]).data(
        Qt.ItemDataRole.ToolTipRole)
    tip = model.index(1, COLUMN_INDEX["patient"]).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("€736.00 – €1,472.00 – €2,208.00")
    alignment = model.index(1, COLUMN_INDEX["total"]).data(Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(alignment) & Qt.AlignmentFlag.AlignRight


def test_the_locale_changes_the_texts_not_the_rows(model):
    model.set_locale("de_DE")
    assert model.index(1, COLUMN_INDEX["total"]).data() == "800,00\xa0$ – 2.400,00\xa0$"
    assert model.index(1, COLUMN_INDEX["destination"]).data() == "Türkei"
    assert model.index(1, COLUMN_INDEX["created"]).data() == "02.11.2026"


def test_numbers_sort_by_year_sequence_and_revision_not_as_text():
    assert number_key("MC-2026-0010-R1") == (2026, 10, 1, "MC")
    numbers = ["MC-2026-0010-R1", "Q-2025-0100", "MC-2026-0009", "MC-2026-0010",
               "MC-2026-10000"]
    assert sorted(numbers, key=number_key) == [
        "Q-2025-0100", "MC-2026-0009", "MC-2026-0010", "MC-2026-0010-R1", "MC-2026-10000"]


def test_sorting_by_number_money_and_date(proxy):
    proxy.set_status("deleted")
    proxy.set_status(ALL)  # the deleted quote is hidden under "all"
    proxy.sort(COLUMN_INDEX["number"], Qt.SortOrder.AscendingOrder)
    assert column(proxy, "number") == ["MC-2025-0100", "MC-2026-0009", "MC-2026-0010",
                                       "MC-2026-0010-R1"]
    proxy.sort(COLUMN_INDEX["number"], Qt.SortOrder.DescendingOrder)
    assert column(proxy, "number")[0] == "MC-2026-0010-R1"

    # Money by value within a currency (as text "$1,600.00" would sort before "$800.00").
    proxy.sort(COLUMN_INDEX["total"], Qt.SortOrder.AscendingOrder)
    assert column(proxy, "total") == ["£1,200.00 – £3,200.00", "$800.00 – $2,400.00",
                                      "$800.00 – $2,400.00", "$1,600.00 – $4,000.00"]
    proxy.sort(COLUMN_INDEX["patient"], Qt.SortOrder.AscendingOrder)
    assert column(proxy, "patient") == ["€900.00", "€1,300.00", "€1,472.00", "€2,500.00"]

    # Dates by date ("Dec 30, 2025" is before "Nov 2, 2026", not after it).
    proxy.sort(COLUMN_INDEX["created"], Qt.SortOrder.AscendingOrder)
    assert column(proxy, "created") == ["Dec 30, 2025", "Oct 1, 2026", "Nov 2, 2026",
                                        "Nov 20, 2026"]
    index = proxy.index(0, COLUMN_INDEX["created"])
    assert index.data(SORT_ROLE) == (date(2025, 12, 30),)


def test_search_matches_client_number_and_destination_as_typed(proxy):
    proxy.set_search("ayşe")
    assert column(proxy, "number") == ["MC-2026-0010", "MC-2026-0010-R1"]
    proxy.set_search("AYŞE r1")  # every word must match; case does not matter
    assert column(proxy, "number") == ["MC-2026-0010-R1"]
    proxy.set_search("0009")
    assert column(proxy, "client") == ["Ada Lovelace"]
    proxy.set_search("united kingdom")  # the country's name as shown
    assert column(proxy, "number") == ["MC-2026-0009"]
    proxy.set_search("clinic a")
    assert column(proxy, "client") == ["Grace Hopper"]
    proxy.set_search("nobody")
    assert proxy.rowCount() == 0
    proxy.set_search("")
    assert proxy.rowCount() == 4


def test_status_filter_keeps_one_status_and_all_hides_deleted(proxy):
    assert proxy.rowCount() == 4
    proxy.set_status("expired")
    assert column(proxy, "number") == ["MC-2026-0009"]
    proxy.set_status("deleted")
    assert column(proxy, "number") == ["MC-2026-0002"]
    proxy.set_status("draft")
    proxy.set_search("ada")
    assert proxy.rowCount() == 0  # both filters apply
    with pytest.raises(ValueError, match="unknown status"):
        proxy.set_status("archived")


def test_rows_are_found_by_number_through_the_filter(model, proxy):
    proxy.sort(COLUMN_INDEX["number"], Qt.SortOrder.DescendingOrder)
    assert model.row_of("MC-2025-0100") == 3
    assert proxy.proxy_row_of("MC-2025-0100") == 3
    assert proxy.summary(0).number == "MC-2026-0010-R1"
    assert proxy.proxy_row_of("MC-2026-0002") == -1  # deleted: filtered out
    assert proxy.proxy_row_of("MC-1999-0001") == -1
