"""Summary, Details, Sources and Schedule as their readers see them: fitted, written out,
and printed by LibreOffice without `###` or a cut name."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from mesocost.core.catalog import PriceEntry
from mesocost.core.comparison import compare, price_request
from mesocost.core.conversion import ECB_CAVEAT
from mesocost.core.protocol import EVIDENCE_NOTE
from mesocost.core.travel import TravelCosts
from mesocost.export import detail_sheets, summary
from mesocost.export.cells import column_letter
from mesocost.export.xlsx import QuoteDetails, comparison_workbook, quote_workbook
from mesocost.present import plan_text
from tests.export.pdf import POPPLER, SOFFICE, to_pdf

CREATED = date(2026, 11, 2)
# Wide amounts (a course in rupiah runs to tens of millions) and long clinic names.
WIDE = (("HU", "HUF", 40_000, 120_000), ("KR", "KRW", 150_000, 450_000),
        ("ID", "IDR", 1_500_000, 5_500_000), ("DE", "EUR", 90, 250),
        ("JP", "JPY", 15_000, 45_000), ("GB", "GBP", 150, 400), ("US", "USD", 100, 300))


def many_entries(count=40):
    """`count` destinations of the test's own (not market data): long names, wide amounts,
    travel for every third."""
    entries = []
    for i in range(count):
        country, currency, low, high = WIDE[i % len(WIDE)]
        travel = (TravelCosts("EUR", Decimal(180 + i), 2, Decimal(70), 20) if i % 3 == 0
                  else None)
        entries.append(PriceEntry(
            country, currency, Decimal(low) * (1 + Decimal(i) / 40), Decimal(high),
            city=f"City {i}",
            clinic=f"Klinik für ästhetische Haarmedizin und Trichologie Nummer {i}",
            includes="one session, consultation and aftercare kit",
            source=f"Price list {i} of the test", as_of=date(2026, 9, 1 + i % 28),
            notes="Test entry.", travel=travel))
    return tuple(entries)


def _texts(sheet):
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def _shown_number(cell):
    """An amount or count as its number format shows it (digits, grouping, symbol)."""
    fmt = cell.number_format.split(";")[0]
    decimals = len(fmt.split(".")[1]) if "." in fmt else 0
    tag = re.match(r"\[\$([^\]-]*)", fmt)
    prefix = (tag.group(1) + (" " if "] " in fmt else "")) if tag else ""
    return f"{'-' if cell.value < 0 else ''}{prefix}{abs(cell.value):,.{decimals}f}"


def _assert_fitted(sheet, header, columns, count):
    """In the `count` rows under the header, every number fits its column and every
    wrapped cell's row is tall enough for its lines."""
    for row in sheet.iter_rows(min_row=header + 1, max_row=header + count, max_col=columns):
        for cell in row:
            width = sheet.column_dimensions[column_letter(cell.column)].width
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                # A column is measured in digits; separators, spaces and the letters of
                # a currency code are at least half as wide.
                shown = _shown_number(cell)
                digits = sum(char.isdigit() for char in shown)
                needed = digits + (len(shown) - digits) / 2 + 1
                assert width >= needed, (sheet.title, cell.coordinate, shown, width)
            elif isinstance(cell.value, str) and cell.alignment.wrap_text:
                # At least one line per 1.2 width units of text, and one per line break.
                lines = max(len(cell.value) / (1.2 * width), cell.value.count("\n") + 1)
                height = sheet.row_dimensions[cell.row].height or 15
                assert height >= 14 * int(lines), (sheet.title, cell.coordinate, height)
            elif isinstance(cell.value, str):
                assert width >= len(cell.value), (sheet.title, cell.coordinate, cell.value)


@pytest.fixture
def mixed_rows(seed_entries, travel_entry, request_with_everything, rates):
    return compare((*seed_entries, travel_entry), request_with_everything, "EUR", rates)


