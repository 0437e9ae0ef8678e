"""The Qt a PDF needs, headless: an application object and the shipped fonts.

Qt lays text out only with a QGuiApplication alive, and `mesocost quote` renders a PDF
with no window: one is made when none exists, on the "offscreen" platform unless the
caller chose a platform, so a machine without a display (or with a DISPLAY that no longer
answers, over ssh) never makes Qt abort the process. Only QtCore and QtGui are loaded.

Qt ships no fonts, and a fresh machine may have none with Turkish (or any non-ASCII)
glyphs, nor any Arabic font: the document uses DejaVu Sans and Noto Sans Arabic (SIL OFL
1.1) from `resources/fonts`, registered once. A document names both families: Qt takes
each character from the first that has it, so a left-to-right document is DejaVu Sans
throughout (its Arabic too), and an Arabic one puts Noto Sans Arabic first (Arabic letters,
digits and punctuation from it, Latin from DejaVu Sans).
"""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtGui import QFontDatabase, QGuiApplication

from mesocost.core.errors import ExportError
from mesocost.storage.resources import resource

LATIN_FILES = ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf")
ARABIC_FILES = ("fonts/NotoSansArabic-Regular.ttf", "fonts/NotoSansArabic-Bold.ttf")
FONT_FILES = (*LATIN_FILES, *ARABIC_FILES)

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
def _registered() -> tuple[str, str]:
    """The family names of the shipped fonts (Latin, Arabic), registered with Qt on the
    first call.

    Raises:
        ExportError: a font file is missing or unreadable (a broken install).
    """
    application()
    names = []
    for files in (LATIN_FILES, ARABIC_FILES):
        families = []
        for name in files:
            path = resource(name)
            font_id = QFontDatabase.addApplicationFont(path)
            if font_id < 0:
                raise ExportError("the bundled font cannot be read; reinstall mesocost", path)
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
        names.append(families[0])
    return names[0], names[1]


def font_family() -> str:
    """The family name of the shipped Latin font (DejaVu Sans), registered on first use.

    Raises:
        ExportError: a font file is missing or unreadable (a broken install).
    """
    return _registered()[0]


def document_families(right_to_left: bool = False) -> tuple[str, str]:
    """The families a document is set in, in the order Qt looks for a character: DejaVu
    Sans first, else (an Arabic document) Noto Sans Arabic first.

    Raises:
        ExportError: a font file is missing or unreadable (a broken install).
    """
    latin, arabic = _registered()
    return (arabic, latin) if right_to_left else (latin, arabic)
