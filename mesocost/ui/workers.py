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


class FutureWatcher(QObject):
    """Emits `done(future)` on the thread this object lives in once `future` completes."""

    done = Signal(object)
    _completed = Signal(object)

    def __init__(self, future: Future, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.future = future
        # Always queued to this object's thread: from the worker thread, and also when the
        # future is already done (the callback then runs right here, before the caller has
        # connected `done`; a direct emit would be lost and a fast task never report).
        self._completed.connect(self.done, Qt.ConnectionType.QueuedConnection)
        future.add_done_callback(self._completed.emit)


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
        self._watchers: set[FutureWatcher] = set()  # referenced until done

    def start(self, title: str, task: Callable[[threading.Event], Any],
              on_success: Callable[[Any], None],
              on_error: Callable[[BaseException], None]) -> Future:
        from PySide6.QtWidgets import QProgressDialog

        future, cancel = run_in_thread(lambda event, _report: task(event))
        dialog = QProgressDialog(title, self.tr("Cancel"), 0, 0, self._parent_widget)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        watcher = FutureWatcher(future, self)
        self._watchers.add(watcher)

        def finished(done_future: Future) -> None:
            self._watchers.discard(watcher)
            dialog.reset()
            dialog.deleteLater()
            watcher.deleteLater()
            if cancel.is_set():
                return
            error = done_future.exception()
            if error is None:
                on_success(done_future.result())
            elif not isinstance(error, Cancelled):
                on_error(error)

        watcher.done.connect(finished)
        return future
