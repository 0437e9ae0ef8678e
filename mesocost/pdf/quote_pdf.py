"""The patient PDF of a quote: Qt rich text painted page by page into a QPdfWriter.

Public API:
    write_quote_pdf(path, quote, converted, details, *, locale, force=False, number="",
                    status="", language=ENGLISH) -> None
    render_quote_pdf(quote, converted, details, *, locale, number="", status="",
                     language=ENGLISH) -> bytes
    pdf_page_size(locale) -> QPageSize.PageSizeId   Letter where the territory uses it, else A4

The document (`mesocost.pdf.content`, HTML) is in the document language (`language`,
never the interface's). It goes into a QTextDocument set in the shipped fonts (DejaVu Sans,
with Noto Sans Arabic for Arabic script), with the clinic's logo as an image resource; a
right-to-left language (Arabic) lays the whole document out right to left, its tables
mirrored (first column on the right) and the footer too. `mesocost.pdf.pages` lays it out
page by page with a footer on each. Text stays text: the PDF embeds the fonts and can be
searched, selected and read back. The file is rendered in memory, then written atomically
(`storage.atomic`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFontMetricsF, QImage, QPageSize, QTextDocument

from mesocost.core.clinic import quote_reference
from mesocost.core.geo import uses_letter_paper
from mesocost.core.i18n import ENGLISH, Language
from mesocost.pdf.content import LOGO_MAX, LOGO_URL, STYLE_SHEET, quote_html
from mesocost.pdf.markup import one_line
from mesocost.pdf.pages import paint_pages, text_font
from mesocost.pdf.qtapp import application, document_families, font_family
from mesocost.storage.atomic import write_bytes_atomic

if TYPE_CHECKING:
    from mesocost.core.comparison import Converted
    from mesocost.core.engine import Quote
    from mesocost.export.details import QuoteDetails

__all__ = ["pdf_page_size", "render_quote_pdf", "write_quote_pdf"]

BODY_POINTS = 9


def pdf_page_size(locale: str) -> QPageSize.PageSizeId:
    """Letter for a locale whose territory prints on it (en_US, es_MX, fil_PH), else A4."""
    return (QPageSize.PageSizeId.Letter if uses_letter_paper(locale)
            else QPageSize.PageSizeId.A4)


def write_quote_pdf(path, quote: Quote, converted: Converted, details: QuoteDetails, *,
                    locale: str, force: bool = False, number: str = "",
                    status: str = "", language: Language = ENGLISH) -> None:
    """Write the quote as a PDF for the patient, atomically.

    Args:
        number: the register number printed as the quote's number; "" prints the details'
            reference (or a dated one when that is empty too).
        status: "draft" marks every page as a draft; any status is listed with the facts.
        force: replace a read-only file.
        language: the document language every word is printed in (money and dates
            follow `locale`).

    Raises:
        ExportError: the file cannot be written (one line saying why).
        InputError: the profile's logo exists but is not a usable PNG or JPEG.
    """
    data = render_quote_pdf(quote, converted, details, locale=locale, number=number,
                            status=status, language=language)
    write_bytes_atomic(path, data, force=force)


def render_quote_pdf(quote: Quote, converted: Converted, details: QuoteDetails, *,
                     locale: str, number: str = "", status: str = "",
                     language: Language = ENGLISH) -> bytes:
    """The PDF's bytes (see `write_quote_pdf`)."""
    application()
    families = document_families(language.right_to_left)
    reference = number or details.reference or _dated_reference(quote, details)
    logo = _logo(details)
    document = _document(families, language)
    if logo is not None:
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(LOGO_URL), logo)
    document.setHtml(quote_html(quote, converted, details, locale=locale, reference=reference,
                                status=status, logo_size=_logo_size(logo), language=language))
    footer = _footer_left(details, reference, status, language)
    title = language.gettext("Quote {number}: {client}").format(
        number=language.isolate(reference), client=language.isolate(details.client))
    return paint_pages(document, families, pdf_page_size(locale), footer,
                       title=one_line(title), language=language,
                       keep_scale=_line_scale(families))


def _line_scale(families: tuple[str, ...]) -> float:
    """How much taller a line of the document is than one of the Latin font (DejaVu Sans,
    the page breaks' reference): 1 unless Noto Sans Arabic, whose lines leave room for
    stacked marks, comes first."""
    if families[0] == font_family():
        return 1.0
    document, latin = (QFontMetricsF(text_font(families, BODY_POINTS)),
                       QFontMetricsF(text_font(font_family(), BODY_POINTS)))
    return max(1.0, document.lineSpacing() / latin.lineSpacing())


def _dated_reference(quote: Quote, details: QuoteDetails) -> str:
    profile = details.profile
    return quote_reference(profile.quote_prefix if profile else "Q", details.created,
                           quote.request.entry.destination, details.client)


def _document(families: tuple[str, ...], language: Language) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultFont(text_font(families, BODY_POINTS))
    if language.right_to_left:
        # Every paragraph and table runs right to left: text starts on the right, "left"
        # alignments mean the leading (right) edge, tables put their first column on the
        # right. Markup that gives no direction follows this default.
        option = document.defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        document.setDefaultTextOption(option)
    document.setDefaultStyleSheet(STYLE_SHEET)
    document.setDocumentMargin(0)  # the page margins are the writer's
    # Layout from the fonts' own metrics, not hinted to a screen: the text then keeps the
    # spacing it was laid out with at any resolution it is printed or viewed at.
    document.setUseDesignMetrics(True)
    return document


def _logo(details: QuoteDetails) -> QImage | None:
    """The profile's logo, when it names a file that exists (checked as the workbook
    checks it: a PNG or JPEG of at most 2 MB)."""
    profile = details.profile
    if profile is None or not profile.logo or not os.path.isfile(profile.logo):
        return None
    from mesocost.storage.clinicfile import read_logo

    image = QImage.fromData(read_logo(profile.logo).data)
    return None if image.isNull() else image


def _logo_size(logo: QImage | None) -> tuple[int, int] | None:
    """The logo's size in px, scaled down to fit LOGO_MAX (never up)."""
    if logo is None:
        return None
    scale = min(LOGO_MAX[0] / logo.width(), LOGO_MAX[1] / logo.height(), 1)
    return max(1, round(logo.width() * scale)), max(1, round(logo.height() * scale))


def _footer_left(details: QuoteDetails, reference: str, status: str,
                 language: Language) -> str:
    """The profile's footer line, the quote number, and a draft mark on every page."""
    profile = details.profile
    parts = [language.gettext("DRAFT") if status.casefold() == "draft" else "",
             language.isolate(reference),
             language.isolate(profile.footer) if profile is not None and profile.footer
             else ""]
    return one_line(" · ".join(part for part in parts if part))


