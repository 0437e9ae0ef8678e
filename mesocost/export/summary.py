"""The comparison workbook's Summary sheet: an overview that prints in readable type.

One row per destination with what a patient compares — where, which clinic, sessions,
the package and the total (travel included) as low / typical / high in the display
currency, trips and travel written out — a chart of each total's range (its data on a
hidden sheet), then the notes a reader needs (warnings, how travel was counted, the
evidence, the rates). Prices in each clinic's currency are on Details, sources and full
warnings on Sources (`detail_sheets`).

Every figure is the engine's (`ComparisonRow`), rounded once as it is stored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.comparison import ComparisonRow
from mesocost.core.conversion import ECB_CAVEAT
from mesocost.core.engine import QuoteRequest
from mesocost.core.geo import country_name, uses_letter_paper
from mesocost.core.i18n import ENGLISH, N_, Language, worded
from mesocost.core.protocol import EVIDENCE_NOTE
from mesocost.export.cells import INVARIANT, Formats, Styles, money_value, put_date, put_text
from mesocost.export.layout import (
    LINE_HEIGHT,
    Fit,
    merged_note,
    money_shown,
    print_area,
    realign,
    row_height,
    width_of,
)
from mesocost.export.workbook import (
    freeze_below,
    header_row,
    new_sheet,
    print_setup,
    set_widths,
    sheet_title,
)
from mesocost.present import day_text, plan_text

HEADER_ROW = 8
# Column numbers, so tests and the chart read the same layout the writer uses.
DESTINATION, CLINIC, SESSIONS = 1, 2, 3
# The package (the clinic's price for the course) converted into the display currency.
TREATMENT_LOW, TREATMENT_TYPICAL, TREATMENT_HIGH = 4, 5, 6
TRIPS, TRAVEL = 7, 8
TOTAL_LOW, TOTAL_TYPICAL, TOTAL_HIGH = 9, 10, 11
NOTES = 12  # numbers of the notes under the table that concern this row
LAST_SHOWN = NOTES
# What the chart reads lives on a hidden sheet: hidden columns on the Summary would still
# print (LibreOffice draws a hidden column's text at the edge of the print area).
CHART_DATA = "Chart data"
CHART_LABEL, CHART_LOW, CHART_SPREAD = 1, 2, 3  # its columns; row 1 the titles
# A bar per destination stops being readable long before 1,000 rows: chart the cheapest.
CHART_MAX_ROWS = 30
# A chart label longer than this is shortened (the table beside it has the whole name).
CHART_LABEL_MAX = 42

# Sentences in English, marked for translation: shown with `language.gettext(...)`.
LOW_TYPICAL_HIGH = N_("Low: every session at the clinic's lowest per-session price; high: at "
                      "its highest; typical: halfway between the two.")
WHAT_IF_NOTE = N_("Figures are as computed on {created}. Editing the What-if sheet does not "
                  "change them: What-if recalculates only its own totals.")
TRAVEL_NOT_INCLUDED = N_("travel not included")
NO_TRAVEL_COSTS = N_("no travel costs entered")
HOME = N_("home: no travel")

# Widths the text columns wrap at, and the least any column gets (a header's longest word).
_WRAP_AT = {DESTINATION: 26, CLINIC: 32, TRAVEL: 24, NOTES: 8}
_HEADER_LABELS = (N_("Protocol"), N_("Display currency"), N_("First session"), N_("Created"))


def summary_columns(display: str, language: Language = ENGLISH) -> tuple[str, ...]:
    currency = language.isolate(display)
    return (
        language.gettext("Destination"), language.gettext("Clinic"),
        language.gettext("Sessions"),
        language.gettext("Package low ({currency})").format(currency=currency),
        language.gettext("Package typical ({currency})").format(currency=currency),
        language.gettext("Package high ({currency})").format(currency=currency),
        language.gettext("Trips"),
        language.gettext("Travel ({currency})").format(currency=currency),
        language.gettext("Total low ({currency})").format(currency=currency),
        language.gettext("Total typical ({currency})").format(currency=currency),
        language.gettext("Total high ({currency})").format(currency=currency),
        language.gettext("Notes"),
    )


def travel_text(row: ComparisonRow, home_country: str | None = None,
                language: Language = ENGLISH) -> str | None:
    """What the Travel cell says when it holds no amount (None: it holds one)."""
    if row.quote.travel is not None:
        return None
    if not row.quote.request.include_travel:
        return language.gettext(TRAVEL_NOT_INCLUDED)
    if home_country and row.entry.destination == home_country:
        return language.gettext(HOME)
    return language.gettext(NO_TRAVEL_COSTS)


def destination_text(row: ComparisonRow, locale: str, home_country: str | None = None,
                     language: Language = ENGLISH) -> str:
    """"Türkiye · Istanbul", with " (home)" for the home country."""
    entry = row.entry
    where = " · ".join(p for p in (country_name(entry.destination, locale), entry.city) if p)
    if home_country and entry.destination == home_country:
        return language.gettext("{destination} (home)").format(
            destination=language.isolate(where))
    return where


@dataclass(frozen=True)
class _Footnotes:
    """Each distinct warning once, numbered in order of first appearance."""

    numbers: dict[str, int]

    @classmethod
    def of(cls, rows: Sequence[ComparisonRow]) -> _Footnotes:
        numbers: dict[str, int] = {}
        for row in rows:
            for warning in row.warnings:
                numbers.setdefault(warning, len(numbers) + 1)
        return cls(numbers)

    def marks(self, row: ComparisonRow) -> str:
        return ", ".join(str(self.numbers[w]) for w in row.warnings)

    def texts(self, rows: Sequence[ComparisonRow], locale: str,
              home_country: str | None, language: Language = ENGLISH) -> list[str]:
        """"1. Türkiye · Istanbul · Clinic: per-session price …", naming the destination a
        warning concerns when it concerns one; else how many."""
        concerned: dict[str, list[ComparisonRow]] = {w: [] for w in self.numbers}
        for row in rows:
            for warning in row.warnings:
                concerned[warning].append(row)
        texts = []
        for warning, number in self.numbers.items():
            found = concerned[warning]
            if len(found) == 1:
                where = destination_text(found[0], locale, home_country, language)
                if found[0].entry.clinic:
                    where += " · " + found[0].entry.clinic
                where = language.isolate(where)
            else:
                where = language.ngettext("{count} destination", "{count} destinations",
                                          len(found)).format(count=language.isolate(len(found)))
            texts.append(language.gettext("{number}. {where}: {warning}").format(
                number=number, where=where,
                warning=language.isolate(worded(warning, language))))
        return texts


def add_summary_sheet(workbook: Workbook, styles: Styles, rows: Sequence[ComparisonRow],
                      template: QuoteRequest, display: str, locale: str, created: date,
                      home_country: str | None = None, language: Language = ENGLISH
                      ) -> Worksheet:
    sheet = new_sheet(workbook, "Summary", language)
    _header_block(sheet, template, display, created, language)
    titles = summary_columns(display, language)
    header_row(sheet, HEADER_ROW, titles)
    fit = Fit(wrap_max=dict(_WRAP_AT))
    fit.minimum = {column: width_of(longest_word(title), bold=True)
                   for column, title in enumerate(titles, start=1)}
    # The labels of the block above share column A with the destinations.
    fit.minimum[DESTINATION] = max(width_of(language.gettext(label), bold=True)
                                   for label in _HEADER_LABELS)
    notes = _Footnotes.of(rows)
    for index, row in enumerate(rows, start=HEADER_ROW + 1):
        _destination_row(sheet, styles, fit, index, row, notes, display, locale, home_country,
                         language)
    widths = fit.apply(sheet)
    shown = [widths.get(c, 10) for c in range(1, LAST_SHOWN + 1)]
    _header_height(sheet, titles, shown)
    for row in (6, 7):
        merged_note(sheet, row, LAST_SHOWN, shown, str(sheet.cell(row, 1).value))
    # The facts' values span several columns: a date never fits a narrow Clinic column
    # (all clinics empty), and a spreadsheet shows a number that does not fit as ###.
    for row in range(2, 6):
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
    freeze_below(sheet, HEADER_ROW, columns=1)
    print_setup(sheet, locale, HEADER_ROW, landscape=True)
    # The chart right under the table (a page of its own when it would not fit on the
    # table's last page), then the notes, which may run on over a page break.
    below = HEADER_ROW + len(rows) + 2
    if rows:
        data = _chart_data(workbook, styles, rows, display, locale, language)
        below = _range_chart(sheet, data, len(rows), display, below, shown, locale,
                             language, styles.formats) + 2
    last = _notes_block(sheet, below, notes.texts(rows, locale, home_country, language),
                        created, display, shown, language)
    print_area(sheet, LAST_SHOWN, last)
    return sheet


def longest_word(text: str) -> str:
    return max(text.split(), key=len, default="")


def _header_height(sheet: Worksheet, titles: Sequence[str], widths: Sequence[float]) -> None:
    from mesocost.export.layout import line_count

    lines = max(line_count(t, w, bold=True) for t, w in zip(titles, widths, strict=True))
    sheet.row_dimensions[HEADER_ROW].height = row_height(lines, LINE_HEIGHT)


def _header_block(sheet: Worksheet, template: QuoteRequest, display: str, created: date,
                  language: Language) -> None:
    put_text(sheet.cell(1, 1), language.gettext("Hair mesotherapy: package comparison"),
             "title")
    put_text(sheet.cell(2, 1), language.gettext("Protocol"), "label")
    put_text(sheet.cell(2, 2), plan_text(template, language))
    put_text(sheet.cell(3, 1), language.gettext("Display currency"), "label")
    put_text(sheet.cell(3, 2), display)
    put_text(sheet.cell(4, 1), language.gettext("First session"), "label")
    put_date(sheet.cell(4, 2), template.start)
    put_text(sheet.cell(5, 1), language.gettext("Created"), "label")
    put_date(sheet.cell(5, 2), created)
    put_text(sheet.cell(6, 1), language.gettext(LOW_TYPICAL_HIGH), "note")
    put_text(sheet.cell(7, 1), language.gettext(
        "Package: the clinic's price for the course (with any add-ons, discount and tax) in "
        "{currency}; Total adds travel. Sorted by typical total, cheapest first.").format(
        currency=language.isolate(display)), "note")


def _destination_row(sheet: Worksheet, styles: Styles, fit: Fit, index: int,
                     row: ComparisonRow, notes: _Footnotes, display: str, locale: str,
                     home_country: str | None, language: Language) -> None:
    quote, entry, converted = row.quote, row.entry, row.converted
    cell = sheet.cell
    formats = styles.formats

    def text(column: int, value: str, style: str = "text") -> None:
        put_text(cell(index, column), value, "wrap" if column in _WRAP_AT else style)
        fit.cell(index, column, str(cell(index, column).value))

    def amount(column: int, value, currency: str, role: str = ""):
        stored = money_value(value, currency)
        target = cell(index, column, stored)
        target.style = styles.money(currency, role)
        fit.cell(index, column, money_shown(stored, currency, formats=formats),
                 bold=role == "total")
        return stored

    text(DESTINATION, destination_text(row, locale, home_country, language))
    text(CLINIC, entry.clinic or "–")
    cell(index, SESSIONS, quote.sessions).style = "count"
    fit.cell(index, SESSIONS, str(quote.sessions))
    amount(TREATMENT_LOW, converted.treatment.low, display)
    amount(TREATMENT_TYPICAL, converted.treatment.mid, display)
    amount(TREATMENT_HIGH, converted.treatment.high, display)
    written = travel_text(row, home_country, language)
    if written is None and quote.travel is not None and converted.travel is not None:
        cell(index, TRIPS, len(quote.travel.trips)).style = "count"
        fit.cell(index, TRIPS, str(len(quote.travel.trips)))
        amount(TRAVEL, converted.travel.low, display)
    else:
        text(TRIPS, "–")
        text(TRAVEL, written or language.gettext(NO_TRAVEL_COSTS))
        # Right, as the counts and amounts of the rows with travel are.
        for column in (TRIPS, TRAVEL):
            realign(cell(index, column), horizontal="right")
    amount(TOTAL_LOW, converted.grand.low, display, "total")
    amount(TOTAL_TYPICAL, converted.grand.mid, display, "total")
    amount(TOTAL_HIGH, converted.grand.high, display, "total")
    if row.warnings:
        text(NOTES, notes.marks(row))
        realign(cell(index, NOTES), horizontal="center")


def _chart_data(workbook: Workbook, styles: Styles, rows: Sequence[ComparisonRow],
                display: str, locale: str, language: Language) -> Worksheet:
    """The hidden sheet the chart reads, a row per destination in the Summary's order.

    The chart draws a range as an invisible "low" bar plus a visible "high − low" bar; the
    bar's length is the difference of the two shown (rounded) totals.
    """
    data = new_sheet(workbook, CHART_DATA, language)
    data.sheet_state = "hidden"
    currency = language.isolate(display)
    header_row(data, 1, (language.gettext("Label"),
                         language.gettext("Total low ({currency})").format(currency=currency),
                         language.gettext("High − low ({currency})").format(currency=currency)))
    set_widths(data, (CHART_LABEL_MAX + 2, 16, 16))
    money = styles.money(display)
    for index, row in enumerate(rows, start=2):
        low = money_value(row.converted.grand.low, display)
        high = money_value(row.converted.grand.high, display)
        put_text(data.cell(index, CHART_LABEL), chart_label(row, locale))
        data.cell(index, CHART_LOW, low).style = money
        data.cell(index, CHART_SPREAD, high - low).style = money
    return data


def move_chart_data_last(workbook: Workbook, language: Language = ENGLISH) -> None:
    """Put the hidden chart data after every sheet a reader sees."""
    title = sheet_title(CHART_DATA, language)
    if title in workbook.sheetnames:
        sheet = workbook[title]
        workbook.move_sheet(sheet, len(workbook.sheetnames) - 1 - workbook.index(sheet))


def chart_label(row: ComparisonRow, locale: str) -> str:
    """"Türkiye · Istanbul · Test Clinic", shortened at a word to CHART_LABEL_MAX."""
    entry = row.entry
    label = " · ".join(p for p in (country_name(entry.destination, locale), entry.city,
                                   entry.clinic) if p)
    if len(label) <= CHART_LABEL_MAX:
        return label
    cut = label[:CHART_LABEL_MAX - 1]
    if " " in cut[CHART_LABEL_MAX // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ·") + "…"


def _notes_block(sheet: Worksheet, first: int, warnings: Sequence[str], created: date,
                 display: str, widths: Sequence[float], language: Language) -> int:
    """The notes under the table, in the table's type size; returns the last row written."""
    put_text(sheet.cell(first, 1), language.gettext("Notes"), "label")
    texts = [*warnings,
        language.gettext(
            "Travel: return trips and stays in each destination's catalog entry, in "
            "{currency}; sessions that fit in one stay share a trip (Schedule). \"{none}\": "
            "the catalog has none for that destination, so its total is the treatment alone; "
            "\"{left_out}\": travel was left out of the comparison.").format(
            currency=language.isolate(display), none=language.gettext(NO_TRAVEL_COSTS),
            left_out=language.gettext(TRAVEL_NOT_INCLUDED)),
        language.gettext(
            "Each clinic's prices in its own currency are on Details; what a price includes, "
            "its source and as-of date, and every warning in full, on Sources."),
        language.gettext(EVIDENCE_NOTE),
        language.gettext("{caveat} The rates used, with their dates and sources, are on "
                         "Rates.").format(caveat=language.gettext(ECB_CAVEAT)),
        language.gettext(WHAT_IF_NOTE).format(
            created=language.isolate(day_text(created, language))),
    ]
    row = first
    for row, text in enumerate(texts, start=first + 1):
        put_text(sheet.cell(row, 1), text, "wrap")
        merged_note(sheet, row, LAST_SHOWN, widths, text, size=11)
    return row


