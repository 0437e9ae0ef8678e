"""Quote register benchmarks (issue: quote register), on SQLite in a temporary folder.
Prints figures beside their targets; nothing here asserts on time.

(a) saving one quote (`Register.create`): median ms over 200 — target ≤ 5 ms; and its
    ratio to a bare sqlite3 INSERT + COMMIT of a row as large, with the same PRAGMAs
    (WAL, synchronous=FULL), measured in turns in the same run;
(b) listing a register of 10,000 quotes: `list()`, `list(status="sent")` and
    `list(client="ayş")`, median ms — target ≤ 50 ms each;
(c) the register's first-use cost: a fresh process importing `mesocost.register.store`
    and opening an up-to-date file, and one opening a brand-new file (which runs the
    Alembic migrations), against `python -c pass` measured in turns in the same run.
"""

from __future__ import annotations

import contextlib
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_core import installed_like_environment  # noqa: E402

from mesocost.register.store import Register, _content_values  # noqa: E402
from tests.register.conftest import make_document  # noqa: E402

TODAY = date(2026, 12, 31)  # late in the year: the register holds expired quotes too
NOW = datetime(2026, 12, 31, 9, tzinfo=UTC)
CREATES = 200
WARM_UP_CREATES = 20
LISTED_QUOTES = 10_000
LIST_RUNS = 15
PROCESS_RUNS = 11
CREATE_TARGET_MS = 5.0
LIST_TARGET_MS = 50.0


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def open_register(path: Path) -> Register:
    return Register.open(str(path), clock=lambda: NOW, today=lambda: TODAY,
                         user=lambda: "bench")


