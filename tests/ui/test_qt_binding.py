"""The Qt binding itself: a broken wheel must fail here, not crash a user's window.

PySide6 6.12.0 on Python 3.11 released a reference to None on every call of a method
returning nothing (setText, setValue, ...); after a few thousand calls the interpreter
aborted ("deallocating None"). constraints.txt pins a release without the bug.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_none_and_bools_alive(qapp, tmp_path):
    label = QLabel()
    timer = QTimer()
    store = QSettings(str(tmp_path / "probe.ini"), QSettings.Format.IniFormat)
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(200):
        label.setText("x")
        timer.setInterval(5)
        store.setValue("flag", False)
        store.setValue("other", True)
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    # Allow a little noise from objects created meanwhile; a leak is 200 per call site.
    assert all(abs(a - b) < 50 for a, b in zip(before, after, strict=True)), (before, after)
