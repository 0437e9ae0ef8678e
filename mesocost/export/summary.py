"""The comparison workbook's Summary sheet: one row per destination and a range chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.comparison import ComparisonRow
from mesocost.core.conversion import ECB_CAVEAT
from mesocost.core.engine import QuoteRequest
from mesocost.core.geo import country_name
from mesocost.export.cells import Styles, money_value, put_date, put_text
from mesocost.export.workbook import freeze_below, header_row, print_setup, set_widths
from mesocost.present import plan_text

HEADER_ROW = 8
# Column numbers, so tests and the chart read the same layout the writer uses.
DESTINATION, CITY, CLINIC, CURRENCY = 1, 2, 3, 4
PER_SESSION_LOW, PER_SESSION_HIGH, SESSIONS = 5, 6, 7
PACKAGE_LOW, PACKAGE_TYPICAL, PACKAGE_HIGH = 8, 9, 10
TREATMENT_LOW, TREATMENT_TYPICAL, TREATMENT_HIGH = 11, 12, 13
TRIPS, TRAVEL = 14, 15
TOTAL_LOW, TOTAL_TYPICAL, TOTAL_HIGH = 16, 17, 18
CHART_LABEL, CHART_SPREAD = 19, 20
# A bar per destination stops being readable long before 1,000 rows: chart the cheapest.
CHART_MAX_ROWS = 30


def summary_columns(display: str) -> tuple[str, ...]:
    return (
        "Destination", "City", "Clinic", "Price currency", "Per session low",
        "Per session high", "Sessions", "Package low", "Package typical", "Package high",
        f"Treatment low ({display})", f"Treatment typical ({display})",
        f"Treatment high ({display})", "Trips", f"Travel ({display})",
        f"Total low ({display})", f"Total typical ({display})", f"Total high ({display})",
        "Chart label", f"Chart: high − low ({display})",
    )


def add_summary_sheet(workbook: Workbook, styles: Styles, rows: Sequence[ComparisonRow],
                      template: QuoteRequest, display: str, locale: str, created: date
                      ) -> Worksheet:
    sheet = workbook.create_sheet("Summary")
    _header_block(sheet, template, display, created)
    header_row(sheet, HEADER_ROW, summary_columns(display))
    sheet.row_dimensions[HEADER_ROW].height = 45
    for index, row in enumerate(rows, start=HEADER_ROW + 1):
        _destination_row(sheet, styles, index, row, display, locale)
    set_widths(sheet, (18, 14, 18, 9, 12, 12, 9, 13, 13, 13, 14, 14, 14, 7, 13, 14, 14, 14,
                       22, 13))
    freeze_below(sheet, HEADER_ROW, columns=1)
    print_setup(sheet, locale, HEADER_ROW, landscape=True)
    if rows:
        _range_chart(sheet, len(rows), display)
    return sheet


def _header_block(sheet: Worksheet, template: QuoteRequest, display: str, created: date
                  ) -> None:
    protocol = template.protocol
    put_text(sheet.cell(1, 1), "Hair mesotherapy: package comparison", "title")
    facts = (("Protocol", f"{protocol.title} — {plan_text(template)}"),
             ("Display currency", display))
    for offset, (label, value) in enumerate(facts):
        put_text(sheet.cell(2 + offset, 1), label, "label")
        put_text(sheet.cell(2 + offset, 2), value)
    put_text(sheet.cell(4, 1), "First session", "label")
    put_date(sheet.cell(4, 2), template.start)
    put_text(sheet.cell(5, 1), "Created", "label")
    put_date(sheet.cell(5, 2), created)
    put_text(sheet.cell(6, 1), "Sorted by typical total. " + ECB_CAVEAT, "note")
    sheet.merge_cells(start_row=6, start_column=1, end_row=6, end_column=10)
    sheet.row_dimensions[6].height = 30


def _destination_row(sheet: Worksheet, styles: Styles, index: int, row: ComparisonRow,
                     display: str, locale: str) -> None:
    quote, entry, converted = row.quote, row.entry, row.converted
    native = entry.currency
    cell = sheet.cell
    put_text(cell(index, DESTINATION), country_name(entry.destination, locale))
    put_text(cell(index, CITY), entry.city)
    put_text(cell(index, CLINIC), entry.clinic)
    put_text(cell(index, CURRENCY), native)
    money = styles.money(native)
    shown = styles.money(display)
    total = styles.money(display, "total")
    _amount(cell(index, PER_SESSION_LOW), entry.per_session_low, native, money)
    _amount(cell(index, PER_SESSION_HIGH), entry.per_session_high, native, money)
    cell(index, SESSIONS, quote.sessions).style = "count"
    _amount(cell(index, PACKAGE_LOW), quote.total.low, native, money)
    _amount(cell(index, PACKAGE_TYPICAL), quote.total.mid, native, money)
    _amount(cell(index, PACKAGE_HIGH), quote.total.high, native, money)
    _amount(cell(index, TREATMENT_LOW), converted.treatment.low, display, shown)
    _amount(cell(index, TREATMENT_TYPICAL), converted.treatment.mid, display, shown)
    _amount(cell(index, TREATMENT_HIGH), converted.treatment.high, display, shown)
    if quote.travel is not None and converted.travel is not None:
        cell(index, TRIPS, len(quote.travel.trips)).style = "count"
        _amount(cell(index, TRAVEL), converted.travel.low, display, shown)
    low = _amount(cell(index, TOTAL_LOW), converted.grand.low, display, total)
    _amount(cell(index, TOTAL_TYPICAL), converted.grand.mid, display, total)
    high = _amount(cell(index, TOTAL_HIGH), converted.grand.high, display, total)
    put_text(cell(index, CHART_LABEL), entry.label if (entry.city or entry.clinic)
             else country_name(entry.destination, locale))
    # The chart draws the range as an invisible "low" bar plus a visible "high − low" bar;
    # the bar length is the difference of the two shown (rounded) totals.
    _amount(cell(index, CHART_SPREAD), high - low, display, shown)


def _amount(cell, amount, currency: str, style: str):
    cell.value = money_value(amount, currency)
    cell.style = style
    return cell.value


def _range_chart(sheet: Worksheet, count: int, display: str) -> None:
    """Horizontal stacked bars: a transparent low bar, then the low–high range."""
    shown = min(count, CHART_MAX_ROWS)
    first, last = HEADER_ROW + 1, HEADER_ROW + shown
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 60
    title = f"Total for the course, low to high ({display})"
    if count > shown:
        title += f": the {shown} cheapest of {count}"
    chart.title = title
    chart.y_axis.title = display
    chart.y_axis.numFmt = "#,##0"
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # cheapest at the top, as in the table
    chart.legend = None
    data = Reference(sheet, min_col=TOTAL_LOW, min_row=HEADER_ROW, max_row=last)
    spread = Reference(sheet, min_col=CHART_SPREAD, min_row=HEADER_ROW, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.add_data(spread, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=CHART_LABEL, min_row=first, max_row=last))
    invisible, visible = chart.series
    invisible.graphicalProperties = GraphicalProperties(noFill=True)
    invisible.graphicalProperties.line.noFill = True
    visible.graphicalProperties = GraphicalProperties(solidFill="3A6EA5")
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width = 24
    chart.height = max(6.0, 0.8 * shown + 3)
    sheet.add_chart(chart, f"A{HEADER_ROW + count + 3}")
