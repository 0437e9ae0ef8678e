"""Issue 7, hardening, through the command line: whatever amount, date or file a person
gives, `mesocost` either does its work (exit 0) or says what is wrong in exactly one line
on stderr (exit 2). Never a traceback.

The property tests run `mesocost.cli.main` in process and capture its output themselves
(hypothesis does not mix with function-scoped fixtures such as capsys).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from mesocost.cli import main
from mesocost.core.dates import EARLIEST_DAY, LATEST_DAY
from mesocost.core.money import MAX_AMOUNT, MAX_RATE
from mesocost.rates import ecb

START = ("--start", "2027-01-31")
FEW = settings(max_examples=40, deadline=None,
               suppress_health_check=[HealthCheck.too_slow])


def run(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(arg) for arg in args])
    return code, out.getvalue(), err.getvalue()


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("mesocost: error: ") and err.endswith("\n"), err
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err


def assert_ok_or_one_line(code: int, err: str, *needles: str) -> None:
    assert code in (0, 2), (code, err)
    if code == 2:
        assert_one_line_error(code, err, *needles)
    assert "Traceback" not in err


def assert_figures(out: str) -> None:
    """Every figure of `compare --format json` is there and is a decimal number."""
    document = json.loads(out)
    assert document["rows"]
    for row in document["rows"]:
        for key in ("low", "mid", "high"):
            Decimal(row["total"][key])
            Decimal(row["converted"]["grand"][key])


def write(folder: str, name: str, text: str) -> Path:
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8")
    return path


def toml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII text is a TOML basic string


# --- 1. amounts beyond the decimal context --------------------------------------------

AMOUNT_TEXTS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-10**40, 10**40).map(str),
    st.builds("{}e{}".format, st.integers(-10**6, 10**6), st.integers(-60, 60)),
    st.builds("{}E+{}".format, st.integers(1, 9), st.sampled_from([13, 30, 400, 999999])),
    st.sampled_from(["NaN", "sNaN", "-0", "1_000", "_1", "1__0", "Infinity", "-Infinity",
                     "1e400", "1000000000000", "1000000000000.01", "999999999999.999999",
                     "0.0000001", "1e-400", " 150 ", "1,5", ""]),
)


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@FEW
@given(text=AMOUNT_TEXTS, field=st.sampled_from(["low", "per_trip", "per_night"]))
def test_any_catalog_amount_is_priced_or_refused_in_one_line(text, field):
    with tempfile.TemporaryDirectory() as folder:
        if field == "low":
            body = f"low = {toml_text(text)}\nhigh = {toml_text(text)}\n"
        else:
            body = ('low = "100"\nhigh = "300"\n[entries.travel]\n'
                    f"{field} = {toml_text(text)}\n")
        path = write(folder, "mine.toml", '[[entries]]\ndestination = "GB"\n'
                                          f'currency = "GBP"\n{body}')
        code, out, err = run("compare", "--catalog", path, *START, "--format", "json")
    number = _number(text)
    if number is not None and number > MAX_AMOUNT:
        assert_one_line_error(code, err, f"{path}: entry 1 (GB): ", f"{field}: ",
                              "is above the largest accepted amount (1,000,000,000,000)")
    assert_ok_or_one_line(code, err, f"{path}: entry 1 (GB): ", f"{field}: ")
    if code == 0:
        assert number is not None and 0 <= number <= MAX_AMOUNT
        assert_figures(out)


@FEW
@given(text=AMOUNT_TEXTS, per_session=st.booleans())
def test_any_add_on_amount_is_priced_or_refused_in_one_line(text, per_session):
    typed = f"PRP={text}" + ("/session" if per_session else "")
    code, out, err = run("compare", *START, "--format", "json", "--add-on", typed)
    assert_ok_or_one_line(code, err, "--add-on")
    number = _number(text)
    if number is not None and number > MAX_AMOUNT and re.fullmatch(r"[0-9.]+", text.strip()):
        assert_one_line_error(code, err, "argument --add-on: ", "is above the largest accepted "
                              "amount (1,000,000,000,000)")
    if code == 0:
        assert_figures(out)


@FEW
@given(text=AMOUNT_TEXTS)
def test_any_manual_rate_converts_or_is_refused_in_one_line(text):
    code, out, err = run("compare", *START, "--format", "json", "--currency", "EUR",
                         "--rate", f"USD:EUR={text}", "--rate", f"GBP:EUR={text}")
    assert_ok_or_one_line(code, err, "--rate")
    number = _number(text)
    if number is not None and number > MAX_RATE:
        assert_one_line_error(code, err, "--rate: USD:EUR: rate ",
                              "is above the largest accepted rate (1,000,000,000)")
    if code == 0:
        assert_figures(out)


@FEW
@given(text=AMOUNT_TEXTS, option=st.sampled_from(["--discount", "--tax"]))
def test_any_percentage_is_used_or_refused_in_one_line(text, option):
    code, out, err = run("compare", *START, "--format", "json", option, text)
    assert_ok_or_one_line(code, err, f"argument {option}: ")
    if code == 0:
        assert_figures(out)


def test_the_largest_accepted_inputs_give_every_figure_and_a_complete_workbook(tmp_path):
    """Every limit at once, through the CLI and the exporter: 10^12 per session, trip and
    night, 200 sessions and 120 months of weekly maintenance, stays of 3,660 nights, 100 %
    tax and a rate of 10^9 (core/test_limits.py adds the largest add-on)."""
    protocol = write(tmp_path, "long.toml", "[protocols.long]\nmaintenance_per_year = 52\n"
                                            "[[protocols.long.phases]]\nsessions = 200\n"
                                            "every_days = 1\n")
    catalog = write(tmp_path, "max.toml", '[[entries]]\ndestination = "KW"\n'
                    'currency = "KWD"\nlow = "1000000000000"\nhigh = "1e12"\n'
                    '[entries.travel]\ncurrency = "KWD"\nper_trip = "1e12"\n'
                    'per_night = "1e12"\nnights_per_trip = 3660\n')
    workbook = tmp_path / "max.xlsx"
    code, out, err = run("compare", "--catalog", catalog, "--protocol", protocol,
                         "--maintenance-months", 120, "--start", "2099-12-31",
                         "--currency", "IRR", "--rate", "KWD:IRR=1e9", "--rate",
                         "USD:IRR=1e9", "--rate", "GBP:IRR=1e9", "--tax", 100,
                         "--format", "json", "--xlsx", workbook)
    assert code == 0, err
    row = next(r for r in json.loads(out)["rows"] if r["destination"] == "KW")
    sessions = 720
    expected = (MAX_AMOUNT * sessions * 2 + MAX_AMOUNT * sessions * (1 + 3660)) * MAX_RATE
    assert Decimal(row["converted"]["grand"]["high"]) == expected
    book = openpyxl.load_workbook(workbook)
    schedule = book["Schedule"]
    days = [schedule.cell(r, 2).value for r in range(1, schedule.max_row + 1)
            if isinstance(schedule.cell(r, 1).value, int)]
    assert len(days) == sessions and all(isinstance(d, datetime) for d in days)
    assert days[-1] < datetime(2200, 1, 1)


# --- 2. dates at the calendar's edges -----------------------------------------------------

ANY_DAY = st.one_of(st.dates(), st.sampled_from([
    date(1, 1, 1), date(1998, 12, 31), EARLIEST_DAY, date(1999, 1, 4), LATEST_DAY,
    date(2100, 1, 1), date(9999, 12, 31)]))


def _in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


@FEW
@given(day=ANY_DAY)
def test_any_first_session_is_scheduled_or_refused_in_one_line(day):
    code, out, err = run("compare", "--start", day.isoformat(), "--maintenance-months", 120,
                         "--format", "json")
    if _in_range(day):
        assert code == 0, err
        assert_figures(out)
    else:
        assert_one_line_error(code, err, "argument --start: ",
                              "outside the dates mesocost accepts (1999-01-01 to 2099-12-31)")


@FEW
@given(day=ANY_DAY)
def test_any_quote_date_is_valid_for_its_days_or_refused_in_one_line(day):
    code, out, err = run("quote", "preview", "--destination", "TR", "--client", "Ada",
                         "--quote-date", day.isoformat(), "--validity-days", 3650, *START)
    if _in_range(day):
        assert code == 0, err
        assert f"Quote for Ada, {day.isoformat()}" in out
    else:
        assert_one_line_error(code, err, "argument --quote-date: ", "outside the dates")


@FEW
@given(day=ANY_DAY)
def test_any_rates_date_converts_or_is_refused_in_one_line(day):
    code, _, err = run("compare", *START, "--rates-date", day.isoformat(), "--currency",
                       "EUR", "--format", "json")
    latest = ecb.latest().day
    if not _in_range(day):
        assert_one_line_error(code, err, "argument --rates-date: ", "outside the dates")
    elif day < ecb.history()[0].day:
        assert_one_line_error(code, err, "no ECB rates before 1999-01-04")
    elif day > latest:  # said, not silently ignored
        assert code == 0
        assert err == (f"mesocost: no ECB rates after {latest}: using that day's "
                       f"(asked for {day})\n")
    else:
        assert code == 0 and err == ""


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.dates(EARLIEST_DAY, LATEST_DAY) | st.sampled_from([EARLIEST_DAY, LATEST_DAY]))
def test_any_accepted_day_makes_a_workbook_with_every_date_present(day):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.xlsx"
        code, _, err = run("quote", "preview", "--destination", "GB", "--client", "Ada",
                           "--quote-date", day.isoformat(), "--validity-days", 3650,
                           "--start", day.isoformat(), "--maintenance-months", 120,
                           "--xlsx", path)
        assert code == 0, err
        book = openpyxl.load_workbook(path)
    schedule = book["Schedule"]
    days = [schedule.cell(r, 2).value for r in range(1, schedule.max_row + 1)
            if isinstance(schedule.cell(r, 1).value, int)]
    assert days and all(isinstance(d, datetime) for d in days)
    assert days[0].date() == day
    quote_dates = [cell.value for row in book["Quote"].iter_rows() for cell in row
                   if isinstance(cell.value, datetime)]
    assert datetime.combine(day, time()) in quote_dates


@pytest.mark.parametrize("option", ["--start", "--quote-date", "--rates-date"])
@pytest.mark.parametrize("text", ["20270131", "2027-W05-1", "2027-1-31", "31/01/2027"])
def test_only_yyyy_mm_dd_is_a_date(option, text):
    code, _, err = run("quote", "preview", "--destination", "TR", "--client", "A", option,
                       text)
    assert_one_line_error(code, err, f"argument {option}: not a real date in YYYY-MM-DD form")


# --- 3. wrong types in protocol and catalog files ------------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, int | datetime | date | time):
        return value.isoformat() if not isinstance(value, int) else str(value)
    if isinstance(value, str):  # a TOML basic string: JSON's escapes, and DEL escaped too
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_value(str(k))} = {_toml_value(v)}"
                               for k, v in value.items()) + "}"
    raise AssertionError(value)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)
# Values of the wrong type or beyond a limit, for any field.
EDGES = st.sampled_from([
    True, False, 5, -1, 0, 10**30, 1.5, 1e30, float("nan"), float("inf"), "", "x", "4",
    "1e30", "1e400", "-0", "NaN", "x\ny", [1], [], {"a": 1}, {}, date(1, 1, 1),
    date(9999, 12, 31), datetime(2026, 11, 1, 9, 30), time(7, 32)])
SCALARS = st.one_of(
    st.booleans(), st.integers(-10**20, 10**20), st.floats(), TEXT,
    st.dates(), st.datetimes(), st.times(),
    st.sampled_from(["TR", "GB", "EUR", "150", "1e30", "-0", "NaN", "2026-11-01", "0001-01-01"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)), max_leaves=5)
ANY = st.one_of(EDGES, VALUES)


def _fields(good: dict) -> st.SearchStrategy:
    """A table whose every field is its good value or any TOML value (or is missing)."""
    return st.fixed_dictionaries({}, optional={
        key: st.one_of(st.just(value), ANY) for key, value in good.items()})


def _one_field(good: dict) -> st.SearchStrategy:
    """The good table with one field of any type or value (or an unknown field added)."""
    return st.builds(lambda key, value: {**good, key: value},
                     st.sampled_from([*sorted(good), "unknown"]), st.one_of(EDGES, EDGES, VALUES))


def _tables(good: dict) -> st.SearchStrategy:
    return st.one_of(st.just(good), st.just(good), _one_field(good), _one_field(good),
                     _fields(good))


GOOD_TRAVEL = {"currency": "GBP", "per_trip": "180", "nights_per_trip": 1, "per_night": "95",
               "max_stay_days": 20}
GOOD_ENTRY = {"destination": "ES", "currency": "EUR", "low": "90", "high": "180",
              "city": "Madrid", "clinic": "C", "includes": "", "source": "",
              "as_of": date(2026, 11, 1), "notes": ""}
ENTRIES = st.lists(st.builds(lambda entry, travel: {**entry, "travel": travel},
                             _tables(GOOD_ENTRY), st.one_of(_tables(GOOD_TRAVEL), ANY))
                   | _tables(GOOD_ENTRY), min_size=1, max_size=2,
                   unique_by=lambda entry: repr(entry.get("clinic")))  # no duplicates
# One field of one table is wrong (or unusual) and all else is right: the value reaches
# the engine whenever it is accepted.
ONE_FAULT_ENTRIES = st.one_of(
    _one_field(GOOD_ENTRY).map(lambda entry: [entry]),
    _one_field(GOOD_TRAVEL).map(lambda travel: [{**GOOD_ENTRY, "travel": travel}]))
CATALOGS = st.one_of(
    st.builds(lambda entries: {"schema": 1, "entries": entries}, ONE_FAULT_ENTRIES),
    st.builds(lambda entries: {"schema": 1, "entries": entries}, ENTRIES),
    st.builds(lambda entries: {"entries": entries}, ENTRIES),
    st.builds(lambda entries: {"entries": entries}, ANY),
    st.builds(lambda key, value: {"entries": [GOOD_ENTRY], key: value},
              st.sampled_from(["schema", "other", "protocols"]), ANY))

GOOD_PHASE = {"name": "initial", "sessions": 4, "every_days": 15}
GOOD_MILESTONE = {"session": 3, "label": "regrowth"}
GOOD_PROTOCOL = {"title": "Mine", "source": "", "maintenance_per_year": 4}
PHASES = st.lists(_tables(GOOD_PHASE), min_size=1, max_size=2)
MILESTONES = st.lists(_tables(GOOD_MILESTONE), max_size=2)
PROTOCOL_TABLES = st.builds(
    lambda table, phases, milestones: {**table, "phases": phases, "milestones": milestones},
    _tables(GOOD_PROTOCOL), st.one_of(PHASES, PHASES, ANY), st.one_of(MILESTONES, MILESTONES,
                                                                     ANY))
ONE_FAULT_PROTOCOLS = st.one_of(
    _one_field(GOOD_PROTOCOL).map(lambda table: {**table, "phases": [GOOD_PHASE]}),
    _one_field(GOOD_PHASE).map(lambda phase: {**GOOD_PROTOCOL, "phases": [phase]}),
    _one_field(GOOD_MILESTONE).map(lambda milestone: {
        **GOOD_PROTOCOL, "phases": [GOOD_PHASE], "milestones": [milestone]}))
PROTOCOLS = st.one_of(
    st.builds(lambda table: {"protocols": {"mine": table}}, ONE_FAULT_PROTOCOLS),
    st.builds(lambda name, table: {"schema": 1, "protocols": {name: table}},
              st.sampled_from(["mine", "a b", "x\ny"]), PROTOCOL_TABLES),
    st.builds(lambda tables: {"protocols": tables}, st.one_of(
        st.dictionaries(st.sampled_from(["mine", "other"]), st.one_of(PROTOCOL_TABLES, ANY),
                        min_size=1, max_size=2), ANY)),
    st.builds(lambda key, value: {"protocols": {"mine": {"phases": [GOOD_PHASE]}}, key: value},
              st.sampled_from(["schema", "extra", "entries"]), ANY))


def _toml_document(document: dict) -> str:
    return "".join(f"{_toml_value(key)} = {_toml_value(value)}\n"
                   for key, value in document.items())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=CATALOGS)
def test_any_catalog_file_is_read_or_refused_in_one_line_naming_it(document):
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "catalog.toml", _toml_document(document))
        code, out, err = run("compare", "--catalog", path, *START, "--format", "json")
    assert_ok_or_one_line(code, err, f"mesocost: error: {path}: ")
    event(f"exit {code}")
    if code == 0:
        assert_figures(out)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=PROTOCOLS)
def test_any_protocol_file_is_read_or_refused_in_one_line_naming_it(document):
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "protocols.toml", _toml_document(document))
        code, out, err = run("compare", "--protocol", path, *START, "--format", "json",
                             "--maintenance-months", 12)
    assert_ok_or_one_line(code, err, f"mesocost: error: {path}: ")
    event(f"exit {code}")
    if code == 0:
        assert_figures(out)


ENTRY = '[[entries]]\ndestination = "ES"\ncurrency = "EUR"\nlow = "90"\nhigh = "180"\n'
PHASE = "[[protocols.mine.phases]]\nsessions = 4\nevery_days = 15\n"


@pytest.mark.parametrize(("kind", "text", "message"), [
    ("catalog", ENTRY.replace('"90"', "true"), "entry 1 (ES): low: expected a number, got True"),
    ("catalog", ENTRY.replace('"90"', "[1]"), "entry 1 (ES): low: expected a number, got [1]"),
    ("catalog", ENTRY.replace('"ES"', "5"), "entry 1: destination: country must be a two"),
    ("catalog", ENTRY.replace('"90"', '"1e30"'), "entry 1 (ES): low: 1E+30 is above the largest"),
    ("catalog", ENTRY.replace('"90"', "1e400"), "entry 1 (ES): low: not a finite number: 'inf'"),
    ("catalog", ENTRY.replace('"90"', "1" * 5000), "not valid TOML"),
    ("catalog", ENTRY + "as_of = 0001-01-01\n", "as_of: 0001-01-01 is outside the dates"),
    ("catalog", ENTRY + "as_of = 07:32:00\n", "as_of: not a date"),
    ("catalog", ENTRY + "[entries.travel]\nnights_per_trip = \"2\"\n",
     "travel: nights_per_trip: must be a whole number, got '2'"),
    ("catalog", ENTRY + "[entries.travel]\nper_night = 1e30\n",
     "travel: per_night: 1E+30 is above the largest accepted amount"),
    ("catalog", ENTRY.replace('"ES"', '"E\\nS"'), "entry 1: destination: country must be"),
    ("catalog", "entries = 3\n", "entries: must be [[entries]] tables"),
    ("catalog", "schema = 2\n" + ENTRY, "schema: mesocost reads schema 1 files, got 2"),
    ("catalog", "schema = true\n" + ENTRY, "schema: mesocost reads schema 1 files, got True"),
    ("catalog", "protocols = 1\n" + ENTRY, "protocols: unknown top-level key (expected schema"),
    ("protocol", "[protocols.mine]\nphases = \"x\"\n", "protocol mine: phases: needs at least"),
    ("protocol", PHASE.replace("4", '"4"'), "phase 1: sessions: must be a whole number, got '4'"),
    ("protocol", PHASE.replace("15", "1.5"), "every_days: must be a whole number, got 1.5"),
    ("protocol", PHASE.replace("4", "true"), "sessions: must be a whole number, got True"),
    ("protocol", PHASE + "name = 5\n", "phase 1: name: must be text, got 5"),
    ("protocol", PHASE + "every_day = 5\n", "phase 1: every_day: unknown field"),
    ("protocol", "[protocols.mine]\ntitle = 5\n" + PHASE, "protocol mine: title: must be text"),
    ("protocol", "[protocols.mine]\nmilestones = 5\n" + PHASE,
     "protocol mine: milestones: must be a list of [[milestones]] tables"),
    ("protocol", "[protocols.mine]\nmilestones = [{session = 1, label = 2}]\n" + PHASE,
     "milestone 1: label: must be text, got 2"),
    ("protocol", "[protocols.mine]\nmaintenance_per_yer = 4\n" + PHASE,
     "protocol mine: maintenance_per_yer: unknown field"),
    ("protocol", '[protocols."a\\nb"]\ntitle = 5\n' + PHASE.replace("mine", '"a\\nb"'),
     "protocol 'a\\nb': title: must be text"),
])
def test_wrong_types_are_one_line_naming_the_file_and_field(tmp_path, kind, text, message):
    path = write(tmp_path, f"{kind}.toml", text)
    option = "--catalog" if kind == "catalog" else "--protocol"
    code, _, err = run("compare", option, path, *START)
    assert_one_line_error(code, err, f"mesocost: error: {path}: ", message)


# --- the rate cache and price lists ----------------------------------------------------------


def _cell_values():
    return st.one_of(st.none(), st.booleans(), st.integers(-10**15, 10**15),
                     st.floats(-1e300, 1e300),
                     # what a worksheet can hold (openpyxl refuses control characters)
                     TEXT.filter(lambda t: not t.startswith("=")
                                 and not ILLEGAL_CHARACTERS_RE.search(t)),
                     st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
                     st.sampled_from(["TR", "GB", "USD", "EUR", "150", "1e30", "NaN", "-0",
                                      "2026-11-01", 1e30, 1e-30, 0.1]))


GOOD_ROW = {"country": "TR", "currency": "USD", "low": 100, "high": 300, "clinic": None,
            "as_of": datetime(2026, 11, 1), "notes": None}
PRICE_ROWS = st.lists(st.one_of(
    st.builds(lambda key, value: {**GOOD_ROW, key: value},  # one cell of any kind
              st.sampled_from(sorted(GOOD_ROW)), _cell_values() | st.sampled_from([
                  1e13, 1e30, 1e300, 1e-30, 10**13, "1e30", "1e400", datetime(1900, 3, 1),
                  datetime(9999, 12, 31)])),
    st.fixed_dictionaries({key: st.one_of(st.just(value), _cell_values())
                           for key, value in GOOD_ROW.items()})), min_size=1, max_size=4)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=PRICE_ROWS)
def test_any_price_list_imports_rejects_rows_with_reasons_or_is_refused(rows):
    columns = list(rows[0])
    with tempfile.TemporaryDirectory() as folder:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(columns)
        for row in rows:
            sheet.append([row[name] for name in columns])
        source, output = Path(folder) / "prices.xlsx", Path(folder) / "out.toml"
        book.save(source)
        code, _, err = run("catalog", "import", source, "--output", output)
        assert code in (0, 2), err
        lines = err.splitlines()
        assert all(line.startswith(("mesocost: rejected ", "mesocost: error: "))
                   for line in lines), err
        if code == 2:
            assert lines[-1].startswith("mesocost: error: ")
        else:
            code, out, err = run("compare", "--catalog", output, *START, "--format", "json")
            assert code == 0, err
            assert_figures(out)


def test_a_price_list_row_beyond_the_limits_is_a_rejected_row_with_its_reason(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["country", "currency", "low", "high", "as_of"])
    book.active.append(["TR", "USD", 100, 300, datetime(2026, 11, 1)])
    book.active.append(["GB", "GBP", 1e30, 1e30, None])
    book.active.append(["US", "USD", 100, 300, datetime(1900, 3, 1)])
    source = tmp_path / "prices.xlsx"
    book.save(source)
    code, out, err = run("catalog", "import", source, "--output", tmp_path / "out.toml")
    assert code == 0
    assert err.splitlines() == [
        f"mesocost: rejected {source}: row 3: low: 1E+30 is above the largest accepted "
        "amount (1,000,000,000,000)",
        f"mesocost: rejected {source}: row 4: as_of: 1900-03-01 is outside the dates "
        "mesocost accepts (1999-01-01 to 2099-12-31)"]
    assert "1 entry, 2 rejected" in out


def test_a_cached_rate_of_1e40_is_a_warning_and_the_bundled_rate_is_used(monkeypatch,
                                                                          tmp_path):
    from tests.rates import fakeserver as fake

    cache = Path(tmp_path) / "cache" / "mesocost" / "rates.json"
    cache.parent.mkdir(parents=True)
    cache.write_text(json.dumps({"format": 1, "tables": {"USD": {
        "base": "USD", "date": "2026-11-24", "fetched_at": "2026-11-25T09:30:00+00:00",
        "rates": {"EUR": "1e40"}}}}))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("MESOCOST_RATES_URL", fake.closed_port_url())
    code, out, err = run("compare", *START, "--rates", "auto", "--rates-timeout", "1",
                         "--currency", "EUR", "--format", "json")
    assert code == 0, err
    assert f"rate cache {cache} is unreadable (answer's EUR rate 1E+40 is outside" in err
    assert {row["converted"]["rate_source"] for row in json.loads(out)["rows"]} == {"ecb"}
