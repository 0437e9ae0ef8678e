"""What every exported workbook shares: properties, print setup, column widths, saving."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.geo import uses_letter_paper
from mesocost.export.cells import Styles, clean_text, column_letter
from mesocost.storage.atomic import write_with


def new_workbook(title: str, subject: str, created: date) -> tuple[Workbook, Styles]:
    """An empty workbook with its properties, recalculation on open and named styles."""
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
    return workbook, Styles(workbook)


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
