"""`--add-on` on the command line: one typed price, converted for every destination, and
unit × quantity equal to the amount wherever a quote shows a line."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from mesocost.core.money import round_to_minor

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = json.loads((ROOT / "resources" / "ecb-latest.json").read_text())
PINNED = ("--start", "2027-01-31", "--rates", "offline")


def per_euro(code):
    return Decimal(1) if code == "EUR" else Decimal(SNAPSHOT["rates"][code])


def _rows(run):
    assert run.code == 0, run.err
    return {row["destination"]: row for row in run.json()["rows"]}


@pytest.mark.parametrize("display", ["EUR", "GBP", "JPY"])
def test_an_add_on_without_a_code_is_priced_in_the_display_currency(cli, display):
    plain = _rows(cli("compare", *PINNED, "--currency", display, "--format", "json"))
    rows = _rows(cli("compare", *PINNED, "--currency", display, "--format", "json",
                     "--add-on", "PRP=50/session"))
    minor = Decimal("1") if display == "JPY" else Decimal("0.01")
    for code, row in rows.items():
        # The same money everywhere: 8 × 50 in the display currency, give or take rounding.
        added = Decimal(row["converted"]["low"]) - Decimal(plain[code]["converted"]["low"])
        assert abs(added - 400) <= minor, (code, added)
        add_on, = row["add_ons"]
        assert add_on["price"] == {"currency": display, "low": str(round_to_minor(
            Decimal(50), display)), "high": str(round_to_minor(Decimal(50), display))}
        assert add_on["amount"]["currency"] == row["currency"]
        assert add_on["pair"] == f"{display}/{row['currency']}"
        assert add_on["quantity"] == 8


def test_an_add_on_naming_its_currency_lists_its_rate(cli):
    result = cli("compare", *PINNED, "--currency", "USD", "--add-on",
                 "PRP=40-60 EUR/session")
    assert result.code == 0, result.err
    assert "Rate EUR/USD" in result.out and "Rate EUR/GBP" in result.out
    rows = _rows(cli("compare", *PINNED, "--currency", "USD", "--format", "json",
                     "--add-on", "PRP=40-60 EUR/session", "--add-on", "Consult=EUR 30"))
    gb = rows["GB"]["add_ons"]
    assert [a["name"] for a in gb] == ["PRP", "Consult"]
    rate = per_euro("GBP")
    assert gb[0]["rate"] == str(rate) and gb[0]["rate_source"] == "ecb"
    assert gb[0]["amount"]["low"] == str(round_to_minor(8 * 40 * rate, "GBP"))
    assert gb[1]["amount"]["high"] == str(round_to_minor(30 * rate, "GBP"))


def test_an_add_on_in_a_currency_without_a_rate_is_one_line(cli):
    result = cli("compare", *PINNED, "--currency", "USD", "--add-on", "PRP=50 ARS")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "ARS" in result.err and "--rate" in result.err


def test_bad_add_on_syntax_is_one_line(cli):
    result = cli("compare", *PINNED, "--add-on", "PRP=EUR 50 USD")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "argument --add-on" in result.err and "currency once" in result.err


def _unit_and_amount(text):
    """"$44.688 – $67.032" → (Decimal('44.688'), Decimal('67.032'))."""
    return [Decimal(re.sub(r"[^\d.]", "", part)) for part in text.split(" – ")]


def test_quote_table_unit_times_quantity_is_the_amount(cli):
    result = cli("quote", "preview", "--destination", "TR", "--client", "Ada", *PINNED,
                 "--currency", "USD", "--add-on", "PRP=48.08-80 EUR/session",
                 "--add-on", "Consult=GBP 30", "--maintenance-months", "6")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["Item", "Qty"])
    checked = 0
    for line in lines[header + 1:]:
        if not line.strip():
            break
        match = re.match(r"\s+(.+?)\s{2,}(\d+)\s{2,}(\S+ – \S+)\s{2,}(\S+ – \S+)$", line)
        if match is None:
            continue  # totals: no quantity or unit
        quantity = int(match.group(2))
        units, amounts = _unit_and_amount(match.group(3)), _unit_and_amount(match.group(4))
        for unit, amount in zip(units, amounts, strict=True):
            assert round_to_minor(unit * quantity, "USD") == amount, line
        checked += 1
    assert checked == 5  # two phases, maintenance, two add-ons
    assert "PRP (per session, priced in EUR)" in result.out
    # 48.08 EUR at the ECB rate is not a whole number of cents: more decimals are shown.
    prp = next(line for line in lines if line.strip().startswith("PRP"))
    assert re.search(r"\$\d+\.\d{3,}", prp), prp


def test_quote_workbook_unit_times_quantity_is_the_amount(cli, tmp_path):
    target = tmp_path / "quote.xlsx"
    result = cli("quote", "preview", "--destination", "GB", "--client", "Ada", *PINNED,
                 "--currency", "USD", "--add-on", "PRP=48.08-80.01 EUR/session",
                 "--xlsx", target)
    assert result.code == 0, result.err
    sheet = openpyxl.load_workbook(target)["Quote"]
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Item")
    checked = 0
    for r in range(header + 1, sheet.max_row + 1):
        if sheet.cell(r, 1).value == "Subtotal":
            break
        quantity = sheet.cell(r, 3).value
        for unit_column, amount_column in ((4, 6), (5, 7)):
            unit = Decimal(repr(sheet.cell(r, unit_column).value))
            amount = Decimal(repr(sheet.cell(r, amount_column).value))
            assert round_to_minor(unit * quantity, "GBP") == amount, r
            decimals = max(2, -unit.as_tuple().exponent)
            assert sheet.cell(r, unit_column).number_format.endswith("0." + "0" * decimals)
        checked += 1
    assert checked == 3
    prp = next(r for r in range(header + 1, sheet.max_row + 1)
               if str(sheet.cell(r, 1).value).startswith("PRP"))
    assert sheet.cell(prp, 4).number_format.count("0") > 5  # shown with more decimals
