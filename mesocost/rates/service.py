"""The rate service: picks a source by mode and says where every rate came from.

Modes:
    offline  bundled ECB reference rates only; never touches the network (CLI default).
    auto     manual > live > cache > bundled ECB (the GUI default). When live fails, the
             reason is said once in `notices` and on every rate it affects.
    live     manual > live; when live fails, RatesUnavailable says why.

Manual rates (`--rate GBP:EUR=1.17`) override every source for their pair. A rate for a
given day (`on`) always comes from the bundled ECB history, whatever the mode.

Live rates are fetched once per base per service instance (the outcome, failure
included, is remembered), so a comparison of 1,000 rows costs at most one deadline per
base; after a network-level failure (timeout, refused, HTTP error, not JSON) the live
source is not asked again for other bases either. A service instance is a `RateLookup`:
call it with (base, quote).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from mesocost.core.conversion import RateQuote, identity_rate
from mesocost.core.errors import InputError, RatesUnavailable
from mesocost.core.i18n import N_, NP_, Phrase, _
from mesocost.core.money import check_currency, check_rate
from mesocost.rates import ecb

if TYPE_CHECKING:
    from concurrent.futures import Future

    from mesocost.rates.cache import RateCache
    from mesocost.rates.live import LiveFetchFailed, LiveTable

MODE_OFFLINE, MODE_AUTO, MODE_LIVE = "offline", "auto", "live"
MODES = (MODE_OFFLINE, MODE_AUTO, MODE_LIVE)
DEFAULT_STALE_DAYS = 7
DEFAULT_DEADLINE_S = 5.0  # the same as mesocost.rates.live's (not imported: start-up)
SOURCE_MANUAL = "manual"
SOURCE_LIVE = "live"
SOURCE_CACHE = "cache"


def parse_manual_rate(text: str) -> tuple[tuple[str, str], Decimal]:
    """Parse "GBP:EUR=1.17" (or "GBP/EUR=1.17") into ((base, quote), rate).

    The rate must lie between MIN_RATE and MAX_RATE (core.money). A pair of one currency
    (GBP:GBP) is refused: a currency converts to itself at 1, whatever is typed.

    Raises:
        InputError: naming the option and what is wrong.
    """
    pair, sep, value = text.partition("=")
    base, colon, quote = pair.replace("/", ":").partition(":")
    if not sep or not colon:
        raise InputError(_("must look like {form} (e.g. {example}), got {value!r}").format(
            form="BASE:QUOTE=RATE", example="GBP:EUR=1.17", value=text), "--rate")
    base, quote = check_currency(base, "--rate"), check_currency(quote, "--rate")
    if base == quote:
        raise InputError(_("a currency converts to itself at 1: leave {pair} out").format(
            pair=f"{base}:{quote}"), "--rate")
    return (base, quote), check_rate(value, "--rate", f"{base}:{quote}")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _resolve_endpoint(endpoint: str | None) -> str | None:
    from mesocost.rates.live import resolve_endpoint

    return resolve_endpoint(endpoint)


class RateService:
    """Answers (base, quote) with a `RateQuote`, from the sources its mode allows.

    Args:
        mode: one of MODES.
        manual: pinned rates by (base, quote); they win over every source.
        today: the day staleness is measured against (injected so tests pin it).
        stale_days: a rate for a day more than this many days before `today` is stale.
        on: convert at the ECB rates of this day (bundled history) instead of the latest.
        endpoint: base URL of a forex-python-compatible mirror; None reads
            $MESOCOST_RATES_URL, and without it forex-python's own host is used.
        deadline_s: the longest one live fetch may keep a caller waiting, in seconds.
        cache: where live answers are kept; None for the user's cache folder.
        clock: returns the current time, timezone-aware (for `fetched_at`).
        fetch_on_demand: in auto/live mode, fetch a base's live table the first time a
            rate needs it (the CLI). False never fetches inside `rate()`: only `refresh()`
            and `refresh_async()` fetch, and until they have, auto answers from the cache
            or the bundled rates (a window must never wait for the network).

    Attributes:
        notices: what a person should be told once (e.g. why auto fell back), in order.

    Raises:
        InputError: for an unknown mode, a non-positive deadline or a bad endpoint.
    """

    def __init__(
        self, mode: str = MODE_OFFLINE, *, manual: Mapping[tuple[str, str], Decimal] | None = None,
        today: date | None = None, stale_days: int = DEFAULT_STALE_DAYS, on: date | None = None,
        endpoint: str | None = None, deadline_s: float = DEFAULT_DEADLINE_S,
        cache: RateCache | None = None, clock: Callable[[], datetime] | None = None,
        fetch_on_demand: bool = True,
    ) -> None:
        if mode not in MODES:
            raise InputError(_("unknown rates mode {value!r} (choose from {modes})").format(
                value=mode, modes=", ".join(MODES)), "--rates")
        if not deadline_s > 0:
            raise InputError(_("the live-rate deadline must be above zero, got {value}")
                             .format(value=deadline_s))
        self.mode = mode
        self.manual = dict(manual or {})
        self.today = today or date.today()
        self.stale_days = stale_days
        self.on = on
        self.deadline_s = deadline_s
        self.clock = clock or _utc_now
        self.fetch_on_demand = fetch_on_demand
        self.notices: list[str] = []
        self._cache = cache
        self._cached_tables: dict[str, LiveTable] | None = None
        self._cache_warnings: tuple[str, ...] = ()
        self._live_outcomes: dict[str, LiveTable | LiveFetchFailed] = {}
        # Each pair is answered once per instance (same today, same outcomes): a long
        # comparison then costs a dict lookup per row.
        self._answers: dict[tuple[str, str], RateQuote] = {}
        self._live_down: LiveFetchFailed | None = None
        # Held while fetching, so one base is fetched once even with a GUI refresh running.
        self._fetch_lock = threading.Lock()
        # Resolved now so a bad URL is reported at once; offline never looks at it.
        self.endpoint = None if mode == MODE_OFFLINE else _resolve_endpoint(endpoint)

    # --- public -------------------------------------------------------------------

    def __call__(self, base: str, quote: str) -> RateQuote:
        return self.rate(base, quote)

    def set_manual(self, manual: Mapping[tuple[str, str], Decimal]) -> None:
        """Replace the rates set by hand (the window's "Set a rate by hand"); every pair is
        answered again afterwards.

        Raises:
            InputError: for an unknown currency, a pair of one currency or a rate outside
                MIN_RATE..MAX_RATE; nothing is changed then.
        """
        checked = {}
        for (typed_base, typed_quote), rate in manual.items():
            base = check_currency(typed_base, "rate")
            quote = check_currency(typed_quote, "rate")
            if base == quote:
                raise InputError(_("a currency converts to itself at 1: leave {pair} out")
                                 .format(pair=f"{base}/{quote}"), "rate")
            checked[(base, quote)] = check_rate(rate, "rate", f"{base}/{quote}")
        with self._fetch_lock:
            self.manual = checked
            self._answers.clear()

    @property
    def cache(self) -> RateCache:
        if self._cache is None:
            from mesocost.rates.cache import RateCache

            self._cache = RateCache()
        return self._cache

    def rate(self, base: str, quote: str) -> RateQuote:
        """The rate for one pair, by the service's mode.

        In `auto` and `live` mode this may wait for one live fetch, never longer than
        `deadline_s` (and only the first time per base).

        Raises:
            RatesUnavailable: when no allowed source has the pair, or live mode's fetch
                failed (the message says why).
        """
        known = self._answers.get((base, quote))
        if known is None:
            known = self._answer(base, quote)
            self._answers[(base, quote)] = known
        return known

    def _answer(self, base: str, quote: str) -> RateQuote:
        if base == quote:
            return identity_rate(base, self.on or self.today)
        manual = self._manual(base, quote)
        if manual is not None:
            return manual
        try:
            return self._sourced(base, quote)
        except RatesUnavailable:
            crossed = self._through_manual(base, quote)
            if crossed is None:
                raise
            return crossed

    def _sourced(self, base: str, quote: str) -> RateQuote:
        """The pair from the sources the mode allows (manual rates aside)."""
        if self.on is not None or self.mode == MODE_OFFLINE:
            return self._bundled(base, quote)
        from mesocost.rates.live import LiveFetchFailed

        try:
            return self._live_rate(base, quote)
        except LiveFetchFailed as failure:
            if self.mode == MODE_LIVE:
                raise RatesUnavailable(
                    _("live rates unavailable ({reason}); use --rates auto or offline, or pin "
                      "the rate with --rate {pin}").format(
                        reason=failure.reason, pin=f"{base}:{quote}=RATE")) from None
            return self._fallback(base, quote, failure)

    def _through_manual(self, base: str, quote: str) -> RateQuote | None:
        """base → quote through a pinned pair, when no source has the pair itself.

        `--rate USD:RUB=90` then also converts GBP (GBP → USD from the sources, × 90):
        one pin makes a currency no source publishes usable for every row.
        """
        for pinned in list(self.manual):
            for middle, end in (pinned, pinned[::-1]):
                if end == quote and middle != base:
                    legs = ((base, middle), (middle, quote))
                elif middle == base and end != quote:
                    legs = ((base, end), (end, quote))
                else:
                    continue
                try:
                    first, second = (self._manual(*leg) or self._sourced(*leg) for leg in legs)
                except RatesUnavailable:
                    continue
                sourced = second if first.source == SOURCE_MANUAL else first
                crossed = (f"{base}/{quote} = {first.pair} ({first.source}) × {second.pair} "
                           f"({second.source})")
                return RateQuote(base, quote, first.rate * second.rate, sourced.rate_date,
                                 SOURCE_MANUAL, fetched_at=sourced.fetched_at,
                                 stale=sourced.stale,
                                 warnings=(crossed, *first.warnings, *second.warnings))
        return None

    def default_symbols(self, base: str) -> tuple[str, ...]:
        """The currencies the bundled ECB rates cover (for the day asked), minus `base`."""
        day = ecb.on_or_before(self.on) if self.on else ecb.latest()
        return tuple(sorted(day.currencies() - {base}))

    def refresh(self, base: str) -> LiveTable:
        """Fetch `base`'s live table now (even if fetched before) and update the cache.

        Blocks for at most `deadline_s`.

        Raises:
            InputError: in offline mode, which never touches the network.
            RatesUnavailable: when the fetch fails (the message says why).
        """
        from mesocost.rates.live import LiveFetchFailed

        if self.mode == MODE_OFFLINE:
            raise InputError(_("offline mode never fetches live rates (use --rates auto or "
                               "live)"))
        with self._fetch_lock:
            self._live_outcomes.pop(base, None)
            self._live_down = None  # asked for explicitly: give the source another chance
            self._answers.clear()  # any pair may have come from the old table or a fallback
        outcome = self._live_outcome(base)
        with self._fetch_lock:
            # Pairs answered while the fetch ran used the fallback: ask again.
            self._answers.clear()
            self.notices.clear()
        if isinstance(outcome, LiveFetchFailed):
            raise RatesUnavailable(_("live rates unavailable ({reason})").format(
                reason=outcome.reason))
        return outcome

    def refresh_async(
        self, base: str, callback: Callable[[Future[LiveTable]], object] | None = None,
    ) -> Future[LiveTable]:
        """Start `refresh(base)` in a daemon thread and return at once.

        The future resolves, within `deadline_s` plus a moment, to the `LiveTable` or to
        the RatesUnavailable/InputError `refresh` raised. Rates asked for afterwards use
        the new table. `callback(future)` runs when it is done, in the worker thread: a Qt
        caller should hand it to the GUI thread (a queued signal), not touch widgets.

        Returns:
            A concurrent.futures.Future.
        """
        from concurrent.futures import Future

        future: Future[LiveTable] = Future()
        future.set_running_or_notify_cancel()
        if callback is not None:
            future.add_done_callback(callback)

        def work() -> None:
            try:
                future.set_result(self.refresh(base))
            except BaseException as error:  # handed to the future, never lost in the thread
                future.set_exception(error)

        threading.Thread(target=work, name="mesocost-rates-refresh", daemon=True).start()
        return future

    # --- sources ------------------------------------------------------------------

    def _notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)

    def _is_stale(self, rate_date: date) -> bool:
        return (self.today - rate_date).days > self.stale_days

    def _age_warning(self, source: str, rate_date: date) -> str:
        """"ECB rates of 2026-01-02 are 9 days old" for `source` (ecb, live or cache)."""
        days = (self.today - rate_date).days
        if source == SOURCE_LIVE:
            one, many = NP_("live rates of {date} are {count} day old",
                            "live rates of {date} are {count} days old")
        elif source == SOURCE_CACHE:
            one, many = NP_("cache rates of {date} are {count} day old",
                            "cache rates of {date} are {count} days old")
        else:
            one, many = NP_("ECB rates of {date} are {count} day old",
                            "ECB rates of {date} are {count} days old")
        # A Phrase: a document prints it in its own language (core.i18n.worded).
        return Phrase(one, {"date": rate_date, "count": days}, plural=many, count=days)

    def _manual(self, base: str, quote: str) -> RateQuote | None:
        if (base, quote) in self.manual:
            rate = self.manual[(base, quote)]
        elif (quote, base) in self.manual:
            rate = Decimal(1) / self.manual[(quote, base)]
        else:
            return None
        return RateQuote(base, quote, rate, self.today, SOURCE_MANUAL,
                         warnings=(Phrase(N_("{pair} rate set by hand"),
                                          {"pair": f"{base}/{quote}"}),))

    def _bundled(self, base: str, quote: str, because: tuple[str, ...] = ()) -> RateQuote:
        day = ecb.on_or_before(self.on) if self.on else ecb.latest()
        try:
            rate = day.cross(base, quote)
        except RatesUnavailable as error:
            raise RatesUnavailable(_("{reason}; pin one with --rate {pin}").format(
                reason=error.message, pin=f"{base}:{quote}=RATE")) from None
        warnings = list(because)
        if self.on and self.on > day.day == ecb.latest().day:
            # After the newest bundled day: said once on stderr too, not only per rate.
            after = Phrase(N_("no ECB rates after {day}: using that day's (asked for {asked})"),
                           {"day": day.day, "asked": self.on})
            self._notice(after)
            warnings.append(after)
        elif self.on and day.day != self.on:
            warnings.append(Phrase(N_("no ECB rates for {asked}; used the nearest earlier "
                                      "working day, {day}"), {"asked": self.on, "day": day.day}))
        stale = self.on is None and self._is_stale(day.day)
        if stale:
            warnings.append(self._age_warning(ecb.SOURCE, day.day))
        return RateQuote(base, quote, rate, day.day, ecb.SOURCE, stale=stale,
                         warnings=tuple(warnings))

    def _from_table(self, table: LiveTable, base: str, quote: str, source: str,
                    because: tuple[str, ...] = ()) -> RateQuote | None:
        """The pair from a live/cached table for `base` (or for `quote`, inverted)."""
        if table.base == base:
            rate = table.rate_for(quote)
        else:
            inverse = table.rate_for(base)
            rate = None if inverse is None else Decimal(1) / inverse
        if rate is None:
            return None
        warnings = [*because, *table.warnings]
        stale = self._is_stale(table.rate_date)
        if stale:
            warnings.append(self._age_warning(source, table.rate_date))
        return RateQuote(base, quote, rate, table.rate_date, source,
                         fetched_at=table.fetched_at, stale=stale, warnings=tuple(warnings))

    def _live_rate(self, base: str, quote: str) -> RateQuote:
        from mesocost.rates.live import LiveFetchFailed

        if not self.fetch_on_demand:
            return self._live_rate_fetched(base, quote)
        outcome = self._live_outcome(base)
        if isinstance(outcome, LiveFetchFailed):
            raise outcome
        found = self._from_table(outcome, base, quote, SOURCE_LIVE)
        if found is None:
            raise LiveFetchFailed(_("the live answer for {base} has no {quote} rate").format(
                base=base, quote=quote), transport=False)
        return found

    def _live_rate_fetched(self, base: str, quote: str) -> RateQuote:
        """The pair from a live table already fetched (for either currency), never fetching."""
        from mesocost.rates.live import LiveFetchFailed

        outcomes = [self._live_outcomes.get(base), self._live_outcomes.get(quote)]
        for outcome in outcomes:
            if outcome is not None and not isinstance(outcome, LiveFetchFailed):
                found = self._from_table(outcome, base, quote, SOURCE_LIVE)
                if found is not None:
                    return found
        failed = next((o for o in outcomes if isinstance(o, LiveFetchFailed)), None)
        raise failed or LiveFetchFailed(_("not fetched yet"), transport=False)

    def _live_outcome(self, base: str) -> LiveTable | LiveFetchFailed:
        """The remembered live outcome for `base`, fetching it the first time."""
        with self._fetch_lock:
            known = self._live_outcomes.get(base)
            if known is None:
                known = self._fetch(base)
                self._live_outcomes[base] = known
            return known

    def _fetch(self, base: str) -> LiveTable | LiveFetchFailed:
        from mesocost.rates.live import LiveFetchFailed, fetch_table

        if self._live_down is not None:
            return self._live_down
        try:
            table = fetch_table(base, endpoint=self.endpoint, deadline_s=self.deadline_s,
                                clock=self.clock)
        except LiveFetchFailed as failure:
            if failure.transport:
                self._live_down = failure
            return failure
        for warning in self.cache.store(table):
            self._notice(warning)
        self._cached_tables = None  # re-read next time: the file now holds this table
        return table

    def _cache_tables(self) -> dict[str, LiveTable]:
        if self._cached_tables is None:
            self._cached_tables, self._cache_warnings = self.cache.load()
            for warning in self._cache_warnings:
                self._notice(warning)
        return self._cached_tables

    def _fallback(self, base: str, quote: str, failure: LiveFetchFailed) -> RateQuote:
        """auto mode after a failed live fetch: the cache if it has the pair, else ECB."""
        tables = self._cache_tables()
        for table in (tables.get(base), tables.get(quote)):
            if table is None:
                continue
            because = (_("live rates unavailable ({reason}): using cached live rates of "
                         "{date}, fetched {fetched}").format(
                reason=failure.reason, date=table.rate_date,
                fetched=f"{table.fetched_at:%Y-%m-%d %H:%M %Z}"),)
            found = self._from_table(table, base, quote, SOURCE_CACHE, because)
            if found is not None:
                self._notice(because[0])
                return found
        day = ecb.latest().day
        because = (_("live rates unavailable ({reason}): using ECB reference rates of {date}")
                   .format(reason=failure.reason, date=day),)
        found = self._bundled(base, quote, (*because, *self._cache_warnings))
        self._notice(because[0])
        return found
