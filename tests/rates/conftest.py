"""Fixtures for the rate tests: the fake rate server, a private cache, a pinned service.

Every test runs behind the suite-wide guard (tests/netguard.py) that refuses connections
beyond 127.0.0.1.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from mesocost.rates.cache import RateCache
from mesocost.rates.service import RateService


def load_fakeserver():
    """tests/rates/fakeserver.py as a module (one shared copy)."""
    name = "mesocost_tests_fakeserver"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(
            "fakeserver.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


fake = load_fakeserver()


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

