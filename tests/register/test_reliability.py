"""The register under several programs at once and under a crash, on SQLite and on a
real PostgreSQL server: numbers stay consecutive and unique, nothing committed is lost,
and a killed writer leaves the database consistent.

Writers are separate processes (`tests/register/writer.py`), started together with a
"go" file so their transactions really overlap.
"""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from mesocost.register import location
from mesocost.register.schema import HEAD, counters, events, quotes
from mesocost.register.store import Register
from tests.register.conftest import make_document

ROOT = Path(__file__).parents[2]
TODAY = date(2026, 11, 2)  # the writers' pinned day
LINE_TIMEOUT_SECONDS = 60  # a writer that says nothing for this long has hung


class Writer:
    """One `tests.register.writer` process, its stdout read line by line in a thread
    (so waiting for a line can time out instead of hanging the test run)."""

    def __init__(self, url: str, go_file: Path, *action: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.register.writer", url, str(go_file), *action],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)  # end of output: the process has exited

    def next_line(self) -> str:
        try:
            line = self.lines.get(timeout=LINE_TIMEOUT_SECONDS)
        except queue.Empty:
            self.process.kill()
            raise AssertionError(f"writer {self.process.pid} hung") from None
        if line is None:
            raise AssertionError(f"writer {self.process.pid} ended early: "
                                 f"{self._stderr()}")
        return line

    def expect(self, expected: str) -> None:
        line = self.next_line()
        assert line == expected, f"writer said {line!r}, not {expected!r}"

    def numbers(self, at_least: int) -> list[str]:
        """The next `at_least` numbers the writer reports as committed."""
        return [self.next_line() for _ in range(at_least)]

    def finish(self) -> list[str]:
        """Wait for a normal exit; every line it printed after the last one read."""
        self.process.wait(timeout=LINE_TIMEOUT_SECONDS)
        assert self.process.returncode == 0, self._stderr()
        return self._rest()

    def kill(self) -> list[str]:
        """SIGKILL, as a power button or the OOM killer would; the lines it printed
        before dying (each one a committed number)."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=LINE_TIMEOUT_SECONDS)
        return self._rest()

    def _rest(self) -> list[str]:
        rest = []
        while (line := self.lines.get(timeout=LINE_TIMEOUT_SECONDS)) is not None:
            rest.append(line)
        return rest

    def _stderr(self) -> str:
        self.process.wait(timeout=LINE_TIMEOUT_SECONDS)
        return self.process.stderr.read().strip()


def start_together(url: str, go_file: Path, count: int, *action: str) -> list[Writer]:
    """`count` writers, each ready (imported, and for `create` with the register open),
    then released at once by creating the go file."""
    writers = [Writer(url, go_file, *action) for _ in range(count)]
    for writer in writers:
        writer.expect("ready")
    go_file.touch()
    return writers


def expected_numbers(last: int) -> list[str]:
    return [f"MC-2026-{sequence:04d}" for sequence in range(1, last + 1)]


def open_register(url: str) -> Register:
    return Register.open(url, today=lambda: TODAY)


def stored_numbers(register: Register) -> list[str]:
    with register.engine.connect() as connection:
        return connection.execute(select(quotes.c.number).order_by(quotes.c.sequence)
                                  ).scalars().all()


def clients_by_number(register: Register) -> dict[str, str]:
    with register.engine.connect() as connection:
        return dict(connection.execute(select(quotes.c.number, quotes.c.client_name)).all())


def counter_value(register: Register) -> int:
    with register.engine.connect() as connection:
        return connection.execute(select(counters.c.last_sequence).where(
            counters.c.prefix == "MC", counters.c.year == 2026)).scalar_one()


def quotes_without_created_event(register: Register) -> int:
    """Quotes saved without their "created" event: a half-committed save."""
    created = select(events.c.quote_id).where(events.c.action == "created")
    with register.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(quotes)
                                  .where(quotes.c.id.not_in(created))).scalar_one()


def alembic_versions(register: Register) -> list[str]:
    with register.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version"
                                          ).scalars().all()


# --- several writers at once ------------------------------------------------------------

def test_four_processes_creating_at_once_get_800_consecutive_distinct_numbers(
        register_url, tmp_path):
    writers = start_together(register_url, tmp_path / "go", 4, "create", "200")
    reported = {writer.process.pid: writer.finish() for writer in writers}

    everything = sorted(number for numbers in reported.values() for number in numbers)
    assert everything == expected_numbers(800)  # no gap, no duplicate
    with open_register(register_url) as register:
        assert register.count() == 800
        assert [summary.number for summary in register.list()] == expected_numbers(800)[::-1]
        saved_for = clients_by_number(register)
        assert counter_value(register) == 800
    for pid, numbers in reported.items():  # each process's numbers are its own quotes
        assert len(numbers) == 200
        assert {saved_for[number] for number in numbers} == {f"Writer {pid}"}
    # They really ran at the same time: some process's numbers are not one block.
    assert any(_not_one_block(numbers) for numbers in reported.values())


def _not_one_block(numbers: list[str]) -> bool:
    sequences = [int(number.rsplit("-", 1)[1]) for number in numbers]
    return max(sequences) - min(sequences) + 1 != len(sequences)


def test_four_processes_opening_a_new_database_at_once_all_succeed(register_url, tmp_path):
    # Each one finds an empty database and migrates it; one wins (SQLite's write lock,
    # PostgreSQL's advisory lock) and the others find the migration done.
    writers = start_together(register_url, tmp_path / "go", 4, "open")
    for writer in writers:
        writer.expect("opened")
        assert writer.finish() == []
    with open_register(register_url) as register:
        assert alembic_versions(register) == [HEAD]
        assert register.create(make_document()).number == "MC-2026-0001"


# --- a writer killed mid-write ----------------------------------------------------------

KILL_ROUNDS = 3
COMMITTED_BEFORE_KILL = 25


def test_a_writer_killed_while_writing_leaves_a_consistent_register(register_url, tmp_path):
    open_register(register_url).close()  # created once, so every round only writes
    go_file = tmp_path / "go"
    go_file.touch()  # one writer at a time: no need to wait for each other
    reported = []
    for _ in range(KILL_ROUNDS):  # later rounds start on what a killed writer left
        writer = Writer(register_url, go_file, "create", "0")
        writer.expect("ready")
        reported += writer.numbers(COMMITTED_BEFORE_KILL)
        reported += writer.kill()

    assert_sqlite_file_intact(register_url)
    with open_register(register_url) as register:
        numbers = stored_numbers(register)
        assert set(reported) <= set(numbers)  # every number reported committed is saved
        assert numbers == expected_numbers(len(numbers))  # consecutive from 1, no gap
        assert counter_value(register) == len(numbers)
        assert quotes_without_created_event(register) == 0
        next_number = register.create(make_document()).number
    assert next_number == f"MC-2026-{len(numbers) + 1:04d}"


def assert_sqlite_file_intact(register_url: str) -> None:
    """SQLite's own checks, on a plain connection (which also recovers the WAL)."""
    path = location.sqlite_path(location.database_url(register_url))
    if path is None:
        return  # PostgreSQL: its recovery is the server's, checked through the data
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()

