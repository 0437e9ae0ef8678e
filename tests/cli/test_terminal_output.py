"""What the commands print: aligned by what the eye sees, and harmless to the terminal.

Catalog text (clinic and city names, protocol titles) and typed text reach the screen:
columns align by display width (a CJK character takes two columns, a combining accent
none), no escape sequence or control character gets through, and CSV cells that a
spreadsheet would run as formulas are quoted like the workbook quotes them.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from mesocost.cli.common import write_aligned
from mesocost.cli.compare import CSV_COLUMNS, CSV_NUMBER_COLUMNS, _csv_cell
from mesocost.core.text import display_width

START = ("--start", "2027-01-31")
ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _entry(destination, currency, clinic, city="", low="100", high="200"):
    return (f'[[entries]]\ndestination = "{destination}"\ncurrency = "{currency}"\n'
            f'low = "{low}"\nhigh = "{high}"\nclinic = "{clinic}"\ncity = "{city}"\n\n')


@pytest.fixture
def hostile_catalog(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        _entry("JP", "JPY", "渋谷クリニック", "東京", "20000", "40000")
        + _entry("FR", "EUR", "Cafe\\u0301 Clinic", "Paris")
        + _entry("ES", "EUR", "Evil\\u001b[2J\\u001b[H\\u001b]0;pwned\\u0007\\u009b31m",
                 "Ma\\tdrid")
        + _entry("DE", "EUR", "=HYPERLINK(\\\"http://x\\\")", "-Berlin")
        + _entry("IT", "EUR", "@SUM(A1)", "+Roma"),
        encoding="utf-8")
    return path


def _second_column_starts(lines):
    """Where, in screen columns, the Sessions column ends on each row."""
    return {display_width(line[:line.index("  8 ") + 3]) for line in lines}


def test_compare_table_aligns_wide_and_combining_characters(cli, hostile_catalog):
    run = cli("compare", "--catalog", hostile_catalog, *START)
    assert run.code == 0, run.err
    rows = [line for line in run.out.splitlines() if "  8 " in line]
    assert len(rows) == 8
    assert any("渋谷クリニック" in row for row in rows)
    assert len(_second_column_starts(rows)) == 1, rows  # one column edge, every row


def test_compare_table_cannot_repaint_the_terminal(cli, hostile_catalog):
    run = cli("compare", "--catalog", hostile_catalog, *START)
    assert run.code == 0
    assert not ESCAPES.search(run.out.replace("\n", "")), repr(run.out)
    assert "pwned" not in run.out  # the window-title text went with its sequence
    assert "Evil" in run.out and "Ma drid" in run.out


def test_quote_text_is_aligned_and_harmless(cli, hostile_catalog):
    run = cli("quote", "preview", "--destination", "JP", "--clinic", "渋谷クリニック",
              "--catalog", hostile_catalog, "--client", "Ada\x1b[2J",
              "--notes", "line one\nline\x07 two\x1b]0;x\x07", "--add-on", "頭皮ケア=1000",
              *START)
    assert run.code == 0, run.err
    assert not ESCAPES.search(run.out.replace("\n", ""))
    assert "Quote for Ada, " in run.out and "Notes: line one\nline two\n" in run.out
    table = next(block for block in run.out.split("\n\n") if block.startswith("  Item"))
    items = [line for line in table.splitlines() if "¥" in line]  # the line items' table
    assert any("頭皮ケア" in line for line in items)
    starts = {display_width(line[:line.index("¥")]) for line in items}
    ends = {display_width(line) for line in items}
    assert len(starts) == 1 or len(ends) == 1, items  # amounts line up on screen


def test_schedule_from_a_protocol_file_is_harmless(cli, tmp_path):
    protocol = tmp_path / "p.toml"
    protocol.write_text('[protocols.p]\ntitle = "T\\u001b[31mitle"\n'
                        'phases = [{sessions = 2, every_days = 15, name = "ph\\u001b[2Jase"}]\n')
    run = cli("schedule", "--protocol", protocol, *START)
    assert run.code == 0, run.err
    assert not ESCAPES.search(run.out.replace("\n", ""))


def test_write_aligned_pads_by_display_width():
    out = io.StringIO()
    write_aligned(out, ["Name", "N"], [["東京", "1"], ["e\u0301x", "22"], ["abcd", "3"]],
                  right=frozenset({1}))
    lines = out.getvalue().splitlines()
    assert {display_width(line) for line in lines} == {8}
    assert lines[1] == "東京   1"


def test_csv_quotes_formula_text_but_not_numbers(cli, hostile_catalog):
    run = cli("compare", "--catalog", hostile_catalog, "--format", "csv", *START)
    assert run.code == 0, run.err
    rows = {row["destination"]: row for row in csv.DictReader(io.StringIO(run.out))}
    assert rows["DE"]["clinic"] == "'=HYPERLINK(\"http://x\")"
    assert rows["DE"]["city"] == "'-Berlin"
    assert (rows["IT"]["clinic"], rows["IT"]["city"]) == ("'@SUM(A1)", "'+Roma")
    assert rows["JP"]["clinic"] == "渋谷クリニック"
    assert not ESCAPES.search(rows["ES"]["clinic"])
    for row in rows.values():
        for column in CSV_NUMBER_COLUMNS:
            assert not row[column].startswith("'"), (column, row[column])


def test_a_negative_figure_stays_a_number_and_negative_text_is_quoted():
    assert _csv_cell("total_low", "-5.00") == "-5.00"
    assert _csv_cell("converted_mid", "-0.01") == "-0.01"
    assert _csv_cell("clinic", "-5.00") == "'-5.00"
    assert _csv_cell("warnings", "=1+1 | x") == "'=1+1 | x"
    assert _csv_cell("sessions", 8) == 8
    assert set(CSV_NUMBER_COLUMNS) <= set(CSV_COLUMNS)


def test_a_value_typed_as_two_dashes_is_that_text(capsys):
    """argparse in Python 3.11 hands `--client=--` over as []: it must stay "--"."""
    from mesocost.cli import main

    assert main(["quote", "preview", "--destination", "TR", "--client=--", "--notes=--",
                 "--start", "2027-01-31", "--rates", "offline"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Quote for --,")
    assert "Notes: --" in out


def test_two_dashes_for_a_checked_option_is_one_line(capsys):
    from mesocost.cli import main

    assert main(["compare", "--currency=--"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--currency" in err[0] and "ISO 4217" in err[0]
