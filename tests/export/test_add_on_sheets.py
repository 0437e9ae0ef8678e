"""Add-ons in workbooks: each price in its own currency, with the rate that converts it."""

from __future__ import annotations

from datetime import date

from mesocost.core.comparison import compare
from mesocost.export.cells import currency_format
from mesocost.export.xlsx import comparison_workbook

CREATED = date(2026, 11, 2)


def _row_of(sheet, label):
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label)


def test_what_if_add_on_prices_show_their_own_currency(seed_entries, request_with_everything,
                                                       rates, reload):
    rows = compare(seed_entries, request_with_everything, "GBP", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "GBP", locale="en_GB",
                                      created=CREATED))
    sheet = book["What-if"]
    prp, consultation = _row_of(sheet, "PRP"), _row_of(sheet, "consultation")
    # PRP was priced in euros, the consultation in the display currency.
    assert sheet.cell(prp, 6).value == "EUR" and sheet.cell(consultation, 6).value == "GBP"
    for column in (2, 3):
        assert sheet.cell(prp, column).number_format == currency_format("EUR")
        assert sheet.cell(consultation, column).number_format == currency_format("GBP")
    assert sheet.cell(prp, 2).value == 50 and sheet.cell(prp, 3).value == 80.75
    euro_total = _row_of(sheet, "Add-ons in total (EUR)")
    assert sheet.cell(euro_total, 2).value == f"=B{prp}*E{prp}"
    assert _row_of(sheet, "Add-ons in total (GBP)")
    # Every pair an add-on was converted with has a rate cell, and the rows use it; a
    # currency converted into itself (GBP/GBP) is 1 in the formulas, not an input.
    pairs = {sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)}
    assert {"EUR/USD", "EUR/GBP", "GBP/USD"} <= pairs
    assert "GBP/GBP" not in pairs
    rates_sheet = {c.value for c in book["Rates"]["A"]}
    assert {"EUR/USD", "EUR/GBP", "GBP/USD"} <= rates_sheet
