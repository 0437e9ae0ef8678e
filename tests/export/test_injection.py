"""Typed text stays text: no formula ever appears where a person typed something."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest

from mesocost.core.comparison import compare, price_request
from mesocost.export import detail_sheets, summary
from mesocost.export.cells import clean_text
from mesocost.export.xlsx import QuoteDetails, comparison_workbook, quote_workbook
from tests.export.quote_cells import client_cell

CREATED = date(2026, 11, 2)
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3", "\tTab first",
           "\rCR first", "bell\x07 inside", "vertical\x0btab", "=1+1\x07"]


def _cells(book, title):
    return [c for row in book[title].iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("typed", HOSTILE)
def test_client_and_notes_come_back_as_the_same_visible_text(typed, seed_entries, rates,
                                                              request_with_everything,
                                                              reload):
    quote, converted = price_request(request_with_everything, "EUR", rates)
    book = reload(quote_workbook(quote, converted, QuoteDetails(typed, CREATED, 30, typed),
                                 locale="en_US"))
    visible = clean_text(typed)
    assert "\x07" not in visible and "\x0b" not in visible
    client = client_cell(book["Quote"])
    assert client.value == visible
    assert client.data_type == "s"
    assert bool(client.quotePrefix) == visible.startswith(("=", "+", "-", "@", "\t", "\n"))
    notes = [c for c in _cells(book, "Quote") if c.value == visible]
    assert len(notes) == 2  # client and notes
    assert all(c.data_type == "s" for c in notes)


def test_no_formula_is_stored_outside_what_if(seed_entries, rates, request_with_everything):
    entries = tuple(e._replace(clinic=text, city=text, notes=text)
                    for e, text in zip(seed_entries, HOSTILE, strict=False))
    rows = compare(entries, request_with_everything, "GBP", rates)
    buffer = io.BytesIO()
    comparison_workbook(rows, request_with_everything, "GBP", locale="en_GB",
                        created=CREATED).save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
        sheets = re.findall(r'<sheet name="([^"]+)" sheetId="\d+" [^>]*r:id="(rId\d+)"',
                            workbook_xml)
        assert [name for name, _ in sheets] == ["Summary", "Details", "Sources", "Schedule",
                                                "What-if", "Rates", "Chart data"]
        xml = {name: archive.read(f"xl/worksheets/sheet{index}.xml").decode()
               for index, (name, _) in enumerate(sheets, start=1)}
    for name, text in xml.items():
        if name != "What-if":
            assert "<f>" not in text, name
    # The clinic's text is stored as an inline string, not a formula.
    for name in ("Summary", "Details", "Sources"):
        assert re.search(r'<c r="[A-Z]\d+" s="\d+" t="inlineStr"><is><t>=HYPERLINK',
                         xml[name]), name


def test_catalog_names_on_the_summary_are_text(seed_entries, rates, request_with_everything,
                                               reload):
    entries = (seed_entries[0]._replace(clinic="=cmd|' /C calc'!A0", city="+44 Leeds"),)
    rows = compare(entries, request_with_everything, "USD", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "USD", locale="en_US",
                                      created=CREATED))
    r = summary.HEADER_ROW + 1
    clinic = book["Summary"].cell(r, summary.CLINIC)
    assert (clinic.value, clinic.data_type) == ("=cmd|' /C calc'!A0", "s")
    assert clinic.quotePrefix
    d = detail_sheets.DETAILS_HEADER_ROW + 1
    clinic = book["Details"].cell(d, detail_sheets.CLINIC)
    city = book["Details"].cell(d, detail_sheets.CITY)
    assert (clinic.value, clinic.data_type) == ("=cmd|' /C calc'!A0", "s")
    assert (city.value, city.data_type) == ("+44 Leeds", "s")
    assert clinic.quotePrefix and city.quotePrefix
    # The hidden chart label starts with the country name: plain text either way.
    label = book[summary.CHART_DATA].cell(2, summary.CHART_LABEL)
    assert label.data_type == "s" and "=cmd" in label.value


def test_amounts_are_numbers_and_never_escaped(seed_entries, rates, request_with_everything,
                                               reload):
    quote, converted = price_request(request_with_everything, "USD", rates)
    book = reload(quote_workbook(quote, converted, QuoteDetails("-", CREATED), locale="en_US"))
    discount_row = next(c.row for c in _cells(book, "Quote")
                        if str(c.value).startswith("Discount"))
    cell = book["Quote"].cell(discount_row, 6)
    assert isinstance(cell.value, float | int) and cell.value < 0
    assert cell.data_type == "n" and not cell.quotePrefix
