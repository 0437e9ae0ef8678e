"""Sizing columns and rows to what their cells show, since spreadsheets do not.

openpyxl stores widths and heights as given and neither Excel nor LibreOffice fits them
when a file is opened: a column narrower than its amount shows `###`, a row as tall as one
line prints a wrapped cell's lines over the next row's. So each sheet measures the text
its cells will show (an amount as its number format shows it) and sizes from that.

Widths are in Excel's unit, the width of one digit of the default font (Calibri 11).
The estimates leave room for wider fonts: a machine without Calibri (LibreOffice on
Linux falls back to DejaVu Sans) draws digits as wide and letters up to a tenth wider,
and bold a little wider again (measured with LibreOffice headless; see the export tests).
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.export.cells import INVARIANT, Formats, column_letter

# Points per line of 11-point text (Excel's default row height), and of the 10-point notes.
LINE_HEIGHT = 15.0
NOTE_LINE_HEIGHT = 13.5
# Bold is this much wider; a cell's padding takes this many units.
_BOLD_FACTOR, _PADDING = 1.1, 2.0
# Widths of characters in digit widths, from DejaVu Sans: the widest font a spreadsheet is
# likely to fall back to (LibreOffice without Calibri); Calibri is narrower throughout.
_ASCII_WIDTHS = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,-·()",
    (0.96, 1.0, 0.86, 1.0, 0.97, 0.55, 1.0, 1.0, 0.44, 0.44, 0.91, 0.44, 1.53, 1.0, 0.96,
     1.0, 1.0, 0.65, 0.82, 0.62, 1.0, 0.93, 1.29, 0.93, 0.93, 0.83,
     1.08, 1.08, 1.1, 1.21, 0.99, 0.9, 1.22, 1.18, 0.46, 0.46, 1.03, 0.88, 1.36, 1.18, 1.24,
     0.95, 1.24, 1.09, 1.0, 0.96, 1.15, 1.08, 1.55, 1.08, 0.96, 1.08,
     0.5, 0.5, 0.5, 0.57, 0.5, 0.61, 0.61), strict=True))


def money_shown(value: Decimal | int | float, currency: str, decimals: int | None = None,
                formats: Formats = INVARIANT) -> str:
    """An amount as its cell's number format (`Formats.currency`) shows it: "HUF 1,234.00",
    "1.234,00 HUF".

    Grouping and decimal marks of the invariant format differ by the reader's locale,
    never the number of characters.
    """
    return formats.money_text(value, currency, decimals)


def _char_width(char: str) -> float:
    known = _ASCII_WIDTHS.get(char)
    if known is not None:
        return known
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.7  # a CJK character is a square, as wide as 1.6 digits
    base = unicodedata.normalize("NFD", char)[0]  # "ä" is as wide as "a"
    return _ASCII_WIDTHS.get(base, 1.15 if base.isupper() else 1.0)


def text_width(text: str, bold: bool = False) -> float:
    """Digit widths one line of `text` takes, without padding."""
    width = sum(_char_width(char) for char in text)
    return width * _BOLD_FACTOR if bold else width


def width_of(text: str, bold: bool = False) -> float:
    """Columns of width one line of `text` needs, padding included."""
    return text_width(text, bold) + _PADDING


def line_count(text: str, width: float, bold: bool = False, scale: float = 1.0) -> int:
    """Lines `text` wraps to at word boundaries in a column `width` wide (each line break
    starts a line; a word longer than the line is broken). `scale`: the font's size
    relative to 11 points."""
    room = max(1.0, (width - _PADDING) / scale)
    space = text_width(" ", bold)
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        for word in part.split():
            size = text_width(word, bold)
            if used and used + space + size > room + 1e-9:
                lines += 1
                used = 0.0
            if used:
                used += space
            while size > room + 1e-9:  # a word longer than a line wraps inside itself
                lines += 1
                size -= room
            used += size
    return max(1, lines)


@dataclass
class Fit:
    """What a sheet's cells show, collected while writing, then applied as sizes.

    `number`/`text` record a cell's shown text; wrapped text is sized by `wrap_max`
    (its column grows to the longest line, at most that wide, and its rows grow instead).
    """

    minimum: dict[int, float] = field(default_factory=dict)
    wrap_max: dict[int, float] = field(default_factory=dict)
    _wide: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    _wrapped: dict[int, list[tuple[int, str, bool]]] = field(
        default_factory=lambda: defaultdict(list))

    def cell(self, row: int, column: int, shown: str, bold: bool = False) -> None:
        """A cell that shows `shown`: wrapped if its column has a `wrap_max`."""
        if column in self.wrap_max:
            self._wrapped[column].append((row, shown, bold))
            needed = min(self.wrap_max[column],
                         max((width_of(part, bold) for part in shown.split("\n")), default=0))
        else:
            needed = max((width_of(part, bold) for part in shown.split("\n")), default=0)
        self._wide[column] = max(self._wide[column], needed)

    def widths(self) -> dict[int, float]:
        columns = set(self._wide) | set(self.minimum)
        # Rounded up to a tenth: a width rounded down would wrap the text it was made for.
        return {c: math.ceil(max(self._wide.get(c, 0.0), self.minimum.get(c, 0.0)) * 10) / 10
                for c in sorted(columns)}

    def apply(self, sheet: Worksheet, line_height: float = LINE_HEIGHT) -> dict[int, float]:
        """Set every measured column's width and each row with wrapped text's height."""
        widths = self.widths()
        for column, width in widths.items():
            sheet.column_dimensions[column_letter(column)].width = width
        lines: dict[int, int] = defaultdict(lambda: 1)
        for column, cells in self._wrapped.items():
            for row, shown, bold in cells:
                lines[row] = max(lines[row], line_count(shown, widths[column], bold))
        for row, count in lines.items():
            if count > 1:
                sheet.row_dimensions[row].height = row_height(count, line_height)
                _align_top(sheet, row, widths)
        return widths


def realign(cell: Cell, **changes: str) -> None:
    """Change some of a cell's alignment (e.g. horizontal="right"), keeping the rest."""
    alignment = copy(cell.alignment)
    for name, value in changes.items():
        setattr(alignment, name, value)
    cell.alignment = alignment


def _align_top(sheet: Worksheet, row: int, columns: Iterable[int]) -> None:
    """Start every cell of a tall row at its top, level with the first line of wrapped text
    (a spreadsheet puts numbers at the bottom by default)."""
    for column in columns:
        cell = sheet.cell(row, column)
        if cell.value is not None and cell.alignment.vertical != "top":
            realign(cell, vertical="top")


def row_height(lines: int, line_height: float = LINE_HEIGHT) -> float:
    """Points for `lines` lines of text, with a little air below the last."""
    return math.ceil(lines * line_height + 3)


def merged_note(sheet: Worksheet, row: int, last_column: int, widths: Iterable[float],
                text: str, size: int = 10) -> None:
    """Merge `row` across columns 1..last_column and make it tall enough for `text` in
    `size`-point type (10: the note style; 11: text and wrap)."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    lines = line_count(text, sum(widths), scale=size / 11)
    sheet.row_dimensions[row].height = row_height(
        lines, NOTE_LINE_HEIGHT if size <= 10 else LINE_HEIGHT)


def print_area(sheet: Worksheet, last_column: int, last_row: int) -> None:
    """Print columns 1..last_column (never the hidden helpers beyond) and rows 1..last_row."""
    sheet.print_area = f"A1:{column_letter(last_column)}{last_row}"
