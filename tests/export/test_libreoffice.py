"""A real spreadsheet engine recalculates the workbooks: What-if totals equal the app's."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from mesocost.core.comparison import compare, price_request
from mesocost.core.money import minor_units, round_to_minor
from mesocost.export import whatif
from mesocost.export.xlsx import QuoteDetails, export_comparison, export_quote
from tests.export.whatif_cells import table_rows

CREATED = date(2026, 11, 2)
CURRENCIES = ("USD", "EUR", "GBP", "JPY")
ERRORS = ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")
SOFFICE = shutil.which("soffice")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def _recalculate(files, tmp_path):
    """Open and re-save every file with LibreOffice headless, in a private profile."""
    out = tmp_path / "recalculated"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=180)
    return {path.name: openpyxl.load_workbook(out / path.name, data_only=True)
            for path in files}




def _what_if_rows(sheet):
    """(inputs row, totals row) of each destination, in the sheet's order."""
    return list(zip(table_rows(sheet, 0), table_rows(sheet, 1), strict=True))


def _assert_no_errors(book, name):
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith(ERRORS)), \
                    f"{name} {sheet.title}!{cell.coordinate} = {cell.value}"


def _decimal(value):
    from decimal import Decimal

    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def test_what_if_totals_equal_the_app_after_libreoffice_recalculates(
        tmp_path, seed_entries, travel_entry, request_with_everything, rates):
    entries = (*seed_entries, travel_entry)
    inclusive = request_with_everything._replace(tax_inclusive=True, discount_pct=0)
    expected, files = {}, []
    for display in CURRENCIES:
        for label, template in (("added", request_with_everything), ("incl", inclusive)):
            rows = compare(entries, template, display, rates)
            path = tmp_path / f"comparison-{display}-{label}.xlsx"
            export_comparison(path, rows, template, display, locale="en_US", created=CREATED)
            expected[path.name] = [(row.quote, row.converted) for row in rows]
            files.append(path)
        quote, converted = price_request(
            request_with_everything._replace(entry=travel_entry), display, rates)
        path = tmp_path / f"quote-{display}.xlsx"
        export_quote(path, quote, converted, QuoteDetails("=1+1", CREATED, 30),
                     locale="en_GB")
        expected[path.name] = [(quote, converted)]
        files.append(path)

    books = _recalculate(files, tmp_path)
    for name, book in books.items():
        _assert_no_errors(book, name)
        sheet = book["What-if"]
        rows = _what_if_rows(sheet)
        assert len(rows) == len(expected[name]), name
        for (_, r), (quote, conv) in zip(rows, expected[name], strict=True):
            native, display = quote.currency, conv.currency

            def value(column, r=r, sheet=sheet):
                return _decimal(sheet.cell(r, column).value)

            assert value(whatif.PACKAGE_LOW) == round_to_minor(quote.total.low, native), name
            assert value(whatif.PACKAGE_TYPICAL) == round_to_minor(quote.total.mid, native)
            assert value(whatif.PACKAGE_HIGH) == round_to_minor(quote.total.high, native)
            assert value(whatif.TOTAL_LOW) == round_to_minor(conv.grand.low, display), name
            assert value(whatif.TOTAL_TYPICAL) == round_to_minor(conv.grand.mid, display)
            assert value(whatif.TOTAL_HIGH) == round_to_minor(conv.grand.high, display)
            travel = conv.travel.low if conv.travel is not None else 0
            assert value(whatif.TRAVEL_DISPLAY) == round_to_minor(_decimal(travel), display)
            if name.startswith("quote"):
                assert value(whatif.DEPOSIT_LOW) == round_to_minor(quote.deposit.low, native)
                assert value(whatif.DEPOSIT_HIGH) == round_to_minor(quote.deposit.high, native)
        if name.startswith("quote"):
            # The client typed as "=1+1" is still that text (wherever the sheet puts it).
            client = [c for line in book["Quote"].iter_rows() for c in line
                      if c.value == "=1+1"]
            assert client and all(c.data_type == "s" for c in client), name


def _label_row(sheet, label):
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label)


