"""Work off the GUI thread, with its result handed back on the GUI thread.

A `concurrent.futures.Future`'s done-callback runs in the worker thread, where no widget
may be touched; `FutureWatcher` re-emits it as a Qt signal of an object living on the GUI
thread, so the connected slot runs there (a queued connection).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from mesocost.core.i18n import _

# Watchers whose news is not delivered yet. A watcher belongs to nobody but this set: had
# it a parent (a view, the workspace) that is destroyed while the work runs, the worker
# thread would emit on a deleted object and take the process down.
_PENDING: set[FutureWatcher] = set()


class FutureWatcher(QObject):
    """Emits `done(future)` on the thread this object was made in once `future` completes.

    Connect `done` to a receiver that may be gone by then only through a bound method of a
    QObject (Qt then drops the connection) or a function that checks `alive(receiver)`.
    """

    done = Signal(object)
    _completed = Signal(object)

    def __init__(self, future: Future) -> None:
        super().__init__(None)
        self.future = future
        _PENDING.add(self)
        # Always queued to this object's thread: from the worker thread, and also when the
        # future is already done (the callback then runs right here, before the caller has
        # connected `done`; a direct emit would be lost and a fast task never report).
        self._completed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        future.add_done_callback(self._completed.emit)

    def _deliver(self, future: Future) -> None:
        _PENDING.discard(self)
        self.done.emit(future)
        self.deleteLater()


def alive(qobject: QObject) -> bool:
    """Whether the C++ side of `qobject` still exists (a window closed meanwhile)."""
    import shiboken6

    return shiboken6.isValid(qobject)


class Cancelled(Exception):
    """Raised inside a task whose `cancel` event was set."""


def run_in_thread(task: Callable[[threading.Event, Callable[[int, int], None]], Any],
                  ) -> tuple[Future, threading.Event]:
    """Run `task(cancel_event, report_progress)` in a daemon thread.

    The task checks `cancel_event` between steps and raises `Cancelled` when it is set;
    `report_progress(done, total)` is a no-op unless the caller wires one through the task.

    Returns:
        (future, cancel_event).
    """
    future: Future = Future()
    future.set_running_or_notify_cancel()
    cancel = threading.Event()

    def work() -> None:
        try:
            future.set_result(task(cancel, lambda done, total: None))
        except BaseException as error:  # handed to the future, never lost in the thread
            future.set_exception(error)

    threading.Thread(target=work, name="mesocost-task", daemon=True).start()
    return future, cancel


class TaskRunner(QObject):
    """Runs one long task at a time (import, export, refresh) with a cancellable progress
    dialog, and calls back on the GUI thread.

    The dialog appears only if the task takes longer than half a second. Cancelling sets
    the task's event (the task stops at its next check, before anything is written) and
    drops its result.
    """

    def __init__(self, parent_widget) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget

    def start(self, title: str, task: Callable[[threading.Event], Any],
              on_success: Callable[[Any], None],
              on_error: Callable[[BaseException], None]) -> Future:
        from PySide6.QtWidgets import QProgressDialog

        future, cancel = run_in_thread(lambda event, _report: task(event))
        dialog = QProgressDialog(title, _("Cancel"), 0, 0, self._parent_widget)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        watcher = FutureWatcher(future)

        def finished(done_future: Future) -> None:
            if not alive(self) or not alive(dialog):
                return  # the window closed while the work ran: nobody to tell
            dialog.reset()
            dialog.deleteLater()
            if cancel.is_set():
                return
            error = done_future.exception()
            if error is None:
                on_success(done_future.result())
            elif not isinstance(error, Cancelled):
                on_error(error)

        watcher.done.connect(finished)
        return future