def milliseconds(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


# --- (a) saving one quote ---------------------------------------------------------------

class BareSqlite:
    """The floor under a save: one INSERT of a row as large as a quote's, then COMMIT,
    on a plain sqlite3 connection with the register's PRAGMAs."""

    def __init__(self, path: Path, row_text: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.execute("PRAGMA synchronous = FULL")
        self.connection.execute("CREATE TABLE quotes (id INTEGER PRIMARY KEY, body TEXT)")
        self.row_text = row_text

    def save(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("INSERT INTO quotes (body) VALUES (?)", (self.row_text,))
        self.connection.execute("COMMIT")


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_create(folder: Path) -> None:
    document = make_document()
    bare = BareSqlite(folder / "bare.sqlite3", _content_values(document)["document"])
    with open_register(folder / "create.sqlite3") as register:
        for _ in range(WARM_UP_CREATES):
            register.create(document)
            bare.save()
        creates, inserts = [], []
        for _ in range(CREATES):  # in turns, so disk and machine noise hit both alike
            creates.append(timed(lambda: register.create(document)))
            inserts.append(timed(bare.save))
    bare.connection.close()
    create_ms, insert_ms = milliseconds(creates), milliseconds(inserts)
    print(f"(a) create one quote: median {create_ms:.2f} ms over {CREATES} (target ≤ "
          f"{CREATE_TARGET_MS:.0f} ms) {verdict(create_ms, CREATE_TARGET_MS)}; bare sqlite3 "
          f"INSERT+COMMIT {insert_ms:.2f} ms; ratio {create_ms / insert_ms:.2f}")


# --- (b) listing 10,000 quotes ----------------------------------------------------------

CLIENTS = ("Ayşe Yılmaz", "Mehmet Demir", "Jörg Straße", "Zoë Ünal", "Fatma Kaya",
           "Ali Şahin", "Emma Brown", "Lucía García", "Ayşegül Aydın", "Can Öztürk")
# In proportion: a few drafts, mostly sent and settled quotes, deletions rare.
STATUSES = ("draft",) * 10 + ("sent",) * 15 + ("accepted",) * 15 + ("declined",) * 9 + (
    "deleted",)
PLACEHOLDER = "MC-2026-PLACEHOLDER"


def templates() -> list[dict]:
    """Column values of a few dozen different quotes (client, destination, date), as
    `create` stores them; the 10,000 rows are copies with their own numbers."""
    values = []
    for index, client in enumerate(CLIENTS * 3):
        document = make_document(
            client=client, destination=("TR", "GB", "US")[index % 3],
            created=date(2026, 1, 1) + timedelta(days=11 * index),
            validity_days=(30, 90, 180, 365)[index % 4])  # some still valid on TODAY
        values.append(_content_values(document.with_number(PLACEHOLDER)))
    return values


def quote_rows(count: int) -> list[dict]:
    shapes = templates()
    rows = []
    for sequence in range(1, count + 1):
        number = f"MC-2026-{sequence:04d}"
        row = dict(shapes[sequence % len(shapes)])
        row.update(number=number, prefix="MC", year=2026, sequence=sequence, revision=0,
                   status=STATUSES[sequence % len(STATUSES)],
                   created_at=NOW.isoformat(), updated_at=NOW.isoformat(),
                   document=row["document"].replace(PLACEHOLDER, number))
        rows.append(row)
    return rows


def fill(register: Register, count: int) -> None:
    """`count` quotes in one transaction (an executemany): seconds, not minutes."""
    from mesocost.register.schema import counters, quotes

    with register.engine.connect() as connection, connection.begin():
        connection.execute(quotes.insert(), quote_rows(count))
        connection.execute(counters.insert().values(prefix="MC", year=2026,
                                                    last_sequence=count))


# What list() reads, fetched with the bare sqlite3 driver: the floor any list of Python
# values pays (the driver alone makes ~170,000 objects for 10,000 quotes).
BARE_LIST = ("SELECT number, status, client_name, destination, clinic, currency, total_low, "
             "total_high, patient_currency, patient_low, patient_mid, patient_high, "
             "quote_date, valid_until, created_at, updated_at, revision FROM quotes "
             "WHERE status != 'deleted' ORDER BY year DESC, sequence DESC, revision DESC")


def bare_fetch_ms(path: Path) -> float:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(BARE_LIST).fetchall()  # warm
        return milliseconds([timed(lambda: connection.execute(BARE_LIST).fetchall())
                             for _ in range(LIST_RUNS)])


def bench_list(folder: Path) -> None:
    with open_register(folder / "list.sqlite3") as register:
        started = time.perf_counter()
        fill(register, LISTED_QUOTES)
        print(f"(b) list {LISTED_QUOTES:,} quotes (filled in "
              f"{time.perf_counter() - started:.1f} s):")
        for label, options in (("list()", {}), ('list(status="sent")', {"status": "sent"}),
                               ('list(client="ayş")', {"client": "ayş"})):
            found = len(register.list(**options))  # warm: page cache, compiled query
            runs = [timed(lambda options=options: register.list(**options))
                    for _ in range(LIST_RUNS)]
            median = milliseconds(runs)
            print(f"    {label:<22} {found:>6,} rows  median {median:6.1f} ms "
                  f"(best {min(runs) * 1000:5.1f}; target ≤ {LIST_TARGET_MS:.0f} ms) "
                  f"{verdict(median, LIST_TARGET_MS)}")
            if not options:
                bare = bare_fetch_ms(folder / "list.sqlite3")
                print(f"    {'bare sqlite3 fetch':<22} {found:>6,} rows  median {bare:6.1f} ms "
                      f"(list() = {median / bare:.2f} × the bare fetch of its rows)")


# --- (c) first use in a fresh process ---------------------------------------------------

# Prints its own split (import, open) so the report can say where the time goes.
OPEN_SCRIPT = """
import sys, time
started = time.perf_counter()
from mesocost.register.store import Register
imported = time.perf_counter()
Register.open(sys.argv[1]).close()
opened = time.perf_counter()
print(f"{(imported - started) * 1000:.1f} {(opened - imported) * 1000:.1f}")
"""


def run(command: list[str], environment: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True,
                          env=environment)
    return time.perf_counter() - started, done.stdout


def bench_first_use(folder: Path) -> None:
    environment = installed_like_environment()
    existing = folder / "existing.sqlite3"
    open_register(existing).close()
    walls: dict[str, list[float]] = {"baseline": [], "existing": [], "new": []}
    splits: dict[str, list[tuple[float, float]]] = {"existing": [], "new": []}
    for attempt in range(PROCESS_RUNS + 1):  # the first round only warms caches
        targets = {"existing": existing, "new": folder / f"new-{attempt}.sqlite3"}
        wall, _ = run([sys.executable, "-c", "pass"], environment)
        if attempt:
            walls["baseline"].append(wall)
        for name, target in targets.items():
            wall, output = run([sys.executable, "-c", OPEN_SCRIPT, str(target)],
                               environment)
            if attempt:
                walls[name].append(wall)
                splits[name].append(tuple(float(part) for part in output.split()))
    baseline = milliseconds(walls["baseline"])
    print(f"(c) first use, whole process (median of {PROCESS_RUNS}); python -c pass "
          f"{baseline:.1f} ms:")
    for name, label in (("existing", "open an up-to-date file"),
                        ("new", "open a new file (migrations)")):
        wall = milliseconds(walls[name])
        imports = statistics.median(split[0] for split in splits[name])
        opening = statistics.median(split[1] for split in splits[name])
        print(f"    {label:<30} {wall:6.1f} ms = {wall / baseline:.2f} × baseline "
              f"(import {imports:.1f} ms, open {opening:.1f} ms)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="mesocost-bench-") as temporary:
        bench_create(Path(temporary))
        bench_list(Path(temporary))
        bench_first_use(Path(temporary))
