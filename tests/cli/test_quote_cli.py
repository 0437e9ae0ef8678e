"""`mesocost quote preview`: prints the quote; --xlsx writes the workbook; nothing else."""

from __future__ import annotations

import openpyxl

from tests.export.quote_cells import client_cell

BASE = ("quote", "preview", "--destination", "GB", "--start", "2027-01-31",
        "--quote-date", "2026-11-02", "--currency", "EUR", "--discount", "10", "--tax", "20",
        "--deposit", "30", "--validity-days", "14")


def test_preview_prints_the_quote(cli):
    run = cli(*BASE, "--client", "Ada")
    assert run.code == 0
    assert "Quote for Ada, 2026-11-02 (valid until 2026-11-16)" in run.out
    assert "Deposit 30%" in run.out and "In EUR:" in run.out
    assert "first-line" in run.out and "information purposes only" in run.out


def test_preview_writes_the_workbook_and_nothing_else(cli, tmp_path):
    target = tmp_path / "quote.xlsx"
    run = cli(*BASE, "--client", "=HYPERLINK(\"http://x\",\"y\")", "--xlsx", target)
    assert run.code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["quote.xlsx"]
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Quote", "Schedule", "What-if", "Rates"]
    client = client_cell(book["Quote"])
    assert (client.value, client.data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_unknown_destination_or_clinic_is_one_line(cli):
    run = cli("quote", "preview", "--destination", "FR", "--client", "Ada")
    assert run.code == 2 and run.err.count("\n") == 1 and "no catalog entry" in run.err
    run = cli("quote", "preview", "--destination", "TR", "--clinic", "Nope", "--client", "A")
    assert run.code == 2 and "catalog has: TR" in run.err


def test_missing_folder_is_one_line_and_exit_2(cli, tmp_path):
    run = cli(*BASE, "--client", "Ada", "--xlsx", tmp_path / "missing" / "q.xlsx")
    assert run.code == 2
    assert run.err.count("\n") == 1 and "folder does not exist" in run.err
    assert run.out == ""


def test_compare_xlsx_writes_the_comparison_workbook(cli, tmp_path):
    target = tmp_path / "comparison.xlsx"
    run = cli("compare", "--start", "2027-01-31", "--currency", "JPY", "--xlsx", target)
    assert run.code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Summary", "Details", "Sources", "Schedule", "What-if",
                               "Rates", "Chart data"]
    assert book["Summary"]["B3"].value == "JPY"
    bad = cli("compare", "--start", "2027-01-31", "--xlsx", tmp_path / "no" / "c.xlsx")
    assert bad.code == 2 and bad.err.count("\n") == 1


def test_the_rates_sheet_lists_only_real_conversions(cli, tmp_path):
    """A USD quote shown in USD needs no rate: the sheet says so instead of USD/USD = 1."""
    target = tmp_path / "q.xlsx"
    run = cli("quote", "preview", "--destination", "TR", "--client", "Ada", "--currency",
              "USD", "--start", "2027-01-31", "--rates", "offline", "--xlsx", target)
    assert run.code == 0, run.err
    import openpyxl

    sheet = openpyxl.load_workbook(target)["Rates"]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "USD/USD" not in texts
    assert any(text.startswith("None needed") for text in texts)
