"""The last successful live answer per base, kept in the user's cache folder.

The file is `rates.json` in platformdirs' user cache dir for "mesocost" (on Linux
`$XDG_CACHE_HOME/mesocost/rates.json`, usually `~/.cache/mesocost/rates.json`). It is
replaced atomically, so a crash mid-write leaves the previous file. A file that cannot be
read or makes no sense is reported as a warning and ignored: the cache is a convenience,
never a reason to fail.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from mesocost.core.dates import check_day, read_day
from mesocost.core.errors import ExportError, InputError
from mesocost.core.i18n import _
from mesocost.core.money import check_currency
from mesocost.rates.live import LiveFetchFailed, LiveTable, check_rate

SOURCE = "cache"
FILE_NAME = "rates.json"
FORMAT_VERSION = 1


def default_cache_path() -> Path:
    """Where the cache lives for this user (imports platformdirs: only when going live)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mesocost", appauthor=False)) / FILE_NAME


def table_to_json(table: LiveTable) -> dict:
    """A table as JSON-ready data; rates as decimal strings so no float creeps in."""
    return {
        "base": table.base, "date": table.rate_date.isoformat(),
        "fetched_at": table.fetched_at.isoformat(), "endpoint": table.endpoint,
        "rates": {code: str(rate) for code, rate in sorted(table.rates.items())},
    }


def _decimal(text: object) -> Decimal:
    if not isinstance(text, str):  # written as strings; anything else was edited by hand
        raise ValueError(_("rate {value!r} is not a decimal string").format(value=text))
    return Decimal(text)


def _text(data: dict, key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise ValueError(_("{key} {value!r} is not text").format(key=key, value=value))
    return value


def _day(text: str, what: str) -> date:
    day = read_day(text)
    if day is None:
        raise ValueError(_("{key} {value!r} is not a {form} date").format(
            key=what, value=text, form="YYYY-MM-DD"))
    return check_day(day, what)


def table_from_json(data: dict) -> LiveTable:
    """The inverse of `table_to_json`.

    Raises:
        ValueError: for anything missing or malformed (including a bad rate).
    """
    try:
        if not isinstance(data, dict) or not isinstance(data.get("rates"), dict):
            raise ValueError(_("an entry is not a table with rates"))
        fetched_at = datetime.fromisoformat(_text(data, "fetched_at"))
        if fetched_at.tzinfo is None:
            raise ValueError(_("{key} has no time zone").format(key="fetched_at"))
        check_day(fetched_at.date(), "fetched_at")
        rates = {check_currency(code, "rates"): check_rate(code, _decimal(text))
                 for code, text in data["rates"].items()}
        endpoint = data.get("endpoint", "")
        if not isinstance(endpoint, str):
            raise ValueError(_("{key} {value!r} is not text").format(key="endpoint",
                                                                     value=endpoint))
        return LiveTable(check_currency(_text(data, "base"), "base"),
                         _day(_text(data, "date"), "date"), rates, fetched_at, endpoint)
    except (KeyError, TypeError, AttributeError, InvalidOperation) as error:
        raise ValueError(_("malformed entry ({kind}: {reason})").format(
            kind=type(error).__name__, reason=error)) from None
    except InputError as error:
        raise ValueError(str(error)) from None
    except LiveFetchFailed as error:
        raise ValueError(error.reason) from None


class RateCache:
    """Reads and writes the cache file; every problem becomes a warning string.

    Args:
        path: the file; None for `default_cache_path()` (resolved on first use).
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = Path(path) if path is not None else None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = default_cache_path()
        return self._path

    def _unreadable(self, detail: str) -> str:
        return _("rate cache {path} is unreadable ({reason}); ignored").format(
            path=self.path, reason=detail)

    def load(self) -> tuple[dict[str, LiveTable], tuple[str, ...]]:
        """Every cached table by base, and warnings about what could not be read.

        Returns:
            ({base: table}, warnings). A missing file is simply an empty cache.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, ()
        except (OSError, UnicodeDecodeError) as error:
            return {}, (self._unreadable(getattr(error, "strerror", None) or str(error)),)
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
                raise ValueError(_("not a format-{version} rate cache").format(
                    version=FORMAT_VERSION))
            entries = data["tables"]
            if not isinstance(entries, dict):
                raise ValueError(_("no tables"))
            tables = {base: table_from_json(entry) for base, entry in entries.items()}
        except (ValueError, KeyError, TypeError, RecursionError) as error:
            return {}, (self._unreadable(str(error) or type(error).__name__),)
        return {base: t for base, t in tables.items() if t.base == base}, ()

    def store(self, table: LiveTable) -> tuple[str, ...]:
        """Add or replace `table` (other bases kept) atomically.

        Returns:
            Warnings: an unreadable old file, or why the new one could not be written.
        """
        from mesocost.storage.atomic import write_text_atomic

        tables, warnings = self.load()
        tables[table.base] = table
        document = {"format": FORMAT_VERSION,
                    "tables": {base: table_to_json(t) for base, t in sorted(tables.items())}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, json.dumps(document, indent=1) + "\n")
        except (OSError, ExportError) as error:
            return (*warnings, _("could not save the rate cache ({reason})").format(
                reason=error))
        return warnings
