"""Rate benchmarks (issue: exchange rates). Prints figures and one PASS/FAIL line.

(a) converting 10,000 amounts through the rate service, offline (bundled ECB) and from
    the cache (auto mode whose live source is down: the failure is remembered, so only
    the first rate pays for it), in amounts per second;
(b) whole-process time of `mesocost rates --rates offline` as a ratio to
    `python -c "import babel.numbers"`, medians of interleaved runs — target ≤ 2.0.

Nothing here touches the network or the user's real cache folder.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AMOUNTS = 10_000
PROCESS_RUNS = 21
TARGET_RATIO = 2.0
PAIRS = [("USD", "EUR"), ("GBP", "EUR"), ("TRY", "USD"), ("EUR", "JPY"), ("GBP", "USD"),
         ("CHF", "GBP")]
TODAY = date(2026, 11, 25)


def process_environment(cache_home: str) -> dict[str, str]:
    """Bytecode compiled and written, as after pip install; a throw-away cache folder."""
    import compileall

    compileall.compile_dir(str(ROOT / "mesocost"), quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # else every run compiles from source
    env.pop("MESOCOST_RATES_URL", None)
    env["XDG_CACHE_HOME"] = cache_home
    return env


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/api/"


def convert_all(service, amounts: list[Decimal]) -> float:
    """Seconds to convert every amount (pairs in turn) and round it for showing."""
    from mesocost.core.money import round_to_minor

    started = time.perf_counter()
    for index, amount in enumerate(amounts):
        base, quote = PAIRS[index % len(PAIRS)]
        rate = service(base, quote)
        round_to_minor(rate.convert(amount), quote)
    return time.perf_counter() - started


def filled_cache(folder: Path):
    """A cache holding a live-looking table for every base the benchmark uses."""
    from mesocost.rates import ecb
    from mesocost.rates.cache import RateCache
    from mesocost.rates.live import LiveTable

    cache = RateCache(folder / "rates.json")
    day = ecb.latest()
    for base in sorted({base for base, _quote in PAIRS}):
        rates = {code: day.cross(base, code) for code in day.currencies() if code != base}
        cache.store(LiveTable(base, day.day, rates, datetime(2026, 11, 25, 9, tzinfo=UTC),
                              "http://127.0.0.1/api/"))
    return cache


def bench_conversions(folder: Path) -> None:
    from mesocost.rates.service import RateService

    amounts = [Decimal(100 + index) / 7 for index in range(AMOUNTS)]
    services = {
        "offline": lambda: RateService("offline", today=TODAY),
        "cache (live down)": lambda: RateService(
            "auto", today=TODAY, endpoint=closed_port_url(), deadline_s=2,
            cache=filled_cache(folder)),
    }
    for name, make in services.items():
        service = make()
        convert_all(service, amounts[:100])  # first rates: snapshot, cache, failed fetch
        seconds = min(convert_all(service, amounts) for _ in range(5))
        sources = sorted({service(base, quote).source for base, quote in PAIRS})
        print(f"(a) {AMOUNTS:,} conversions, {name}: {seconds * 1000:.1f} ms "
              f"({AMOUNTS / seconds:,.0f}/s; sources {', '.join(sources)})")


def wall_time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - started


def mesocost_command() -> list[str]:
    script = Path(sys.executable).with_name("mesocost")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mesocost"]


def bench_process(env: dict[str, str]) -> bool:
    commands = {
        "baseline": [sys.executable, "-c", "import babel.numbers"],
        "rates": [*mesocost_command(), "rates", "--rates", "offline"],
        "rates json": [*mesocost_command(), "rates", "--rates", "offline", "--format", "json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the disk cache and the .pyc files
        wall_time(command, env)
    for _ in range(PROCESS_RUNS):  # in turns, so machine noise hits every command alike
        for name, command in commands.items():
            times[name].append(wall_time(command, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["rates"] / medians["baseline"]
    print(f"(b) process, median of {PROCESS_RUNS}: import babel.numbers "
          f"{medians['baseline'] * 1000:.1f} ms; mesocost rates --rates offline "
          f"{medians['rates'] * 1000:.1f} ms (ratio {ratio:.2f}); with --format json "
          f"{medians['rates json'] * 1000:.1f} ms "
          f"(ratio {medians['rates json'] / medians['baseline']:.2f})")
    passed = ratio <= TARGET_RATIO
    print(f"{'PASS' if passed else 'FAIL'}: rates --rates offline start-up ratio "
          f"{ratio:.2f} (target ≤ {TARGET_RATIO})")
    return passed


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="mesocost-bench-") as folder:
        bench_conversions(Path(folder))
        bench_process(process_environment(str(Path(folder) / "xdg-cache")))
    return 0  # figures, not a gate: the PASS/FAIL line says whether the target was met


if __name__ == "__main__":
    raise SystemExit(main())
