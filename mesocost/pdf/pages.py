"""Paging a laid-out QTextDocument into a PDF, with a footer on every page.

`QTextDocument.print_` puts only a page number at the foot of a page. Here the document is
laid out on pages the size of the body (the printable area less the footer), each page is
painted with its own footer ("Page N of M", in the document's language: the count is known
once the layout is), and the result is kept in memory, for the caller to write atomically.
A right-to-left document's footer is mirrored: its text on the right, the count on the
left.

Sizes: the writer works at 96 dpi, so CSS px in the document are 1/96 inch, as in a
browser, and points are points. Qt's text stays text in the PDF (fonts embedded).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from mesocost.core.i18n import ENGLISH, Language

__all__ = ["DPI", "paint_pages", "text_font"]

DPI = 96  # layout resolution: CSS px are 1/96 inch, as in a browser
MARGIN_MM = 15
FOOTER_POINTS = 7.5
FOOTER_GAP = 10  # px between the body and the rule above the footer
SECTION_LEVEL = 2  # <h2>: a section's heading
# Set for lines of DejaVu Sans; a document with taller lines (Noto Sans Arabic's are 1.8
# times as tall) scales them (`keep_scale`).
KEEP_WHOLE = 200  # px: a section up to this tall (the conversion with its rates) is kept whole
KEEP_START = 70  # px: a longer one starts where at least its first rows fit
CULL_MARGIN = 0.5  # px: see _paint_body
GREY = QColor("#555555")
RULE = QColor("#b0b8c0")


def text_font(families: str | Sequence[str], points: float) -> QFont:
    """The shipped families (the first that has a character draws it) without Latin
    ligatures: "fi" would otherwise be one glyph that searching and copying the PDF's text
    give back as "ﬁ", not "fi". Arabic keeps its joining forms and its lam-alef (those
    are required by the script, not the optional "liga" feature)."""
    families = [families] if isinstance(families, str) else list(families)
    font = QFont(families[0])
    font.setFamilies(families)
    font.setPointSizeF(points)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def _writer(buffer: QBuffer, page: QPageSize.PageSizeId, title: str) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(
        QPageSize(page), QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))
    writer.setTitle(title)
    writer.setCreator("mesocost")
    return writer


def paint_pages(document: QTextDocument, families: str | Sequence[str],
                page: QPageSize.PageSizeId, footer: str, title: str,
                language: Language = ENGLISH, keep_scale: float = 1.0) -> bytes:
    """The PDF's bytes: `document` laid out on pages of `page` size (15 mm margins), each
    with `footer` on the left of its foot and "Page N of M" on the right (mirrored for a
    right-to-left language).

    Args:
        families: the font families of the footer (the document's own).
        title: the PDF's title (its creator is mesocost).
        language: the document's language: the page count's words and the direction.
        keep_scale: how much taller the document's lines are than DejaVu Sans's (the
            distances that keep a section together grow with them).
    """
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, page, title)
    # Lay out at the writer's resolution, not the screen's (a window on a 144 dpi screen
    # would otherwise measure the text for one size and draw it at another).
    document.documentLayout().setPaintDevice(writer)
    printable = writer.pageLayout().paintRectPixels(DPI)
    footer_font = text_font(families, FOOTER_POINTS)
    footer_height = QFontMetricsF(footer_font, writer).height() + FOOTER_GAP + 4
    body = QSizeF(printable.width(), printable.height() - footer_height)
    document.setPageSize(body)
    _keep_sections_together(document, body.height(), keep_scale)
    pages = document.pageCount()
    painter = QPainter(writer)
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            _paint_body(painter, document, body, index)
            count = language.gettext("Page {page} of {pages}").format(
                page=language.isolate(index + 1), pages=language.isolate(pages))
            _paint_footer(painter, footer_font, body, printable.width(), footer, count,
                          language.right_to_left)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _keep_sections_together(document: QTextDocument, page_height: float,
                            scale: float = 1.0) -> None:
    """Start a section on the next page rather than leave its heading alone at a page's
    foot or cut a short section (terms, advice, the acceptance block) in two.

    Qt's rich text has no "keep together": each section heading (h2) whose section would
    not fit in what is left of its page gets a page break before it, one at a time (each
    break moves what follows).
    """
    layout = document.documentLayout()
    headings = [block for block in _blocks(document)
                if block.blockFormat().headingLevel() == SECTION_LEVEL]
    for index, heading in enumerate(headings):
        top = layout.blockBoundingRect(heading).top()
        end = (layout.blockBoundingRect(headings[index + 1]).top()
               if index + 1 < len(headings) else layout.documentSize().height())
        wanted = end - top if end - top <= KEEP_WHOLE * scale else KEEP_START * scale
        page_end = (math.floor(top / page_height) + 1) * page_height
        at_page_top = top % page_height < 1
        if top + wanted > page_end and not at_page_top:
            format_ = heading.blockFormat()
            format_.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(heading).setBlockFormat(format_)
            # Qt's incremental relayout after a format change can leave later blocks
            # without lines (they would not print at all): lay the whole document out again.
            document.markContentsDirty(0, document.characterCount())


def _blocks(document: QTextDocument) -> Iterator[QTextBlock]:
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def _paint_body(painter: QPainter, document: QTextDocument, body: QSizeF, index: int) -> None:
    """Page `index` of the laid-out document, in the body's rectangle at the top.

    A line pushed to the next page starts exactly on the boundary, and Qt draws a line
    that touches the culling rectangle: clipped away, its text would still be in the PDF
    twice (found by search, copied). The culling rectangle stops just short of the
    boundary; the painter's clip stays the whole body.
    """
    painter.save()
    top = index * body.height()
    painter.translate(0, -top)
    painter.setClipRect(QRectF(0, top, body.width(), body.height()))
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = QRectF(0, top, body.width(), body.height() - CULL_MARGIN)
    # Black text whatever the window's theme (the palette comes from the application).
    context.palette.setColor(QPalette.ColorRole.Text, QColor(Qt.GlobalColor.black))
    document.documentLayout().draw(painter, context)
    painter.restore()


def _paint_footer(painter: QPainter, font: QFont, body: QSizeF, width: float, left: str,
                  right: str, right_to_left: bool = False) -> None:
    """A thin rule, then the footer text on the left (elided to fit) and the page count
    on the right; right to left, the footer text is on the right and the count on the
    left (Qt mirrors the alignments for the painter's direction)."""
    painter.save()
    if right_to_left:
        painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    rule = body.height() + FOOTER_GAP
    painter.setPen(QPen(RULE, 0.75))
    painter.drawLine(0, round(rule), round(width), round(rule))
    painter.setFont(font)
    painter.setPen(GREY)
    metrics = QFontMetricsF(font, painter.device())
    line = QRectF(0, rule + 3, width, metrics.height())
    room = width - metrics.horizontalAdvance(right) - 24
    painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     metrics.elidedText(left, Qt.TextElideMode.ElideRight, room))
    painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
    painter.restore()