def test_a_coordinator_edits_inputs_and_the_totals_follow_the_engine(
        tmp_path, seed_entries, travel_entry, request_with_everything, rates):
    """Change inputs in the saved workbook as a person would; after recalculation the
    totals equal what the engine computes for the changed request."""
    from decimal import Decimal

    from mesocost.core.protocol import Phase

    entries = (*seed_entries, travel_entry)
    rows = compare(entries, request_with_everything, "EUR", rates)
    path = tmp_path / "edited.xlsx"
    export_comparison(path, rows, request_with_everything, "EUR", locale="en_US",
                      created=CREATED)

    book = openpyxl.load_workbook(path)  # formulas kept
    sheet = book["What-if"]
    # A percentage cell holds a real percentage: 5 % is what a spreadsheet stores for "5%".
    sheet.cell(_label_row(sheet, "Discount (%)"), 2).value = 0.05
    sheet.cell(_label_row(sheet, "monthly"), 2).value = 6
    table = table_rows(sheet, 0)
    us_row = next(r for r in table if sheet.cell(r, 2).value == "USD"
                  and sheet.cell(r, 3).value == float(seed_entries[2].per_session_low))
    sheet.cell(us_row, 3).value = 180
    # Trips and nights are inputs too (the sheet says so): the coordinator updates them
    # for the longer course, from the app's schedule.
    standard = request_with_everything.protocol
    protocol = standard._replace(phases=(standard.phases[0], Phase("monthly", 6,
                                                                   every_months=1)))
    edited = request_with_everything._replace(protocol=protocol, discount_pct=Decimal(5))
    longer = price_request(edited.for_entry(travel_entry), "EUR", rates)[0].travel
    travel_row = next(r for r in table
                      if sheet.cell(r, whatif.TRAVEL_CURRENCY).value == "GBP")
    sheet.cell(travel_row, 6).value = len(longer.trips)
    sheet.cell(travel_row, 7).value = longer.nights
    book.save(path)

    # The same edits made to the request: 6 monthly sessions, 5 % discount, US at 180 low.
    us = seed_entries[2]._replace(per_session_low=Decimal(180))
    recalculated = _recalculate([path], tmp_path)["edited.xlsx"]
    _assert_no_errors(recalculated, "edited.xlsx")
    result = recalculated["What-if"]
    for r_in, r in _what_if_rows(result):
        low = _decimal(result.cell(r_in, 3).value)
        entry = next(e for e in (*seed_entries[:2], us, travel_entry)
                     if e.currency == result.cell(r_in, 2).value and e.per_session_low == low)
        quote, converted = price_request(edited.for_entry(entry), "EUR", rates)
        assert _decimal(result.cell(r, whatif.PACKAGE_HIGH).value) == round_to_minor(
            quote.total.high, entry.currency)
        assert _decimal(result.cell(r, whatif.TOTAL_LOW).value) == round_to_minor(
            converted.grand.low, "EUR")


def test_add_ons_in_another_currency_recalculate_with_their_rates(
        tmp_path, seed_entries, travel_entry, request_with_everything, rates):
    """The PRP add-on is priced in euros: each destination converts it with its own rate.
    A coordinator raises it to 60 EUR; the totals follow the engine at every destination."""
    from decimal import Decimal

    from mesocost.core.engine import AddOn

    entries = (*seed_entries, travel_entry)
    rows = compare(entries, request_with_everything, "JPY", rates)
    path = tmp_path / "add-ons.xlsx"
    export_comparison(path, rows, request_with_everything, "JPY", locale="en_US",
                      created=CREATED)
    book = openpyxl.load_workbook(path)
    sheet = book["What-if"]
    sheet.cell(_label_row(sheet, "PRP"), 2).value = 60
    book.save(path)

    prp = request_with_everything.add_ons[0]
    edited = request_with_everything._replace(add_ons=(
        AddOn(prp.name, Decimal(60), prp.high, prp.per_session, prp.currency),
        *request_with_everything.add_ons[1:]))
    expected = {(row.entry.currency, row.entry.per_session_low): row
                for row in compare(entries, edited, "JPY", rates)}
    result = _recalculate([path], tmp_path)["add-ons.xlsx"]
    _assert_no_errors(result, "add-ons.xlsx")
    what_if = result["What-if"]
    for r_in, r in _what_if_rows(what_if):
        row = expected[(what_if.cell(r_in, 2).value, _decimal(what_if.cell(r_in, 3).value))]
        assert _decimal(what_if.cell(r, whatif.PACKAGE_LOW).value) == round_to_minor(
            row.quote.total.low, row.entry.currency)
        assert _decimal(what_if.cell(r, whatif.TOTAL_LOW).value) == round_to_minor(
            row.converted.grand.low, "JPY")
        assert _decimal(what_if.cell(r, whatif.TOTAL_HIGH).value) == round_to_minor(
            row.converted.grand.high, "JPY")


def _spare_rows(sheet):
    """The What-if's spare add-on rows: no name yet, a price cell waiting for one."""
    return [r for r in range(1, sheet.max_row + 1)
            if sheet.cell(r, 1).value is None and sheet.cell(r, 4).value in ("Yes", "No")]


