"""The Qt a PDF needs, headless: an application object and the shipped fonts.

Qt lays text out only with a QGuiApplication alive, and `mesocost quote` renders a PDF
with no window: one is made when none exists, on the "offscreen" platform unless the
caller chose a platform, so a machine without a display (or with a DISPLAY that no longer
answers, over ssh) never makes Qt abort the process. Only QtCore and QtGui are loaded.

Qt ships no fonts, and a fresh machine may have none with Turkish (or any non-ASCII)
glyphs: the document uses DejaVu Sans from `resources/fonts`, registered once.
"""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtGui import QFontDatabase, QGuiApplication

from mesocost.core.errors import ExportError
from mesocost.storage.resources import resource

FONT_FILES = ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf")

# The application this module made (None when the window's own QApplication is used).
# Kept at module level: if it were collected, every Qt object made with it would go too.
_APPLICATION: QGuiApplication | None = None


def application() -> QGuiApplication:
    """The running Qt application, made (headless) if there is none."""
    global _APPLICATION  # noqa: PLW0603  (the one application of the process, made once)
    running = QGuiApplication.instance()
    if running is not None:
        return running
    # A PDF needs no screen; a platform the caller set (tests, the window) is respected.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APPLICATION = QGuiApplication(["mesocost"])
    return _APPLICATION


@cache
def font_family() -> str:
    """The family name of the shipped fonts, registered with Qt on the first call.

    Raises:
        ExportError: a font file is missing or unreadable (a broken install).
    """
    application()
    families = []
    for name in FONT_FILES:
        path = resource(name)
        font_id = QFontDatabase.addApplicationFont(path)
        if font_id < 0:
            raise ExportError("the bundled font cannot be read; reinstall mesocost", path)
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families[0]
