"""The What-if sheet: the quote's inputs as editable cells, its totals as live formulas.

The formulas follow the engine step by step so that, after a spreadsheet recalculates,
each total equals the app's figure to the minor unit:

    subtotal  = per-session price × sessions + add-ons × their rate into the price currency
    total     = subtotal × (1 − discount) × (1 + tax)      (× 1 when tax is included)
    in display currency = total × rate + travel × travel rate, UNROUNDED,
    then ROUND once to the currency's minor units.

What a reader may type, and only that, is a yellow input cell:

- every input carries a data validation with an input message (what the cell means, the
  accepted range) and an error message of its own;
- percentages are stored as real percentages with a percent format (15 % is 0.15, shown
  "15.00%"), so typing "15%" means 15 % in every spreadsheet, and so does "15" in Excel
  (its automatic percent entry). LibreOffice stores a typed 15 as 1500 %: the validation
  (0 % to 100 %) refuses it and says to type the % sign. Nothing is ever read silently
  as 0.15 %, which whole-number percent cells would make of a typed "15%";
- a few spare add-on rows, priced in the display currency and empty (0) until someone
  types a price, are already in the totals;
- only real exchange rates are inputs: where a price is already in the currency it is
  converted into, the formulas use 1;
- the sheet is protected (no password): inputs are unlocked, formulas and labels locked.

The destinations' inputs and their totals are two tables of at most ten columns (one row
per destination in each, in the same order), so the sheet prints at a readable size.

Every other sheet stores plain values; this is the only one with formulas.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Protection
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.comparison import Converted
from mesocost.core.conversion import RateQuote
from mesocost.core.engine import Quote, QuoteRequest
from mesocost.core.i18n import ENGLISH, N_, Language
from mesocost.core.money import MAX_AMOUNT, MAX_RATE, MIN_RATE, ZERO, minor_units
from mesocost.core.protocol import MAX_SESSIONS
from mesocost.export.cells import Formats, Styles, column_letter, put_date, put_text
from mesocost.export.workbook import header_row, new_sheet, print_setup, set_widths

# Column numbers of the destinations table (inputs), for tests and readers of the sheet.
PRICE_CURRENCY, PER_SESSION_LOW, PER_SESSION_HIGH, RATE_USED = 2, 3, 4, 5
TRIPS, NIGHTS, TRAVEL_CURRENCY, TRAVEL_PER_TRIP, TRAVEL_PER_NIGHT = 6, 7, 8, 9, 10
# Column numbers of the totals table below it: one row per destination, in the same order.
PACKAGE_LOW, PACKAGE_TYPICAL, PACKAGE_HIGH = 2, 3, 4
TRAVEL_DISPLAY = 5
TOTAL_LOW, TOTAL_TYPICAL, TOTAL_HIGH = 6, 7, 8
DEPOSIT_LOW, DEPOSIT_HIGH = 9, 10
# Column A of both tables' header rows (in English; `language.gettext(DESTINATION)`).
DESTINATION = N_("Destination")

# Empty add-on rows (priced in the display currency) the totals already include.
SPARE_ADD_ONS = 3
PERCENT_FORMAT = "0.00%"
# The answers of the Yes/No cells in English (formulas compare with the document's words).
YES, NO = "Yes", "No"
UNLOCKED = Protection(locked=False)
# Column A: wide enough for the input labels, and for destination names up to the limit
# (a longer name wraps onto more lines rather than being cut).
MIN_FIRST_WIDTH, MAX_FIRST_WIDTH = 36, 60
# Destinations whose two tables (inputs and totals) still share one printed page.
ROWS_WITH_TOTALS = 14


@dataclass(frozen=True, slots=True)
class Rule:
    """What one kind of input accepts, and what the cell tells the person typing.

    Excel's limits: a title of at most 32 characters, a message of at most 255 (a longer
    translation is cut, `_fitted`).
    """

    type: str
    operator: str | None
    formula1: str
    formula2: str | None
    title: str
    prompt: str
    error: str


def _number(value: Decimal) -> str:
    """A bound as a spreadsheet formula reads it ("1E-09" is not a number to Excel)."""
    return format(value, "f")


def answers(language: Language = ENGLISH) -> tuple[str, str]:
    """The words a Yes/No cell takes in `language` (no comma or quote: they are a list
    validation's items and a formula's strings)."""
    def word(text: str) -> str:
        return text.replace(",", " ").replace('"', "").strip() or "?"
    return (word(language.pgettext("what-if answer", "Yes")),
            word(language.pgettext("what-if answer", "No")))


def _fitted(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"


def rules(language: Language = ENGLISH) -> dict[str, Rule]:
    """Every kind of input's rule, its messages in `language`."""
    gettext, isolate = language.gettext, language.isolate
    yes, no = answers(language)
    highest = isolate(MAX_SESSIONS)
    price_bound = isolate(_number(MAX_AMOUNT))
    sessions = gettext("a whole number from 0 to {most}").format(most=highest)
    price = gettext("0 or more (at most {most})").format(most=price_bound)

    def rule(kind: str, operator: str | None, formula1: str, formula2: str | None,
             title: str, prompt: str, error: str) -> Rule:
        return Rule(kind, operator, formula1, formula2, _fitted(title, 32),
                    _fitted(prompt, 255), _fitted(error, 255))

    return {
        "sessions": rule(
            "whole", "between", "0", str(MAX_SESSIONS), gettext("Sessions"),
            gettext("Sessions in this phase: {sessions}. Trips and nights come from the "
                    "app's schedule: change them too in the table below.").format(
                sessions=sessions),
            gettext("Type the number of sessions: {sessions}.").format(sessions=sessions)),
        "percent": rule(
            "decimal", "between", "0", "1", gettext("Percentage"),
            # Percent signs as placeholders: "% s" would read as a %-format to babel.
            gettext("Type the percentage with its {sign} sign, e.g. {example} (from {low} to "
                    "{high}).").format(sign="%", example="15%", low="0%", high="100%"),
            gettext("Type a percentage from {low} to {high} with its {sign} sign: {example}, "
                    "not 15 (which some programs read as {wrong}).").format(
                sign="%", example="15%", low="0%", high="100%", wrong="1500%")),
        "tax_included": rule(
            "list", None, f'"{yes},{no}"', None, gettext("Tax included in prices?"),
            gettext("{yes}: the prices already include the tax; it is only shown. {no}: the "
                    "tax is added to the discounted subtotal.").format(yes=yes, no=no),
            gettext("Choose {yes} (tax included in prices) or {no} (tax added).").format(
                yes=yes, no=no)),
        "per_session": rule(
            "list", None, f'"{yes},{no}"', None, gettext("Charged at every session?"),
            gettext("{yes}: charged at every session (× sessions in total). {no}: charged "
                    "once.").format(yes=yes, no=no),
            gettext("Choose {yes} (charged at every session) or {no} (charged once).").format(
                yes=yes, no=no)),
        "add_on_name": rule(
            "textLength", "lessThanOrEqual", "100", None, gettext("Add-on name"),
            gettext("What the add-on is, e.g. PRP (up to 100 characters). Only its prices "
                    "count."),
            gettext("Type a name of up to 100 characters.")),
        "add_on_price": rule(
            "decimal", "between", "0", _number(MAX_AMOUNT), gettext("Add-on price"),
            gettext("Price of one unit in the currency in column F: {price}. Leave High "
                    "empty for a fixed price; an empty row counts as 0.").format(price=price),
            gettext("Type a price: {price}.").format(price=price)),
        "session_price": rule(
            "decimal", "greaterThan", "0", None, gettext("Price of one session"),
            gettext("Price of one session in the destination's price currency (column B): "
                    "more than 0. Keep the high price at or above the low one."),
            gettext("Type a price of one session above 0.")),
        "trips": rule(
            "whole", "between", "0", str(MAX_SESSIONS), gettext("Trips"),
            gettext("Trips to the destination: {sessions}, from the app's schedule. Change "
                    "it with the sessions.").format(sessions=sessions),
            gettext("Type the number of trips: {sessions}.").format(sessions=sessions)),
        "nights": rule(
            "whole", "greaterThanOrEqual", "0", None, gettext("Nights"),
            gettext("Nights of stay in total: a whole number, 0 or more, from the app's "
                    "schedule. Change it with the sessions."),
            gettext("Type the number of nights: a whole number, 0 or more.")),
        "travel_price": rule(
            "decimal", "between", "0", _number(MAX_AMOUNT), gettext("Travel price"),
            gettext("Return travel per trip, or one night's stay, in the travel currency "
                    "(column H): {price}.").format(price=price),
            gettext("Type a price: {price}.").format(price=price)),
        "rate": rule(
            "decimal", "between", _number(MIN_RATE), _number(MAX_RATE),
            gettext("Exchange rate"),
            gettext("Units of the second currency that 1 unit of the first buys. Above 0 "
                    "(from 0.000000001 to 1000000000)."),
            gettext("Type a rate above 0: how many units of the second currency 1 of the "
                    "first buys.")),
    }


