"""The What-if sheet: the quote's inputs as editable cells, its totals as live formulas.

The formulas follow the engine step by step so that, after a spreadsheet recalculates,
each total equals the app's figure to the minor unit:

    subtotal  = per-session price × sessions + add-ons × their rate into the price currency
    total     = subtotal × (1 − discount%) × (1 + tax%)      (× 1 when tax is included)
    in display currency = total × rate + travel × travel rate, UNROUNDED,
    then ROUND once to the currency's minor units.

Every other sheet stores plain values; this is the only one with formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.comparison import Converted
from mesocost.core.conversion import RateQuote
from mesocost.core.engine import Quote, QuoteRequest
from mesocost.core.money import ZERO, minor_units
from mesocost.export.cells import Styles, column_letter, put_text
from mesocost.export.workbook import freeze_below, header_row, print_setup, set_widths

TABLE_COLUMNS = (
    "Destination", "Price currency", "Per session low", "Per session high", "Rate used",
    "Trips", "Nights", "Travel currency", "Travel per trip", "Travel per night",
    "Package low", "Package typical", "Package high", "Travel (display)",
    "Total low (display)", "Total typical (display)", "Total high (display)",
)
# Column numbers of the live totals, for tests and readers of the sheet.
PACKAGE_LOW, PACKAGE_TYPICAL, PACKAGE_HIGH = 11, 12, 13
TRAVEL_DISPLAY = 14
TOTAL_LOW, TOTAL_TYPICAL, TOTAL_HIGH = 15, 16, 17
DEPOSIT_LOW, DEPOSIT_HIGH = 18, 19


@dataclass(frozen=True, slots=True)
class WhatIfRow:
    """One destination on the What-if sheet: the engine's quote and its conversion."""

    quote: Quote
    converted: Converted
    label: str


@dataclass(frozen=True, slots=True)
class _Inputs:
    """Absolute addresses of the input cells the row formulas refer to."""

    sessions: str
    factor: str
    # (currency, low total, high total) of the add-ons priced in each currency.
    add_ons: tuple[tuple[str, str, str], ...]
    deposit: str | None
    rates: dict[str, str]


def _absolute(row: int, column: int) -> str:
    return f"${column_letter(column)}${row}"


def add_what_if_sheet(workbook: Workbook, styles: Styles, rows: Sequence[WhatIfRow],
                      template: QuoteRequest, display: str, rates: Sequence[RateQuote],
                      locale: str, with_deposit: bool = False) -> Worksheet:
    """Write the inputs block, the rates block and one formula row per destination."""
    sheet = workbook.create_sheet("What-if")
    put_text(sheet.cell(1, 1), "What-if: change the yellow cells and the totals follow",
             "title")
    put_text(sheet.cell(2, 1), "Discount applies to the subtotal; tax is added, or only "
             "shown when included in prices. Totals are converted unrounded, then rounded "
             "once. Trips and nights are inputs taken from the app's schedule: change them too if "
             "you change the number of sessions.", "note")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    sheet.row_dimensions[2].height = 30
    row, inputs = _inputs_block(sheet, styles, rows, template.with_add_on_currency(display),
                                4, with_deposit)
    row, rate_cells = _rates_block(sheet, rates, row + 1)
    inputs = _with_rates(inputs, rate_cells)
    header = row + 1
    columns = TABLE_COLUMNS + (("Deposit low", "Deposit high") if with_deposit else ())
    header_row(sheet, header, columns)
    for index, item in enumerate(rows, start=header + 1):
        _destination_row(sheet, styles, index, item, display, inputs, with_deposit)
    set_widths(sheet, (46, 10, 14, 14, 11, 7, 7, 10, 13, 13, 14, 14, 14, 14, 15, 15, 15,
                       13, 13))
    sheet.row_dimensions[header].height = 30
    freeze_below(sheet, header, columns=1)
    print_setup(sheet, locale, header, landscape=True)
    return sheet


def _input(sheet: Worksheet, row: int, column: int, value, style: str = "input") -> str:
    cell = sheet.cell(row, column, value)
    cell.style = style
    return _absolute(row, column)