def test_summary_is_an_overview_that_fits_a_page(mixed_rows, request_with_everything,
                                                  reload):
    book = reload(comparison_workbook(mixed_rows, request_with_everything, "EUR",
                                      locale="de_DE", created=CREATED))
    sheet = book["Summary"]
    # What the chart reads is out of sight and out of print: on a hidden sheet, the last.
    data = book[summary.CHART_DATA]
    assert data.sheet_state == "hidden" and book.sheetnames[-1] == summary.CHART_DATA
    assert sheet.max_column == summary.LAST_SHOWN
    for offset, row in enumerate(mixed_rows):
        r = summary.HEADER_ROW + 1 + offset
        assert data.cell(2 + offset, summary.CHART_LOW).value == sheet.cell(
            r, summary.TOTAL_LOW).value
        assert data.cell(2 + offset, summary.CHART_SPREAD).value == pytest.approx(
            sheet.cell(r, summary.TOTAL_HIGH).value - sheet.cell(r, summary.TOTAL_LOW).value)
        assert data.cell(2 + offset, summary.CHART_LABEL).value == summary.chart_label(
            row, "de_DE")
    area = str(sheet.print_area)
    assert f"$A$1:${column_letter(summary.LAST_SHOWN)}$" in area
    assert int(area.rsplit("$", 1)[1]) > summary.HEADER_ROW + len(mixed_rows)  # notes too
    widths = [sheet.column_dimensions[column_letter(c)].width
              for c in range(1, summary.LAST_SHOWN + 1)]
    # Landscape A4 holds ~140 units at 100 %: the overview prints at 90 % or more in Excel.
    assert sum(widths) <= 160, widths
    _assert_fitted(sheet, summary.HEADER_ROW, summary.LAST_SHOWN, len(mixed_rows))
    # The chart names every bar, and charts its hidden helpers.
    chart = sheet._charts[0]
    assert chart.x_axis.tickLblSkip == 1
    assert chart.visible_cells_only is False
    assert chart.height >= 0.6 * len(mixed_rows)
    # The protocol once, without repeating itself; low/typical/high explained; caveats.
    assert sheet["B2"].value == plan_text(request_with_everything)
    text = "\n".join(_texts(sheet))
    assert summary.LOW_TYPICAL_HIGH in text
    assert EVIDENCE_NOTE in text and ECB_CAVEAT in text
    assert summary.WHAT_IF_NOTE.format(created=CREATED.isoformat()) in text
    # The out-of-band warning the CLI prints, numbered, and the row that it concerns.
    gb = next(i for i, row in enumerate(mixed_rows) if row.entry.destination == "GB")
    warning = mixed_rows[gb].warnings[0]
    assert f"1. Vereinigtes Königreich: {warning}" in text
    assert sheet.cell(summary.HEADER_ROW + 1 + gb, summary.NOTES).value == "1"


def test_travel_is_written_out_never_blank(seed_entries, travel_entry,
                                           request_with_everything, rates, reload):
    rows = compare((*seed_entries, travel_entry), request_with_everything, "USD", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "USD", locale="en_US",
                                      created=CREATED, home_country="US"))
    sheet = book["Summary"]
    travel = {row.entry.label: sheet.cell(summary.HEADER_ROW + 1 + i, summary.TRAVEL).value
              for i, row in enumerate(rows)}
    assert travel["US"] == summary.HOME
    assert travel["GB"] == travel["TR"] == summary.NO_TRAVEL_COSTS
    assert isinstance(travel["TR · Istanbul · Test Clinic"], float)
    assert "United States (home)" in _texts(sheet)
    left_out = request_with_everything._replace(include_travel=False)
    rows = compare((*seed_entries, travel_entry), left_out, "USD", rates)
    book = reload(comparison_workbook(rows, left_out, "USD", locale="en_US",
                                      created=CREATED))
    cells = [book["Summary"].cell(summary.HEADER_ROW + 1 + i, summary.TRAVEL).value
             for i in range(len(rows))]
    assert cells == [summary.TRAVEL_NOT_INCLUDED] * len(rows)
    assert "Travel is left out of this comparison." in _texts(book["Schedule"])


def test_details_and_sources_carry_every_price_and_where_it_comes_from(
        request_with_everything, rates, reload):
    rows = compare(many_entries(), request_with_everything, "EUR", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="en_US",
                                      created=CREATED))
    details, sources = book["Details"], book["Sources"]
    _assert_fitted(details, detail_sheets.DETAILS_HEADER_ROW,
                   len(detail_sheets.DETAILS_COLUMNS), len(rows))
    _assert_fitted(sources, detail_sheets.SOURCES_HEADER_ROW,
                   len(detail_sheets.SOURCES_COLUMNS), len(rows))
    _assert_fitted(book["Summary"], summary.HEADER_ROW, summary.LAST_SHOWN, len(rows))
    for offset, row in enumerate(rows):
        r = detail_sheets.SOURCES_HEADER_ROW + 1 + offset
        entry = row.entry
        assert sources.cell(r, detail_sheets.S_CLINIC).value == entry.clinic
        assert sources.cell(r, detail_sheets.S_INCLUDES).value == entry.includes
        assert sources.cell(r, detail_sheets.S_SOURCE).value == entry.source
        assert sources.cell(r, detail_sheets.S_AS_OF).value.date() == entry.as_of
        assert sources.cell(r, detail_sheets.S_WARNINGS).value == (
            "\n".join(row.warnings) or "none")
        d = detail_sheets.DETAILS_HEADER_ROW + 1 + offset
        assert details.cell(d, detail_sheets.CLINIC).value == entry.clinic
    for sheet in (details, sources):
        assert sheet.print_area and sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows


