"""Desktop window benchmarks (issue: desktop app). Prints figures; no timed assertions.

(a) whole-process time of `mesocost gui --screenshot` (offscreen) as a ratio to a bare
    PySide6 script that shows a QTableView and a QtCharts chart and grabs them, measured
    in turns in the same run — target ≤ 1.5;
(b) a price edit → updated comparison, table and chart with 200 destinations, in ms
    (median of 50 edits) — target ≤ 16 ms;
(c) the longest event-loop gap while the rate source accepts and never answers, with a
    20 ms timer running — target ≤ 100 ms.
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_core import installed_like_environment  # noqa: E402

RUNS = 9
BARE_SCRIPT = """
import sys
from PySide6.QtCharts import QBarSet, QChart, QChartView, QHorizontalStackedBarSeries
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QSplitter, QTableView
app = QApplication(sys.argv[:1])
model = QStandardItemModel(3, 12)
for r in range(3):
    for c in range(12):
        model.setItem(r, c, QStandardItem(f"{r}.{c}"))
table = QTableView(); table.setModel(model)
bars = QBarSet("range"); bars.append([1.0, 2.0, 3.0])
series = QHorizontalStackedBarSeries(); series.append(bars)
chart = QChart(); chart.addSeries(series); chart.createDefaultAxes()
splitter = QSplitter(); splitter.addWidget(table); splitter.addWidget(QChartView(chart))
splitter.resize(1400, 860); splitter.show(); app.processEvents()
splitter.grab().save(sys.argv[1])
"""


def process_ratio() -> None:
    env = installed_like_environment()
    env["QT_QPA_PLATFORM"] = "offscreen"
    folder = Path(tempfile.mkdtemp())
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["XDG_DATA_HOME"] = str(folder / "data")
    bare = folder / "bare.py"
    bare.write_text(BARE_SCRIPT)
    mesocost = str(Path(sys.executable).parent / "mesocost")
    commands = {
        "bare PySide6 table + chart": [sys.executable, str(bare), str(folder / "bare.png")],
        "mesocost gui --screenshot": [mesocost, "gui", "--rates", "offline", "--screenshot",
                                      str(folder / "app.png")],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        subprocess.run(command, check=True, env=env, capture_output=True)
    for _ in range(RUNS):
        for name, command in commands.items():
            began = time.perf_counter()
            subprocess.run(command, check=True, env=env, capture_output=True)
            times[name].append(time.perf_counter() - began)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"(a) {name:<30} {value * 1000:7.0f} ms (median of {RUNS})")
    ratio = medians["mesocost gui --screenshot"] / medians["bare PySide6 table + chart"]
    print(f"(a) ratio {ratio:.2f} (target ≤ 1.5)")


def edit_latency() -> None:
    from PySide6.QtWidgets import QApplication

    from mesocost.planning import CompareInputs
    from mesocost.storage.tomlfiles import load_bundled_catalog
    from mesocost.ui.compare_view import CompareView
    from mesocost.ui.workspace import Workspace

    app = QApplication.instance() or QApplication([])
    seed = load_bundled_catalog()
    entries = [seed[i % 3]._replace(clinic=f"Clinic {i:03d}",
                                    per_session_low=seed[i % 3].per_session_low + i)
               for i in range(200)]
    workspace = Workspace(CompareInputs(currency="EUR", locale="en_US",
                                        start=date(2027, 1, 31), home_country="GB"),
                          entries, rates_mode="offline")
    workspace.recompute()
    view = CompareView(workspace, None)
    view.resize(1400, 860)
    view.show()
    app.processEvents()
    samples = []
    for edit in range(50):
        changed = list(workspace.entries)
        changed[7] = changed[7]._replace(per_session_high=Decimal(400 + edit))
        began = time.perf_counter()
        workspace.set_entries(changed)
        workspace.flush()          # price, then the table and chart take the result
        view.table.viewport().repaint()
        view.chart.view.viewport().repaint()
        samples.append(time.perf_counter() - began)
    print(f"(b) price edit → comparison + table + chart, 200 destinations: "
          f"median {statistics.median(samples) * 1000:.1f} ms, "
          f"worst {max(samples) * 1000:.1f} ms (target ≤ 16 ms)")


def hanging_rates_gap() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mesocost.planning import CompareInputs
    from mesocost.rates.cache import RateCache
    from mesocost.rates.service import RateService
    from mesocost.storage.tomlfiles import load_bundled_catalog
    from mesocost.ui.compare_view import CompareView
    from mesocost.ui.workspace import Workspace
    from tests.rates.fakeserver import FakeRateServer

    app = QApplication.instance() or QApplication([])
    server = FakeRateServer().start()
    server.respond = lambda base: None
    folder = Path(tempfile.mkdtemp())

    def service(mode):
        return RateService(mode, endpoint=server.url, deadline_s=2.0, fetch_on_demand=False,
                           cache=RateCache(folder / "rates.json"))

    workspace = Workspace(CompareInputs(currency="EUR", locale="en_US",
                                        start=date(2027, 1, 31)),
                          load_bundled_catalog(), rates_mode="auto",
                          rate_service_factory=service)
    view = CompareView(workspace, None)
    view.show()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    workspace.recompute()
    workspace.refresh_rates()
    deadline = time.perf_counter() + 5
    while workspace.refreshing and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    server.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    print(f"(c) longest event-loop gap while the rate source hangs for 2 s: "
          f"{max(gaps) * 1000:.1f} ms over {len(ticks)} ticks (target ≤ 100 ms); status: "
          f"{workspace.rates_status()}")


if __name__ == "__main__":
    process_ratio()
    edit_latency()
    hanging_rates_gap()
