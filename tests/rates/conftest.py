"""Fixtures for the rate tests: the fake rate server, a private cache, a pinned service.

Every test runs behind the suite-wide guard (tests/netguard.py) that refuses connections
beyond 127.0.0.1.
"""

from __future__ import annotations

import pytest

from mesocost.rates.cache import RateCache
from mesocost.rates.service import RateService
from tests.rates import fakeserver as fake


@pytest.fixture
def rate_server():
    server = fake.FakeRateServer().start()
    yield server
    server.stop()


@pytest.fixture
def refused_url() -> str:
    return fake.closed_port_url()


@pytest.fixture
def cache(tmp_path) -> RateCache:
    return RateCache(tmp_path / "cache" / "rates.json")


@pytest.fixture
def make_service(cache):
    """A RateService with today, clock, cache and a short deadline pinned for tests."""
    def make(mode: str = "auto", endpoint: str | None = None, **options) -> RateService:
        options.setdefault("today", fake.TODAY)
        options.setdefault("clock", lambda: fake.FETCHED_AT)
        options.setdefault("deadline_s", fake.SHORT_DEADLINE_S)
        options.setdefault("cache", cache)
        return RateService(mode, endpoint=endpoint, **options)
    return make

