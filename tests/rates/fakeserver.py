"""Test helpers: a fake forex-python-compatible rate server on 127.0.0.1, pinned dates.

The server answers `GET /api/latest?base=XXX&rtype=fpy` the way forex-python's host does;
each test chooses how it behaves (good table, HTTP error, HTML, bad rates, silence).
Test modules import it as `tests.rates.fakeserver` (pytest puts the repository root on
the path: see `pythonpath` in pyproject.toml).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from mesocost.rates import ecb

TODAY = date(2026, 11, 25)
LIVE_DAY = date(2026, 11, 24)
FETCHED_AT = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
# Live rates differ from the bundled ECB ones by this factor, so a test can tell them apart.
LIVE_MARKUP = Decimal("1.01")
SHORT_DEADLINE_S = 0.5


def live_table(base: str) -> dict[str, Decimal]:
    """What the fake server answers for `base`: ECB crosses × LIVE_MARKUP."""
    day = ecb.latest()
    return {code: day.cross(base, code) * LIVE_MARKUP
            for code in sorted(day.currencies()) if code != base}


def table_body(base: str, rates: dict | None = None, answer_date: str | None = None,
               answered_base: str | None = None) -> str:
    """A JSON answer with rates written as JSON numbers (no float round trip)."""
    rates = live_table(base) if rates is None else rates
    numbers = ", ".join(f'"{code}": {value}' for code, value in rates.items())
    head = {"base": answered_base or base, "date": answer_date or LIVE_DAY.isoformat()}
    return json.dumps(head)[:-1] + f', "rates": {{{numbers}}}}}'


Answer = tuple[int, str, str]  # status, content type, body


class FakeRateServer:
    """A threaded HTTP server whose answer a test sets through `respond`.

    Attributes:
        respond: base -> (status, content type, body), or None to never answer.
        requests: (path, base) of every request received.
    """

    def __init__(self) -> None:
        self.respond: Callable[[str], Answer | None] = self.good
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()  # set at teardown so silent handlers end
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    @staticmethod
    def good(base: str) -> Answer:
        return 200, "application/json", table_body(base)

    def requests_for(self, base: str) -> int:
        return sum(1 for _path, asked in self.requests if asked == base)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                base = parse_qs(parts.query).get("base", [""])[0]
                fake.requests.append((parts.path, base))
                answer = fake.respond(base)
                if answer is None:  # accept, read the request, never answer
                    fake.release.wait(30)
                    return
                status, content_type, body = answer
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

        return Handler

    def start(self) -> FakeRateServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/"


