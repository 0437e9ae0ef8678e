"""Every figure a person reads in an exported workbook is the engine's, to the minor unit."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from mesocost.core.comparison import compare, price_request
from mesocost.core.money import round_to_minor
from mesocost.export import detail_sheets, summary
from mesocost.export.cells import currency_format
from mesocost.export.xlsx import QuoteDetails, comparison_workbook, quote_workbook
from tests.export.quote_cells import fact_cell

CREATED = date(2026, 11, 2)
CURRENCIES = ("USD", "EUR", "GBP", "JPY")


def _as_date(value):
    assert isinstance(value, datetime | date), value
    return value.date() if isinstance(value, datetime) else value


@pytest.mark.parametrize("display", CURRENCIES)
def test_summary_figures_equal_the_engine(display, seed_entries, travel_entry,
                                          request_with_everything, rates, reload, number):
    entries = (*seed_entries, travel_entry)
    rows = compare(entries, request_with_everything, display, rates)
    book = reload(comparison_workbook(rows, request_with_everything, display,
                                      locale="en_GB", created=CREATED))
    sheet, prices = book["Summary"], book["Details"]
    assert book.sheetnames == ["Summary", "Details", "Sources", "Schedule", "What-if",
                               "Rates", "Chart data"]
    assert book["Chart data"].sheet_state == "hidden"
    for offset, row in enumerate(rows):
        r = summary.HEADER_ROW + 1 + offset
        d = detail_sheets.DETAILS_HEADER_ROW + 1 + offset
        quote, conv, native = row.quote, row.converted, row.entry.currency

        def shown(column, r=r, sheet=sheet):
            return number(sheet.cell(r, column).value)

        # Details: each clinic's prices in its own currency, in the Summary's order.
        assert prices.cell(d, detail_sheets.CURRENCY).value == native
        assert shown(detail_sheets.PER_SESSION_LOW, d, prices) == round_to_minor(
            row.entry.per_session_low, native)
        for column, value in ((detail_sheets.PACKAGE_LOW, quote.total.low),
                              (detail_sheets.PACKAGE_TYPICAL, quote.total.mid),
                              (detail_sheets.PACKAGE_HIGH, quote.total.high)):
            assert shown(column, d, prices) == round_to_minor(value, native)
            assert prices.cell(d, column).number_format == currency_format(native)
        if quote.travel is not None:
            assert shown(detail_sheets.TRAVEL_COST, d, prices) == round_to_minor(
                quote.travel.cost.low, quote.travel.cost.currency)
            assert shown(detail_sheets.NIGHTS, d, prices) == quote.travel.nights
        assert shown(summary.SESSIONS) == quote.sessions
        for column, value in ((summary.TREATMENT_LOW, conv.treatment.low),
                              (summary.TREATMENT_TYPICAL, conv.treatment.mid),
                              (summary.TREATMENT_HIGH, conv.treatment.high),
                              (summary.TOTAL_LOW, conv.grand.low),
                              (summary.TOTAL_TYPICAL, conv.grand.mid),
                              (summary.TOTAL_HIGH, conv.grand.high)):
            assert shown(column) == round_to_minor(value, display)
            assert sheet.cell(r, column).number_format == currency_format(display)
        if conv.travel is not None:
            assert shown(summary.TRIPS) == len(quote.travel.trips)
            assert shown(summary.TRAVEL) == round_to_minor(conv.travel.low, display)
        else:  # written out, never a blank that could mean zero
            assert sheet.cell(r, summary.TRAVEL).value == summary.NO_TRAVEL_COSTS
    typical = [number(sheet.cell(summary.HEADER_ROW + 1 + i, summary.TOTAL_TYPICAL).value)
               for i in range(len(rows))]
    assert typical == sorted(typical)
    assert _as_date(sheet["B4"].value) == request_with_everything.start
    assert _as_date(sheet["B5"].value) == CREATED
    assert sheet["B3"].value == display


@pytest.mark.parametrize("display", CURRENCIES)
def test_quote_figures_equal_the_engine(display, travel_entry, request_with_everything,
                                        rates, reload, number):
    quote, converted = price_request(request_with_everything._replace(entry=travel_entry),
                                     display, rates)
    details = QuoteDetails("Ada Lovelace", CREATED, 30, "Bring the referral letter.")
    book = reload(quote_workbook(quote, converted, details, locale="en_US"))
    assert book.sheetnames == ["Quote", "Schedule", "What-if", "Rates"]
    sheet = book["Quote"]
    labels = {}
    for r in range(1, sheet.max_row + 1):  # first use of a label: "Total" comes twice
        labels.setdefault(sheet.cell(r, 1).value, r)
    native = quote.currency

    def pair(label, first=6):
        r = labels[label]
        return number(sheet.cell(r, first).value), number(sheet.cell(r, first + 1).value)

    def rounded(span, currency):
        return round_to_minor(span.low, currency), round_to_minor(span.high, currency)

    assert pair("Subtotal") == rounded(quote.subtotal, native)
    assert pair("Discount 12.5%") == tuple(-v for v in rounded(quote.discount, native))
    assert pair("Tax 20% (added)") == rounded(quote.tax, native)
    assert pair("Total") == rounded(quote.total, native)
    deposit = round_to_minor(quote.deposit.low, native)  # one amount: of the lowest total
    assert pair("Deposit (25% of the lowest total)") == (deposit, deposit)
    assert number(sheet.cell(labels["Travel total"], 6).value) == round_to_minor(
        quote.travel.cost.low, quote.travel.cost.currency)
    for line in quote.lines:
        if line.kind in ("sessions", "maintenance", "add_on"):
            assert pair(line.label) == rounded(line.amount, native)
    for milestone in quote.milestones:
        assert pair(f"Cost up to session {milestone.session}") == rounded(milestone.total,
                                                                          native)
    # The converted block: low, typical, high in the display currency.
    converted_rows = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Total"]
    grand_row = converted_rows[-1]
    grand = [number(sheet.cell(grand_row, c).value) for c in (5, 6, 7)]
    assert grand == [round_to_minor(v, display) for v in
                     (converted.grand.low, converted.grand.mid, converted.grand.high)]
    assert sheet.cell(grand_row, 5).number_format == currency_format(display)
    assert _as_date(fact_cell(sheet, "Quote date").value) == CREATED
    assert _as_date(fact_cell(sheet, "Valid until").value) == date(2026, 12, 2)
    notes = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "first-line" in notes and "pregnant" in notes and "indicative" in notes
    assert "Rate USD/" + display in notes or display == "USD"


def test_number_formats_use_symbols_and_minor_units():
    assert currency_format("USD") == "[$$-409]#,##0.00;-[$$-409]#,##0.00"
    assert currency_format("JPY") == "[$¥-411]#,##0;-[$¥-411]#,##0"
    assert currency_format("GBP").startswith("[$£-809]#,##0.00")
    assert currency_format("KWD").startswith("[$KWD] #,##0.000")


def test_only_what_if_holds_formulas_and_the_book_recalculates_on_open(
        seed_entries, request_with_everything, rates, reload):
    rows = compare(seed_entries, request_with_everything, "EUR", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="en_US",
                                      created=CREATED))
    assert book.calculation.fullCalcOnLoad is True
    for sheet in book:
        formulas = [c.coordinate for row in sheet.iter_rows() for c in row
                    if c.data_type == "f"]
        if sheet.title == "What-if":
            assert formulas
        else:
            assert formulas == [], sheet.title


def test_print_setup_titles_and_properties(seed_entries, request_with_everything, rates,
                                           reload):
    rows = compare(seed_entries, request_with_everything, "USD", rates)
    us = reload(comparison_workbook(rows, request_with_everything, "USD", locale="en_US",
                                    created=CREATED))
    gb = reload(comparison_workbook(rows, request_with_everything, "USD", locale="de_DE",
                                    created=CREATED))
    assert us["Summary"].page_setup.paperSize == 1  # Letter
    assert gb["Summary"].page_setup.paperSize == 9  # A4
    sheet = us["Summary"]
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${summary.HEADER_ROW}:${summary.HEADER_ROW}"
    assert sheet.freeze_panes == f"B{summary.HEADER_ROW + 1}"
    assert sheet.column_dimensions["A"].width >= 15
    assert us.properties.title and us.properties.subject and us.properties.creator == "mesocost"
    assert len(sheet._charts) == 1
    for name in ("Details", "Sources", "Schedule"):
        assert us[name].page_setup.fitToWidth == 1 and us[name].print_title_rows, name


def test_schedule_and_rates_sheets(seed_entries, request_with_everything, rates, reload):
    rows = compare(seed_entries, request_with_everything, "EUR", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="en_US",
                                      created=CREATED))
    schedule = book["Schedule"]
    sessions = rows[0].quote.schedule
    aftercare = [c.value for c in schedule[4]].index("Aftercare reminders") + 1
    for offset, session in enumerate(sessions):
        r = 5 + offset
        assert schedule.cell(r, 1).value == session.number
        assert _as_date(schedule.cell(r, 2).value) == session.day
        assert schedule.cell(r, 3).value == session.phase
        assert "24 hours" in schedule.cell(r, aftercare).value
    rates_sheet = book["Rates"]
    pairs = {rates_sheet.cell(r, 1).value: r for r in range(5, rates_sheet.max_row + 1)}
    used = rows[-1].converted.rate
    r = pairs[used.pair]
    assert abs(rates_sheet.cell(r, 2).value - float(used.rate)) < 1e-12
    assert _as_date(rates_sheet.cell(r, 3).value) == used.rate_date
    assert rates_sheet.cell(r, 4).value == used.source
    assert rates_sheet.cell(r, 5).value == ("yes" if used.stale else "no")
    text = " ".join(str(c.value) for row in rates_sheet.iter_rows() for c in row if c.value)
    assert "information purposes only" in text


def test_a_long_comparison_charts_the_cheapest_thirty(seed_entries, request_with_everything,
                                                      rates, reload):
    entries = tuple(seed_entries[i % 3]._replace(clinic=f"Clinic {i}") for i in range(40))
    rows = compare(entries, request_with_everything, "EUR", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="en_US",
                                      created=CREATED))
    sheet = book["Summary"]
    assert sheet.max_row >= summary.HEADER_ROW + 40
    assert len(sheet._charts) == 1
