"""The rate cache: written after a live success, used when live fails, never fatal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mesocost.rates import ecb
from mesocost.rates.cache import RateCache, default_cache_path
from tests.rates import fakeserver as fake

LATER = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def fill_cache(rate_server, make_service, *bases: str) -> None:
    service = make_service("auto", rate_server.url)
    for base in bases:
        assert service.rate(base, "JPY").source == "live"


def test_with_the_server_down_auto_uses_the_cache_with_its_fetch_time(
        rate_server, make_service, refused_url):
    fill_cache(rate_server, make_service, "USD")
    rate_server.stop()
    service = make_service("auto", refused_url, clock=lambda: LATER)
    quote = service.rate("USD", "GBP")
    assert quote.source == "cache"
    assert quote.rate == ecb.latest().cross("USD", "GBP") * fake.LIVE_MARKUP
    assert quote.rate_date == fake.LIVE_DAY
    assert quote.fetched_at == fake.FETCHED_AT  # when it was fetched, not now
    assert quote.warnings[0] == (
        f"live rates unavailable (connection refused by {refused_url[7:-5]}): using cached "
        "live rates of 2026-11-24, fetched 2026-11-25 09:30 UTC")
    assert service.notices == [quote.warnings[0]]


def test_the_cache_answers_the_inverse_pair_too(rate_server, make_service, refused_url):
    fill_cache(rate_server, make_service, "USD")
    quote = make_service("auto", refused_url).rate("GBP", "USD")
    assert quote.source == "cache"
    assert quote.rate == 1 / (ecb.latest().cross("USD", "GBP") * fake.LIVE_MARKUP)


def test_live_mode_never_falls_back_to_the_cache(rate_server, make_service, refused_url):
    fill_cache(rate_server, make_service, "USD")
    with pytest.raises(Exception, match="live rates unavailable"):
        make_service("live", refused_url).rate("USD", "GBP")


def test_a_stale_cached_rate_is_marked(rate_server, make_service, refused_url):
    fill_cache(rate_server, make_service, "USD")
    from datetime import date

    quote = make_service("auto", refused_url, today=date(2026, 12, 20)).rate("USD", "GBP")
    assert quote.source == "cache" and quote.stale
    assert "cache rates of 2026-11-24 are 26 days old" in quote.warnings


def test_a_pair_the_cache_lacks_falls_back_to_ecb(rate_server, make_service, refused_url):
    fill_cache(rate_server, make_service, "USD")
    assert make_service("auto", refused_url).rate("GBP", "JPY").source == "ecb"


def test_new_bases_are_added_and_the_file_is_replaced_whole(rate_server, make_service, cache):
    fill_cache(rate_server, make_service, "USD", "GBP")
    data = json.loads(cache.path.read_text(encoding="utf-8"))
    assert data["format"] == 1 and set(data["tables"]) == {"GBP", "USD"}
    assert data["tables"]["USD"]["fetched_at"] == "2026-11-25T09:30:00+00:00"
    assert all(isinstance(rate, str) for rate in data["tables"]["USD"]["rates"].values())
    assert [p.name for p in cache.path.parent.iterdir()] == ["rates.json"]  # no temp files


def _table(**changes) -> bytes:
    """A cache file whose USD table has `changes` made to a good one."""
    table = {"base": "USD", "date": "2026-11-24", "fetched_at": "2026-11-25T09:30:00+00:00",
             "endpoint": "http://127.0.0.1/api/", "rates": {"GBP": "0.79"}, **changes}
    return json.dumps({"format": 1, "tables": {"USD": table}}).encode()


CORRUPTIONS = {
    "not JSON": b"{ this is not json",
    "binary garbage": b"\xff\xfe\x00\x81garbage",
    "empty": b"",
    "a list": b"[1, 2, 3]",
    "another format": b'{"format": 99, "tables": {}}',
    "no tables": b'{"format": 1}',
    "bad rate": json.dumps({"format": 1, "tables": {"USD": {
        "base": "USD", "date": "2026-11-24", "fetched_at": "2026-11-25T09:30:00+00:00",
        "rates": {"GBP": "-3"}}}}).encode(),
    "float rate": json.dumps({"format": 1, "tables": {"USD": {
        "base": "USD", "date": "2026-11-24", "fetched_at": "2026-11-25T09:30:00+00:00",
        "rates": {"GBP": 0.79}}}}).encode(),
    "naive fetch time": json.dumps({"format": 1, "tables": {"USD": {
        "base": "USD", "date": "2026-11-24", "fetched_at": "2026-11-25T09:30:00",
        "rates": {"GBP": "0.79"}}}}).encode(),
    "bad date": json.dumps({"format": 1, "tables": {"USD": {
        "base": "USD", "date": "soon", "fetched_at": "2026-11-25T09:30:00+00:00",
        "rates": {"GBP": "0.79"}}}}).encode(),
    # Values and types a hand edit can leave: each is a warning, never a traceback.
    "huge rate": _table(rates={"GBP": "1e40"}),
    "tiny rate": _table(rates={"GBP": "1e-30"}),
    "date in year 1": _table(date="0001-01-01"),
    "fetched in year 9999": _table(fetched_at="9999-12-31T23:00:00+00:00"),
    "date not text": _table(date=20261124),
    "base not text": _table(base=5),
    "unknown base": _table(base="ABC"),
    "unknown currency in rates": _table(rates={"QQQ": "0.79"}),
    "rates a list": _table(rates=["GBP", "0.79"]),
    "endpoint a list": _table(endpoint=["http://x/"]),
    "table a string": json.dumps({"format": 1, "tables": {"USD": "rates"}}).encode(),
    "table a list": json.dumps({"format": 1, "tables": {"USD": [1, 2]}}).encode(),
    "nested too deep": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_a_corrupt_cache_falls_back_to_bundled_rates_with_a_warning(
        case, cache, make_service, refused_url):
    cache.path.parent.mkdir(parents=True)
    cache.path.write_bytes(CORRUPTIONS[case])
    service = make_service("auto", refused_url)
    quote = service.rate("USD", "GBP")
    assert quote.source == "ecb"
    unreadable = [w for w in quote.warnings if "is unreadable" in w]
    assert len(unreadable) == 1
    assert unreadable[0].startswith(f"rate cache {cache.path} is unreadable (")
    assert unreadable[0].endswith("; ignored")
    assert unreadable[0] in service.notices


def test_a_cache_that_is_a_folder_is_reported_not_fatal(cache, make_service, refused_url):
    cache.path.mkdir(parents=True)
    quote = make_service("auto", refused_url).rate("USD", "GBP")
    assert quote.source == "ecb"
    assert any("is unreadable" in warning for warning in quote.warnings)


def test_a_corrupt_cache_is_replaced_by_the_next_success(cache, make_service, rate_server):
    cache.path.parent.mkdir(parents=True)
    cache.path.write_bytes(b"garbage")
    service = make_service("auto", rate_server.url)
    assert service.rate("USD", "GBP").source == "live"
    assert any("is unreadable" in notice for notice in service.notices)
    tables, warnings = cache.load()
    assert warnings == () and set(tables) == {"USD"}


def test_an_unwritable_cache_is_a_notice_and_the_live_rate_still_counts(
        tmp_path, make_service, rate_server):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    service = make_service("auto", rate_server.url, cache=RateCache(blocker / "rates.json"))
    assert service.rate("USD", "GBP").source == "live"
    assert any("could not save the rate cache" in notice for notice in service.notices)


def test_the_default_cache_lives_in_the_users_cache_folder(tmp_path_factory):
    # conftest points XDG_CACHE_HOME at a temporary home: never the real one.
    import os

    expected = Path(os.environ["XDG_CACHE_HOME"]) / "mesocost" / "rates.json"
    assert default_cache_path() == expected
    assert RateCache().path == expected


def test_the_default_service_writes_its_cache_there(rate_server, monkeypatch):
    import os

    from mesocost.rates.service import RateService

    service = RateService("auto", endpoint=rate_server.url, deadline_s=1,
                          today=fake.TODAY, clock=lambda: fake.FETCHED_AT)
    assert service.rate("EUR", "GBP").source == "live"
    assert (Path(os.environ["XDG_CACHE_HOME"]) / "mesocost" / "rates.json").is_file()