def _range_chart(sheet: Worksheet, data: Worksheet, count: int, display: str, anchor: int,
                 widths: Sequence[float], locale: str, language: Language,
                 formats: Formats = INVARIANT) -> int:
    """Horizontal stacked bars: a transparent low bar, then the low–high range.

    Returns the last row the chart covers.
    """
    shown = min(count, CHART_MAX_ROWS)
    last = 1 + shown
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 50
    currency = language.isolate(display)
    if count > shown:
        title = language.gettext("Total for the course, low to high ({currency}): the {shown} "
                                 "cheapest of {count}").format(
            currency=currency, shown=language.isolate(shown), count=language.isolate(count))
    else:
        title = language.gettext("Total for the course, low to high ({currency})").format(
            currency=currency)
    chart.title = title
    chart.y_axis.title = display
    chart.y_axis.numFmt = formats.whole
    chart.x_axis.scaling.orientation = "maxMin"  # cheapest at the top, as in the table
    # Name every bar: no skipped labels, whatever room the spreadsheet thinks it has.
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.tickMarkSkip = 1
    chart.x_axis.txPr = _font(900)
    chart.y_axis.txPr = _font(900)
    chart.legend = None
    # Its data is on a hidden sheet: chart it anyway.
    chart.visible_cells_only = False
    chart.add_data(Reference(data, min_col=CHART_LOW, min_row=1, max_row=last),
                   titles_from_data=True)
    chart.add_data(Reference(data, min_col=CHART_SPREAD, min_row=1, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(data, min_col=CHART_LABEL, min_row=2, max_row=last))
    invisible, visible = chart.series
    invisible.graphicalProperties = GraphicalProperties(noFill=True)
    invisible.graphicalProperties.line.noFill = True
    visible.graphicalProperties = GraphicalProperties(solidFill="3A6EA5")
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    # About as wide as the table (a width unit is 0.19 cm in Excel, 0.25 cm in
    # LibreOffice without Calibri), 0.6 cm a bar plus title and axis.
    chart.width = min(max(18.0, 0.21 * sum(widths)), 40.0)
    chart.height = 0.6 * shown + 3.5
    if not _fits_on_page(sheet, anchor, chart.height, widths, locale):
        # Before the blank row above the chart: its frame then never touches the page
        # above.
        sheet.row_breaks.append(Break(id=anchor - 2))
    sheet.add_chart(chart, f"A{anchor}")
    # The rows under the chart get a set height, so what follows starts below it in
    # every spreadsheet (a default row is not as tall everywhere).
    covered = math.ceil(chart.height * _POINTS_PER_CM / LINE_HEIGHT)
    for row in range(anchor, anchor + covered):
        sheet.row_dimensions[row].height = LINE_HEIGHT
    return anchor + covered - 1


def _font(size: int) -> RichText:
    """Axis text of `size` hundredths of a point."""
    props = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


_POINTS_PER_CM = 72 / 2.54
# Landscape page, less 0.5 in side margins and 0.75 in top and bottom, in points.
_PAGE = {"letter": (792 - 72, 612 - 108), "a4": (842 - 72, 595 - 108)}


def _fits_on_page(sheet: Worksheet, anchor: int, chart_cm: float, widths: Sequence[float],
                  locale: str) -> bool:
    """Would a chart anchored at row `anchor` end on the page it starts on?

    Printing fits the sheet to the page width, so a page holds more rows the wider the
    table; the header row repeats on every page after the first.
    """
    page_width, page_height = _PAGE["letter" if uses_letter_paper(locale) else "a4"]
    table_width = sum(w * 5.25 + 3.75 for w in widths)  # a unit is 7 px, plus padding
    scale = min(1.0, page_width / table_width)
    capacity = page_height / scale
    header = sheet.row_dimensions[HEADER_ROW].height or LINE_HEIGHT
    used = 0.0
    for row in range(1, anchor):
        height = sheet.row_dimensions[row].height or LINE_HEIGHT
        if used + height > capacity:
            used = header  # a new page starts with the repeated header row
        used += height
    return used + chart_cm * _POINTS_PER_CM <= capacity
