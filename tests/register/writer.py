"""A register writer in its own process, for the concurrency and crash tests.

    python -m tests.register.writer URL GO_FILE open
    python -m tests.register.writer URL GO_FILE create COUNT   (COUNT 0: until killed)

It prints "ready" once imported (and, for `create`, once the register is open), then
waits until GO_FILE exists, so the test can start several writers at the same instant.
`open` opens the register (creating or migrating it) and prints "opened"; `create`
saves COUNT quotes, printing each number as soon as its transaction has committed, so
whatever the test reads from stdout is known to be in the database.

Run from the repository root (the tests pass `cwd`), so `tests.register` imports.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from mesocost.register.store import Register
from tests.register.conftest import make_document

# Pinned, so the writers never depend on the day the tests run.
TODAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
GO_POLL_SECONDS = 0.002
GO_TIMEOUT_SECONDS = 60


def say(line: str) -> None:
    print(line, flush=True)


def wait_for_go(go_file: Path) -> None:
    deadline = time.monotonic() + GO_TIMEOUT_SECONDS
    while not go_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"writer {os.getpid()}: no go signal after "
                             f"{GO_TIMEOUT_SECONDS} s")
        time.sleep(GO_POLL_SECONDS)


def open_register(url: str) -> Register:
    return Register.open(url, clock=lambda: NOW, today=lambda: TODAY,
                         user=lambda: f"writer {os.getpid()}")


def run_open(url: str, go_file: Path) -> None:
    # Alembic loaded beforehand: its import time differs from process to process and
    # would spread the migrations apart instead of letting them race.
    import mesocost.register.migrate  # noqa: F401

    say("ready")
    wait_for_go(go_file)
    open_register(url).close()
    say("opened")


def run_create(url: str, go_file: Path, count: int) -> None:
    # A client name per process, so the test can tell whose quotes are whose.
    document = make_document(client=f"Writer {os.getpid()}", created=TODAY)
    with open_register(url) as register:
        say("ready")
        wait_for_go(go_file)
        created = 0
        while count == 0 or created < count:
            say(register.create(document).number)
            created += 1


def main(arguments: list[str]) -> None:
    url, go_file, action, *rest = arguments
    if action == "open":
        run_open(url, Path(go_file))
    elif action == "create":
        run_create(url, Path(go_file), int(rest[0]))
    else:
        raise SystemExit(f"unknown action {action!r} (open or create)")


if __name__ == "__main__":
    main(sys.argv[1:])
