"""Live exchange rates from forex-python, under a hard deadline, validated before use.

forex-python (1.9.x) calls its web API with `requests.get` and no timeout, and its host
has answered with minute-long 504s, parked HTML pages with status 200 and wrong rates.
So a fetch here:

- runs in a daemon worker thread while the caller waits on an Event for at most
  `deadline_s`: no caller ever waits longer, even when the server accepts the connection
  and never answers (a daemon thread cannot keep the interpreter from exiting, which a
  `ThreadPoolExecutor` worker would: the executor joins its threads at exit);
- gives the worker socket timeouts too, so it normally ends on its own soon after, and
  allows at most `MAX_WAITING_WORKERS` workers at once, so stuck ones cannot pile up;
- asks for the whole table of one base in one request, the way forex-python's
  `CurrencyRates.get_rates` does (its `_source_url()` + "latest", base and rtype params),
  with the base URL configurable for anyone running a compatible mirror;
- accepts the answer only when it is JSON for the asked base with every rate a positive
  finite number (decoded straight to Decimal, as forex-python does with force_decimal).

Anything else is a `LiveFetchFailed` whose `reason` says why in a few words.
Nothing here imports requests or forex-python until a fetch actually starts.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from mesocost.core.dates import check_day, read_day
from mesocost.core.errors import InputError
from mesocost.core.i18n import _, ngettext
from mesocost.core.money import MAX_RATE, MIN_RATE

SOURCE = "live"
ENV_URL = "MESOCOST_RATES_URL"
DEFAULT_DEADLINE_S = 5.0
# Workers still blocked on a silent server after their caller gave up. Past this many,
# new fetches fail at once instead of starting yet another thread that may never end.
MAX_WAITING_WORKERS = 4

T = TypeVar("T")


class LiveFetchFailed(Exception):
    """A live fetch that gave no usable rates.

    Args:
        reason: a few words a person understands ("HTTP 504", "timed out after 5 s").
        transport: True when the source itself is unreachable or broken (timeout, refused,
            HTTP error, not JSON): the service then stops asking it for other bases.
    """

    def __init__(self, reason: str, *, transport: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transport = transport


@dataclass(frozen=True, slots=True)
class LiveTable:
    """One validated live answer: units of each currency per one unit of `base`.

    Attributes:
        base: the ISO code the table is for.
        rate_date: the day the source says the rates are for.
        rates: code -> positive finite Decimal.
        fetched_at: when the answer arrived (timezone-aware, UTC).
        endpoint: the base URL it came from.
        warnings: anything odd but acceptable about the answer.
    """

    base: str
    rate_date: date
    rates: Mapping[str, Decimal]
    fetched_at: datetime
    endpoint: str
    warnings: tuple[str, ...] = field(default=())

    def rate_for(self, quote: str) -> Decimal | None:
        """Units of `quote` per unit of base, or None when the table lacks it."""
        if quote == self.base:
            return Decimal(1)
        return self.rates.get(quote)


def resolve_endpoint(endpoint: str | None = None) -> str | None:
    """The base URL to ask: `endpoint`, else $MESOCOST_RATES_URL, else None (forex-python's).

    The URL is the part before "latest", e.g. "https://mirror.example/api/"; a missing
    trailing slash is added because forex-python appends the date path directly.

    Raises:
        InputError: when the setting is not an http(s) URL.
    """
    chosen = endpoint if endpoint is not None else os.environ.get(ENV_URL, "")
    chosen = chosen.strip()
    if not chosen:
        return None
    if not chosen.startswith(("http://", "https://")):
        where = "rates endpoint" if endpoint is not None else ENV_URL
        raise InputError(_("must be an {http} or {https} URL, got {value!r}").format(
            http="http://", https="https://", value=chosen), where)
    return chosen if chosen.endswith("/") else chosen + "/"


def forex_default_endpoint() -> str:
    """forex-python's own base URL (imports forex-python: only call when going live)."""
    from forex_python.converter import CurrencyRates

    return CurrencyRates()._source_url()


# --- the deadline -------------------------------------------------------------------

_waiting_workers = threading.BoundedSemaphore(MAX_WAITING_WORKERS)


def deadline_text(deadline_s: float) -> str:
    return _("timed out after {seconds:g} s").format(seconds=deadline_s)


def run_with_deadline(work: Callable[[], T], deadline_s: float) -> T:
    """Run `work` in a daemon thread; return its result or raise within `deadline_s`.

    Args:
        work: the blocking call (a network fetch).
        deadline_s: the longest the caller waits, in seconds.

    Returns:
        What `work` returned.

    Raises:
        LiveFetchFailed: on timeout, or when too many earlier workers are still stuck.
        Exception: whatever `work` raised, re-raised in the caller's thread.
    """
    if not _waiting_workers.acquire(blocking=False):
        raise LiveFetchFailed(ngettext(
            "{count} earlier live fetch is still waiting for the server",
            "{count} earlier live fetches are still waiting for the server",
            MAX_WAITING_WORKERS).format(count=MAX_WAITING_WORKERS))
    finished = threading.Event()
    outcome: dict[str, object] = {}

    def worker() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller, never lost in the thread
            outcome["error"] = error
        finally:
            _waiting_workers.release()
            finished.set()

    try:
        threading.Thread(target=worker, name="mesocost-live-rates", daemon=True).start()
    except RuntimeError as error:  # "can't start new thread": the worker never ran
        _waiting_workers.release()
        raise LiveFetchFailed(_("could not start a worker thread ({reason})").format(
            reason=error)) from None
    if not finished.wait(deadline_s):
        raise LiveFetchFailed(deadline_text(deadline_s))
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


# --- checking an answer -------------------------------------------------------------


def check_rate(code: object, value: object) -> Decimal:
    """A rate from an answer as a positive finite Decimal.

    Raises:
        LiveFetchFailed: naming the currency and what is wrong with its value.
    """
    # bool is an int in Python, and a float can only be NaN/Infinity here (the decoder
    # turns every other number into Decimal or int): refuse both as "not a number".
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise LiveFetchFailed(_("answer's {currency} rate is not a number: {value!r}").format(
            currency=code, value=value))
    number = Decimal(value)
    if not number.is_finite() or number <= 0:
        raise LiveFetchFailed(_("answer's {currency} rate is not a positive number: {value}")
                              .format(currency=code, value=value))
    if not MIN_RATE <= number <= MAX_RATE:
        raise LiveFetchFailed(_("answer's {currency} rate {rate} is outside the accepted "
                                "range ({low} to {high})").format(
            currency=code, rate=number, low=MIN_RATE, high=MAX_RATE))
    return number


def _decode_json(text: str) -> object:
    import simplejson  # forex-python's own decoder (its force_decimal path)

    try:
        # allow_nan: so "NaN" arrives as a value we can name, not as "not JSON".
        return simplejson.loads(text, use_decimal=True, allow_nan=True)
    except (ValueError, RecursionError):
        raise LiveFetchFailed(_("answer was not JSON (an HTML page?)")) from None


def _answer_date(document: Mapping, fetched_at: datetime) -> tuple[date, tuple[str, ...]]:
    text = document.get("date")
    if text is None:
        return fetched_at.date(), (_("the live source gave no date; dated by the fetch day"),)
    day = read_day(text)
    if day is None:
        raise LiveFetchFailed(_("answer has a malformed date: {value!r}").format(value=text))
    try:
        return check_day(day), ()
    except InputError as error:
        raise LiveFetchFailed(_("answer's date {reason}").format(reason=error.message)) \
            from None


def parse_answer(
    status: int, text: str, base: str, symbols: Iterable[str], *, fetched_at: datetime,
    endpoint: str,
) -> LiveTable:
    """Turn an HTTP answer into a `LiveTable`, or say why it is unusable.

    Args:
        status: the HTTP status code.
        text: the body.
        base: the base currency asked for.
        symbols: currencies that must be in the table.
        fetched_at: when the answer arrived.
        endpoint: where it came from (kept with the table).

    Raises:
        LiveFetchFailed: for a non-200 status, a body that is not JSON, another base, a
            missing or bad rate.
    """
    if status != 200:
        raise LiveFetchFailed(_("HTTP {status}").format(status=status))
    document = _decode_json(text)
    if not isinstance(document, dict) or not isinstance(document.get("rates"), dict):
        raise LiveFetchFailed(_("answer has no table of rates"))
    answered_base = document.get("base")
    if answered_base != base:
        raise LiveFetchFailed(_("answer is for base {answered!r}, not {base}").format(
            answered=answered_base, base=base))
    rates = {str(code): check_rate(code, value) for code, value in document["rates"].items()}
    for code in symbols:
        if code != base and code not in rates:
            raise LiveFetchFailed(_("answer has no {currency} rate").format(currency=code),
                                  transport=False)
    rate_date, warnings = _answer_date(document, fetched_at)
    return LiveTable(base, rate_date, rates, fetched_at, endpoint, warnings)


# --- fetching -----------------------------------------------------------------------


def _mirrorable_rates(endpoint: str | None):
    """forex-python's CurrencyRates (force_decimal) whose base URL can point at a mirror."""
    from forex_python.converter import CurrencyRates

    class MirrorableCurrencyRates(CurrencyRates):
        def _source_url(self) -> str:
            return endpoint or super()._source_url()

    return MirrorableCurrencyRates(force_decimal=True)


def _connection_reason(error: Exception, url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).netloc
    if "refused" in str(error).lower():
        return _("connection refused by {host}").format(host=host)
    return _("could not connect to {host}").format(host=host)


def _get_table(base: str, symbols: tuple[str, ...], endpoint: str | None, socket_timeout_s: float,
               clock: Callable[[], datetime]) -> LiveTable:
    """One blocking request for the latest table of `base` (runs in the worker thread)."""
    import requests

    rates_api = _mirrorable_rates(endpoint)
    # The same URL and parameters as CurrencyRates.get_rates builds, but that method
    # calls requests.get without a timeout and hides the status code: ask directly.
    url = rates_api._source_url() + rates_api._get_date_string(None)
    try:
        response = requests.get(url, params={"base": base, "rtype": "fpy"},
                                timeout=(socket_timeout_s, socket_timeout_s))
    except requests.Timeout:
        raise LiveFetchFailed(deadline_text(socket_timeout_s)) from None
    except requests.ConnectionError as error:
        raise LiveFetchFailed(_connection_reason(error, url)) from None
    except requests.RequestException as error:
        raise LiveFetchFailed(_("request failed ({kind})").format(kind=type(error).__name__)) \
            from None
    return parse_answer(response.status_code, response.text, base, symbols,
                        fetched_at=clock(), endpoint=rates_api._source_url())


def fetch_table(
    base: str, symbols: Iterable[str] = (), *, endpoint: str | None = None,
    deadline_s: float = DEFAULT_DEADLINE_S, clock: Callable[[], datetime],
) -> LiveTable:
    """Fetch and validate the latest live table for `base`, within `deadline_s`.

    Args:
        base: ISO code of the base currency.
        symbols: currencies the answer must contain.
        endpoint: base URL of a compatible mirror; None for forex-python's own.
        deadline_s: the longest this call may take, in seconds.
        clock: returns the current time (timezone-aware) for `fetched_at`.

    Returns:
        The validated table.

    Raises:
        LiveFetchFailed: with a short reason, for every way the fetch can go wrong.
    """
    wanted = tuple(symbols)
    return run_with_deadline(
        lambda: _get_table(base, wanted, endpoint, deadline_s, clock), deadline_s)
