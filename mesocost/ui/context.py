"""What every view gets besides the workspace: settings, long-task runner, messages."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from mesocost.ui.settings import Settings
from mesocost.ui.workers import TaskRunner

if TYPE_CHECKING:
    from mesocost.ui.register_access import RegisterAccess


class AppContext(NamedTuple):
    """Services the main window offers its views.

    Attributes:
        settings: the typed settings adapter (last folders, ...).
        tasks: runs import/export work off the GUI thread with a cancellable progress
            dialog; results come back on the GUI thread.
        show_error: shows a one-line user error as a message box (title, text).
        show_status: puts a transient message in the status bar (text, milliseconds).
        register: the quote register, opened on first use off the GUI thread (None: no
            register, e.g. a view tested alone).
    """

    settings: Settings
    tasks: TaskRunner
    show_error: Callable[[str, str], None]
    show_status: Callable[[str, int], None]
    register: RegisterAccess | None = None

    def last_folder(self, key: str) -> str:
        """A remembered folder (settings key), if it still exists; else the home folder."""
        folder = self.settings.get(key)
        return folder if folder and os.path.isdir(folder) else os.path.expanduser("~")

    def remember_folder(self, key: str, path: str) -> None:
        self.settings.set(key, os.path.dirname(os.path.abspath(path)))
