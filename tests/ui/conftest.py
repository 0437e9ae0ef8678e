"""Qt test set-up: one QApplication (pytest-qt), a private settings file and data folder.

QT_QPA_PLATFORM=offscreen is set by tests/conftest.py before anything imports Qt.
"""

from __future__ import annotations

from datetime import date

import pytest

from mesocost.planning import CompareInputs
from mesocost.storage.tomlfiles import load_bundled_catalog

START = date(2027, 1, 31)


@pytest.fixture(autouse=True)
def _private_app_folders(tmp_path, monkeypatch):
    """Settings, saved destinations and logs of each test live in its own folder."""
    monkeypatch.setenv("MESOCOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MESOCOST_LOG_DIR", str(tmp_path / "log"))


@pytest.fixture
def settings(tmp_path, qapp):
    from mesocost.ui.settings import Settings

    return Settings.at(str(tmp_path / "settings.ini"))


@pytest.fixture
def bundled():
    return load_bundled_catalog()


@pytest.fixture
def make_workspace(qapp, bundled):
    from mesocost.ui.workspace import Workspace

    def make(entries=None, rates_mode="offline", **inputs):
        inputs.setdefault("currency", "EUR")
        inputs.setdefault("locale", "en_US")
        inputs.setdefault("start", START)
        workspace = Workspace(CompareInputs(**inputs), bundled if entries is None else entries,
                              rates_mode=rates_mode)
        workspace.recompute()
        return workspace
    return make


class Recorder:
    """Stands in for the main window's message box and status bar in view tests."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.statuses: list[str] = []

    def error(self, title, text):
        self.errors.append((title, text))

    def status(self, text, _ms=0):
        self.statuses.append(text)


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def context(qtbot, settings, recorder):
    """An AppContext whose messages land in `recorder`."""
    from PySide6.QtWidgets import QWidget

    from mesocost.ui.context import AppContext
    from mesocost.ui.workers import TaskRunner

    holder = QWidget()
    qtbot.addWidget(holder)
    return AppContext(settings, TaskRunner(holder), recorder.error, recorder.status)
