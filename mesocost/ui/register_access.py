"""The window's one quote register: opened on first use, in a worker thread, then shared.

Opening imports SQLAlchemy and may run migrations or wait on a busy database, so it is
never done at start-up nor on the GUI thread: the first `run()` opens it in the worker
that runs the work. Every register call goes through `run()` (work in a worker thread,
its answer delivered on the GUI thread); views learn of each change through `changed`.

Where it lives: MESOCOST_DB when set (it wins, as on the command line), else the
window's `register_location` setting (saved without a password), else the default file.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from mesocost.ui.workers import FutureWatcher, alive, run_in_thread

if TYPE_CHECKING:
    from mesocost.register.store import Register
    from mesocost.ui.settings import Settings

log = logging.getLogger(__name__)

LOCATION_KEY = "register_location"


class RegisterAccess(QObject):
    """Opens the register lazily and runs work on it off the GUI thread.

    Signals:
        changed(object): after a successful change, the `SavedQuote` changed or made, or
            the number (a str) of a deleted quote.
        locationChanged(str): the register moved to another file or database (shown).
    """

    changed = Signal(object)
    locationChanged = Signal(str)

    def __init__(self, settings: Settings, parent: QObject | None = None, *,
                 opener: Callable[[str], Register] | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._opener = opener or _open
        self._session_target = ""  # typed this session: may hold a password, never saved
        self._register: Register | None = None
        self._opened_target = ""
        self._lock = threading.Lock()  # two first tasks must not open it twice

    # --- where ----------------------------------------------------------------------

    @property
    def target(self) -> str:
        """The path or URL in use: MESOCOST_DB, else this session's choice or the saved
        setting, else the default file."""
        from mesocost.register.location import choose

        saved = self._session_target or self._settings.get(LOCATION_KEY)
        return choose(None, saved)

    def shown(self) -> str:
        """The location as it may be shown: any password masked."""
        from mesocost.register.location import shown

        return shown(self.target)

    @staticmethod
    def from_environment() -> bool:
        """Whether MESOCOST_DB chooses the register (the setting is then not used)."""
        from mesocost.register.location import ENVIRONMENT

        return bool(os.environ.get(ENVIRONMENT, "").strip())

    def set_location(self, target: str) -> None:
        """Use `target` from now on; the setting keeps it without its password (put the
        password in the environment or ~/.pgpass to use it in a later session)."""
        from mesocost.register.location import without_password

        target = target.strip()
        self._session_target = target
        self._settings.set(LOCATION_KEY, without_password(target))
        self.close()
        self.locationChanged.emit(self.shown())

    # --- using it -------------------------------------------------------------------

    def opened(self, target: str) -> Register:
        """The register at `target` (read from `self.target` on the GUI thread: settings
        are not read from a worker), opened now if need be. Call from a worker thread."""
        with self._lock:
            if self._register is None or self._opened_target != target:
                if self._register is not None:
                    self._register.close()
                self._register = self._opener(target)
                self._opened_target = target
            return self._register

    def run(self, receiver: QObject, work: Callable[[Register], Any],
            on_done: Callable[[Any], None], on_error: Callable[[BaseException], None], *,
            changes: bool = False) -> Future:
        """`work(register)` in a worker thread; `on_done(result)` or `on_error(error)` on
        the GUI thread, unless `receiver` was destroyed meanwhile. With `changes`, a
        success is also announced by `changed(result)`."""

        target = self.target

        def task(_cancel, _report):
            return work(self.opened(target))

        future, _cancel = run_in_thread(task)

        def deliver(done: Future) -> None:
            error = done.exception()
            if error is None and changes and alive(self):
                self.changed.emit(done.result())
            if not alive(receiver):
                return  # the view closed while the register worked
            if error is None:
                on_done(done.result())
            else:
                on_error(error)

        FutureWatcher(future).done.connect(deliver)
        return future

    def close(self) -> None:
        """Let the database go (the window closes, or the register moves)."""
        with self._lock:
            register, self._register = self._register, None
        if register is not None:
            register.close()


def _open(target: str) -> Register:
    from mesocost.register.store import Register

    return Register.open(target)