RULES = rules()


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
    rates: dict[str, str] = field(default_factory=dict)

    def rate(self, base: str, quote: str) -> str:
        """The rate cell converting `base` into `quote`; 1 for the same currency."""
        return "1" if base == quote else self.rates[f"{base}/{quote}"]


class _Checks:
    """One data validation per kind of input, each listing the cells it covers; the
    sheet's words (`rules`, `answers`) in its language."""

    def __init__(self, sheet: Worksheet, language: Language = ENGLISH) -> None:
        self.sheet = sheet
        self.language = language
        self.rules = RULES if language is ENGLISH else rules(language)
        self.yes, self.no = answers(language)
        self.made: dict[str, DataValidation] = {}

    def add(self, kind: str, address: str) -> None:
        check = self.made.get(kind)
        if check is None:
            rule = self.rules[kind]
            check = DataValidation(
                type=rule.type, operator=rule.operator, formula1=rule.formula1,
                formula2=rule.formula2, allow_blank=kind in ("add_on_name", "add_on_price"),
                showInputMessage=True, promptTitle=rule.title, prompt=rule.prompt,
                showErrorMessage=True, errorStyle="stop", errorTitle=rule.title,
                error=rule.error)
            self.sheet.add_data_validation(check)
            self.made[kind] = check
        check.add(address.replace("$", ""))


