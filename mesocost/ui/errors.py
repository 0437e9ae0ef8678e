"""Unexpected exceptions: logged to a file and shown in a dialog; the window stays.

A user's mistake is a `MesocostError` and is shown as a plain message by the view that
caught it. Anything else is a bug: the traceback goes to `mesocost.log` in the user log
folder and into the dialog's details (to copy into a report), and the event loop goes on.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback

from mesocost.core.errors import MesocostError
from mesocost.core.i18n import _, interface

log = logging.getLogger("mesocost")


def log_folder() -> str:
    from mesocost.storage.userdirs import user_log_dir

    return os.environ.get("MESOCOST_LOG_DIR") or user_log_dir()


LOG_LIMIT = 1_000_000  # bytes: a longer log is moved aside at the next start
LOG_BACKUPS = 2


def setup_logging() -> str:
    """Log to a file in the user log folder; returns its path ("" if impossible).

    The log is rotated once, at start (mesocost.log → .1 → .2), not while it is written:
    a session logs little, and logging.handlers' RotatingFileHandler would cost the
    window's first paint 12 ms of imports (it pulls in socket and pickle).
    """
    folder = log_folder()
    path = os.path.join(folder, "mesocost.log")
    try:
        os.makedirs(folder, exist_ok=True)
        _rotate(path)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return ""
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def _rotate(path: str) -> None:
    try:
        if os.path.getsize(path) < LOG_LIMIT:
            return
    except OSError:
        return  # no log yet
    for number in range(LOG_BACKUPS, 0, -1):
        older = f"{path}.{number - 1}" if number > 1 else path
        if os.path.exists(older):
            os.replace(older, f"{path}.{number}")


class ErrorReporter:
    """Installed as sys.excepthook while the window runs."""

    def __init__(self, parent_getter, log_path: str) -> None:
        self._parent = parent_getter
        self.log_path = log_path
        self.reported: list[BaseException] = []

    def install(self) -> None:
        sys.excepthook = self.__call__

    def __call__(self, kind, error, tb) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.reported.append(error)
        if isinstance(error, MesocostError):
            QMessageBox.warning(self._parent(), "mesocost", str(error))
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error\n%s", details)
        box = QMessageBox(self._parent())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(_("mesocost: unexpected error"))
        text = _("Something went wrong inside mesocost. Your data is unchanged; the window "
                 "stays open.")
        if self.log_path:
            text += "\n\n" + _("Details were written to {path}.").format(
                path=interface().isolate(self.log_path))
        box.setText(text)
        box.setDetailedText(details)
        box.setTextInteractionFlags(box.textInteractionFlags())
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and "PYTEST_CURRENT_TEST" in \
                os.environ:
            return  # tests read `reported`; a modal box would wait for a click
        box.exec()
