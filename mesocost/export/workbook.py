"""What every exported workbook shares: properties, sheets in the document's language,
print setup, column widths, saving.

A sheet is known to code and tests by its English name ("Summary") and shown to a reader
by its name in the document's language (`sheet_title`); look a sheet up with
`find_sheet(workbook, "Summary", language)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.geo import uses_letter_paper
from mesocost.core.i18n import ENGLISH, Language
from mesocost.export.cells import INVARIANT, Formats, Styles, clean_text, column_letter
from mesocost.storage.atomic import write_with

# What a sheet's name may not hold (Excel's rule, which openpyxl enforces), and what a
# translated name shows instead; and its longest length.
_NOT_IN_NAMES = str.maketrans({"[": "(", "]": ")", ":": "-", "*": "-", "?": "", "/": "-",
                               "\\": "-"})
_NAME_MAX = 31


def sheet_names(language: Language = ENGLISH) -> dict[str, str]:
    """Every sheet's English name (what code looks it up by) → its name in `language`."""
    return {
        "Summary": language.pgettext("sheet name", "Summary"),
        "Details": language.pgettext("sheet name", "Details"),
        "Sources": language.pgettext("sheet name", "Sources"),
        "Schedule": language.pgettext("sheet name", "Schedule"),
        "What-if": language.pgettext("sheet name", "What-if"),
        "Rates": language.pgettext("sheet name", "Rates"),
        "Quote": language.pgettext("sheet name", "Quote"),
        "Quotes": language.pgettext("sheet name", "Quotes"),
        "Chart data": language.pgettext("sheet name", "Chart data"),
    }


def sheet_title(name: str, language: Language = ENGLISH) -> str:
    """The title sheet `name` ("Summary") has in `language`: translated, without the
    characters a sheet name may not hold, at most 31 characters."""
    title = sheet_names(language).get(name, name).translate(_NOT_IN_NAMES).strip("' ")
    return title[:_NAME_MAX].rstrip("' ") or name


def new_sheet(workbook: Workbook, name: str, language: Language = ENGLISH) -> Worksheet:
    """A sheet titled in `language`, its view right to left when the language is."""
    sheet = workbook.create_sheet(sheet_title(name, language))
    if language.right_to_left:
        sheet.sheet_view.rightToLeft = True
    return sheet


def find_sheet(workbook: Workbook, name: str, language: Language = ENGLISH) -> Worksheet:
    """The sheet code knows as `name` ("Summary") in a workbook written in `language`."""
    return workbook[sheet_title(name, language)]


def translated(titles: Iterable[str], language: Language = ENGLISH) -> list[str]:
    """Column titles (N_-marked English) in `language`; an empty title stays empty (the
    empty message is a catalogue's header)."""
    return [language.gettext(title) if title else "" for title in titles]


def new_workbook(title: str, subject: str, created: date, formats: Formats = INVARIANT
                 ) -> tuple[Workbook, Styles]:
    """An empty workbook with its properties, recalculation on open and named styles
    (dates and amounts in `formats`)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    # Properties are XML too (and may carry a client's name): same cleaning as cells.
    workbook.properties.title = clean_text(title)
    workbook.properties.subject = clean_text(subject)
    workbook.properties.creator = "mesocost"
    # The creation day the caller gives (not the clock), so the same export is the same file.
    stamp = datetime.combine(created, time(12, 0))
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    # What-if holds formulas openpyxl cannot compute: ask every spreadsheet to do it on open.
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    return workbook, Styles(workbook, formats)


def print_setup(sheet: Worksheet, locale: str, header_row: int | None,
                landscape: bool = False) -> None:
    """Fit to one page wide, repeat the header row, paper by the locale's territory."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_LETTER if uses_letter_paper(locale) else sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages tall as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    if header_row is not None:
        sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width


def freeze_below(sheet: Worksheet, header_row: int, columns: int = 0) -> None:
    """Keep the header row (and `columns` leading columns) in view while scrolling."""
    sheet.freeze_panes = f"{column_letter(columns + 1)}{header_row + 1}"


def header_row(sheet: Worksheet, row: int, titles: Sequence[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column, title)
        cell.style = "header"


def save_workbook(workbook: Workbook, path: Path, *, force: bool = False) -> None:
    """Save atomically: a failed save leaves any earlier file untouched (see
    `mesocost.storage.atomic` for modes, links and read-only files; `force` replaces a
    read-only one).

    Raises:
        ExportError: one line when the folder is missing, unwritable or the file is locked.
    """
    write_with(Path(path), workbook.save, force=force)
