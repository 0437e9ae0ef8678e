"""The register from the command line: quote new/list/show/status/revise/duplicate/
requote/delete/export and register export/backup, each with --db, errors in one line."""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import date, timedelta

import openpyxl
import pytest
from icalendar import Calendar

# A quote dated long ago expires whatever today is; one dated in the future cannot yet.
FUTURE = "2099-01-01"
PAST = "2001-01-01"


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("MESOCOST_DB", raising=False)
    return str(tmp_path / "register.sqlite3")


def new_quote(cli, db, *extra, client="Ayşe Yılmaz", day=FUTURE):
    result = cli("quote", "new", "--db", db, "--destination", "TR", "--client", client,
                 "--currency", "EUR", "--start", day, "--quote-date", day,
                 "--email", "ayse@example.com", "--phone", "+90 555", *extra)
    assert result.code == 0, result.err
    return result.out.splitlines()[0]


def test_new_prints_consecutive_numbers_and_the_quote(cli, db):
    first = new_quote(cli, db)
    second = new_quote(cli, db, client="Bob")
    assert (first, second) == ("Q-2099-0001", "Q-2099-0002")
    shown = cli("quote", "show", "--db", db, first)
    assert shown.code == 0
    assert "Ayşe Yılmaz" in shown.out and "ayse@example.com" in shown.out
    assert "Reference Q-2099-0001" in shown.out


def test_profile_prefix_numbers_the_quote(cli, db, tmp_path):
    profile = tmp_path / "clinic.toml"
    profile.write_text('name = "Klinik"\nquote_prefix = "MC"\n', encoding="utf-8")
    assert new_quote(cli, db, "--profile", profile) == "MC-2099-0001"


def test_list_filters_and_json(cli, db):
    new_quote(cli, db)
    new_quote(cli, db, client="Bob Martin")
    listed = cli("quote", "list", "--db", db, "--client", "AYŞE", "--format", "json").json()
    assert [row["client"] for row in listed] == ["Ayşe Yılmaz"]
    assert listed[0]["total"]["currency"] == "USD"
    assert listed[0]["patient_total"]["currency"] == "EUR"
    table = cli("quote", "list", "--db", db)
    assert table.out.splitlines()[0].split()[:3] == ["Number", "Status", "Client"]
    assert "Q-2099-0002" in table.out.splitlines()[1]  # newest first
    empty = cli("quote", "list", "--db", db, "--status", "accepted")
    assert empty.out.strip() == "No quotes match."


def test_sent_quote_is_revised_not_changed_and_expires(cli, db):
    number = new_quote(cli, db, day=PAST)
    # Its validity ended long ago: it cannot be sent any more.
    refused = cli("quote", "status", "--db", db, number, "sent")
    assert refused.code == 2 and "expired on 2001-01-31" in refused.err
    assert cli("quote", "list", "--db", db, "--status", "expired",
               "--format", "json").json()[0]["number"] == number

    fresh = new_quote(cli, db)
    assert cli("quote", "status", "--db", db, fresh, "sent").out.strip() == f"{fresh}: sent"
    again = cli("quote", "status", "--db", db, fresh, "sent")
    assert again.code == 2 and again.err.count("\n") == 1 and "already sent" in again.err
    revised = cli("quote", "revise", "--db", db, fresh).out.strip()
    assert revised == f"{fresh}-R1"
    detail = cli("quote", "show", "--db", db, revised, "--format", "json").json()
    assert detail["revises"] == fresh and detail["status"] == "draft"
    duplicate = cli("quote", "duplicate", "--db", db, fresh).out.strip()
    assert duplicate.startswith("Q-") and duplicate not in (fresh, revised)


def test_requote_shows_both_figures_after_a_rate_change(cli, db):
    number = new_quote(cli, db, "--rate", "USD:EUR=0.9")
    result = cli("quote", "requote", "--db", db, number, "--rate", "USD:EUR=0.95")
    assert result.code == 0, result.err
    assert "€720.00 – €2,160.00" in result.out  # saved: 800–2400 USD at 0.9
    assert "€760.00 – €2,280.00" in result.out  # today: at 0.95
    assert "USD/EUR rate moved from 0.9" in result.out and "+5.56 %" in result.out
    # The saved quote is unchanged.
    shown = cli("quote", "show", "--db", db, number, "--format", "json").json()
    assert shown["patient_total"]["low"] == "720.0"


def test_delete_needs_confirmation_and_removes_the_client(cli, db):
    number = new_quote(cli, db)
    refused = cli("quote", "delete", "--db", db, number)  # stdin is not a terminal
    assert refused.code == 2 and "--yes" in refused.err
    assert cli("quote", "delete", "--db", db, number, "--yes").code == 0
    assert cli("quote", "list", "--db", db, "--format", "json").json() == []
    gone = cli("quote", "show", "--db", db, number, "--format", "json").json()
    assert gone["client"] == "" and gone["email"] == "" and gone["status"] == "deleted"
    # The number stays retired.
    assert new_quote(cli, db) == "Q-2099-0002"
    blocked = cli("quote", "export", "--db", db, number, "--ics", "x.ics")
    assert blocked.code == 2


