"""Price lists as spreadsheet programs really write them: decimal commas, Windows-1252,
hidden sheets, numbers in text columns — and every imported file is one compare reads."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from mesocost.cli import main
from mesocost.core.errors import InputError
from mesocost.storage.pricelist import COLUMNS, import_price_list
from mesocost.storage.sheetio import DecimalMark, read_decimal

ROOT = Path(__file__).resolve().parents[2]
ECB = sorted({"EUR", *json.loads((ROOT / "resources" / "ecb-latest.json").read_text())["rates"]})


def _run(*args) -> tuple[int, str, str]:
    """The CLI in-process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(arg) for arg in args])
    return code, out.getvalue(), err.getvalue()


class _Result:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli():
    return lambda *args: _Result(*_run(*args))


def _csv(tmp_path, text, encoding="utf-8", name="prices.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_european_excel_csv_keeps_every_row_with_a_decimal(tmp_path):
    source = _csv(tmp_path, "country;city;clinic;currency;low;high\n"
                            "ES;Madrid;Clínica;EUR;90,50;180,00\n"
                            "DE;Berlin;Praxis;EUR;1.234,50;2.000,00\n"
                            "PT;Porto;A;EUR;75;120\n"
                            "IT;Roma;B;EUR;80.50;140.25\n", "utf-8-sig")
    result = import_price_list(source)
    assert result.rejected == () and result.notes == ()
    assert [(e.clinic, e.per_session_low, e.per_session_high) for e in result.entries] == [
        ("Clínica", Decimal("90.50"), Decimal("180.00")),
        ("Praxis", Decimal("1234.50"), Decimal("2000.00")),
        ("A", Decimal(75), Decimal(120)),
        ("B", Decimal("80.50"), Decimal("140.25")),  # a point that cannot be thousands
    ]


def test_a_price_that_reads_two_ways_is_rejected_unless_the_mark_is_given(tmp_path):
    text = "country;clinic;currency;low;high\nHU;Budapest;HUF;25.000;40.000\n"
    guessed = import_price_list(_csv(tmp_path, text))
    assert guessed.entries == ()
    reason = guessed.rejected[0].reason
    assert reason.startswith("low: '25.000' could be read two ways")
    assert "--decimal ," in reason and "--decimal ." in reason
    thousands = import_price_list(_csv(tmp_path, text), decimal=",")
    assert thousands.entries[0].per_session_low == Decimal(25000)
    decimals = import_price_list(_csv(tmp_path, text), decimal=".")
    assert decimals.entries[0].per_session_high == Decimal("40.000")


def test_decimal_point_files_group_thousands_with_commas(tmp_path):
    source = _csv(tmp_path, 'country,clinic,currency,low,high\nJP,A,JPY,"12,500","1,234,567"\n'
                            'US,B,USD,"1,234.50",2000\nUS,C,USD,"1,5",2\n')
    result = import_price_list(source, decimal=".")
    assert [(e.clinic, e.per_session_low, e.per_session_high) for e in result.entries] == [
        ("A", Decimal(12500), Decimal(1234567)), ("B", Decimal("1234.50"), Decimal(2000))]
    assert result.rejected[0].row == 4
    assert result.rejected[0].reason == "low: not a number with a decimal point: '1,5'"


@pytest.mark.parametrize(("text", "mark", "expected"), [
    ("90,50", ",", "90.50"), ("1.234,50", ",", "1234.50"), ("1 234,50", ",", "1234.50"),
    ("1\u00a0234,50", ",", "1234.50"), ("1.234.567", ",", "1234567"), (" 7 ", ",", "7"),
    ("1,234.50", ".", "1234.50"), ("0.5", ".", "0.5"), ("-5", ",", "-5"),
    ("cheap", ",", "cheap"), ("1e3", ".", "1e3"),  # left for the catalog's check
])
def test_numbers_as_spreadsheets_write_them(text, mark, expected):
    assert read_decimal(text, DecimalMark(mark)) == expected


@pytest.mark.parametrize(("text", "mark"), [
    ("1,234,5", ","), ("1.23,5", ","), ("12.34.5", ","), ("1.234 567", ","), ("90,5.0", "."),
])
def test_separators_that_fit_no_convention_are_refused(text, mark):
    with pytest.raises(InputError, match="not a number with a decimal"):
        read_decimal(text, DecimalMark(mark, explicit=True))


def test_a_windows_1252_csv_is_read_and_the_first_odd_line_named(tmp_path):
    source = _csv(tmp_path, "country,city,clinic,currency,low,high\nTR,Istanbul,A,USD,1,2\n"
                            "ES,Málaga,Clínica Señor,EUR,90,180\n", "cp1252")
    result = import_price_list(source)
    assert [e.city for e in result.entries] == ["Istanbul", "Málaga"]
    assert result.entries[1].clinic == "Clínica Señor"
    assert len(result.notes) == 1 and result.notes[0].startswith("line 3 is not UTF-8")
    assert "Windows-1252" in result.notes[0]


def test_bytes_that_are_no_known_text_are_one_line_naming_the_line(tmp_path):
    source = tmp_path / "prices.csv"
    source.write_bytes(b"country,currency,low,high\nTR,USD,1,2\nGB,GBP,\x81\x8d,2\n")
    with pytest.raises(InputError, match="line 3 is not UTF-8") as caught:
        import_price_list(source)
    assert "\n" not in str(caught.value) and "CSV UTF-8" in str(caught.value)


def test_the_cli_says_how_it_read_the_file(cli, tmp_path):
    source = _csv(tmp_path, "country;clinic;currency;low;high\nES;Clínica;EUR;90,50;180\n",
                  "cp1252")
    run = cli("catalog", "import", source, "--output", tmp_path / "c.toml")
    assert run.code == 0, run.err
    assert run.err.count("\n") == 1 and "line 2 is not UTF-8" in run.err
    compared = cli("compare", "--catalog", tmp_path / "c.toml", "--start", "2027-01-31",
                   "--currency", "EUR", "--format", "json")
    spain = next(row for row in compared.json()["rows"] if row["destination"] == "ES")
    assert (spain["clinic"], spain["per_session"]["low"]) == ("Clínica", "90.50")


def _book(path, sheets, active=None):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(COLUMNS))
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    if active is not None:
        book.active = active
    book.save(path)
    return path


