"""The command line speaks the interface language, and writes the patient's documents in
the document language.

In the pseudo-language `qps` every marked string comes out as "[Šéššîöñ~~~]": a run of
plain English words left in `--help` is a string nobody marked. Errors stay one line.
`--document-language` reaches every exporter and is stored with a saved quote.
"""

from __future__ import annotations

import re

import pytest

from mesocost import i18n
from mesocost.core import i18n as markers

PINNED = ("--start", "2027-01-31", "--rates", "offline", "--quote-date", "2026-11-02")

HELP_COMMANDS = [
    (), ("compare",), ("schedule",), ("rates",), ("gui",),
    ("quote",), *[("quote", action) for action in (
        "preview", "new", "list", "show", "status", "revise", "duplicate", "requote",
        "delete", "export")],
    ("register",), ("register", "export"), ("register", "backup"),
    ("clinic",), ("clinic", "init"), ("clinic", "show"), ("clinic", "set"),
    ("catalog",), ("catalog", "template"), ("catalog", "import"),
]


@pytest.fixture(autouse=True)
def _restore_the_interface_language():
    """A run with --lang qps installs it for the process: put English back after."""
    before = markers.interface()
    yield
    markers.install(before)


# --- the checker --------------------------------------------------------------------------

_INNERMOST_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_CHOICES_OR_FIELDS = re.compile(r"\{[^{}]*\}")
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def leftover_english(text: str, program: str = "") -> list[str]:
    """Runs of three or more plain lowercase English words outside brackets: what is left
    of a `--help` in qps once the wrapped (translated) segments, usage's [optional]
    groups, {choices} and {placeholders}, option names, metavars and the program's own
    name are taken out. Empty when every piece of prose was marked."""
    if program:
        text = text.replace(program, " | ")
    previous = None
    while previous != text:  # innermost first: "[--add-on NAME=LOW[-HIGH]]", "[Ŝéš~~]"
        previous, text = text, _INNERMOST_BRACKETS.sub(" | ", text)
    text = _CHOICES_OR_FIELDS.sub(" | ", text)
    text = _OPTION.sub(" | ", text)
    runs = []
    for line in text.splitlines():
        run: list[str] = []
        for token in [*line.split(), "|"]:
            word = token.strip("()'\",.;:!?")
            if _WORD.fullmatch(word) and word == token.rstrip(",.;:").lstrip("("):
                run.append(word)
                continue
            if len(run) >= 3:
                runs.append(" ".join(run))
            run = []
    return runs


def test_the_checker_finds_unmarked_prose_and_nothing_else():
    marked = i18n.pseudo("the language of messages (default: {code})")
    text = (f"usage: mesocost quote preview [-h] [--add-on NAME=LOW[-HIGH][/session]]\n"
            f"  --lang CODE  {marked}\n"
            "  --format {table,json,csv}\n"
            "  --output catalog.toml\n"
            "  --version    show program's version number and exit\n"
            "  --tax PCT    leave travel out\n")
    assert leftover_english(text, "mesocost quote preview") == [
        "show program's version number and exit", "leave travel out"]


# --- --help in the pseudo-language ----------------------------------------------------------

def _help(capsys, *command: str) -> str:
    from mesocost.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "qps", *command, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "mesocost")
def test_every_help_text_is_marked(capsys, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "100")
    text = _help(capsys, *command)
    assert "[" in text and "~]" in text  # the pseudo-language is in use
    program = " ".join(("mesocost", *command))
    assert leftover_english(text, program) == [], text


# --- errors in the pseudo-language ----------------------------------------------------------

def test_an_error_raised_by_the_cli_is_translated_and_one_line(cli, tmp_path):
    result = cli("--lang", "qps", "quote", "export", "MC-2026-0001",
                 "--db", tmp_path / "register.sqlite3")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("[")  # "mesocost: error:" is translated too
    assert i18n.pseudo("name at least one of --xlsx FILE, --pdf FILE, --ics FILE") in (
        result.err)


def test_a_refused_option_value_is_translated_and_one_line(cli):
    result = cli("--lang", "qps", "quote", "preview", "--destination", "TR",
                 "--client", "Ada", "--validity-days", "0", *PINNED)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert i18n.pseudo("must be between 1 and 3650 days, got {days}").format(days=0) in (
        result.err)
    assert "--validity-days" in result.err and "mesocost quote preview" in result.err


def test_english_errors_are_unchanged(cli, tmp_path):
    result = cli("quote", "export", "MC-2026-0001", "--db", tmp_path / "register.sqlite3")
    assert result.err == ("mesocost: error: name at least one of --xlsx FILE, --pdf FILE, "
                          "--ics FILE\n")


def test_the_printed_quote_speaks_the_interface_language(cli):
    result = cli("--lang", "qps", "quote", "preview", "--destination", "TR",
                 "--client", "Ada", "--deposit", "20", *PINNED)
    assert result.code == 0, result.err
    for marked in ("Item", "Qty", "Unit price", "Payments", "When"):
        assert i18n.pseudo(marked) in result.out
    assert i18n.pseudo("Deposit {percent} of the lowest total").format(
        percent=i18n.pseudo("{number}%").format(number=20)) in result.out
    # The seed's texts (N_ where defined) are shown through the interface language.
    assert result.out.rstrip("\n").endswith("~]")


