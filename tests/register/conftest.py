"""Register fixtures: a quote document factory, and the register on SQLite and on a real
PostgreSQL server (started once per test session from the machine's binaries)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from mesocost.core.clinic import ClinicProfile
from mesocost.core.conversion import RateQuote, identity_rate
from mesocost.core.engine import QuoteRequest
from mesocost.export.details import QuoteDetails
from mesocost.register.document import Contact, freeze
from mesocost.register.store import Register
from mesocost.storage.tomlfiles import find_protocol, load_bundled_catalog
from tests.register.pgserver import PostgresServer, find_binaries

RATE_DAY = date(2026, 10, 30)


def fixed_rates(rates: dict[str, str] | None = None):
    """A rate lookup answering from {"USD/EUR": "0.92", …} (inverses derived), dated
    RATE_DAY, source "ecb"."""
    table = {"USD/EUR": "0.92", "GBP/EUR": "1.15", "USD/GBP": "0.8", **(rates or {})}

    def rate_for(base: str, quote: str) -> RateQuote:
        if base == quote:
            return identity_rate(base, RATE_DAY)
        if f"{base}/{quote}" in table:
            return RateQuote(base, quote, Decimal(table[f"{base}/{quote}"]), RATE_DAY, "ecb")
        return RateQuote(base, quote, 1 / Decimal(table[f"{quote}/{base}"]), RATE_DAY, "ecb")

    return rate_for


def make_document(*, client: str = "Ayşe Yılmaz", created: date = date(2026, 11, 2),
                  destination: str = "TR", currency: str = "EUR", prefix: str = "MC",
                  validity_days: int = 30, rates: dict[str, str] | None = None,
                  email: str = "ayse@example.com", phone: str = "+90 555 000 0000",
                  entry=None, **request_fields):
    """A priced quote document as the CLI or the window saves it."""
    if entry is None:
        entry = next(e for e in load_bundled_catalog() if e.destination == destination)
    request = QuoteRequest(entry=entry, protocol=find_protocol("standard"),
                           start=date(2026, 12, 1), **request_fields)
    details = QuoteDetails(client=client, created=created, validity_days=validity_days,
                           profile=ClinicProfile(name="Klinik Ankara", quote_prefix=prefix))
    document, _, _ = freeze(request, currency, fixed_rates(rates), details,
                            contact=Contact(email, phone), locale="en_GB")
    return document


@pytest.fixture(scope="session")
def postgres_server():
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL binaries on this machine (CI installs the postgresql "
                    "package)")
    server = PostgresServer(binaries).start()
    yield server
    server.stop()


class Clock:
    """A settable clock for the register: `now` (UTC) and `today`."""

    def __init__(self, today: date = date(2026, 11, 2)) -> None:
        self.today = today

    def now(self) -> datetime:
        return datetime(self.today.year, self.today.month, self.today.day, 9, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request, tmp_path) -> str:
    """The register's location, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "register.sqlite3")
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def register(register_url, clock):
    opened = Register.open(register_url, clock=clock.now, today=lambda: clock.today,
                           user=lambda: "coordinator")
    yield opened
    opened.close()