ROW = ["TR", "", "{}", "USD", 100, 200, "", "", "", ""]


def _row(clinic):
    return [value.format(clinic) if isinstance(value, str) else value for value in ROW]


def test_a_workbook_is_read_from_the_sheet_its_owner_sees(tmp_path):
    path = _book(tmp_path / "p.xlsx", [("Lookup", "hidden", [_row("hidden")]),
                                       ("Old", "visible", [_row("old")]),
                                       ("Prices", "visible", [_row("seen")])], active=2)
    assert [e.clinic for e in import_price_list(path).entries] == ["seen"]
    assert [e.clinic for e in import_price_list(path, sheet="Old").entries] == ["old"]
    assert [e.clinic for e in import_price_list(path, sheet="old").entries] == ["old"]
    with pytest.raises(InputError, match="sheet 'Lookup' is hidden"):
        import_price_list(path, sheet="Lookup")
    with pytest.raises(InputError, match=r"no sheet named 'Nope' \(sheets: 'Old', 'Prices'\)"):
        import_price_list(path, sheet="Nope")


def test_a_hidden_active_sheet_gives_way_to_the_first_visible_one(tmp_path):
    path = _book(tmp_path / "p.xlsx", [("Lists", "visible", [_row("lists")]),
                                       ("Prices", "visible", [_row("prices")])], active=0)
    book = openpyxl.load_workbook(path)
    book["Lists"].sheet_state = "hidden"  # saved hidden while still the active tab
    book.active = 0
    book.save(path)
    assert [e.clinic for e in import_price_list(path).entries] == ["prices"]


