"""Text that cannot be encoded never makes a file that does not open.

Bytes that are not UTF-8 in a command-line argument arrive as lone surrogates; control
characters, U+FFFE/U+FFFF and formula characters are other things XML or a spreadsheet
cannot take as they are. Whatever is typed, the command either writes a workbook that
reopens with every cell in place, or refuses in one line (exit 2).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import tomllib
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesocost.cli import main
from mesocost.core.catalog import PriceEntry
from mesocost.export.cells import clean_text
from mesocost.storage.pricelist import toml_string, write_catalog
from mesocost.storage.tomlfiles import load_catalog
from tests.export.quote_cells import client_cell

BASE = ["quote", "preview", "--destination", "TR", "--start", "2027-01-31",
        "--quote-date", "2026-11-02", "--rates", "offline"]
HOSTILE_CHARS = st.one_of(
    st.characters(),                       # anything printable or not, any plane
    st.characters(categories=["Cs"]),      # lone surrogates: bytes that were not UTF-8
    st.characters(categories=["Cc"]),      # control characters
    st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\ufffe", "\uffff", "\x1b"]),
)
# st.text() would drop the surrogates: join the characters instead.
TEXTS = st.lists(HOSTILE_CHARS, max_size=24).map("".join)


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _label_row(sheet, label):
    return next((r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label),
                None)


def _assert_quote_cells(book, client: str, notes: str) -> None:
    sheet = book["Quote"]
    client_at = client_cell(sheet)
    assert client_at.value == (clean_text(client) or None)
    if clean_text(client):
        assert client_at.data_type == "s"
    if notes:
        row = _label_row(sheet, "Notes")
        assert row is not None
        assert sheet.cell(row + 1, 1).value == (clean_text(notes) or None)
    # Nothing after the typed text went missing.
    assert _label_row(sheet, "Before you book") is not None
    assert book.sheetnames == ["Quote", "Schedule", "What-if", "Rates"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(client=TEXTS, notes=TEXTS)
def test_any_typed_text_gives_a_workbook_that_opens_or_one_line(tmp_path_factory, client,
                                                                notes):
    target = tmp_path_factory.mktemp("quote") / "quote.xlsx"
    code, out, err = _run(*BASE, f"--client={client}", f"--notes={notes}",
                          "--xlsx", str(target))
    if code == 2:
        assert err.startswith("mesocost: error: ") and err.count("\n") == 1
        assert not target.exists()
        return
    assert code == 0, err
    out.encode("utf-8")  # what was printed is valid text too
    _assert_quote_cells(openpyxl.load_workbook(target), client, notes)


def test_bytes_that_are_not_utf8_become_the_replacement_character(tmp_path):
    target = tmp_path / "quote.xlsx"
    code, out, err = _run(*BASE, "--client", "x\udcff\udcfey", "--notes", "n\udcffb",
                          "--add-on", "PRP\udcff=10", "--xlsx", str(target))
    assert (code, err) == (0, "")
    book = openpyxl.load_workbook(target)
    assert client_cell(book["Quote"]).value == "x\ufffd\ufffdy"
    assert book.properties.title == "Quote for x\ufffd\ufffdy"
    assert "Quote for x\ufffd\ufffdy" in out


def test_a_catalog_written_with_unencodable_text_reads_back(tmp_path):
    entry = PriceEntry(destination="TR", currency="USD", per_session_low=Decimal(100),
                       per_session_high=Decimal(200), clinic="Clinic \udcff\ud800",
                       notes="\uffff\x00 bell\x07")
    target = tmp_path / "catalog.toml"
    write_catalog(target, (entry,), "list\udcff.csv")
    target.read_bytes().decode("utf-8")  # strict: every byte is UTF-8
    (read,) = load_catalog(target)
    assert read.clinic == "Clinic \ufffd\ufffd"
    escaped = toml_string("a\udcffb")
    assert tomllib.loads(f"v = {escaped}")["v"] == "a\ufffdb"


def test_printed_text_with_bytes_that_are_not_utf8_is_valid_utf8():
    """Through a real process: the argument really is bytes, stdout really is a pipe."""
    run = subprocess.run(
        [sys.executable, "-m", "mesocost", *BASE, "--client", b"x\xff\xfey",
         "--notes", b"\xe2\x82"], capture_output=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "Quote for x\ufffd\ufffdy" in run.stdout.decode("utf-8")  # strict decoding
    assert run.stderr == b""


SOFFICE = shutil.which("soffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_workbook_with_every_cell(tmp_path):
    from tests.export.test_libreoffice import _recalculate

    client = "=x\udcff\x07\ufffe\ud800y"
    notes = "@n\udcfe\x1b[2J\r\nsecond\x0bline\uffff"
    target = tmp_path / "hostile.xlsx"
    code, _out, err = _run(*BASE, f"--client={client}", f"--notes={notes}",
                           "--xlsx", str(target))
    assert (code, err) == (0, "")
    book = _recalculate([target], tmp_path)["hostile.xlsx"]
    _assert_quote_cells(book, client, notes)
    assert client_cell(book["Quote"]).value == "=x\ufffd\ufffdy"
    assert book["Schedule"].max_row > 8 and book["What-if"].max_row > 10