def _absolute(row: int, column: int) -> str:
    return f"${column_letter(column)}${row}"


def add_what_if_sheet(workbook: Workbook, styles: Styles, rows: Sequence[WhatIfRow],
                      template: QuoteRequest, display: str, rates: Sequence[RateQuote],
                      locale: str, with_deposit: bool = False,
                      language: Language = ENGLISH) -> Worksheet:
    """Write the inputs block, the rates block, the destinations table (inputs) and the
    totals table (formulas), one row per destination in each."""
    sheet = new_sheet(workbook, "What-if", language)
    checks = _Checks(sheet, language)
    gettext = language.gettext
    put_text(sheet.cell(1, 1), gettext("What-if: change the yellow cells and the totals "
                                       "follow"), "title")
    put_text(sheet.cell(2, 1), gettext(
        "Discount applies to the subtotal; tax is added, or only shown when included in "
        "prices. Totals are converted unrounded, then rounded once. Only this sheet follows "
        "your edits: the other sheets keep the figures as exported."), "note")
    put_text(sheet.cell(3, 1), gettext(
        "Type percentages with their sign (15%). Trips and nights come from the app's "
        "schedule: change them too if you change the number of sessions. Only the yellow "
        "cells can be changed (the sheet is protected, without a password)."), "note")
    for row in (2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
        sheet.row_dimensions[row].height = 28
    row, inputs = _inputs_block(sheet, styles, checks, rows,
                                template.with_add_on_currency(display), display, 5,
                                with_deposit)
    add_on_currencies = [code for code, _low, _high in inputs.add_ons]
    row, rate_cells = _rates_block(sheet, styles, checks,
                                   _real_rates(rows, rates, display, add_on_currencies,
                                               language), row + 1)
    inputs.rates.update(rate_cells)
    # Two tables of at most ten columns each (inputs, then totals) rather than one row of
    # nineteen: printed, a sheet that wide shrinks to unreadable print.
    put_text(sheet.cell(row + 1, 1), gettext("Destinations: prices, trips and travel"),
             "label")
    header = row + 2
    header_row(sheet, header, (
        gettext(DESTINATION), gettext("Price currency"), gettext("Per session low"),
        gettext("Per session high"), gettext("Rate used"), gettext("Trips"),
        gettext("Nights"), gettext("Travel currency"), gettext("Travel per trip"),
        gettext("Travel per night")))
    first = header + 1
    totals_label = first + len(rows) + 1
    currency = language.isolate(display)
    put_text(sheet.cell(totals_label, 1), gettext(
        "Totals, recalculated from the inputs above (packages in the price currency, totals "
        "in {currency})").format(currency=currency), "label")
    totals_header = totals_label + 1
    header_row(sheet, totals_header, (
        gettext(DESTINATION), gettext("Package low"), gettext("Package typical"),
        gettext("Package high"), gettext("Travel ({currency})").format(currency=currency),
        gettext("Total low ({currency})").format(currency=currency),
        gettext("Total typical ({currency})").format(currency=currency),
        gettext("Total high ({currency})").format(currency=currency),
        *((gettext("Deposit low"), gettext("Deposit high")) if with_deposit else ())))
    widths = _Widths(styles.formats)
    for offset, item in enumerate(rows):
        travel_currency = _destination_inputs(sheet, styles, checks, first + offset, item,
                                              display)
        _destination_totals(sheet, styles, widths, totals_header + 1 + offset,
                            first + offset, item, display, travel_currency, inputs,
                            with_deposit)
    for row_number in (header, totals_header):
        sheet.row_dimensions[row_number].height = 30
    # Printed, the tables start on a page of their own (a header never ends a page), the
    # totals too when both tables will not share one page.
    sheet.row_breaks.append(Break(id=header - 2))
    if len(rows) > ROWS_WITH_TOTALS:
        sheet.row_breaks.append(Break(id=totals_label - 1))
    widths.apply(sheet, range(first, first + len(rows)), [item.label for item in rows])
    # Only the first column stays in view: freezing the rows above the tables would pin
    # the whole inputs block and leave no room to scroll through the destinations.
    sheet.freeze_panes = "B1"
    print_setup(sheet, locale, None, landscape=True)
    _protect(sheet)
    return sheet


def _protect(sheet: Worksheet) -> None:
    """Lock everything but the inputs; no password. Columns and rows may still be resized
    (a long name), nothing else changes."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _input(sheet: Worksheet, checks: _Checks, kind: str, row: int, column: int, value,
           style: str = "input") -> str:
    """A yellow, unlocked cell with the data validation of its kind."""
    cell = sheet.cell(row, column, value)
    cell.style = style
    cell.protection = UNLOCKED
    address = _absolute(row, column)
    checks.add(kind, address)
    return address


def _inputs_block(sheet: Worksheet, styles: Styles, checks: _Checks,
                  rows: Sequence[WhatIfRow], template: QuoteRequest, display: str, row: int,
                  with_deposit: bool) -> tuple[int, _Inputs]:
    """Sessions per phase, discount, tax, add-ons; returns the next free row."""
    gettext, yes, no = checks.language.gettext, checks.yes, checks.no
    schedule = rows[0].quote.schedule if rows else ()
    put_text(sheet.cell(row, 1), gettext("Sessions per phase"), "label")
    first = row + 1
    for phase in template.protocol.phases:
        row += 1
        put_text(sheet.cell(row, 1), phase.name)
        _input(sheet, checks, "sessions", row, 2, phase.sessions)
    row += 1
    put_text(sheet.cell(row, 1), checks.language.pgettext("phase", "maintenance"))
    _input(sheet, checks, "sessions", row, 2, sum(1 for s in schedule if s.maintenance))
    row += 1
    put_text(sheet.cell(row, 1), gettext("Sessions in total"), "label")
    sessions = _formula(sheet, row, 2, f"=SUM(B{first}:B{row - 1})", "count")
    row += 2
    discount = _percent_input(sheet, styles, checks, row, gettext("Discount (%)"),
                              template.discount_pct)
    tax = _percent_input(sheet, styles, checks, row + 1, gettext("Tax (%)"), template.tax_pct)
    put_text(sheet.cell(row + 2, 1), gettext("Tax included in prices ({yes}/{no})").format(
        yes=yes, no=no))
    included = _input(sheet, checks, "tax_included", row + 2, 2,
                      yes if template.tax_inclusive else no)
    row += 3
    deposit = None
    if with_deposit:
        deposit = _percent_input(sheet, styles, checks, row, gettext("Deposit (%)"),
                                 template.deposit_pct)
        row += 1
    put_text(sheet.cell(row, 1), gettext("Price factor after discount and tax"), "label")
    factor = _formula(sheet, row, 2,
                      f'=(1-{discount})*IF({included}="{yes}",1,1+{tax})', "rate")
    row, add_ons = _add_ons_block(sheet, styles, checks, template, display, row + 2,
                                  sessions)
    return row, _Inputs(sessions, factor, add_ons, deposit)


def _percent_input(sheet: Worksheet, styles: Styles, checks: _Checks, row: int, label: str,
                   percent: Decimal) -> str:
    """A percentage stored as a real percentage (15 % is 0.15) with a percent format."""
    put_text(sheet.cell(row, 1), label)
    address = _input(sheet, checks, "percent", row, 2, percent / 100)
    sheet.cell(row, 2).number_format = styles.formats.percent
    return address


def _formula(sheet: Worksheet, row: int, column: int, formula: str, style: str) -> str:
    cell = sheet.cell(row, column, formula)
    cell.style = style
    return _absolute(row, column)


def _add_ons_block(sheet: Worksheet, styles: Styles, checks: _Checks,
                   template: QuoteRequest, display: str, row: int, sessions: str
                   ) -> tuple[int, tuple[tuple[str, str, str], ...]]:
    """Add-on prices, each in the currency it was priced in, then the spare rows (in the
    display currency), and their low/high sums per currency (each destination row
    converts the sums with its rates)."""
    language, yes, no = checks.language, checks.yes, checks.no
    gettext = language.gettext
    put_text(sheet.cell(row, 1), gettext(
        "Add-ons, each priced in its own currency and converted into each destination's "
        "price currency at the rates below"), "label")
    row += 1
    header_row(sheet, row, (gettext("Add-on"), gettext("Low"), gettext("High"),
                            gettext("Per session"), gettext("Quantity"), gettext("Currency")))
    by_currency: dict[str, list[int]] = {}
    typed = [(add_on.name, add_on.low, add_on.high, add_on.per_session,
              add_on.currency or display) for add_on in template.add_ons]
    spare = [(None, None, None, False, display)] * SPARE_ADD_ONS
    for name, low, high, per_session, currency in typed + spare:
        row += 1
        if name is None:
            _input(sheet, checks, "add_on_name", row, 1, None)
        else:
            put_text(sheet.cell(row, 1), name)
        money = styles.money(currency, "input")
        _input(sheet, checks, "add_on_price", row, 2, low, money)
        _input(sheet, checks, "add_on_price", row, 3, high, money)
        _input(sheet, checks, "per_session", row, 4, yes if per_session else no)
        _formula(sheet, row, 5, f'=IF(D{row}="{yes}",{sessions},1)', "count")
        put_text(sheet.cell(row, 6), currency)
        by_currency.setdefault(currency, []).append(row)
    row += 1
    put_text(sheet.cell(row, 1), language.ngettext(
        "The last {count} row is spare, priced in {currency}: type a name and a price and "
        "the totals include it (empty = 0).",
        "The last {count} rows are spare, priced in {currency}: type a name and a price and "
        "the totals include it (empty = 0).", SPARE_ADD_ONS).format(
        count=language.isolate(SPARE_ADD_ONS), currency=language.isolate(display)), "note")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
    totals = []
    for currency, rows in by_currency.items():
        row += 1
        put_text(sheet.cell(row, 1), gettext("Add-ons in total ({currency})").format(
            currency=language.isolate(currency)), "label")
        money = styles.money(currency)
        low = _formula(sheet, row, 2, "=" + "+".join(f"B{r}*E{r}" for r in rows), money)
        # An empty High is a fixed price: the low one.
        high = _formula(sheet, row, 3, "=" + "+".join(
            f'IF(C{r}="",B{r},C{r})*E{r}' for r in rows), money)
        totals.append((currency, low, high))
    return row + 2, tuple(totals)


def _real_rates(rows: Sequence[WhatIfRow], rates: Sequence[RateQuote], display: str,
                add_on_currencies: Sequence[str], language: Language = ENGLISH
                ) -> list[tuple[RateQuote, str]]:
    """The rates worth an input cell, each with what it converts: every real conversion
    used, plus display → price currency for each destination (the spare add-on rows are
    priced in the display currency), as the inverse of the rate of that destination's
    package when no add-on needed it already."""
    real = {rate.pair: rate for rate in rates if rate.base != rate.quote}
    packages = language.pgettext("a rate is used for", "packages")
    travel_use = language.pgettext("a rate is used for", "travel")
    add_ons = language.pgettext("a rate is used for", "add-ons")
    uses: dict[str, list[str]] = {}
    for item in rows:
        native = item.quote.currency
        package, travel = item.converted.rate, item.converted.travel_rate
        if package.base != package.quote:
            uses.setdefault(package.pair, []).append(packages)
            if f"{display}/{native}" not in real:
                real[f"{display}/{native}"] = package.inverse()
        if travel is not None and travel.base != travel.quote:
            uses.setdefault(travel.pair, []).append(travel_use)
        for code in add_on_currencies:
            if code != native:
                uses.setdefault(f"{code}/{native}", []).append(add_ons)
    return [(rate, ", ".join(dict.fromkeys(uses.get(pair, ()))))
            for pair, rate in real.items()]


def _rates_block(sheet: Worksheet, styles: Styles, checks: _Checks,
                 rates: Sequence[tuple[RateQuote, str]], row: int
                 ) -> tuple[int, dict[str, str]]:
    gettext = checks.language.gettext
    put_text(sheet.cell(row, 1), gettext("Exchange rates: 1 unit of the first currency buys "
                                         "RATE of the second"), "label")
    cells: dict[str, str] = {}
    if not rates:
        put_text(sheet.cell(row + 1, 1), gettext("None needed: every price is already in "
                                                 "the currency it is counted in."))
        return row + 2, cells
    row += 1
    header_row(sheet, row, (gettext("Pair"), gettext("Rate"), gettext("Rate date"),
                            gettext("Source"), gettext("Used for")))
    for rate, use in rates:
        row += 1
        put_text(sheet.cell(row, 1), rate.pair)
        cells[rate.pair] = _input(sheet, checks, "rate", row, 2, rate.rate)
        sheet.cell(row, 2).number_format = styles.formats.rate
        put_date(sheet.cell(row, 3), rate.rate_date)
        put_text(sheet.cell(row, 4), gettext("{source} (stale)").format(source=rate.source)
                 if rate.stale else rate.source)
        put_text(sheet.cell(row, 5), use)
    return row + 1, cells


def _destination_inputs(sheet: Worksheet, styles: Styles, checks: _Checks, row: int,
                        item: WhatIfRow, display: str) -> str:
    """One row of the destinations table: per-session prices, trips, nights, travel.
    Returns the travel currency."""
    quote, converted = item.quote, item.converted
    native = quote.currency
    _label(sheet, row, item.label)
    put_text(sheet.cell(row, PRICE_CURRENCY), native)
    price = styles.money(native, "input")
    _input(sheet, checks, "session_price", row, PER_SESSION_LOW, quote.per_session.low,
           price)
    _input(sheet, checks, "session_price", row, PER_SESSION_HIGH, quote.per_session.high,
           price)
    put_text(sheet.cell(row, RATE_USED), converted.rate.pair if native != display
             else checks.language.gettext("same currency"))
    return _travel_inputs(sheet, styles, checks, row, quote, display)


def _destination_totals(sheet: Worksheet, styles: Styles, widths: _Widths, row: int,
                        source: int, item: WhatIfRow, display: str, travel_currency: str,
                        inputs: _Inputs, with_deposit: bool) -> None:
    """One row of the totals table: formulas over the inputs block, the rates and the
    destination's inputs in row `source`."""
    quote, converted = item.quote, item.converted
    native = quote.currency
    _label(sheet, row, item.label)
    rate = inputs.rate(native, display)
    travel_rate = inputs.rate(travel_currency, display)

    def at(column: int) -> str:
        return f"{column_letter(column)}{source}"

    # Unrounded pieces, each a formula fragment over the inputs.
    # Add-ons: each currency's sum × the rate into this row's price currency, unrounded.
    add_low = "+".join(f"{low}*{inputs.rate(code, native)}"
                       for code, low, _high in inputs.add_ons) or "0"
    add_high = "+".join(f"{high}*{inputs.rate(code, native)}"
                        for code, _low, high in inputs.add_ons) or "0"
    price_low, price_high = at(PER_SESSION_LOW), at(PER_SESSION_HIGH)
    low = f"({price_low}*{inputs.sessions}+{add_low})*{inputs.factor}"
    high = f"({price_high}*{inputs.sessions}+{add_high})*{inputs.factor}"
    mid = (f"(({price_low}+{price_high})/2*{inputs.sessions}"
           f"+({add_low}+{add_high})/2)*{inputs.factor}")
    travel = (f"({at(TRIPS)}*{at(TRAVEL_PER_TRIP)}+{at(NIGHTS)}*{at(TRAVEL_PER_NIGHT)})"
              f"*{travel_rate}")
    native_digits, display_digits = minor_units(native), minor_units(display)
    native_total = styles.money(native, "total")
    display_total = styles.money(display, "total")
    travel_shown = converted.travel.high if converted.travel is not None else ZERO
    cells = [
        (PACKAGE_LOW, f"=ROUND({low},{native_digits})", native_total, quote.total.low),
        (PACKAGE_TYPICAL, f"=ROUND({mid},{native_digits})", native_total, quote.total.mid),
        (PACKAGE_HIGH, f"=ROUND({high},{native_digits})", native_total, quote.total.high),
        (TRAVEL_DISPLAY, f"=ROUND({travel},{display_digits})", styles.money(display),
         travel_shown),
    ]
    for column, part, figure in ((TOTAL_LOW, low, converted.grand.low),
                                 (TOTAL_TYPICAL, mid, converted.grand.mid),
                                 (TOTAL_HIGH, high, converted.grand.high)):
        cells.append((column, f"=ROUND({part}*{rate}+{travel},{display_digits})",
                      display_total, figure))
    if with_deposit and inputs.deposit and quote.deposit is not None:
        for column, part, figure in ((DEPOSIT_LOW, low, quote.deposit.low),
                                     (DEPOSIT_HIGH, high, quote.deposit.high)):
            cells.append((column, f"=ROUND({part}*{inputs.deposit},{native_digits})",
                          styles.money(native), figure))
    for column, formula, style, figure in cells:
        _formula(sheet, row, column, formula, style)
        # The formulas have no value until a spreadsheet calculates: size the column for
        # the engine's figure.
        widths.expect(sheet.cell(row, column), figure)


def _label(sheet: Worksheet, row: int, text: str) -> None:
    """A destination's name in column A, wrapped (with a taller row) when it is longer
    than the widest the column gets, so that it is never cut. Its last line sits on the
    line of the row's figures."""
    cell = sheet.cell(row, 1)
    put_text(cell, text)
    # Text runs about a tenth narrower than the digit a column width counts in.
    lines = -(-len(text) * 9 // (10 * (MAX_FIRST_WIDTH - 1)))
    if lines > 1:
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.row_dimensions[row].height = 15 * lines


class _Widths:
    """Column widths fitted to what each column shows, so that no figure becomes ###.

    Widths are in characters of the default font; bold figures count a tenth wider.
    """

    def __init__(self, formats: Formats) -> None:
        self.formats = formats
        self.chars: dict[int, float] = {}

    def _note(self, column: int, chars: float) -> None:
        self.chars[column] = max(self.chars.get(column, 0), chars)

    def expect(self, cell: Cell, figure: Decimal) -> None:
        """A formula cell: sized for the figure the engine computed for it."""
        self._note(cell.column, _shown_length(figure, cell.number_format, cell.font.b))

    def apply(self, sheet: Worksheet, table_rows: range, labels: Sequence[str]) -> None:
        """Measure the stored numbers and dates, the header words and the text of the
        destinations table (text elsewhere may run on into empty cells), then set the
        widths of columns B onwards, and of A from the labels."""
        for line in sheet.iter_rows(min_col=2):
            for cell in line:
                value = cell.value
                if isinstance(value, bool) or value is None:
                    continue
                if isinstance(value, int | float | Decimal):
                    self._note(cell.column, _shown_length(Decimal(str(value)),
                                                          cell.number_format, cell.font.b))
                elif isinstance(value, date):
                    self._note(cell.column, len(self.formats.date_text(value)))
                elif cell.style == "header":  # bold, wrapped at spaces
                    self._note(cell.column, 1.2 * max(map(len, str(value).split())))
                elif cell.row in table_rows and cell.data_type == "s":
                    self._note(cell.column, len(str(value)))
        first = max([MIN_FIRST_WIDTH, *(len(label) + 2 for label in labels)])
        widths = [min(MAX_FIRST_WIDTH, first)]
        widths += [round(max(self.chars.get(column, 0), 7) + 2, 1)
                   for column in range(2, sheet.max_column + 1)]
        set_widths(sheet, widths)


def _shown_length(value: Decimal, number_format: str, bold: bool = False) -> float:
    """About how many characters a number takes in `number_format`."""
    section = number_format.partition(";")[0]
    literal = ""
    if section.startswith("[$-"):  # a locale's format: modifier, number, quoted symbol
        section = section[section.index("]") + 1:]
        literal = "".join(re.findall(r'"([^"]*)"', section))
        section = re.sub(r'"[^"]*"', "", section)
    decimals = len(section.rsplit(".", 1)[1].rstrip("%")) if "." in section else 0
    if section.endswith("%"):
        text = f"{value * 100:.{decimals}f}%"
    elif section.startswith("[$"):
        tag = section[2:section.index("]")]
        symbol = tag.split("-")[0] if "-" in tag else tag + " "
        text = f"{symbol}{value:,.{decimals}f}"
    elif section == "General":
        text = f"{value:f}" if value == value.to_integral_value() else str(value)
    else:
        text = f"{value:,.{decimals}f}" if "," in section else f"{value:.{decimals}f}"
    return (len(text) + len(literal)) * (1.1 if bold else 1)


def _travel_inputs(sheet: Worksheet, styles: Styles, checks: _Checks, row: int,
                   quote: Quote, display: str) -> str:
    """Trips, nights and travel prices; zeros (in the display currency) without travel."""
    travel = quote.travel
    entry_travel = quote.request.entry.travel
    if travel is None or entry_travel is None:
        currency, trips, nights, per_trip, per_night = display, 0, 0, ZERO, ZERO
    else:
        currency = entry_travel.currency
        trips, nights = len(travel.trips), travel.nights
        per_trip, per_night = entry_travel.per_trip, entry_travel.per_night
    _input(sheet, checks, "trips", row, TRIPS, trips)
    _input(sheet, checks, "nights", row, NIGHTS, nights)
    put_text(sheet.cell(row, TRAVEL_CURRENCY), currency)
    money = styles.money(currency, "input")
    _input(sheet, checks, "travel_price", row, TRAVEL_PER_TRIP, per_trip, money)
    _input(sheet, checks, "travel_price", row, TRAVEL_PER_NIGHT, per_night, money)
    return currency
