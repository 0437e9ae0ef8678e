"""Live rates against a fake server: success, every way it can fail, and the deadline."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import date
from decimal import Decimal

import pytest

from mesocost.core.errors import InputError, RatesUnavailable
from mesocost.rates import ecb, live
from tests.rates import fakeserver as fake


def test_success_is_live_rate_with_its_date_and_fetch_time_and_is_cached(
        rate_server, make_service, cache):
    service = make_service("auto", rate_server.url)
    quote = service.rate("USD", "GBP")
    assert quote.source == "live"
    assert quote.rate == ecb.latest().cross("USD", "GBP") * fake.LIVE_MARKUP
    assert isinstance(quote.rate, Decimal)
    assert quote.rate_date == fake.LIVE_DAY
    assert quote.fetched_at == fake.FETCHED_AT
    assert not quote.stale and quote.warnings == ()
    assert service.notices == []
    assert rate_server.requests == [("/api/latest", "USD")]
    tables, warnings = cache.load()
    assert warnings == ()
    assert tables["USD"].rates["GBP"] == quote.rate
    assert tables["USD"].fetched_at == fake.FETCHED_AT


def test_live_mode_uses_live_rates_too(rate_server, make_service):
    assert make_service("live", rate_server.url).rate("GBP", "EUR").source == "live"


def _status(code):
    return lambda base: (code, "text/plain", "upstream trouble")


def _body(text, content_type="application/json"):
    return lambda base: (200, content_type, text)


def _rates(**changes):
    def respond(base):
        rates = {**fake.live_table(base), **changes}
        return 200, "application/json", fake.table_body(base, rates)
    return respond


def _without(code):
    def respond(base):
        rates = {k: v for k, v in fake.live_table(base).items() if k != code}
        return 200, "application/json", fake.table_body(base, rates)
    return respond


FAILURES = {
    "HTTP 500": (_status(500), "HTTP 500"),
    "HTTP 504": (_status(504), "HTTP 504"),
    "HTML with status 200": (
        _body("<html><body>This domain is for sale</body></html>", "text/html"),
        "answer was not JSON (an HTML page?)"),
    "empty body": (_body(""), "answer was not JSON"),
    "JSON without rates": (_body('{"base": "USD", "date": "2026-11-24"}'),
                           "answer has no table of rates"),
    "another base": (lambda base: (200, "application/json",
                                   fake.table_body(base, answered_base="EUR")),
                     "answer is for base 'EUR', not USD"),
    "missing the asked currency": (_without("GBP"), "has no GBP rate"),
    "zero rate": (_rates(GBP="0"), "GBP rate is not a positive number: 0"),
    "negative rate": (_rates(GBP="-1.25"), "GBP rate is not a positive number: -1.25"),
    "NaN rate": (_rates(GBP="NaN"), "GBP rate is not a number: nan"),
    "infinite rate": (_rates(GBP="Infinity"), "GBP rate is not a number: inf"),
    "non-numeric rate": (_rates(GBP='"1.2x"'), "GBP rate is not a number: '1.2x'"),
    "null rate": (_rates(GBP="null"), "GBP rate is not a number: None"),
    "boolean rate": (_rates(GBP="true"), "GBP rate is not a number: True"),
    "malformed date": (lambda base: (200, "application/json",
                                     fake.table_body(base, answer_date="yesterday")),
                       "malformed date"),
    # Beyond core.money's accepted rates (1e-9..1e9): a rate of 1e40 made the engine's
    # rounding raise decimal.InvalidOperation.
    "huge rate": (_rates(GBP="1e40"), "GBP rate 1E+40 is outside the accepted range"),
    "tiny rate": (_rates(GBP="1e-12"), "GBP rate 1E-12 is outside the accepted range"),
    # Dates: YYYY-MM-DD only, within core.dates' range (a workbook must be able to show it).
    "date in year 1": (lambda base: (200, "application/json",
                                     fake.table_body(base, answer_date="0001-01-01")),
                       "answer's date 0001-01-01 is outside the dates mesocost accepts"),
    "basic-format date": (lambda base: (200, "application/json",
                                        fake.table_body(base, answer_date="20261124")),
                          "malformed date: '20261124'"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_a_bad_answer_makes_auto_fall_back_to_ecb_and_say_why(case, rate_server, make_service):
    rate_server.respond, reason = FAILURES[case]
    service = make_service("auto", rate_server.url)
    quote = service.rate("USD", "GBP")
    assert quote.source == "ecb"
    assert quote.rate == ecb.latest().cross("USD", "GBP")
    assert quote.rate_date == ecb.latest().day
    assert reason in quote.warnings[0]
    assert quote.warnings[0].startswith("live rates unavailable (")
    assert quote.warnings[0].endswith(f"using ECB reference rates of {ecb.latest().day}")
    assert len(service.notices) == 1 and service.notices[0] == quote.warnings[0]


@pytest.mark.parametrize("case", list(FAILURES))
def test_a_bad_answer_in_live_mode_is_one_clear_error(case, rate_server, make_service):
    rate_server.respond, reason = FAILURES[case]
    with pytest.raises(RatesUnavailable) as raised:
        make_service("live", rate_server.url).rate("USD", "GBP")
    assert "live rates unavailable (" in str(raised.value) and reason in str(raised.value)
    assert "\n" not in str(raised.value)


def test_connection_refused_falls_back_with_the_reason(refused_url, make_service):
    service = make_service("auto", refused_url)
    quote = service.rate("USD", "GBP")
    assert quote.source == "ecb"
    assert "connection refused by 127.0.0.1:" in quote.warnings[0]
    with pytest.raises(RatesUnavailable, match="connection refused"):
        make_service("live", refused_url).rate("USD", "GBP")


@pytest.mark.parametrize("mode", ["auto", "live"])
def test_a_server_that_accepts_and_never_answers_costs_at_most_the_deadline(
        mode, rate_server, make_service):
    rate_server.respond = lambda base: None
    deadline = 0.5
    service = make_service(mode, rate_server.url, deadline_s=deadline)
    started = time.monotonic()
    if mode == "live":
        with pytest.raises(RatesUnavailable, match=r"timed out after 0\.5 s"):
            service.rate("USD", "GBP")
    else:
        quote = service.rate("USD", "GBP")
        assert quote.source == "ecb"
        assert "live rates unavailable (timed out after 0.5 s)" in quote.warnings[0]
    assert time.monotonic() - started < deadline + 1
    assert rate_server.requests_for("USD") == 1


def test_the_deadline_holds_even_when_the_work_ignores_every_timeout():
    never = threading.Event()
    started = time.monotonic()
    with pytest.raises(live.LiveFetchFailed, match=r"timed out after 0\.2 s"):
        live.run_with_deadline(lambda: never.wait(60), 0.2)
    assert time.monotonic() - started < 1.2
    never.set()  # let the worker end


def test_stuck_workers_are_bounded_and_then_refused_at_once():
    never = threading.Event()
    try:
        for _ in range(live.MAX_WAITING_WORKERS):
            with pytest.raises(live.LiveFetchFailed, match="timed out"):
                live.run_with_deadline(lambda: never.wait(60), 0.05)
        started = time.monotonic()
        with pytest.raises(live.LiveFetchFailed, match="still waiting for the server"):
            live.run_with_deadline(lambda: "never runs", 5)
        assert time.monotonic() - started < 0.5
    finally:
        never.set()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the released workers give their places back
        try:
            assert live.run_with_deadline(lambda: "ran", 1) == "ran"
            break
        except live.LiveFetchFailed:
            time.sleep(0.05)
    else:
        pytest.fail("workers never gave their places back")


def test_errors_in_the_worker_reach_the_caller():
    def broken():
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        live.run_with_deadline(broken, 1)


def test_a_stuck_worker_does_not_keep_the_process_alive():
    program = (
        "import threading, time\n"
        "from mesocost.rates import live\n"
        "never = threading.Event()\n"
        "try:\n"
        "    live.run_with_deadline(lambda: never.wait(60), 0.2)\n"
        "except live.LiveFetchFailed as failure:\n"
        "    print(failure.reason)\n"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "timed out after 0.2 s"
    assert time.monotonic() - started < 10


def test_each_base_is_fetched_once_per_service_success_or_failure(rate_server, make_service):
    service = make_service("auto", rate_server.url)
    for _ in range(1000):
        service.rate("USD", "GBP")
        service.rate("USD", "JPY")
    assert rate_server.requests_for("USD") == 1
    rate_server.respond = _status(504)
    failing = make_service("auto", rate_server.url)
    for _ in range(1000):
        assert failing.rate("GBP", "EUR").source == "ecb"
    assert rate_server.requests_for("GBP") == 1
    assert len(failing.notices) == 1


def test_after_a_network_failure_other_bases_do_not_wait_again(rate_server, make_service):
    rate_server.respond = lambda base: None
    service = make_service("auto", rate_server.url, deadline_s=0.5)
    service.rate("USD", "EUR")
    started = time.monotonic()
    for base in ("GBP", "JPY", "TRY", "CHF"):
        assert service.rate(base, "EUR").source == "ecb"
    assert time.monotonic() - started < 0.5
    assert len(rate_server.requests) == 1
    assert len(service.notices) == 1


def test_a_currency_missing_from_one_table_only_affects_that_pair(rate_server, make_service):
    rate_server.respond = _without("TRY")
    service = make_service("auto", rate_server.url)
    assert service.rate("USD", "GBP").source == "live"
    fallback = service.rate("USD", "TRY")
    assert fallback.source == "ecb"
    assert "the live answer for USD has no TRY rate" in fallback.warnings[0]
    assert rate_server.requests_for("USD") == 1


def test_an_old_live_date_is_stale_against_the_injected_today(rate_server, make_service):
    rate_server.respond = lambda base: (200, "application/json",
                                        fake.table_body(base, answer_date="2026-11-17"))
    quote = make_service("auto", rate_server.url).rate("USD", "GBP")
    assert quote.source == "live" and quote.stale
    assert "live rates of 2026-11-17 are 8 days old" in quote.warnings
    seven_days = make_service("auto", rate_server.url, today=date(2026, 11, 24))
    assert not seven_days.rate("USD", "GBP").stale


def test_an_answer_without_a_date_is_dated_by_the_fetch_day(rate_server, make_service):
    body = '{"base": "USD", "rates": {"GBP": 0.79, "EUR": 0.93}}'
    rate_server.respond = _body(body)
    quote = make_service("auto", rate_server.url).rate("USD", "GBP")
    assert quote.source == "live"
    assert quote.rate == Decimal("0.79")
    assert quote.rate_date == fake.FETCHED_AT.date()
    assert any("gave no date" in warning for warning in quote.warnings)


def test_the_endpoint_comes_from_the_environment(rate_server, make_service, monkeypatch):
    monkeypatch.setenv(live.ENV_URL, rate_server.url.rstrip("/"))  # slash added for us
    quote = make_service("auto").rate("EUR", "GBP")
    assert quote.source == "live"
    assert rate_server.requests == [("/api/latest", "EUR")]


@pytest.mark.parametrize("setting", ["ftp://mirror.example/api/", "mirror.example"])
def test_a_bad_endpoint_setting_is_a_user_error(setting, make_service, monkeypatch):
    with pytest.raises(InputError, match="must be an http:// or https:// URL"):
        make_service("auto", setting)
    monkeypatch.setenv(live.ENV_URL, setting)
    with pytest.raises(InputError, match=live.ENV_URL):
        make_service("live")


def test_the_default_endpoint_is_forex_pythons_own():
    assert live.resolve_endpoint(None) is None  # conftest removed MESOCOST_RATES_URL
    assert live.forex_default_endpoint().startswith("https://")


def test_the_fetch_uses_forex_pythons_url_scheme(rate_server):
    table = live.fetch_table("GBP", ("USD", "JPY"), endpoint=rate_server.url, deadline_s=1,
                             clock=lambda: fake.FETCHED_AT)
    assert table.base == "GBP" and table.endpoint == rate_server.url
    assert rate_server.requests == [("/api/latest", "GBP")]
    assert set(fake.live_table("GBP")) == set(table.rates)


def test_asked_symbols_must_be_in_the_answer(rate_server):
    rate_server.respond = _without("JPY")
    with pytest.raises(live.LiveFetchFailed, match="answer has no JPY rate"):
        live.fetch_table("GBP", ("USD", "JPY"), endpoint=rate_server.url, deadline_s=1,
                         clock=lambda: fake.FETCHED_AT)