def test_export_writes_workbook_and_calendar(cli, db, tmp_path):
    number = new_quote(cli, db)
    xlsx, ics = tmp_path / "q.xlsx", tmp_path / "q.ics"
    result = cli("quote", "export", "--db", db, number, "--xlsx", xlsx, "--ics", ics)
    assert result.code == 0, result.err
    sheet = openpyxl.load_workbook(xlsx)["Quote"]
    assert any(number in str(cell.value) for row in sheet.iter_rows() for cell in row)
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len(events) == 8
    assert events[0].decoded("dtstart") == date(2099, 1, 1)
    assert events[1].decoded("dtstart") == date(2099, 1, 1) + timedelta(days=15)
    assert number in str(events[0].get("description"))


def test_export_needs_an_output_and_distinct_files(cli, db):
    number = new_quote(cli, db)
    assert cli("quote", "export", "--db", db, number).code == 2
    same = cli("quote", "export", "--db", db, number, "--xlsx", "a", "--pdf", "a")
    assert same.code == 2 and "different files" in same.err


def test_register_export_one_row_per_quote(cli, db, tmp_path):
    new_quote(cli, db)
    new_quote(cli, db, client="=HYPERLINK(\"http://x\")")
    path = tmp_path / "register.xlsx"
    assert cli("register", "export", "--db", db, path).code == 0
    rows = list(openpyxl.load_workbook(path)["Quotes"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Number", "Status", "Client")
    assert len(rows) == 3
    assert {row[2] for row in rows[1:]} == {"Ayşe Yılmaz", "=HYPERLINK(\"http://x\")"}
    cells = openpyxl.load_workbook(path)["Quotes"]
    assert all(cell.data_type == "s" for cell in cells["C"][1:])  # text, never a formula


def test_register_backup_is_a_private_working_copy(cli, db, tmp_path):
    number = new_quote(cli, db)
    copy = tmp_path / "backup.sqlite3"
    assert cli("register", "backup", "--db", db, copy).code == 0
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert cli("quote", "show", "--db", copy, number).code == 0


def test_bad_input_is_one_line(cli, db, tmp_path):
    not_a_register = tmp_path / "notes.txt"
    not_a_register.write_text("hello", encoding="utf-8")
    new_quote(cli, db)
    for args in (("quote", "show", "--db", db, "Q-2099-9999"),
                 ("quote", "list", "--db", tmp_path / "typo.sqlite3"),
                 ("quote", "list", "--db", not_a_register),
                 ("quote", "list", "--db", "mysql://host/db"),
                 ("quote", "status", "--db", db, "X", "approved")):
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1, result.err
    assert not_a_register.read_text(encoding="utf-8") == "hello"
    assert not (tmp_path / "typo.sqlite3").exists()


def test_db_from_the_environment(cli, db, monkeypatch):
    monkeypatch.setenv("MESOCOST_DB", db)
    result = cli("quote", "new", "--destination", "GB", "--client", "Env", "--start", FUTURE,
                 "--quote-date", FUTURE, "--currency", "GBP")
    assert result.code == 0
    assert cli("quote", "list", "--db", db, "--format", "json").json()[0]["client"] == "Env"


def test_postgres_password_is_masked_in_errors(cli, monkeypatch):
    # Nothing listens on port 9 of 127.0.0.1: the connection fails at once.
    result = cli("quote", "list", "--db", "postgresql://clinic:s3cret@127.0.0.1:9/quotes")
    assert result.code == 2
    assert "s3cret" not in result.err and "clinic:***@" in result.err


def test_register_commands_start_without_qt_or_openpyxl():
    code = ("import sys; from mesocost.cli import main; "
            "main(['quote', 'list', '--help']) if False else None; "
            "import mesocost.cli.saved, mesocost.cli.register_cmd; "
            "bad = [m for m in ('PySide6', 'openpyxl', 'sqlalchemy') if m in sys.modules]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_export_pdf_holds_number_client_lines_totals_and_rates(cli, db, tmp_path, qapp):
    # qapp: the PDF writer makes a QGuiApplication when none exists, as in a real CLI run;
    # in this shared test process the window tests that follow need a QApplication.
    number = new_quote(cli, db, "--rate", "USD:EUR=0.9", "--add-on", "PRP=50EUR/session")
    pdf = tmp_path / "quote.pdf"
    result = cli("quote", "export", "--db", db, number, "--pdf", pdf)
    assert result.code == 0, result.err
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    shown = cli("quote", "show", "--db", db, number, "--format", "json").json()
    assert number in flat and "Ayşe Yılmaz" in flat
    for line in shown["lines"]:
        assert line["label"] in flat, line["label"]
    assert "indicative" in flat.casefold()
    assert "USD/EUR" in flat and "manual" in flat  # the frozen rate's provenance
    assert "Page 1 of" in flat
