"""The What-if sheet as a person meets it: what may be typed where, and what it says.

Read back with openpyxl: every yellow input carries a data validation with an input
message and an error message of its own; the sheet is protected with only the inputs
unlocked; percentages are real percentages; spare add-on rows are in the totals; only real
exchange rates are inputs; every amount has its currency's number format.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl.worksheet.cell_range import CellRange

from mesocost.core.comparison import compare, price_request
from mesocost.core.engine import QuoteRequest
from mesocost.export import whatif
from mesocost.export.cells import currency_format
from mesocost.export.xlsx import QuoteDetails, comparison_workbook, quote_workbook
from tests.export.whatif_cells import table_rows

CREATED = date(2026, 11, 2)
YELLOW = "00FFF7D6"
PAIR = re.compile("[A-Z]{3}/[A-Z]{3}")


@pytest.fixture
def books(seed_entries, travel_entry, request_with_everything, rates, reload):
    """A comparison in euros (USD and GBP clinics, one with travel paid in GBP) and a
    quote in euros for the clinic with travel: every kind of input and rate."""
    entries = (*seed_entries, travel_entry)
    rows = compare(entries, request_with_everything, "EUR", rates)
    comparison = reload(comparison_workbook(rows, request_with_everything, "EUR",
                                            locale="en_US", created=CREATED))
    quote, converted = price_request(request_with_everything._replace(entry=travel_entry),
                                     "EUR", rates)
    single = reload(quote_workbook(quote, converted, QuoteDetails("Ada", CREATED, 30),
                                   locale="en_GB"))
    return {"comparison": comparison["What-if"], "quote": single["What-if"]}


def _cells(sheet):
    return [cell for line in sheet.iter_rows() for cell in line]


def _label_row(sheet, label):
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label)


def _validations(sheet):
    """{coordinate: the DataValidation covering it}; a cell covered twice fails."""
    covered = {}
    for check in sheet.data_validations.dataValidation:
        for cell_range in check.sqref.ranges:
            for row, column in CellRange(cell_range.coord).cells:
                coordinate = sheet.cell(row, column).coordinate
                assert coordinate not in covered, f"{coordinate} validated twice"
                covered[coordinate] = check
    return covered


def _inputs(sheet):
    return [cell for cell in _cells(sheet) if cell.protection.locked is False]




@pytest.mark.parametrize("kind", ["comparison", "quote"])
def test_every_input_is_yellow_unlocked_and_validated_with_messages(books, kind):
    sheet = books[kind]
    inputs = _inputs(sheet)
    yellow = [c for c in _cells(sheet) if c.fill.fgColor.rgb == YELLOW]
    assert inputs and {c.coordinate for c in inputs} == {c.coordinate for c in yellow}
    covered = _validations(sheet)
    assert set(covered) == {c.coordinate for c in inputs}
    for coordinate, check in covered.items():
        assert check.showInputMessage and check.showErrorMessage, coordinate
        assert check.errorStyle == "stop"
        # Excel's limits: titles of 32 characters, messages of 255.
        assert 0 < len(check.promptTitle) <= 32 and 0 < len(check.errorTitle) <= 32
        assert 0 < len(check.prompt) <= 255 and 0 < len(check.error) <= 255


def _check_at(sheet, row, column=2):
    return _validations(sheet)[sheet.cell(row, column).coordinate]


def _accepts(check, kind, operator, low=None, high=None):
    assert (check.type, check.operator) == (kind, operator)
    if low is not None:
        assert Decimal(check.formula1) == Decimal(low)
    if high is not None:
        assert Decimal(check.formula2) == Decimal(high)


def test_each_input_accepts_what_the_app_accepts(books, request_with_everything):
    sheet = books["quote"]
    for label in ("initial", "monthly", "maintenance"):
        _accepts(_check_at(sheet, _label_row(sheet, label)), "whole", "between", 0, 200)
    for label, percent in (("Discount (%)", request_with_everything.discount_pct),
                           ("Tax (%)", request_with_everything.tax_pct),
                           ("Deposit (%)", request_with_everything.deposit_pct)):
        row = _label_row(sheet, label)
        _accepts(_check_at(sheet, row), "decimal", "between", 0, 1)
        # A real percentage: 12.5 % is stored as 0.125 and shown "12.50%".
        cell = sheet.cell(row, 2)
        assert Decimal(str(cell.value)) == percent / 100
        assert cell.number_format == whatif.PERCENT_FORMAT
        assert "15%" in _check_at(sheet, row).prompt
    included = _check_at(sheet, _label_row(sheet, "Tax included in prices (Yes/No)"))
    assert (included.type, included.formula1) == ("list", '"Yes,No"')
    assert "tax" in included.error.lower()

    prp = _label_row(sheet, "PRP")
    for column in (2, 3):
        _accepts(_check_at(sheet, prp, column), "decimal", "between", 0, 10 ** 12)
    per_session = _check_at(sheet, prp, 4)
    assert (per_session.type, per_session.formula1) == ("list", '"Yes,No"')
    # Its own message, not the tax cell's.
    assert "session" in per_session.error and "tax" not in per_session.error.lower()

    rates = [r for r in range(1, sheet.max_row + 1)
             if PAIR.fullmatch(str(sheet.cell(r, 1).value)) and sheet.cell(r, 2).value]
    assert rates
    for r in rates:
        _accepts(_check_at(sheet, r), "decimal", "between", "1E-9", "1E9")

    (row,) = table_rows(sheet, 0)
    for column in (whatif.PER_SESSION_LOW, whatif.PER_SESSION_HIGH):
        _accepts(_check_at(sheet, row, column), "decimal", "greaterThan", 0)
    _accepts(_check_at(sheet, row, whatif.TRIPS), "whole", "between", 0, 200)
    _accepts(_check_at(sheet, row, whatif.NIGHTS), "whole", "greaterThanOrEqual", 0)
    for column in (whatif.TRAVEL_PER_TRIP, whatif.TRAVEL_PER_NIGHT):
        _accepts(_check_at(sheet, row, column), "decimal", "between", 0, 10 ** 12)


@pytest.mark.parametrize("kind", ["comparison", "quote"])
def test_the_sheet_is_protected_and_only_inputs_are_unlocked(books, kind):
    sheet = books[kind]
    assert sheet.protection.sheet is True
    assert not sheet.protection.password
    formulas = [c for c in _cells(sheet) if c.data_type == "f"]
    assert formulas and all(c.protection.locked for c in formulas)
    labels = [c for c in _cells(sheet) if c.column == 1 and c.value]
    assert all(c.protection.locked for c in labels)
    # Every input is a value to type, never a formula.
    assert all(c.data_type != "f" for c in _inputs(sheet))


@pytest.mark.parametrize("kind", ["comparison", "quote"])
def test_spare_add_on_rows_are_in_the_totals(books, kind):
    sheet = books[kind]
    spare = [r for r in range(1, sheet.max_row + 1)
             if sheet.cell(r, 1).value is None and sheet.cell(r, 4).value in ("Yes", "No")]
    assert len(spare) == whatif.SPARE_ADD_ONS
    for r in spare:
        # Empty, priced in the display currency, with its format and its inputs unlocked.
        assert sheet.cell(r, 2).value is None and sheet.cell(r, 3).value is None
        assert sheet.cell(r, 6).value == "EUR"
        for column in (1, 2, 3, 4):
            assert sheet.cell(r, column).protection.locked is False
        for column in (2, 3):
            assert sheet.cell(r, column).number_format == currency_format("EUR")
    total = _label_row(sheet, "Add-ons in total (EUR)")
    low, high = sheet.cell(total, 2).value, sheet.cell(total, 3).value
    for r in spare:
        assert f"B{r}*E{r}" in low
        assert f'IF(C{r}="",B{r},C{r})*E{r}' in high
    # Every destination's totals use the euro add-ons.
    for r in table_rows(sheet, 1):
        assert f"{total}" in sheet.cell(r, whatif.PACKAGE_LOW).value


def test_only_real_exchange_rates_are_inputs(books):
    for kind, sheet in books.items():
        pairs = {str(c.value) for c in _cells(sheet)
                 if c.column == 1 and PAIR.fullmatch(str(c.value))
                 and sheet.cell(c.row, 2).protection.locked is False}
        assert pairs, kind
        for pair in pairs:
            base, _, quote = pair.partition("/")
            assert base != quote, (kind, pair)
    # Packages in USD and GBP, travel in GBP, add-ons in EUR: converted into euros. The
    # spare add-on rows (in euros) need EUR/USD and EUR/GBP, which the PRP rates give.
    sheet = books["comparison"]
    pairs = {sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)
             if sheet.cell(r, 2).protection.locked is False}
    assert {"USD/EUR", "GBP/EUR", "EUR/USD", "EUR/GBP"} <= pairs
    assert "EUR/EUR" not in pairs


def test_no_rate_inputs_when_every_price_is_in_the_display_currency(
        seed_entries, rates, reload):
    us = seed_entries[2]
    assert us.currency == "USD"
    request = QuoteRequest(entry=us, protocol=_standard(), start=date(2027, 1, 31))
    rows = compare((us,), request, "USD", rates)
    sheet = reload(comparison_workbook(rows, request, "USD", locale="en_US",
                                       created=CREATED))["What-if"]
    assert [c for c in _inputs(sheet) if c.number_format == "0.000000"] == []
    assert _label_row(sheet, "None needed: every price is already in the currency it is "
                             "counted in.")
    (row,) = table_rows(sheet, 0)
    assert sheet.cell(row, whatif.RATE_USED).value == "same currency"
    # The formulas use 1 where no conversion is needed.
    (total,) = table_rows(sheet, 1)
    assert "*1+" in sheet.cell(total, whatif.TOTAL_LOW).value


def _standard():
    from mesocost.storage.tomlfiles import find_protocol

    return find_protocol("standard")


@pytest.mark.parametrize("kind", ["comparison", "quote"])
def test_every_amount_has_its_currency_format(books, kind):
    sheet = books[kind]
    for r in table_rows(sheet, 0):
        native = sheet.cell(r, whatif.PRICE_CURRENCY).value
        travel = sheet.cell(r, whatif.TRAVEL_CURRENCY).value
        for column in (whatif.PER_SESSION_LOW, whatif.PER_SESSION_HIGH):
            assert sheet.cell(r, column).number_format == currency_format(native)
        for column in (whatif.TRAVEL_PER_TRIP, whatif.TRAVEL_PER_NIGHT):
            assert sheet.cell(r, column).number_format == currency_format(travel)
    for r_in, r in zip(table_rows(sheet, 0), table_rows(sheet, 1), strict=True):
        native = sheet.cell(r_in, whatif.PRICE_CURRENCY).value
        for column in (whatif.PACKAGE_LOW, whatif.PACKAGE_TYPICAL, whatif.PACKAGE_HIGH,
                       *((whatif.DEPOSIT_LOW, whatif.DEPOSIT_HIGH) if kind == "quote"
                         else ())):
            assert sheet.cell(r, column).number_format == currency_format(native)
        for column in (whatif.TRAVEL_DISPLAY, whatif.TOTAL_LOW, whatif.TOTAL_TYPICAL,
                       whatif.TOTAL_HIGH):
            assert sheet.cell(r, column).number_format == currency_format("EUR")
    # Add-on prices (typed and spare) and their totals, each in its own currency.
    add_ons = [r for r in range(1, sheet.max_row + 1)
               if sheet.cell(r, 4).value in ("Yes", "No")]
    assert len(add_ons) == 2 + whatif.SPARE_ADD_ONS
    for r in add_ons:
        currency = sheet.cell(r, 6).value
        for column in (2, 3):
            assert sheet.cell(r, column).number_format == currency_format(currency), r
    for currency in ("EUR",):
        total = _label_row(sheet, f"Add-ons in total ({currency})")
        for column in (2, 3):
            assert sheet.cell(total, column).number_format == currency_format(currency)


def test_columns_fit_the_widest_figure(seed_entries, rates, reload):
    """Widths follow what the columns show: a forint total is wider than a dollar one."""
    hungary = seed_entries[0]._replace(destination="HU", currency="HUF",
                                       per_session_low=Decimal(45_000),
                                       per_session_high=Decimal(120_000))
    request = QuoteRequest(entry=hungary, protocol=_standard(), start=date(2027, 1, 31),
                           maintenance_months=24)
    rows = compare((hungary, seed_entries[2]), request, "HUF", rates)
    sheet = reload(comparison_workbook(rows, request, "HUF", locale="en_US",
                                       created=CREATED))["What-if"]
    widest = max(row.converted.grand.high for row in rows)
    shown = f"HUF {widest:,.2f}"
    width = sheet.column_dimensions["H"].width  # Total high
    assert width >= len(shown) + 1
