"""The window's shared state: inputs, catalog, rate service and the priced comparison.

Every view reads the same `ComparisonResult` from here (signal `resultChanged`), and
every input change goes through `set_inputs`, which re-prices on the next turn of the
event loop (several changes in one turn cost one pricing). Pricing never waits for the
network: the rate service is built with `fetch_on_demand=False`, live rates arrive
through `refresh_rates()` in a worker thread, and the comparison is re-priced when they
land.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import Future
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from mesocost.core.catalog import PriceEntry
from mesocost.core.errors import MesocostError, RatesUnavailable
from mesocost.core.i18n import _, interface, pgettext
from mesocost.core.protocol import Protocol
from mesocost.planning import CompareInputs, ComparisonResult, run_comparison
from mesocost.rates.service import MODE_OFFLINE, RateService
from mesocost.ui.labels import plain_text
from mesocost.ui.workers import FutureWatcher

log = logging.getLogger(__name__)


def mode_name(mode: str) -> str:
    """A rates mode ("offline", "auto", "live": also --rates values) as the window shows
    it, in the interface language."""
    names = {"offline": pgettext("rates mode", "offline"),
             "auto": pgettext("rates mode", "auto"),
             "live": pgettext("rates mode", "live")}
    return names.get(mode, mode)


def bundled_protocol_finder():
    """`find(name)` over the bundled protocols, read once."""
    from mesocost.storage.resources import resource
    from mesocost.storage.tomlfiles import load_protocols

    protocols = load_protocols(resource("protocols.toml"))

    def find(name: str) -> Protocol:
        if name not in protocols:
            raise MesocostError(_("unknown protocol {name}").format(name=repr(name)))
        return protocols[name]

    find.names = tuple(protocols)  # type: ignore[attr-defined]
    find.protocols = protocols  # type: ignore[attr-defined]
    return find


class Workspace(QObject):
    """Inputs + catalog + rates → the comparison every view shows."""

    resultChanged = Signal(object)      # ComparisonResult
    failed = Signal(str)                # the inputs cannot be priced: why, in one line
    ratesStatusChanged = Signal(str)    # one line for the status bar
    entriesChanged = Signal(object)     # tuple[PriceEntry, ...]

    def __init__(self, inputs: CompareInputs, entries: Sequence[PriceEntry], *,
                 rates_mode: str = "auto", rate_service_factory=None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inputs = inputs
        self.entries = tuple(entries)
        self.find_protocol = bundled_protocol_finder()
        self.result: ComparisonResult | None = None
        self.error: str | None = None
        self._make_service = rate_service_factory or _default_service
        self.rates_mode = rates_mode
        self.service: RateService = self._make_service(rates_mode)
        self.manual_rates: dict = {}  # kept across a change of rates mode
        self._refreshing: Future | None = None
        self._refresh_service: RateService | None = None
        # The last refresh: the live table's "live rates of … · fetched HH:MM", or why it
        # failed. None before any refresh (and after a change of mode).
        self._live_fetched: str | None = None
        self._live_failure: str | None = None
        # Rows are re-used between pricings while inputs, service and rates are the same;
        # the generation moves whenever the service's answers may have changed.
        self._rates_generation = 0
        self._reuse_key: tuple | None = None
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.recompute)

    # --- inputs ---------------------------------------------------------------------

    def set_inputs(self, **changes) -> None:
        """Change some inputs; the comparison is re-priced on the next event-loop turn."""
        new = self.inputs._replace(**changes)
        if new != self.inputs:
            self.inputs = new
            self._pending.start()

    def set_entries(self, entries: Sequence[PriceEntry]) -> None:
        self.entries = tuple(entries)
        self.entriesChanged.emit(self.entries)
        self._pending.start()

    def set_manual_rates(self, manual) -> None:
        """Rates set by hand, {(base, quote): Decimal}; they win over every source.

        Raises:
            MesocostError: for a bad pair or rate (nothing changes).
        """
        self.service.set_manual(manual)
        self.manual_rates = dict(self.service.manual)
        self._rates_generation += 1
        self._pending.start()

    def set_rates_mode(self, mode: str) -> None:
        if mode == self.rates_mode:
            return
        self.rates_mode = mode
        self.service = self._make_service(mode)
        self.service.set_manual(self.manual_rates)
        self._live_fetched = self._live_failure = None
        self._pending.start()
        if mode != MODE_OFFLINE:
            self.refresh_rates()
        self.ratesStatusChanged.emit(self.rates_status())

    # --- pricing --------------------------------------------------------------------

    def recompute(self) -> ComparisonResult | None:
        """Price now (synchronously: no network is ever touched here)."""
        self._pending.stop()
        reuse_key = (self.inputs, self.service, self._rates_generation)
        reuse = self.result_rows_by_entry() if reuse_key == self._reuse_key else None
        try:
            result = run_comparison(self.inputs, self.entries, self.service, self.find_protocol,
                                    reuse)
        except MesocostError as error:
            self.error = str(error)
            if isinstance(error, RatesUnavailable):
                # TRANSLATORS: {menu} is "Rates ▸ Set a rate by hand…", the menu's own words.
                self.error = _("{error} — in the window: choose another currency, or "
                               "{menu}").format(error=self.error, menu=" ▸ ".join(
                                   (plain_text(_("&Rates")),
                                    plain_text(_("Set a rate by &hand…")))))
            self.failed.emit(self.error)
            return None
        self.result, self.error = result, None
        self._reuse_key = reuse_key
        self.resultChanged.emit(result)
        self.ratesStatusChanged.emit(self.rates_status())
        return result

    def result_rows_by_entry(self) -> dict:
        """The current rows by catalog entry: what an edit of one entry need not re-price."""
        if self.result is None:
            return {}
        return {row.entry: row for row in self.result.rows}

    def flush(self) -> ComparisonResult | None:
        """Price now if an input change is waiting (tests, exports)."""
        if self._pending.isActive() or self.result is None:
            return self.recompute()
        return self.result

    # --- rates ----------------------------------------------------------------------

    @property
    def refreshing(self) -> bool:
        return self._refreshing is not None and not self._refreshing.done()

    def refresh_rates(self) -> Future | None:
        """Fetch live rates for the display currency in the background (never blocks)."""
        if self.rates_mode == MODE_OFFLINE:
            self.ratesStatusChanged.emit(self.rates_status())
            return None
        if self.refreshing:
            return self._refreshing
        self._refresh_service = self.service
        future = self.service.refresh_async(self.inputs.currency)
        # A bound method: if the workspace is gone when the answer lands, Qt drops the call.
        FutureWatcher(future).done.connect(self._refreshed)
        self._refreshing = future
        self.ratesStatusChanged.emit(self.rates_status())
        return future

    def _refreshed(self, future: Future) -> None:
        self._refreshing = None
        if self._refresh_service is not self.service:
            return  # the mode changed meanwhile: that answer is for a service gone
        self._rates_generation += 1  # the service now answers from the new table
        error = future.exception()
        if error is None:
            table = future.result()
            fetched = (table.fetched_at or datetime.now().astimezone()).astimezone()
            isolate = interface().isolate
            self._live_fetched = _("live rates of {date} · fetched {time}").format(
                date=isolate(table.rate_date), time=isolate(f"{fetched:%H:%M}"))
            self._live_failure = None
        else:
            self._live_failure = getattr(error, "message", str(error))
            self._live_fetched = None
            log.info("live rate refresh failed: %s", self._live_failure)
        self.recompute()

    def rates_status(self) -> str:
        """"ECB reference rates of 2026-10-30 · offline", "live · fetched 14:02", ..."""
        mode, shown_mode = self.rates_mode, mode_name(self.rates_mode)
        used = self._rates_in_use()
        if self.refreshing:
            return _("{rates} · {mode} · fetching live rates…").format(rates=used,
                                                                     mode=shown_mode)
        if mode != MODE_OFFLINE and self._live_fetched:
            text = f"{self._live_fetched} · {shown_mode}"
            return _("{rates} (stale)").format(rates=text) if self._stale() else text
        if mode != MODE_OFFLINE and self._live_failure:
            # TRANSLATORS: why the live rates failed, then the rates used instead.
            return _("{failure}: {rates} · {mode}").format(
                failure=self._live_failure, rates=used, mode=shown_mode)
        return f"{used} · {shown_mode}"

    def _rates_in_use(self) -> str:
        if self.result is None:
            return _("no rates yet")
        seen = {}
        for row in self.result.rows:
            for rate in row.converted.rates:
                if rate.base != rate.quote:
                    seen.setdefault(rate.source, rate)
        if not seen:
            return _("no conversion needed")
        isolate = interface().isolate
        names = {"ecb": _("ECB reference rates of {date}"),
                 "cache": _("cached live rates of {date}"),
                 "live": _("live rates of {date}"),
                 "manual": _("rates set by hand of {date}")}
        # TRANSLATORS: a rate source's own name (from the program), and the rates' date.
        other = _("{source} of {date}")
        parts = [names.get(src, other).format(source=src, date=isolate(rate.rate_date))
                 for src, rate in seen.items()]
        text = " + ".join(parts)
        stale = any(r.stale for r in seen.values())
        return _("{rates} (stale)").format(rates=text) if stale else text

    def _stale(self) -> bool:
        if self.result is None:
            return False
        return any(rate.stale for row in self.result.rows for rate in row.converted.rates)


def _default_service(mode: str) -> RateService:
    return RateService(mode, fetch_on_demand=False)
