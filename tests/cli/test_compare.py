import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SNAPSHOT = json.loads((ROOT / "resources" / "ecb-latest.json").read_text())
PINNED = ("--start", "2027-01-31", "--rates", "offline")


def per_euro(code):
    return Decimal(1) if code == "EUR" else Decimal(SNAPSHOT["rates"][code])


def expected(amount, base, quote, places="0.01"):
    rate = per_euro(quote) / per_euro(base)
    return str((Decimal(amount) * rate).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def rows_by_code(document):
    return {row["destination"]: row for row in document["rows"]}


def test_standard_course_in_usd(cli):
    result = cli("compare", *PINNED, "--currency", "USD", "--format", "json")
    assert result.code == 0, result.err
    document = result.json()
    assert document["currency"] == "USD"
    assert document["protocol"]["course_sessions"] == 8
    rows = rows_by_code(document)
    assert rows["TR"]["total"] == {"low": "800.00", "mid": "1600.00", "high": "2400.00"}
    assert rows["US"]["total"] == {"low": "1600.00", "mid": "2800.00", "high": "4000.00"}
    assert rows["TR"]["per_session"] == {"low": "100.00", "high": "300.00"}
    assert rows["TR"]["sessions"] == 8 and rows["TR"]["currency"] == "USD"
    gb = rows["GB"]
    assert gb["currency"] == "GBP"
    assert (gb["total"]["low"], gb["total"]["high"]) == ("1200.00", "3200.00")
    converted = gb["converted"]
    assert converted["currency"] == "USD"
    assert converted["low"] == expected(1200, "GBP", "USD")
    assert converted["mid"] == expected(2200, "GBP", "USD")
    assert converted["high"] == expected(3200, "GBP", "USD")
    assert converted["rate_date"] == SNAPSHOT["date"] == "2026-10-30"
    assert converted["rate_source"] == "ecb"
    assert [row["destination"] for row in document["rows"]] == ["TR", "US", "GB"]


def test_three_sessions(cli):
    rows = rows_by_code(cli("compare", *PINNED, "--sessions", "3", "--currency", "USD",
                            "--format", "json").json())
    assert rows["TR"]["total"]["low"] == "300.00"
    assert rows["TR"]["total"]["high"] == "900.00"
    assert rows["TR"]["sessions"] == 3


@pytest.mark.parametrize("currency", ["EUR", "GBP", "JPY", "TRY", "CHF"])
def test_every_conversion_is_the_ecb_cross_rate_rounded_half_up_once(cli, currency):
    document = cli("compare", *PINNED, "--currency", currency, "--format", "json").json()
    places = "1" if currency == "JPY" else "0.01"
    for row in document["rows"]:
        for key in ("low", "mid", "high"):
            assert row["converted"][key] == expected(row["total"][key], row["currency"],
                                                     currency, places)
    if currency == "JPY":
        assert all("." not in row["converted"]["low"] for row in document["rows"])


@pytest.mark.parametrize(("locale", "fragment"), [
    ("en_GB", "£1,200.00 – £3,200.00"),
    ("de_DE", "1.200,00\u00a0£ – 3.200,00\u00a0£"),
    ("tr_TR", "£1.200,00 – £3.200,00"),
])
def test_table_is_formatted_by_babel_in_the_locale(cli, locale, fragment):
    result = cli("compare", *PINNED, "--currency", "EUR", "--locale", locale)
    assert result.code == 0
    assert fragment in result.out
    assert "2026-10-30" in result.out
    assert "indicative" in result.out


def test_table_columns_are_aligned(cli):
    lines = cli("compare", *PINNED, "--currency", "USD").out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Destination"))
    table = lines[header:header + 4]
    assert len({len(line) for line in table}) == 1


def test_csv_has_one_line_per_destination(cli):
    result = cli("compare", *PINNED, "--currency", "USD", "--format", "csv")
    lines = result.out.splitlines()
    assert lines[0].startswith("destination,name,")
    assert len(lines) == 4
    assert lines[1].startswith("TR,")


def test_user_catalog_with_travel_extends_the_bundled_one(cli, tmp_path):
    catalog = tmp_path / "mine.toml"
    catalog.write_text("""
[[entries]]
destination = "ES"
city = "Madrid"
clinic = "Clínica Ejemplo"
currency = "EUR"
low = "90"
high = "180"
[entries.travel]
currency = "GBP"
per_trip = "180"
nights_per_trip = 1
per_night = "95"
""", encoding="utf-8")
    document = cli("compare", *PINNED, "--catalog", catalog, "--currency", "GBP",
                   "--format", "json").json()
    rows = rows_by_code(document)
    assert set(rows) == {"TR", "GB", "US", "ES"}
    spain = rows["ES"]
    assert spain["travel"] == {"currency": "GBP", "trips": 8, "nights": 8,
                               "cost": str(8 * 180 + 8 * 95) + ".00"}
    grand = Decimal(spain["converted"]["grand"]["low"])
    treatment = Decimal(spain["converted"]["low"])
    assert abs(grand - treatment - Decimal(8 * 180 + 8 * 95)) <= Decimal("0.01")


def catalog_with(tmp_path, body):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    return path


ENTRY = '[[entries]]\ndestination = "{d}"\ncurrency = "{c}"\nlow = {low}\nhigh = {high}\n'


@pytest.mark.parametrize(("body", "message"), [
    (ENTRY.format(d="TR", c="USD", low='"400"', high='"300"'),
     "entry 1 (TR): low: low (400) is above high (300)"),
    (ENTRY.format(d="TR", c="USD", low='"-5"', high='"300"'),
     "entry 1 (TR): low: must be above zero"),
    (ENTRY.format(d="TR", c="USD", low='"cheap"', high='"300"'),
     "entry 1 (TR): low: not a number: 'cheap'"),
    (ENTRY.format(d="TR", c="ABC", low="1", high="2"),
     "entry 1 (TR): currency: unknown currency code 'ABC'"),
    (ENTRY.format(d="QQ", c="USD", low="1", high="2"),
     "entry 1 (QQ): destination: unknown country code 'QQ'"),
    ('[[entries]\ndestination = "TR"', "not valid TOML"),
    ('schema = 1\n', "no [[entries]] found"),
])
def test_bad_catalogs_exit_2_with_one_line(cli, tmp_path, body, message):
    path = catalog_with(tmp_path, body)
    result = cli("compare", *PINNED, "--catalog", path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"mesocost: error: {path}: ")
    assert message in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(("args", "message"), [
    (("--catalog", "/nonexistent/catalog.toml"), "/nonexistent/catalog.toml: file not found"),
    (("--currency", "XYZ"), "argument --currency: unknown currency code 'XYZ'"),
    (("--start", "2027-02-30"), "argument --start: not a real date"),
    (("--start", "31/01/2027"), "argument --start: not a real date"),
    (("--sessions", "0"), "argument --sessions: session count must be between 1 and 200"),
    (("--sessions", "-3"), "argument --sessions: session count must be between 1 and 200"),
    (("--sessions", "eight"), "argument --sessions: not a whole number"),
    (("--sessions", "100000"), "argument --sessions: session count must be between 1 and 200"),
    (("--maintenance-months", "x"), "argument --maintenance-months: not a whole number"),
    (("--locale", "xx_YY"), "argument --locale: unknown locale"),
    (("--protocol", "express"), "unknown protocol 'express'"),
    (("--discount", "150"), "argument --discount: must be between 0 and 100"),
    (("--rate", "GBP=1.2"), "--rate: must look like BASE:QUOTE=RATE"),
    (("--rate", "GBP:USD=-1"), "rate must be above zero"),
    (("--format", "xml"), "argument --format: invalid choice"),
])
def test_bad_options_exit_2_with_one_line(cli, args, message):
    result = cli("compare", *PINNED, *args)
    assert result.code == 2
    assert result.err.count("\n") == 1, result.err
    assert message in result.err
    assert "Traceback" not in result.err


def test_bad_input_in_a_real_process_has_no_traceback(tmp_path):
    path = catalog_with(tmp_path, ENTRY.format(d="TR", c="USD", low='"400"', high='"300"'))
    process = subprocess.run([sys.executable, "-m", "mesocost", "compare", "--catalog",
                              str(path)], capture_output=True, text=True, check=False)
    assert process.returncode == 2
    assert process.stderr.strip().splitlines() == [
        f"mesocost: error: {path}: entry 1 (TR): low: low (400) is above high (300)"]


def test_debug_shows_the_traceback(tmp_path):
    path = catalog_with(tmp_path, "schema = 1\n")
    process = subprocess.run([sys.executable, "-m", "mesocost", "--debug", "compare",
                              "--catalog", str(path)], capture_output=True, text=True,
                             check=False)
    assert process.returncode != 0
    assert "Traceback" in process.stderr


def test_a_rate_the_ecb_does_not_publish_is_one_line(cli):
    result = cli("compare", *PINNED, "--currency", "ARS")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "no exchange rate for ARS" in result.err and "--rate USD:ARS=RATE" in result.err
    pinned = cli("compare", *PINNED, "--currency", "ARS", "--rate", "USD:ARS=1000",
                 "--rate", "GBP:ARS=1300", "--format", "json")
    assert pinned.code == 0, pinned.err
    rows = rows_by_code(pinned.json())
    assert rows["TR"]["converted"]["low"] == "800000.00"
    assert rows["TR"]["converted"]["rate_source"] == "manual"
    assert rows["GB"]["converted"]["rate"] == "1300"  # a pinned pair wins over a cross
