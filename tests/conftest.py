"""Shared test set-up: headless Qt, a pinned locale, and no network by accident."""

from __future__ import annotations

import os
from pathlib import Path

# Set before anything imports Qt or reads the locale.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["MESOCOST_LOCALE"] = "en_US"
os.environ["MESOCOST_LANG"] = "en"  # the interface language: tests that need another set it

import pytest
from hypothesis import settings

from tests.netguard import forbid_network

# CI explores the same examples on every run (a red CI then means a change broke
# something, not that a new random example was drawn); local runs keep exploring.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Every test runs behind a guard that refuses anything beyond 127.0.0.1."""
    forbid_network(monkeypatch)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep every test's cache and settings out of the real home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("MESOCOST_RATES_URL", raising=False)


@pytest.fixture(autouse=True)
def _english_interface_after_each_test():
    """A test (or a CLI run in process) may install another interface language: the next
    test starts in English again, whatever order the tests run in."""
    yield
    from mesocost.core.i18n import ENGLISH, install

    install(ENGLISH)


class CliRun:
    """What one in-process CLI run gave: exit code, stdout, stderr."""

    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def json(self):
        import json

        return json.loads(self.out)


@pytest.fixture
def cli(capsys):
    """Run the CLI in this process (as root in CI: for what needs no permission check)."""
    from mesocost.cli import main

    def run(*args):
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)
    return run
