"""The one module that touches QSettings: typed options with defaults and a schema.

Every option is declared once (name, type, default); reading a missing or damaged value
gives the default, never an exception. Tests point QSettings at a temporary folder with
`Settings.at(path)`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, NamedTuple

from PySide6.QtCore import QByteArray, QSettings

SCHEMA_VERSION = 1
ORGANIZATION = "mesocost"
APPLICATION = "mesocost"


class Option(NamedTuple):
    """A declared setting: its key, the Python type it holds and its default."""

    key: str
    kind: type
    default: Any


OPTIONS = {option.key: option for option in (
    Option("display_currency", str, ""),        # "" = the locale's currency, else USD
    Option("home_country", str, ""),            # "" = the locale's territory, or none
    Option("locale", str, ""),                  # "" = the system locale
    # The window's words: "en", "de", ...; "" = the system's. --lang and MESOCOST_LANG win.
    Option("interface_language", str, ""),
    Option("rates_mode", str, "auto"),
    Option("rates_timeout", float, 5.0),
    Option("protocol", str, "standard"),        # a bundled name, "sessions" or "custom"
    Option("sessions", int, 8),
    Option("custom_phases", list, [[4, 15, "days"], [4, 1, "months"]]),
    Option("maintenance_months", int, 0),
    Option("start", str, ""),                   # ISO date; "" = today
    Option("include_travel", bool, True),
    Option("window_geometry", bytes, b""),
    Option("window_state", bytes, b""),
    Option("splitter_state", bytes, b""),
    Option("current_view", str, "compare"),
    Option("last_export_folder", str, ""),
    Option("last_import_folder", str, ""),
    # The quote register's file or URL; "" = the default file. Never holds a password
    # (`set` strips it): passwords belong in the environment or ~/.pgpass.
    Option("register_location", str, ""),
)}


class Settings:
    """Typed access to the user's settings (QSettings, native format by default)."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._store = qsettings or QSettings(ORGANIZATION, APPLICATION)
        self._migrate()

    @classmethod
    def at(cls, path: str) -> Settings:
        """Settings kept in one INI file (tests, portable installs)."""
        return cls(QSettings(path, QSettings.Format.IniFormat))

    def _migrate(self) -> None:
        stored = self._store.value("schema", 0)
        try:
            version = int(stored)
        except (TypeError, ValueError):
            version = 0
        if version > SCHEMA_VERSION:
            return  # written by a newer mesocost: read what we know, keep the rest
        self._store.setValue("schema", SCHEMA_VERSION)

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        raw = self._store.value(key)
        if raw is None:
            return option.default
        try:
            return _decode(raw, option)
        except (TypeError, ValueError):
            return option.default

    def set(self, key: str, value: Any) -> None:
        option = OPTIONS[key]
        if key == "register_location":
            from mesocost.register.location import without_password

            value = without_password(str(value))
        if option.kind is bytes:
            self._store.setValue(key, QByteArray(bytes(value)))
        elif option.kind is list:
            self._store.setValue(key, json.dumps(value))
        else:
            self._store.setValue(key, option.kind(value))

    def start_date(self) -> date | None:
        text = self.get("start")
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    def sync(self) -> None:
        self._store.sync()

    @property
    def path(self) -> str:
        return self._store.fileName()


def _decode(raw: Any, option: Option) -> Any:
    """QSettings hands back strings from INI files: turn them into the declared type."""
    if option.kind is bool:
        if isinstance(raw, str):
            return raw.strip().lower() in ("1", "true", "yes")
        return bool(raw)
    if option.kind is bytes:
        return bytes(raw.data() if isinstance(raw, QByteArray) else raw)
    if option.kind is list:
        value = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(value, list):
            raise ValueError("not a list")
        return value
    return option.kind(raw)
