"""The rate service: modes, manual rates, history, staleness and the asynchronous refresh."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import date
from decimal import Decimal

import pytest

from mesocost.core.errors import InputError, RatesUnavailable
from mesocost.rates import ecb
from mesocost.rates.live import LiveTable
from mesocost.rates.service import RateService, parse_manual_rate
from tests.rates import fakeserver as fake


@pytest.mark.parametrize("mode", ["offline", "auto", "live"])
def test_a_manual_rate_overrides_every_source_and_is_labelled_manual(
        mode, rate_server, make_service):
    service = make_service(mode, rate_server.url, manual={("GBP", "EUR"): Decimal("1.17")})
    pinned = service.rate("GBP", "EUR")
    assert (pinned.source, pinned.rate) == ("manual", Decimal("1.17"))
    assert pinned.warnings == ("GBP/EUR rate set by hand",)
    inverse = service.rate("EUR", "GBP")
    assert (inverse.source, inverse.rate) == ("manual", 1 / Decimal("1.17"))
    assert rate_server.requests == []  # the live source was not even asked


def test_a_manual_rate_wins_over_history_too(make_service):
    service = make_service("offline", manual={("USD", "TRY"): Decimal("41")},
                           on=date(2020, 1, 3))
    assert service.rate("USD", "TRY").source == "manual"


def test_offline_never_touches_the_network_even_with_a_mirror_set(
        rate_server, make_service, monkeypatch):
    monkeypatch.setenv("MESOCOST_RATES_URL", rate_server.url)
    service = make_service("offline", rate_server.url)
    quote = service.rate("USD", "GBP")
    assert quote.source == "ecb" and quote.rate == ecb.latest().cross("USD", "GBP")
    assert rate_server.requests == [] and service.notices == []
    assert service.endpoint is None
    with pytest.raises(InputError, match="offline mode never fetches"):
        service.refresh("USD")


def test_offline_does_not_load_requests_forex_python_or_platformdirs():
    program = (
        "import sys\n"
        "from datetime import date\n"
        "from mesocost.rates.service import RateService\n"
        "service = RateService('offline', today=date(2026, 11, 25))\n"
        "service.rate('USD', 'GBP'); service.rate('GBP', 'TRY')\n"
        "heavy = {'requests', 'forex_python', 'platformdirs', 'urllib3', 'simplejson',\n"
        "         'concurrent', 'http', 'socket', 'mesocost.rates.live',\n"
        "         'mesocost.rates.cache'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_the_bundled_rate_is_stale_after_seven_days_counted_from_the_injected_today():
    bundled_day = ecb.latest().day  # 2026-10-30
    fresh = RateService("offline", today=date(2026, 11, 6)).rate("USD", "GBP")
    assert (date(2026, 11, 6) - bundled_day).days == 7
    assert not fresh.stale and fresh.warnings == ()
    stale = RateService("offline", today=date(2026, 11, 7)).rate("USD", "GBP")
    assert stale.stale
    assert stale.warnings == (f"ECB rates of {bundled_day} are 8 days old",)
    lenient = RateService("offline", today=date(2026, 11, 7), stale_days=30)
    assert not lenient.rate("USD", "GBP").stale


def test_inverse_is_one_over_the_rate_and_identity_is_one():
    service = RateService("offline", today=fake.TODAY)
    there, back = service.rate("USD", "JPY"), service.rate("JPY", "USD")
    assert abs(there.rate * back.rate - 1) < Decimal("1e-20")
    same = service.rate("EUR", "EUR")
    assert same.rate == 1 and same.source == "identity"


@pytest.mark.parametrize("mode", ["offline", "auto", "live"])
def test_a_past_day_uses_ecb_history_and_says_which_day(mode, rate_server, make_service):
    service = make_service(mode, rate_server.url, on=date(2020, 1, 4))  # a Saturday
    quote = service.rate("USD", "GBP")
    assert quote.source == "ecb" and quote.rate_date == date(2020, 1, 3)
    assert quote.warnings == ("no ECB rates for 2020-01-04; used the nearest earlier "
                              "working day, 2020-01-03",)
    assert not quote.stale
    assert rate_server.requests == []
    working_day = make_service(mode, rate_server.url, on=date(2020, 1, 3)).rate("USD", "GBP")
    assert working_day.warnings == () and working_day.rate == quote.rate


def test_a_day_before_the_history_is_unavailable():
    with pytest.raises(RatesUnavailable, match="no ECB rates before 1999-01-04"):
        RateService("offline", on=date(1998, 12, 31)).rate("USD", "GBP")


def test_a_currency_the_ecb_lacks_is_one_line_with_the_way_out():
    with pytest.raises(RatesUnavailable, match=r"no ARS rate.*--rate USD:ARS=RATE"):
        RateService("offline", today=fake.TODAY).rate("USD", "ARS")


@pytest.mark.parametrize(("text", "message"), [
    ("GBP=1.2", "must look like BASE:QUOTE=RATE"),
    ("GBP:EUR=0", "rate must be above zero"),
    ("GBP:XXY=1", "unknown currency code"),
])
def test_bad_manual_rates_are_input_errors(text, message):
    with pytest.raises(InputError, match=message):
        parse_manual_rate(text)


def test_manual_rates_parse_either_separator():
    assert parse_manual_rate("gbp/eur=1.17") == (("GBP", "EUR"), Decimal("1.17"))


@pytest.mark.parametrize("options", [{"mode": "sometimes"}, {"deadline_s": 0}])
def test_bad_service_settings_are_input_errors(options):
    with pytest.raises(InputError):
        RateService(**options)


def test_refresh_fetches_again_and_updates_the_cache(rate_server, make_service, cache):
    service = make_service("auto", rate_server.url)
    service.rate("USD", "GBP")
    table = service.refresh("USD")
    assert isinstance(table, LiveTable) and table.base == "USD"
    assert rate_server.requests_for("USD") == 2
    assert set(cache.load()[0]) == {"USD"}


def test_refresh_failure_is_one_clear_error(refused_url, make_service):
    with pytest.raises(RatesUnavailable, match=r"^live rates unavailable \(connection refused"):
        make_service("auto", refused_url).refresh("USD")


def test_refresh_async_returns_at_once_and_resolves_with_the_table(rate_server, make_service):
    gate = threading.Event()

    def slow_good(base):
        gate.wait(5)
        return fake.FakeRateServer.good(base)

    rate_server.respond = slow_good
    service = make_service("live", rate_server.url, deadline_s=3)
    called = []
    started = time.monotonic()
    future = service.refresh_async("USD", callback=called.append)
    assert time.monotonic() - started < 0.2
    assert not future.done()
    gate.set()
    table = future.result(timeout=5)
    assert table.base == "USD" and called == [future]
    assert service.rate("USD", "GBP").source == "live"
    assert rate_server.requests_for("USD") == 1  # rate() used the refreshed table


def test_refresh_async_against_a_silent_server_fails_within_the_deadline(
        rate_server, make_service):
    rate_server.respond = lambda base: None
    service = make_service("auto", rate_server.url, deadline_s=0.5)
    started = time.monotonic()
    future = service.refresh_async("USD")
    assert time.monotonic() - started < 0.2
    with pytest.raises(RatesUnavailable, match=r"timed out after 0\.5 s"):
        future.result(timeout=5)
    assert time.monotonic() - started < 1.5
    assert service.rate("USD", "GBP").source == "ecb"  # remembered: no second wait
    assert rate_server.requests_for("USD") == 1


def test_refresh_async_in_offline_mode_resolves_to_the_error(make_service):
    future = make_service("offline").refresh_async("USD")
    with pytest.raises(InputError):
        future.result(timeout=5)


def test_a_service_that_never_fetches_on_demand_answers_at_once_from_the_fallback(
        rate_server, make_service):
    """The window's service: rate() never touches the network; refresh() does."""
    import time

    rate_server.respond = lambda base: None  # accepts and never answers
    service = make_service("auto", rate_server.url, fetch_on_demand=False, deadline_s=5.0)
    began = time.monotonic()
    rate = service("GBP", "EUR")
    assert time.monotonic() - began < 0.5
    assert rate.source == "ecb"
    assert rate_server.requests == []
    assert any("not fetched yet" in warning for warning in rate.warnings)