def test_one_session_is_singular(cli):
    result = cli("quote", "preview", "--destination", "TR", "--client", "Ada",
                 "--sessions", "1", *PINNED)
    assert result.code == 0, result.err
    assert ", 1 session from 2027-01-31" in result.out


# --- the document language --------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ("quote", "preview", "--destination", "TR", "--client", "Ada"),
    ("quote", "new", "--destination", "TR", "--client", "Ada"),
    ("quote", "export", "MC-2026-0001", "--xlsx", "out.xlsx"),
    ("compare", "--xlsx", "out.xlsx"),
    ("schedule", "--ics", "out.ics"),
    ("register", "export", "out.xlsx"),
])
def test_an_unknown_document_language_is_refused_in_one_line(cli, tmp_path, monkeypatch,
                                                             command):
    monkeypatch.chdir(tmp_path)
    result = cli(*command, "--document-language", "xx")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("mesocost: error: argument --document-language: ")
    assert "'xx'" in result.err
    assert not list(tmp_path.iterdir())  # refused before any work


def _record(monkeypatch, module: str, name: str) -> list[dict]:
    """Replace an exporter with one that records the keywords it was called with."""
    calls: list[dict] = []

    def record(*args, **keywords):
        calls.append(keywords)

    monkeypatch.setattr(f"{module}.{name}", record)
    return calls


def _new_quote(cli, db, *extra) -> str:
    result = cli("quote", "new", "--destination", "TR", "--client", "Ada", *PINNED,
                 "--db", db, *extra)
    assert result.code == 0, result.err
    return result.out.splitlines()[0]


def test_quote_new_stores_the_document_language(cli, tmp_path):
    db = tmp_path / "register.sqlite3"
    number = _new_quote(cli, db, "--document-language", "de")
    shown = cli("quote", "show", number, "--format", "json", "--db", db).json()
    assert shown["language"] == "de"
    assert shown["locale"] == "de_DE"  # the language's own, no --locale given
    other = _new_quote(cli, db)
    assert cli("quote", "show", other, "--format", "json", "--db", db).json()[
        "language"] == "en"  # the interface language


def test_quote_export_writes_in_the_stored_language_unless_told(cli, tmp_path,
                                                                monkeypatch):
    db = tmp_path / "register.sqlite3"
    number = _new_quote(cli, db, "--document-language", "de")
    workbooks = _record(monkeypatch, "mesocost.export.xlsx", "export_quote")
    calendars = _record(monkeypatch, "mesocost.export.calendar", "write_quote_calendar")
    result = cli("quote", "export", number, "--xlsx", tmp_path / "q.xlsx",
                 "--ics", tmp_path / "q.ics", "--db", db)
    assert result.code == 0, result.err
    assert [(c["language"].code, c["locale"]) for c in workbooks] == [("de", "de_DE")]
    assert [c["language"].code for c in calendars] == ["de"]
    cli("quote", "export", number, "--xlsx", tmp_path / "q.xlsx", "--force",
        "--document-language", "fr", "--db", db)
    assert (workbooks[-1]["language"].code, workbooks[-1]["locale"]) == ("fr", "fr_FR")
    cli("quote", "export", number, "--xlsx", tmp_path / "q.xlsx", "--force",
        "--locale", "en_GB", "--db", db)
    assert (workbooks[-1]["language"].code, workbooks[-1]["locale"]) == ("de", "en_GB")


def test_every_exporter_gets_the_document_language(cli, tmp_path, monkeypatch):
    quotes = _record(monkeypatch, "mesocost.export.xlsx", "export_quote")
    comparisons = _record(monkeypatch, "mesocost.export.xlsx", "export_comparison")
    schedules = _record(monkeypatch, "mesocost.export.calendar", "write_schedule_ics")
    registers = _record(monkeypatch, "mesocost.export.register_sheet", "export_register")
    out, db = tmp_path / "out", tmp_path / "register.sqlite3"
    _new_quote(cli, db)
    assert cli("quote", "preview", "--destination", "TR", "--client", "Ada", *PINNED,
               "--xlsx", out, "--document-language", "tr").code == 0
    assert cli("compare", "--start", "2027-01-31", "--rates", "offline", "--xlsx", out,
               "--document-language", "ar", "--locale", "en_GB").code == 0
    assert cli("schedule", "--start", "2027-01-31", "--ics", out,
               "--document-language", "fr").code == 0
    assert cli("register", "export", out, "--db", db, "--document-language", "de").code == 0
    assert (quotes[0]["language"].code, quotes[0]["locale"]) == ("tr", "tr_TR")
    assert (comparisons[0]["language"].code, comparisons[0]["locale"]) == ("ar", "en_GB")
    assert schedules[0]["language"].code == "fr"
    assert (registers[0]["language"].code, registers[0]["locale"]) == ("de", "de_DE")


def test_without_document_language_documents_are_formatted_as_before(cli, tmp_path,
                                                                     monkeypatch):
    """The interface language, in the environment's locale (MESOCOST_LOCALE here)."""
    monkeypatch.setenv("MESOCOST_LOCALE", "en_GB")
    quotes = _record(monkeypatch, "mesocost.export.xlsx", "export_quote")
    assert cli("quote", "preview", "--destination", "TR", "--client", "Ada", *PINNED,
               "--xlsx", tmp_path / "q.xlsx").code == 0
    assert (quotes[0]["language"].code, quotes[0]["locale"]) == ("en", "en_GB")
