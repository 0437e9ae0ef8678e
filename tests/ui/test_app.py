"""The whole window: start-up, no display, screenshots, settings, exports, errors."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from mesocost.core.money import round_to_minor
from mesocost.ui.app import build_window, display_problem, parse_size
from mesocost.ui.compare_model import COLUMN_INDEX, ROW_ROLE

MESOCOST = [sys.executable, "-m", "mesocost"]


def run_app(args, env_changes, tmp_path, remove=()):
    env = dict(os.environ)
    for name in remove:
        env.pop(name, None)
    env.update({"XDG_CONFIG_HOME": str(tmp_path / "config"),
                "MESOCOST_DATA_DIR": str(tmp_path / "data"),
                "MESOCOST_LOG_DIR": str(tmp_path / "log")}, **env_changes)
    return subprocess.run([*MESOCOST, *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("args", [[], ["gui"]])
def test_without_a_display_one_line_says_so_and_how_to_go_on(tmp_path, args):
    done = run_app(args, {}, tmp_path, remove=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no display available" in lines[0]
    assert "QT_QPA_PLATFORM=offscreen" in lines[0] and "mesocost compare" in lines[0]


def test_display_problem_is_none_offscreen(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert "DISPLAY" in display_problem()


@pytest.mark.parametrize("text", ["800", "10x10", "axb", "9000x100"])
def test_a_bad_size_is_refused(text):
    with pytest.raises(Exception, match="--size"):
        parse_size(text)


@pytest.mark.slow
@pytest.mark.parametrize("view", ["compare", "destinations", "schedule", "quote", "quotes"])
def test_screenshot_renders_each_view_to_a_png_of_the_asked_size(tmp_path, view):
    target = tmp_path / f"{view}.png"
    done = run_app(["gui", "--rates", "offline", "--view", view, "--size", "1200x760",
                    "--screenshot", str(target)], {"QT_QPA_PLATFORM": "offscreen"}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert png_size(target) == (1200, 760)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="Xvfb is not installed "
                    "(.ci/run installs it)")
def test_the_window_opens_as_a_real_x11_client_under_xvfb(tmp_path):
    target = tmp_path / "x11.png"
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", *MESOCOST, "gui", "--rates",
         "offline", "--screenshot", str(target)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**{k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
             "XDG_CONFIG_HOME": str(tmp_path / "config"),
             "MESOCOST_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr
    assert png_size(target) == (1400, 860)


def test_settings_survive_a_restart(qtbot, settings):
    window = build_window(settings, rates_mode="offline", locale="en_GB")
    qtbot.addWidget(window)
    inputs = window.compare_view.inputs
    inputs.set_currency("CHF")
    inputs.home.setCurrentIndex(inputs.home.findData("TR"))
    inputs.maintenance.setValue(6)
    inputs.travel.setChecked(False)
    window.show_view("schedule")
    window.close()

    again = build_window(settings, rates_mode="offline", locale="en_GB")
    qtbot.addWidget(again)
    restored = again.workspace.inputs
    assert restored.currency == "CHF"
    assert restored.home_country == "TR"
    assert restored.maintenance_months == 6
    assert restored.include_travel is False
    assert again.tabs.currentIndex() == 2
    assert again.compare_view.inputs.currency.currentData() == "CHF"


def test_defaults_come_from_the_locale(qtbot, settings):
    window = build_window(settings, rates_mode="offline", locale="de_DE")
    qtbot.addWidget(window)
    assert window.workspace.inputs.currency == "EUR"
    assert window.workspace.inputs.home_country == "DE"


def test_the_exported_workbook_shows_the_windows_figures(qtbot, settings, tmp_path):
    from openpyxl import load_workbook

    from mesocost.export import summary

    window = build_window(settings, rates_mode="offline", locale="en_US", currency="EUR")
    qtbot.addWidget(window)
    window.workspace.set_inputs(start=date(2027, 1, 31))
    target = tmp_path / "comparison.xlsx"
    future = window.export_comparison_to(str(target))
    qtbot.waitUntil(future.done, timeout=10000)
    qtbot.waitUntil(target.exists, timeout=2000)
    sheet = load_workbook(target)["Summary"]
    model = window.compare_view.model
    shown = {}
    for r in range(model.rowCount()):
        row = model.data(model.index(r, 0), ROW_ROLE)
        shown[row.entry.destination] = (row, model.data(model.index(r, COLUMN_INDEX["grand"])))
    rows_in_sheet = range(summary.HEADER_ROW + 1, summary.HEADER_ROW + 1 + len(shown))
    assert len(shown) == 3
    for index, (row, text) in zip(rows_in_sheet, shown.values(), strict=True):
        value = sheet.cell(index, summary.TOTAL_TYPICAL).value
        assert Decimal(str(value)) == round_to_minor(row.converted.grand.mid, "EUR")
        assert text.replace("€", "").replace(",", "") == f"{Decimal(str(value)):.2f}"


def test_an_unexpected_error_is_logged_and_shown_and_the_window_stays(qtbot, settings,
                                                                    tmp_path):
    from mesocost.ui.errors import ErrorReporter, setup_logging

    window = build_window(settings, rates_mode="offline")
    qtbot.addWidget(window)
    reporter = ErrorReporter(lambda: window, setup_logging())
    try:
        raise RuntimeError("a bug")
    except RuntimeError as error:
        reporter(type(error), error, error.__traceback__)
    assert reporter.reported and isinstance(reporter.reported[0], RuntimeError)
    log = Path(reporter.log_path).read_text(encoding="utf-8")
    assert "RuntimeError: a bug" in log and "Traceback" in log
    # The window is still alive and working: the error closed nothing.
    assert window.workspace.recompute() is not None
    assert window.compare_view.model.rowCount() == 3


def test_a_long_log_is_moved_aside_at_start_and_the_oldest_dropped(tmp_path, monkeypatch):
    from mesocost.ui import errors

    monkeypatch.setenv("MESOCOST_LOG_DIR", str(tmp_path))
    log = tmp_path / "mesocost.log"
    (tmp_path / "mesocost.log.1").write_text("older\n", encoding="utf-8")
    (tmp_path / "mesocost.log.2").write_text("oldest\n", encoding="utf-8")
    log.write_text("x" * errors.LOG_LIMIT, encoding="utf-8")
    handlers = list(errors.log.handlers)
    try:
        assert errors.setup_logging() == str(log)
        assert (tmp_path / "mesocost.log.1").stat().st_size == errors.LOG_LIMIT
        assert (tmp_path / "mesocost.log.2").read_text(encoding="utf-8") == "older\n"
        assert not log.exists() or log.stat().st_size == 0
        # A short log is kept and appended to.
        assert errors.setup_logging() == str(log)
        assert (tmp_path / "mesocost.log.2").read_text(encoding="utf-8") == "older\n"
    finally:
        for handler in set(errors.log.handlers) - set(handlers):
            errors.log.removeHandler(handler)
            handler.close()


def test_a_locale_whose_currency_has_no_rate_shows_dollars_and_says_why(qtbot, settings):
    window = build_window(settings, rates_mode="offline", locale="ru_RU")
    qtbot.addWidget(window)
    assert window.workspace.inputs.currency == "USD"
    assert window.workspace.error is None and window.workspace.result is not None
    assert "No exchange rate for RUB" in window.statusBar().currentMessage()


def test_schedule_and_quote_are_built_when_first_shown(qtbot, settings):
    window = build_window(settings, rates_mode="offline")
    qtbot.addWidget(window)
    assert window._schedule_view is None and window._quote_view is None
    window.tabs.setCurrentIndex(3)
    assert window._quote_view is not None
    assert window.tabs.widget(3) is window.quote_view and window.tabs.currentIndex() == 3
    window.export_quote_action.trigger()  # no client yet: says why, stays on the quote
    assert window.tabs.currentIndex() == 3
    assert window.statusBar().currentMessage()
    window.show_view("schedule")
    assert window.tabs.widget(2) is window.schedule_view
    assert window.schedule_view.sessions_model.rowCount() == 8