def _inputs_block(sheet: Worksheet, styles: Styles, rows: Sequence[WhatIfRow],
                  template: QuoteRequest, row: int, with_deposit: bool
                  ) -> tuple[int, _Inputs]:
    """Sessions per phase, discount, tax, add-ons; returns the next free row."""
    schedule = rows[0].quote.schedule if rows else ()
    put_text(sheet.cell(row, 1), "Sessions per phase", "label")
    first = row + 1
    for phase in template.protocol.phases:
        row += 1
        put_text(sheet.cell(row, 1), phase.name)
        _input(sheet, row, 2, phase.sessions)
    row += 1
    put_text(sheet.cell(row, 1), "maintenance")
    _input(sheet, row, 2, sum(1 for s in schedule if s.maintenance))
    row += 1
    put_text(sheet.cell(row, 1), "Sessions in total", "label")
    sessions = _formula(sheet, row, 2, f"=SUM(B{first}:B{row - 1})", "count")
    row += 2
    discount = _percent_input(sheet, row, "Discount %", template.discount_pct)
    tax = _percent_input(sheet, row + 1, "Tax %", template.tax_pct)
    put_text(sheet.cell(row + 2, 1), "Tax included in prices (1 = yes, 0 = no)")
    included = _input(sheet, row + 2, 2, 1 if template.tax_inclusive else 0, "count")
    sheet.cell(row + 2, 2).style = "input"
    _yes_no(sheet, f"B{row + 2}")
    deposit = None
    if with_deposit:
        row += 1
        deposit = _percent_input(sheet, row + 2, "Deposit %", template.deposit_pct)
    put_text(sheet.cell(row + 3, 1), "Price factor after discount and tax", "label")
    factor = _formula(sheet, row + 3, 2,
                      f"=(1-{discount}/100)*IF({included}=1,1,1+{tax}/100)", "rate")
    row, add_ons = _add_ons_block(sheet, styles, template, row + 5, sessions)
    return row, _Inputs(sessions, factor, add_ons, deposit, {})


def _percent_input(sheet: Worksheet, row: int, label: str, value) -> str:
    put_text(sheet.cell(row, 1), label)
    address = _input(sheet, row, 2, value)
    sheet.cell(row, 2).number_format = "0.00"
    return address


def _yes_no(sheet: Worksheet, address: str) -> None:
    check = DataValidation(type="whole", operator="between", formula1="0", formula2="1",
                           allow_blank=False, showErrorMessage=True,
                           error="Type 1 (tax included in prices) or 0 (tax added).")
    sheet.add_data_validation(check)
    check.add(address)


def _formula(sheet: Worksheet, row: int, column: int, formula: str, style: str) -> str:
    cell = sheet.cell(row, column, formula)
    cell.style = style
    return _absolute(row, column)


def _add_ons_block(sheet: Worksheet, styles: Styles, template: QuoteRequest, row: int,
                   sessions: str) -> tuple[int, tuple[tuple[str, str, str], ...]]:
    """Add-on prices, each in the currency it was priced in, and their low/high sums per
    currency (each destination row converts the sums with its rates)."""
    put_text(sheet.cell(row, 1), "Add-ons (each in its own currency; converted into each "
             "destination's price currency at the rates below)", "label")
    for column, title in enumerate(("Low", "High", "Per session (1/0)", "Quantity",
                                    "Currency"), 2):
        sheet.cell(row, column, title).style = "header"
    by_currency: dict[str, list[int]] = {}
    for add_on in template.add_ons:
        row += 1
        currency = add_on.currency or ""
        put_text(sheet.cell(row, 1), add_on.name)
        _input(sheet, row, 2, add_on.low, styles.money(currency, "input"))
        _input(sheet, row, 3, add_on.high, styles.money(currency, "input"))
        _input(sheet, row, 4, 1 if add_on.per_session else 0)
        _yes_no(sheet, f"D{row}")
        _formula(sheet, row, 5, f"=IF(D{row}=1,{sessions},1)", "count")
        put_text(sheet.cell(row, 6), currency)
        by_currency.setdefault(currency, []).append(row)
    totals = []
    for currency, rows in by_currency.items():
        row += 1
        put_text(sheet.cell(row, 1), f"Add-ons in total ({currency})", "label")
        money = styles.money(currency)
        low = _formula(sheet, row, 2, "=" + "+".join(f"B{r}*E{r}" for r in rows), money)
        high = _formula(sheet, row, 3, "=" + "+".join(f"C{r}*E{r}" for r in rows), money)
        totals.append((currency, low, high))
    return row + 2, tuple(totals)