def test_schedule_rows_are_tall_enough_and_show_the_trips(travel_entry,
                                                          request_with_everything, rates,
                                                          reload):
    quote, converted = price_request(request_with_everything._replace(entry=travel_entry),
                                     "EUR", rates)
    book = reload(quote_workbook(quote, converted, QuoteDetails("Ada", CREATED), locale="en_GB"))
    sheet = book["Schedule"]
    titles = [c.value for c in sheet[4]]
    assert titles == ["Session", "Date", "Phase", "Trip", "Milestone", "Aftercare reminders"]
    # The subtitle counts what is listed, maintenance included.
    assert sheet["A2"].value.endswith(f"{len(quote.schedule)} sessions in all")
    assert f"{len(quote.travel.trips)} trips, {quote.travel.nights} nights" in sheet["A3"].value
    trip_column = titles.index("Trip") + 1
    for number, trip in enumerate(quote.travel.trips, start=1):
        first = sheet.cell(4 + trip.sessions[0], trip_column).value
        assert first.startswith(f"Trip {number}: {trip.nights} nights")
        for session in trip.sessions[1:]:
            assert sheet.cell(4 + session, trip_column).value == f"Trip {number}, same stay"
    for r in range(5, 5 + len(quote.schedule)):
        reminders = sheet.cell(r, len(titles)).value.count("\n") + 1
        assert sheet.row_dimensions[r].height >= 15 * reminders
        milestone = sheet.cell(r, trip_column + 1)
        assert milestone.alignment.wrap_text
    _assert_fitted(sheet, 4, len(titles), len(quote.schedule))
    assert sheet.print_area and sheet.print_title_rows == "$4:$4"


def test_a_comparison_schedule_shows_trips_only_when_they_are_shared(
        seed_entries, travel_entry, request_with_everything, rates, reload):
    rows = compare((*seed_entries, travel_entry), request_with_everything, "EUR", rates)
    one = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="en_US",
                                     created=CREATED))["Schedule"]
    assert "Trip" in [c.value for c in one[4]]
    assert "as grouped for Türkiye · Istanbul · Test Clinic" in one["A3"].value
    rows = compare(seed_entries, request_with_everything, "EUR", rates)
    none = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="en_US",
                                      created=CREATED))["Schedule"]
    assert "Trip" not in [c.value for c in none[4]]
    assert "No destination has travel costs entered" in none["A3"].value


# --- as printed ---------------------------------------------------------------------------

MY_SHEETS = ("Summary", "Details", "Sources", "Schedule")


def _raw_text(pdf):
    """The PDF's text in reading order: a wrapped cell's lines come one after the other."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    return " ".join(text.split())


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or not POPPLER,
                    reason="LibreOffice (soffice) or poppler-utils is not installed")
@pytest.mark.parametrize("locale", ["en_US", "de_DE"])
def test_printed_pages_show_every_amount_and_every_clinic_name_whole(
        locale, tmp_path, seed_entries, travel_entry, request_with_everything, rates,
        monkeypatch):
    # LibreOffice formats numbers by its own locale: print as a German reader would.
    monkeypatch.setenv("LC_ALL", f"{locale}.UTF-8")
    display = "EUR" if locale == "de_DE" else "USD"
    # "seed": no clinic names at all, so the Clinic column under the dates is narrow.
    sets = {"three": (*seed_entries, travel_entry), "forty": many_entries(),
            "seed": tuple(seed_entries)}
    files = []
    for name, entries in sets.items():
        rows = compare(entries, request_with_everything, display, rates)
        book = comparison_workbook(rows, request_with_everything, display, locale=locale,
                                   created=CREATED)
        for title in book.sheetnames:  # the What-if and Rates sheets are tested elsewhere
            if title not in MY_SHEETS:
                book.remove(book[title])
        path = tmp_path / f"{name}-{locale}.xlsx"
        book.save(path)
        files.append(path)
    printed = to_pdf(files, tmp_path)
    for name, entries in sets.items():
        text = _raw_text(printed[f"{name}-{locale}.xlsx"])
        assert "###" not in text, name
        for entry in entries:
            if entry.clinic:
                assert entry.clinic in text, (name, entry.clinic)
            assert entry.source in text, (name, entry.source)
        assert " ".join(EVIDENCE_NOTE.split()) in text
        assert "no travel costs entered" in text