def test_after_a_refresh_the_non_blocking_service_answers_live_for_any_base(
        rate_server, make_service):
    service = make_service("auto", rate_server.url, fetch_on_demand=False)
    assert service("GBP", "EUR").source == "ecb"
    service.refresh("EUR")
    # Pairs answered before the refresh are asked again; the EUR table serves GBP→EUR too.
    assert service("GBP", "EUR").source == "live"
    assert service("EUR", "USD").source == "live"
    assert service.notices == []
    assert rate_server.requests_for("GBP") == 0


def test_rates_set_by_hand_can_be_replaced_and_every_pair_is_answered_again(make_service):
    service = make_service("offline")
    assert service("GBP", "EUR").source == "ecb"
    service.set_manual({("GBP", "EUR"): Decimal("1.2")})
    assert service("GBP", "EUR").rate == Decimal("1.2")
    assert service("EUR", "GBP").source == "manual"
    service.set_manual({})
    assert service("GBP", "EUR").source == "ecb"


@pytest.mark.parametrize("manual, message", [
    ({("GBP", "GBP"): Decimal(2)}, "converts to itself"),
    ({("GBP", "XXQ"): Decimal(2)}, "unknown currency"),
    ({("GBP", "EUR"): Decimal("1e30")}, "largest accepted rate"),
    ({("GBP", "EUR"): Decimal(0)}, "above zero"),
])
def test_a_bad_rate_set_by_hand_changes_nothing(make_service, manual, message):
    service = make_service("offline")
    service.set_manual({("GBP", "EUR"): Decimal("1.2")})
    with pytest.raises(InputError, match=message):
        service.set_manual(manual)
    assert service.manual == {("GBP", "EUR"): Decimal("1.2")}