def test_spare_add_on_rows_and_percentages_typed_in_follow_the_engine(
        tmp_path, seed_entries, travel_entry, request_with_everything, rates):
    """A coordinator types a per-session booster into a spare add-on row, a fixed-price
    item (High left empty) into another, makes the tax 10 % and included in the prices,
    and asks a 40 % deposit. After LibreOffice recalculates, every total and deposit
    equals the engine's for the same request, to the minor unit."""
    from decimal import Decimal

    from mesocost.core.engine import AddOn

    entries = (*seed_entries, travel_entry)
    files, expected = [], {}
    for display in ("JPY", "GBP"):
        booster = AddOn("booster", Decimal("45.5"), Decimal(70), True, display)
        analysis = AddOn("scalp analysis", Decimal(25), Decimal(25), False, display)
        edited = request_with_everything._replace(
            tax_pct=Decimal(10), tax_inclusive=True, deposit_pct=Decimal(40),
            add_ons=(*request_with_everything.add_ons, booster, analysis))
        path = tmp_path / f"comparison-{display}.xlsx"
        export_comparison(path, compare(entries, request_with_everything, display, rates),
                          request_with_everything, display, locale="en_US", created=CREATED)
        expected[path.name] = {(row.entry.currency, row.entry.per_session_low):
                               (row.quote, row.converted)
                               for row in compare(entries, edited, display, rates)}
        files.append(path)
        path = tmp_path / f"quote-{display}.xlsx"
        quote, converted = price_request(request_with_everything._replace(entry=travel_entry),
                                         display, rates)
        export_quote(path, quote, converted, QuoteDetails("Ada", CREATED, 30), locale="en_GB")
        expected[path.name] = {(travel_entry.currency, travel_entry.per_session_low):
                               price_request(edited._replace(entry=travel_entry), display,
                                             rates)}
        files.append(path)

    for path in files:
        book = openpyxl.load_workbook(path)
        sheet = book["What-if"]
        first, second, _ = _spare_rows(sheet)
        for column, value in enumerate(("booster", 45.5, 70, "Yes"), 1):
            sheet.cell(first, column).value = value
        # High left empty: a fixed price.
        for column, value in ((1, "scalp analysis"), (2, 25), (4, "No")):
            sheet.cell(second, column).value = value
        sheet.cell(_label_row(sheet, "Tax (%)"), 2).value = 0.1  # what "10%" stores
        sheet.cell(_label_row(sheet, "Tax included in prices (Yes/No)"), 2).value = "Yes"
        if path.name.startswith("quote"):
            sheet.cell(_label_row(sheet, "Deposit (%)"), 2).value = 0.4
        book.save(path)

    books = _recalculate(files, tmp_path)
    for name, book in books.items():
        _assert_no_errors(book, name)
        sheet = book["What-if"]
        rows = _what_if_rows(sheet)
        assert len(rows) == len(expected[name]), name
        for r_in, r in rows:
            key = (sheet.cell(r_in, 2).value, _decimal(sheet.cell(r_in, 3).value))
            quote, conv = expected[name][key]
            native, display = quote.currency, conv.currency

            def value(column, r=r, sheet=sheet):
                return _decimal(sheet.cell(r, column).value)

            for column, figure, currency in (
                    (whatif.PACKAGE_LOW, quote.total.low, native),
                    (whatif.PACKAGE_TYPICAL, quote.total.mid, native),
                    (whatif.PACKAGE_HIGH, quote.total.high, native),
                    (whatif.TOTAL_LOW, conv.grand.low, display),
                    (whatif.TOTAL_TYPICAL, conv.grand.mid, display),
                    (whatif.TOTAL_HIGH, conv.grand.high, display)):
                assert value(column) == round_to_minor(figure, currency), (name, key, column)
            if name.startswith("quote"):
                assert value(whatif.DEPOSIT_LOW) == round_to_minor(quote.deposit.low, native)
                assert value(whatif.DEPOSIT_HIGH) == round_to_minor(quote.deposit.high, native)


def test_the_what_if_page_prints_every_figure_and_name_whole(tmp_path, rates):
    """Rendered to PDF by LibreOffice, the What-if sheet shows no ### (columns fit the
    widest figure, here in rupiah and forint) and every destination's name whole."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from decimal import Decimal

    from mesocost.core.catalog import PriceEntry
    from mesocost.core.engine import AddOn, QuoteRequest
    from mesocost.storage.tomlfiles import find_protocol

    long_name = "Budapesti Hajgyógyászati és Esztétikai Központ"
    entries = (
        PriceEntry(destination="ID", currency="IDR", per_session_low=Decimal(1_500_000),
                   per_session_high=Decimal(4_250_000), city="Jakarta", clinic="Klinik"),
        PriceEntry(destination="HU", currency="HUF", per_session_low=Decimal(45_000),
                   per_session_high=Decimal(120_000), city="Budapest", clinic=long_name),
    )
    template = QuoteRequest(entry=entries[0], protocol=find_protocol("standard"),
                            start=date(2027, 1, 31), maintenance_months=12,
                            add_ons=(AddOn("PRP", Decimal(900_000), Decimal(1_200_000),
                                           True, "IDR"),))
    rows = compare(entries, template, "IDR", rates)
    path = tmp_path / "wide.xlsx"
    export_comparison(path, rows, template, "IDR", locale="de_DE", created=CREATED)
    book = openpyxl.load_workbook(path)
    for name in book.sheetnames:
        if name != "What-if":
            book.remove(book[name])
    book.save(path)
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "wide.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "###" not in text
    assert not any(error in text for error in ERRORS)
    assert long_name in text
    highest = round_to_minor(max(row.converted.grand.high for row in rows), "IDR")
    assert f"IDR {highest:,.{minor_units('IDR')}f}" in text
