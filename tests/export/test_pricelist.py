"""Price-list template and import: same validation as the catalog, every bad row reported."""

from __future__ import annotations

import time
import tomllib
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from mesocost.core.errors import InputError
from mesocost.storage import pricelist
from mesocost.storage.pricelist import (
    COLUMNS,
    catalog_toml,
    import_price_list,
    toml_string,
    write_catalog,
    write_template,
)
from mesocost.storage.tomlfiles import load_catalog

GOOD = [
    ["TR", "Istanbul", "Clinic \"A\"", "USD", 120, 280.5, "one session", "call, 2026",
     "2026-10-01", "line\nbreak"],
    ["gb", "", "", "gbp", "150", "400", "", "", "", ""],
]
BAD = {  # reason fragment: row
    "unknown country code": ["XX", "", "", "USD", 100, 200, "", "", "", ""],
    "unknown currency code": ["TR", "", "B", "ABC", 100, 200, "", "", "", ""],
    "is above high": ["TR", "", "C", "USD", 300, 200, "", "", "", ""],
    "must be above zero": ["TR", "", "D", "USD", -5, 200, "", "", "", ""],
    "not a number": ["TR", "", "E", "USD", "cheap", 200, "", "", "", ""],
    "not a date": ["TR", "", "F", "USD", 100, 200, "", "", "31/12/2026", ""],
    "is required": ["TR", "", "G", "", 100, 200, "", "", "", ""],
    "duplicate of row 2": ["TR", "Ankara", "clinic \"a\"", "USD", 100, 200, "", "", "", ""],
}


def _workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_good_rows_import_and_load_back_as_a_catalog(tmp_path):
    source = _workbook(tmp_path / "prices.xlsx", [*GOOD, [None] * 10])
    result = import_price_list(source)
    assert result.rejected == ()
    first, second = result.entries
    assert (first.destination, first.clinic, first.per_session_high) == (
        "TR", 'Clinic "A"', Decimal("280.5"))
    assert first.as_of.isoformat() == "2026-10-01"
    assert (second.destination, second.currency) == ("GB", "GBP")
    output = tmp_path / "catalog.toml"
    write_catalog(output, result.entries, "prices.xlsx")
    assert load_catalog(output) == result.entries


def test_every_bad_row_is_reported_with_its_row_number(tmp_path):
    source = _workbook(tmp_path / "prices.xlsx", [*GOOD, *BAD.values()])
    result = import_price_list(source)
    assert len(result.entries) == 2
    assert [r.row for r in result.rejected] == list(range(4, 4 + len(BAD)))
    for rejected, reason in zip(result.rejected, BAD, strict=True):
        assert reason in rejected.reason, (rejected, reason)
        assert str(rejected).startswith(f"row {rejected.row}: ")


def test_csv_imports_with_the_same_rules(tmp_path):
    source = tmp_path / "prices.csv"
    source.write_text("country;currency;low;high;clinic\nTR;USD;100;300;A\nUS;USD;0;1;B\n",
                      encoding="utf-8-sig")
    result = import_price_list(source)
    assert [e.clinic for e in result.entries] == ["A"]
    assert result.rejected[0].row == 3 and "above zero" in result.rejected[0].reason


def _set_cached_value(path, formula, cached):
    """openpyxl writes formulas without results; add one as Excel would have saved it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert f"<f>{formula}</f><v />" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{cached}</v>").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formulas_are_read_as_cached_values_and_missing_ones_reported(tmp_path):
    source = _workbook(tmp_path / "prices.xlsx", [
        ["TR", "", "A", "USD", "=50*2", 300, "", "", "", ""],
        ["GB", "", "B", "GBP", "=100+50", 400, "", "", "", ""],
    ])
    _set_cached_value(source, "50*2", 100)
    result = import_price_list(source)
    assert [(e.clinic, e.per_session_low) for e in result.entries] == [("A", Decimal("100"))]
    assert result.rejected[0].row == 3
    assert "no saved result" in result.rejected[0].reason


def _refused_quickly(path, match):
    started = time.perf_counter()
    with pytest.raises(InputError, match=match) as caught:
        import_price_list(path)
    assert time.perf_counter() - started < 5
    assert "\n" not in str(caught.value)


def test_a_renamed_text_file_is_refused(tmp_path):
    fake = tmp_path / "prices.xlsx"
    fake.write_text("country,currency,low,high\nTR,USD,1,2\n")
    _refused_quickly(fake, "not an Excel workbook")


def test_a_damaged_zip_is_refused(tmp_path):
    fake = tmp_path / "prices.xlsx"
    fake.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    _refused_quickly(fake, "not an Excel workbook")


def test_an_xml_bomb_workbook_is_refused(tmp_path):
    source = _workbook(tmp_path / "bomb.xlsx", GOOD)
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">' + lol + "]>"
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c>"
            "</row></sheetData></worksheet>")
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = bomb.encode()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    _refused_quickly(source, "unsafe XML")


def test_a_zip_bomb_is_refused_before_inflating(tmp_path):
    source = tmp_path / "zipbomb.xlsx"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    _refused_quickly(source, "zip bomb")


def test_files_over_the_size_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pricelist, "MAX_FILE_BYTES", 100)
    big = tmp_path / "prices.csv"
    big.write_text("country,currency,low,high\n" + "TR,USD,1,2\n" * 50)
    _refused_quickly(big, "more than the 100 allowed")


def test_unknown_and_missing_columns_are_one_line(tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text("country,currency,low,price\n")
    _refused_quickly(odd, "unknown column 'price'")
    short = tmp_path / "short.csv"
    short.write_text("country,currency,low\n")
    _refused_quickly(short, "missing column 'high'")


def test_template_has_the_columns_and_validation_lists(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    sheet = book["Prices"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["A2:A50000"].startswith("Lists!$A$2")
    assert lists["D2:D50000"].startswith("Lists!$B$2")
    codes = [c.value for c in book["Lists"]["B"][1:]]
    assert "EUR" in codes and "JPY" in codes
    assert "How to fill in" in book.sheetnames
    # An empty template imports to nothing (and says so through the CLI).
    assert import_price_list(path).entries == ()


@pytest.mark.parametrize("text", ['say "hi"', "back\\slash", "tab\tand\nnewline",
                                  "bell\x07", "ünïcødé ✓", "'''", '"""'])
def test_toml_strings_round_trip(text):
    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text


def test_written_catalog_round_trips_hostile_text(tmp_path):
    source = tmp_path / "p.csv"
    source.write_text('country,currency,low,high,notes\nTR,USD,1.50,2,"a ""q"" \\ ]]\n[x]"\n')
    result = import_price_list(source)
    text = catalog_toml(result.entries, "p.csv")
    assert tomllib.loads(text)["entries"][0]["notes"] == 'a "q" \\ ]]\n[x]'
    assert tomllib.loads(text)["entries"][0]["low"] == "1.50"
