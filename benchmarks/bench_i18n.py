"""Start-up cost of languages (issue: every word in the user's language). Prints figures.

(a) English before and after: `mesocost compare --format json` from the commit before the
    i18n foundation (a temporary git worktree) against today's code, in turns in the same
    run — target: no measurable difference (ratio within the run-to-run noise, ~±5 %);
(b) the CLI start-up budget in other languages: the same command with --lang de, fr, tr,
    ar against `python -c "import babel.numbers"` — target ≤ 2.0, as for English
    (bench_core.py (a)).
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15
COMMAND = ("compare", "--rates", "offline", "--format", "json", "--start", "2027-01-31")
BUDGET = 2.0


def before_i18n() -> str:
    """The commit before the i18n foundation."""
    found = subprocess.run(["git", "log", "--format=%H", "-1", "--grep",
                            "i18n foundation"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    return f"{found}^"


def environment(source: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    env["PYTHONPATH"] = str(source)  # this tree's mesocost, not the editable install's
    env["MESOCOST_LOCALE"] = "en_US"
    env.pop("MESOCOST_LANG", None)
    env["LANG"] = "C.UTF-8"
    return env


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - started


def medians(runs: dict[str, tuple[list[str], dict[str, str]]]) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in runs}
    for command, env in runs.values():
        timed(command, env)  # warm the disk cache and the .pyc files
    for _ in range(RUNS):
        for name, (command, env) in runs.items():
            times[name].append(timed(command, env))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="mesocost-before-"))
    worktree = folder / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(worktree), before_i18n()],
                   cwd=ROOT, check=True, capture_output=True)
    try:
        for tree in (ROOT, worktree):
            compileall.compile_dir(str(tree / "mesocost"), quiet=1)
        python = sys.executable
        cli = [python, "-m", "mesocost", *COMMAND]
        now, before = environment(ROOT), environment(worktree)
        runs = {"baseline": ([python, "-c", "import babel.numbers"], now),
                "before, English": (cli, before), "now, English": (cli, now)}
        for code in ("de", "fr", "tr", "ar"):
            runs[f"now, {code}"] = ([python, "-m", "mesocost", "--lang", code, *COMMAND], now)
        found = medians(runs)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT,
                       check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
    base = found["baseline"]
    for name, value in found.items():
        print(f"{name:<18} {value * 1000:7.1f} ms  = {value / base:.2f} × import babel.numbers")
    change = found["now, English"] / found["before, English"]
    print(f"(a) English now / before i18n: {change:.3f} (target: no measurable cost, "
          "within ~±5 % run-to-run noise)")
    worst = max(found[f"now, {code}"] / base for code in ("de", "fr", "tr", "ar"))
    print(f"(b) slowest other language: {worst:.2f} × baseline (budget ≤ {BUDGET}) "
          f"{'met' if worst <= BUDGET else 'NOT met'}")


if __name__ == "__main__":
    main()
