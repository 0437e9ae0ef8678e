"""The comparison's detail sheets, in the Summary's order (cheapest typical total first).

Details: each clinic's prices in its own currency — per session, the package low /
typical / high, and travel in the currency it was entered in. Sources: what each price
includes, where it comes from and when, the catalog's notes and every warning in full.
Split in two so each prints one page wide in readable type.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.catalog import WORLDWIDE_BAND_USD
from mesocost.core.comparison import ComparisonRow
from mesocost.core.geo import country_name
from mesocost.core.i18n import ENGLISH, N_, Language, worded
from mesocost.export.cells import INVARIANT, Styles, money_value, put_date, put_text
from mesocost.export.layout import (
    Fit,
    line_count,
    merged_note,
    money_shown,
    print_area,
    realign,
    row_height,
    width_of,
)
from mesocost.export.summary import NO_TRAVEL_COSTS, longest_word, travel_text
from mesocost.export.workbook import (
    freeze_below,
    header_row,
    new_sheet,
    print_setup,
    translated,
)

DETAILS_HEADER_ROW = 4
# Details columns.
DESTINATION, CITY, CLINIC, CURRENCY = 1, 2, 3, 4
PER_SESSION_LOW, PER_SESSION_HIGH = 5, 6
PACKAGE_LOW, PACKAGE_TYPICAL, PACKAGE_HIGH = 7, 8, 9
NIGHTS, TRAVEL_COST = 10, 11
DETAILS_COLUMNS = (
    N_("Destination"), N_("City"), N_("Clinic"), N_("Price currency"), N_("Per session low"),
    N_("Per session high"), N_("Package low"), N_("Package typical"), N_("Package high"),
    N_("Nights"), N_("Travel and stay"),
)
_DETAILS_WRAP = {CITY: 18, CLINIC: 32, TRAVEL_COST: 24}

SOURCES_HEADER_ROW = 4
# Sources columns.
S_DESTINATION, S_CLINIC, S_INCLUDES, S_SOURCE, S_AS_OF, S_NOTES, S_WARNINGS = range(1, 8)
SOURCES_COLUMNS = (N_("Destination"), N_("Clinic"), N_("Price includes"), N_("Source"),
                   N_("As of"), N_("Catalog notes"), N_("Warnings"))
_SOURCES_WRAP = {S_DESTINATION: 24, S_CLINIC: 30, S_INCLUDES: 24, S_SOURCE: 30,
                 S_NOTES: 30, S_WARNINGS: 40}


def add_detail_sheets(workbook: Workbook, styles: Styles, rows: Sequence[ComparisonRow],
                      display: str, locale: str, home_country: str | None = None,
                      language: Language = ENGLISH) -> None:
    """Details and Sources, after the Summary."""
    add_details_sheet(workbook, styles, rows, display, locale, home_country, language)
    add_sources_sheet(workbook, rows, locale, language, styles)


def add_details_sheet(workbook: Workbook, styles: Styles, rows: Sequence[ComparisonRow],
                      display: str, locale: str, home_country: str | None = None,
                      language: Language = ENGLISH) -> Worksheet:
    sheet = new_sheet(workbook, "Details", language)
    put_text(sheet.cell(1, 1), language.gettext("Prices in each clinic's currency"), "title")
    put_text(sheet.cell(2, 1), language.gettext(
        "Per-session prices as the catalog gives them and the package for the course (with "
        "any add-ons, discount and tax) in the clinic's currency; travel and stay in the "
        "currency entered. The Summary shows the same figures in {currency}.").format(
        currency=language.isolate(display)), "note")
    titles = translated(DETAILS_COLUMNS, language)
    fit = _fit(titles, _DETAILS_WRAP)
    header_row(sheet, DETAILS_HEADER_ROW, titles)
    for index, row in enumerate(rows, start=DETAILS_HEADER_ROW + 1):
        _details_row(sheet, styles, fit, index, row, locale, home_country, language)
    widths = _finish(sheet, fit, titles, DETAILS_HEADER_ROW, locale, len(rows))
    merged_note(sheet, 2, len(titles), widths, str(sheet.cell(2, 1).value))
    return sheet


def _details_row(sheet: Worksheet, styles: Styles, fit: Fit, index: int, row: ComparisonRow,
                 locale: str, home_country: str | None, language: Language) -> None:
    quote, entry = row.quote, row.entry
    native = entry.currency

    def text(column: int, value: str) -> None:
        put_text(sheet.cell(index, column), value,
                 "wrap" if column in _DETAILS_WRAP else "text")
        fit.cell(index, column, str(sheet.cell(index, column).value))

    def amount(column: int, value, currency: str) -> None:
        stored = money_value(value, currency)
        sheet.cell(index, column, stored).style = styles.money(currency)
        fit.cell(index, column, money_shown(stored, currency, formats=styles.formats))

    text(DESTINATION, country_name(entry.destination, locale))
    text(CITY, entry.city)
    text(CLINIC, entry.clinic or "–")
    text(CURRENCY, native)
    amount(PER_SESSION_LOW, entry.per_session_low, native)
    amount(PER_SESSION_HIGH, entry.per_session_high, native)
    amount(PACKAGE_LOW, quote.total.low, native)
    amount(PACKAGE_TYPICAL, quote.total.mid, native)
    amount(PACKAGE_HIGH, quote.total.high, native)
    if quote.travel is not None:
        sheet.cell(index, NIGHTS, quote.travel.nights).style = "count"
        fit.cell(index, NIGHTS, str(quote.travel.nights))
        amount(TRAVEL_COST, quote.travel.cost.low, quote.travel.cost.currency)
    else:
        text(NIGHTS, "–")
        text(TRAVEL_COST, travel_text(row, home_country, language)
             or language.gettext(NO_TRAVEL_COSTS))
        for column in (NIGHTS, TRAVEL_COST):  # right, as counts and amounts are
            realign(sheet.cell(index, column), horizontal="right")


def add_sources_sheet(workbook: Workbook, rows: Sequence[ComparisonRow], locale: str,
                      language: Language = ENGLISH, styles: Styles | None = None
                      ) -> Worksheet:
    sheet = new_sheet(workbook, "Sources", language)
    put_text(sheet.cell(1, 1), language.gettext("Where each price comes from"), "title")
    band_low, band_high = WORLDWIDE_BAND_USD
    put_text(sheet.cell(2, 1), language.gettext(
        "Prices are what each source published for one session, as of the date given; "
        "packages may differ. A price outside the published worldwide range of {low}–{high} "
        "USD per session is flagged, never changed.").format(
        low=language.isolate(band_low), high=language.isolate(band_high)), "note")
    titles = translated(SOURCES_COLUMNS, language)
    fit = _fit(titles, _SOURCES_WRAP)
    header_row(sheet, SOURCES_HEADER_ROW, titles)
    formats = styles.formats if styles is not None else INVARIANT
    not_stated = language.gettext("not stated")
    for index, row in enumerate(rows, start=SOURCES_HEADER_ROW + 1):
        entry = row.entry

        def text(column: int, value: str, index: int = index) -> None:
            put_text(sheet.cell(index, column), value,
                     "wrap" if column in _SOURCES_WRAP else "text")
            fit.cell(index, column, str(sheet.cell(index, column).value))

        text(S_DESTINATION, " · ".join(
            p for p in (country_name(entry.destination, locale), entry.city) if p))
        text(S_CLINIC, entry.clinic or "–")
        text(S_INCLUDES, entry.includes or not_stated)
        text(S_SOURCE, entry.source or not_stated)
        if entry.as_of is not None:
            put_date(sheet.cell(index, S_AS_OF), entry.as_of)
            fit.cell(index, S_AS_OF, formats.date_text(entry.as_of))
        else:
            text(S_AS_OF, not_stated)
        text(S_NOTES, entry.notes)
        text(S_WARNINGS, "\n".join(worded(warning, language) for warning in row.warnings)
             or language.pgettext("no warnings", "none"))
    widths = _finish(sheet, fit, titles, SOURCES_HEADER_ROW, locale, len(rows))
    merged_note(sheet, 2, len(titles), widths, str(sheet.cell(2, 1).value))
    return sheet


def _fit(titles: Sequence[str], wrap: dict[int, float]) -> Fit:
    fit = Fit(wrap_max=dict(wrap))
    fit.minimum = {column: width_of(longest_word(title), bold=True)
                   for column, title in enumerate(titles, start=1)}
    return fit


def _finish(sheet: Worksheet, fit: Fit, titles: Sequence[str], header: int, locale: str,
            count: int) -> list[float]:
    widths_by_column = fit.apply(sheet)
    widths = [widths_by_column.get(c, 10.0) for c in range(1, len(titles) + 1)]
    lines = max(line_count(t, w, bold=True) for t, w in zip(titles, widths, strict=True))
    sheet.row_dimensions[header].height = row_height(lines)
    freeze_below(sheet, header, columns=1)
    print_setup(sheet, locale, header, landscape=True)
    print_area(sheet, len(titles), header + count)
    return widths