def _rates_block(sheet: Worksheet, rates: Sequence[RateQuote], row: int
                 ) -> tuple[int, dict[str, str]]:
    put_text(sheet.cell(row, 1), "Exchange rates (1 unit of the first currency = RATE of the "
             "second)", "label")
    cells = {}
    for rate in rates:
        row += 1
        put_text(sheet.cell(row, 1), rate.pair)
        cells[rate.pair] = _input(sheet, row, 2, rate.rate)
        sheet.cell(row, 2).number_format = "0.000000"
    return row + 1, cells


def _with_rates(inputs: _Inputs, rates: dict[str, str]) -> _Inputs:
    return _Inputs(inputs.sessions, inputs.factor, inputs.add_ons, inputs.deposit, rates)


def _destination_row(sheet: Worksheet, styles: Styles, row: int, item: WhatIfRow,
                     display: str, inputs: _Inputs, with_deposit: bool) -> None:
    quote, converted = item.quote, item.converted
    native = quote.currency
    put_text(sheet.cell(row, 1), item.label)
    put_text(sheet.cell(row, 2), native)
    _input(sheet, row, 3, quote.per_session.low, styles.money(native, "input"))
    _input(sheet, row, 4, quote.per_session.high, styles.money(native, "input"))
    put_text(sheet.cell(row, 5), converted.rate.pair)
    travel_currency = _travel_inputs(sheet, styles, row, quote, display)
    rate = inputs.rates[converted.rate.pair]
    travel_rate = inputs.rates[(converted.travel_rate.pair if converted.travel_rate
                                else f"{travel_currency}/{display}")]

    # Unrounded pieces, each a formula fragment over this row's and the block's inputs.
    # Add-ons: each currency's sum × the rate into this row's price currency, unrounded.
    add_low = "+".join(f"{low}*{inputs.rates[f'{code}/{native}']}"
                       for code, low, _ in inputs.add_ons) or "0"
    add_high = "+".join(f"{high}*{inputs.rates[f'{code}/{native}']}"
                        for code, _, high in inputs.add_ons) or "0"
    low = f"(C{row}*{inputs.sessions}+{add_low})*{inputs.factor}"
    high = f"(D{row}*{inputs.sessions}+{add_high})*{inputs.factor}"
    mid = (f"((C{row}+D{row})/2*{inputs.sessions}"
           f"+({add_low}+{add_high})/2)*{inputs.factor}")
    travel = f"(F{row}*I{row}+G{row}*J{row})*{travel_rate}"
    native_digits, display_digits = minor_units(native), minor_units(display)
    native_total = styles.money(native, "total")
    display_total = styles.money(display, "total")
    _formula(sheet, row, PACKAGE_LOW, f"=ROUND({low},{native_digits})", native_total)
    _formula(sheet, row, PACKAGE_TYPICAL, f"=ROUND({mid},{native_digits})", native_total)
    _formula(sheet, row, PACKAGE_HIGH, f"=ROUND({high},{native_digits})", native_total)
    _formula(sheet, row, TRAVEL_DISPLAY, f"=ROUND({travel},{display_digits})",
             styles.money(display))
    for column, part in ((TOTAL_LOW, low), (TOTAL_TYPICAL, mid), (TOTAL_HIGH, high)):
        _formula(sheet, row, column, f"=ROUND({part}*{rate}+{travel},{display_digits})",
                 display_total)
    if with_deposit and inputs.deposit:
        for column, part in ((DEPOSIT_LOW, low), (DEPOSIT_HIGH, high)):
            _formula(sheet, row, column, f"=ROUND({part}*{inputs.deposit}/100,"
                     f"{native_digits})", styles.money(native))


def _travel_inputs(sheet: Worksheet, styles: Styles, row: int, quote: Quote,
                   display: str) -> str:
    """Trips, nights and travel prices; zeros (in the display currency) without travel."""
    travel = quote.travel
    entry_travel = quote.request.entry.travel
    if travel is None or entry_travel is None:
        currency, trips, nights, per_trip, per_night = display, 0, 0, ZERO, ZERO
    else:
        currency = entry_travel.currency
        trips, nights = len(travel.trips), travel.nights
        per_trip, per_night = entry_travel.per_trip, entry_travel.per_night
    _input(sheet, row, 6, trips)
    _input(sheet, row, 7, nights)
    put_text(sheet.cell(row, 8), currency)
    _input(sheet, row, 9, per_trip, styles.money(currency, "input"))
    _input(sheet, row, 10, per_night, styles.money(currency, "input"))
    return currency