def test_the_cli_takes_sheet_and_decimal(cli, tmp_path):
    path = _book(tmp_path / "p.xlsx", [("A", "visible", [_row("a")]),
                                       ("B", "visible", [["ES", "", "b", "EUR", "90,5", "1.200,75",
                                                          "", "", "", ""]])])
    run = cli("catalog", "import", path, "--output", tmp_path / "c.toml", "--sheet", "B",
              "--decimal", ",")
    assert run.code == 0, run.err
    assert 'low = "90.5"' in (tmp_path / "c.toml").read_text()
    assert 'high = "1200.75"' in (tmp_path / "c.toml").read_text()
    bad = cli("catalog", "import", _csv(tmp_path, "country,currency,low,high\n"), "--output",
              tmp_path / "d.toml", "--sheet", "B")
    assert bad.code == 2 and "--sheet is for workbooks" in bad.err


def test_numbers_in_text_columns_keep_their_digits(tmp_path):
    path = _book(tmp_path / "p.xlsx", [("Prices", "visible", [
        ["TR", 1234567.0, 2024, "USD", 100, 200, 3.5, 2024.0, "", date(2026, 1, 31)],
        ["GB", 42, 2024.5, "GBP", 150, 400, "", 12345678901234, "", ""],
    ])])
    first, second = import_price_list(path).entries
    assert (first.city, first.clinic, first.includes, first.source) == (
        "1234567", "2024", "3.5", "2024")
    assert first.notes == "2026-01-31"
    assert (second.city, second.clinic, second.source) == ("42", "2024.5", "12345678901234")


# --- a file the import writes is one compare reads -----------------------------------------

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**7), places=2)
rows = st.fixed_dictionaries({
    "country": st.sampled_from(["TR", "GB", "US", "ES", "JP", "DE", "BR", "IN", "MX", "TH"]),
    "city": texts, "clinic": texts, "currency": st.sampled_from(ECB),
    "low": prices, "spread": prices, "includes": texts, "source": texts, "notes": texts,
    "as_of": st.none() | st.dates(date(1999, 1, 1), date(2099, 12, 31)),
})


def _price_text(value: Decimal, mark: str, grouped: bool) -> str:
    whole, _, fraction = f"{value:f}".partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", "." if mark == "," else ",")
    return whole + (mark + fraction if fraction else "")


def _import_then_compare(folder: Path, source: Path, *options) -> None:
    output = folder / "out.toml"
    code, out, err = _run("catalog", "import", source, "--output", output, *options)
    if code != 0:  # refused as a whole (no valid row, binary content): nothing written
        assert code == 2 and err.splitlines()[-1].startswith("mesocost: error: "), err
        assert not output.exists()
        return
    code, out, err = _run("compare", "--catalog", output, "--start", "2027-01-31",
                          "--currency", "EUR", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["rows"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows, min_size=1, max_size=4), st.sampled_from([",", "."]), st.booleans(),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_an_imported_csv_is_always_a_catalog_compare_reads(records, mark, grouped, encoding):
    delimiter = ";" if mark == "," else ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([
            record["country"], record["city"], record["clinic"], record["currency"],
            _price_text(record["low"], mark, grouped),
            _price_text(record["low"] + record["spread"], mark, grouped),
            record["includes"], record["source"],
            record["as_of"].isoformat() if record["as_of"] else "", record["notes"]])
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "prices.csv"
        source.write_bytes(data)
        _import_then_compare(Path(folder), source, *(("--decimal", mark) if grouped else ()))


cells = st.one_of(texts, st.integers(-10**12, 10**12),
                  st.floats(allow_nan=False, allow_infinity=False, width=64))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(rows, cells, cells), min_size=1, max_size=3))
def test_an_imported_workbook_is_always_a_catalog_compare_reads(records):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prices.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(COLUMNS))
        for record, clinic, city in records:
            sheet.append([_cell(record["country"]), _cell(city), _cell(clinic),
                          record["currency"], record["low"], record["low"] + record["spread"],
                          _cell(record["includes"]), _cell(record["source"]),
                          record["as_of"], _cell(record["notes"])])
        book.save(path)
        _import_then_compare(Path(folder), path)


def _cell(value):
    """Text as a workbook can hold it (no control characters: openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
