"""`mesocost rates`, and the rate options of compare, end to end.

Live paths point MESOCOST_RATES_URL at a fake server on 127.0.0.1 (tests/rates/fakeserver.py)
or at a closed loopback port; nothing here reaches the internet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.rates import fakeserver as fake

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = json.loads((ROOT / "resources" / "ecb-latest.json").read_text(encoding="utf-8"))


@pytest.fixture
def rate_server(monkeypatch):
    server = fake.FakeRateServer().start()
    monkeypatch.setenv("MESOCOST_RATES_URL", server.url)
    yield server
    server.stop()


@pytest.fixture
def no_network(monkeypatch):
    """The mirror setting points at a loopback port where nothing listens."""
    url = fake.closed_port_url()
    monkeypatch.setenv("MESOCOST_RATES_URL", url)
    return url


def cache_file() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "mesocost" / "rates.json"


def run_process(*args, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "mesocost", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


# --- offline ----------------------------------------------------------------------------


def test_offline_json_shows_the_bundled_ecb_date_without_any_network(cli, no_network):
    result = cli("rates", "--rates", "offline", "--format", "json")
    assert result.code == 0, result.err
    assert result.err == ""
    document = result.json()
    assert document["base"] == "EUR" and document["mode"] == "offline"
    assert {row["rate_date"] for row in document["rates"]} == {SNAPSHOT["date"]}
    assert {row["rate_source"] for row in document["rates"]} == {"ecb"}
    assert {row["quote"] for row in document["rates"]} == set(SNAPSHOT["rates"])
    gbp = next(row for row in document["rates"] if row["pair"] == "EUR/GBP")
    assert gbp["rate"] == SNAPSHOT["rates"]["GBP"]
    assert "information purposes" in document["note"]
    assert not cache_file().exists()


def test_offline_in_a_real_process_with_no_network_and_no_heavy_imports(no_network):
    program = (
        "import sys\n"
        "from mesocost.cli import main\n"
        "code = main(['rates', '--rates', 'offline', '--format', 'json'])\n"
        "heavy = {'requests', 'forex_python', 'platformdirs', 'concurrent', 'urllib3',\n"
        "         'simplejson', 'socket'}\n"
        "print(sorted(heavy & set(sys.modules)), code, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.stderr.strip() == "[] 0"
    assert json.loads(result.stdout)["rates"][0]["rate_date"] == SNAPSHOT["date"]


def test_the_default_mode_is_offline(cli, rate_server):
    result = cli("rates", "--symbols", "GBP", "--format", "json")
    assert result.json()["mode"] == "offline"
    assert result.json()["rates"][0]["rate_source"] == "ecb"
    assert rate_server.requests == []


def test_the_table_shows_pair_rate_date_source_and_stale_flag(cli):
    result = cli("rates", "--base", "gbp", "--symbols", "USD,JPY,EUR")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Exchange rates for 1 GBP (mode offline)"
    header = lines[2].split()
    assert header == ["Pair", "Rate", "Date", "Source", "Stale"]
    rows = {line.split()[0]: line.split() for line in lines[3:6]}
    assert set(rows) == {"GBP/USD", "GBP/JPY", "GBP/EUR"}
    stale = (date.today() - date.fromisoformat(SNAPSHOT["date"])).days > 7
    for cells in rows.values():
        assert cells[2:4] == [SNAPSHOT["date"], "ecb"]
        assert (cells[4:] == ["stale"]) is stale
    assert rows["GBP/EUR"][1] == "1.199328"  # 1 / 0.8338, six decimals
    assert lines[-1].startswith("Converted figures are indicative.")


def test_a_past_date_uses_history_and_says_which_day(cli):
    result = cli("rates", "--base", "USD", "--symbols", "EUR", "--date", "2020-01-04",
                 "--format", "json")
    row = result.json()["rates"][0]
    assert row["rate_date"] == "2020-01-03" and row["rate_source"] == "ecb"
    assert row["warnings"] == ["no ECB rates for 2020-01-04; used the nearest earlier "
                               "working day, 2020-01-03"]


def test_a_manual_rate_shows_as_manual(cli):
    result = cli("rates", "--base", "GBP", "--symbols", "EUR,USD", "--rate", "GBP:EUR=1.17",
                 "--format", "json")
    rows = {row["quote"]: row for row in result.json()["rates"]}
    assert (rows["EUR"]["rate"], rows["EUR"]["rate_source"]) == ("1.17", "manual")
    assert rows["USD"]["rate_source"] == "ecb"


@pytest.mark.parametrize(("args", "message"), [
    (("--base", "EURO"), "--base: currency must be a three-letter ISO 4217 code"),
    (("--symbols", "GBP,QQQ"), "--symbols: unknown currency code 'QQQ'"),
    (("--symbols", ","), "--symbols: give one or more currency codes"),
    (("--rates", "sometimes"), "--rates: invalid choice"),
    (("--date", "2026-02-30"), "--date: not a real date"),
    (("--date", "1999-01-02"), "no ECB rates before 1999-01-04"),
    (("--date", "1990-01-01"), "--date: 1990-01-01 is outside the dates mesocost accepts"),
    (("--date", "2026-W01-1"), "--date: not a real date"),
    (("--rate", "GBP:GBP=2"), "--rate: a currency converts to itself at 1"),
    (("--rates-timeout", "0"), "--rates-timeout: must be between 0 and 600"),
    (("--rate", "GBP=1"), "--rate: must look like BASE:QUOTE=RATE"),
    (("--symbols", "ARS"), "the ECB published no ARS rate"),
    (("--refresh", "--rates", "offline"), "--refresh fetches live rates"),
    (("--refresh", "--date", "2020-01-03"), "--refresh and --date do not go together"),
])
def test_every_user_error_is_one_line_and_exit_2(cli, args, message):
    result = cli("rates", *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("mesocost: error: ")
    assert message in result.err


def test_a_bad_mirror_setting_is_one_line(cli, monkeypatch):
    monkeypatch.setenv("MESOCOST_RATES_URL", "mirror.example")
    result = cli("rates", "--rates", "auto")
    assert result.code == 2
    assert result.err == ("mesocost: error: MESOCOST_RATES_URL: must be an http:// or "
                          "https:// URL, got 'mirror.example'\n")


# --- live and auto ------------------------------------------------------------------------


def test_live_with_no_network_exits_2_with_one_line(no_network):
    result = run_process("rates", "--rates", "live", "--rates-timeout", "2")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("mesocost: error: live rates unavailable (connection "
                                    "refused by 127.0.0.1:")


def test_live_against_the_mirror_shows_live_rates_and_fetch_time(cli, rate_server):
    result = cli("rates", "--rates", "live", "--base", "USD", "--symbols", "GBP,JPY",
                 "--format", "json")
    assert result.code == 0, result.err
    rows = result.json()["rates"]
    assert {row["rate_source"] for row in rows} == {"live"}
    assert {row["rate_date"] for row in rows} == {fake.LIVE_DAY.isoformat()}
    assert all(row["rate_fetched_at"] for row in rows)
    assert rate_server.requests == [("/api/latest", "USD")]
    assert cache_file().is_file()


def test_auto_falls_back_and_says_why_once_on_stderr(cli, no_network):
    result = cli("rates", "--rates", "auto", "--symbols", "GBP,USD,JPY", "--format", "json")
    assert result.code == 0
    expected = (f"live rates unavailable (connection refused by {no_network[7:-5]}): "
                f"using ECB reference rates of {SNAPSHOT['date']}")
    assert result.err == f"mesocost: {expected}\n"
    rows = result.json()["rates"]
    assert {row["rate_source"] for row in rows} == {"ecb"}
    assert all(row["warnings"][0] == expected for row in rows)


def test_a_silent_server_costs_the_cli_no_more_than_its_timeout(rate_server):
    rate_server.respond = lambda base: None
    import time

    started = time.monotonic()
    result = run_process("rates", "--rates", "auto", "--rates-timeout", "0.5",
                         env_extra={"MESOCOST_RATES_URL": rate_server.url})
    assert result.returncode == 0, result.stderr
    assert "live rates unavailable (timed out after 0.5 s)" in result.stderr
    assert time.monotonic() - started < 0.5 + 5  # process start-up included, generously


def test_refresh_fetches_now_and_updates_the_cache(cli, rate_server):
    result = cli("rates", "--refresh", "--base", "GBP", "--symbols", "EUR", "--format", "json")
    assert result.code == 0, result.err
    assert result.json()["mode"] == "live"
    assert result.json()["rates"][0]["rate_source"] == "live"
    cached = json.loads(cache_file().read_text(encoding="utf-8"))
    assert set(cached["tables"]) == {"GBP"}
    assert rate_server.requests_for("GBP") == 1


def test_refresh_that_fails_is_one_line(cli, no_network):
    result = cli("rates", "--refresh", "--rates", "auto")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith("mesocost: error: live rates unavailable (connection refused")


def test_auto_uses_the_cache_when_the_server_is_gone(cli, rate_server, monkeypatch):
    assert cli("rates", "--refresh", "--base", "USD", "--symbols", "GBP").code == 0
    monkeypatch.setenv("MESOCOST_RATES_URL", fake.closed_port_url())
    result = cli("rates", "--rates", "auto", "--base", "USD", "--symbols", "GBP",
                 "--format", "json")
    row = result.json()["rates"][0]
    assert row["rate_source"] == "cache"
    assert row["rate_fetched_at"] is not None
    assert "using cached live rates of 2026-11-24" in result.err


# --- compare's rate options -----------------------------------------------------------

PINNED = ("--start", "2027-01-31", "--currency", "EUR", "--format", "json")


def test_compare_auto_with_no_network_says_why_once_and_rows_carry_provenance(
        cli, no_network):
    result = cli("compare", *PINNED, "--rates", "auto")
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mesocost: live rates unavailable (")
    for row in result.json()["rows"]:
        converted = row["converted"]
        if row["currency"] != "EUR":
            assert converted["rate_source"] == "ecb"
            assert converted["rate_date"] == SNAPSHOT["date"]
            assert any("live rates unavailable" in w for w in row["warnings"])
        assert isinstance(converted["rate_stale"], bool)


def test_compare_auto_with_the_mirror_uses_live_rates(cli, rate_server):
    result = cli("compare", *PINNED, "--rates", "auto")
    assert result.code == 0, result.err
    assert result.err == ""
    sources = {row["converted"]["rate_source"] for row in result.json()["rows"]
               if row["currency"] != "EUR"}
    assert sources == {"live"}
    asked = {base for _path, base in rate_server.requests}
    assert len(rate_server.requests) == len(asked)  # each base fetched once


def test_compare_live_with_no_network_is_one_line(cli, no_network):
    result = cli("compare", *PINNED, "--rates", "live", "--rates-timeout", "1")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "live rates unavailable" in result.err


def test_compare_manual_rate_and_rates_date(cli):
    result = cli("compare", *PINNED, "--rates", "offline", "--rate", "USD:EUR=0.5",
                 "--rates-date", "2020-01-04")
    rows = {row["destination"]: row["converted"] for row in result.json()["rows"]}
    assert rows["US"]["rate_source"] == "manual" and rows["US"]["rate"] == "0.5"
    assert rows["GB"]["rate_source"] == "ecb" and rows["GB"]["rate_date"] == "2020-01-03"
