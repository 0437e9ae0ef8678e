"""Finding things on a quote workbook's Quote sheet by their labels, not fixed cells
(the seller block above them is as tall as the clinic profile makes it)."""

from __future__ import annotations


def label_row(sheet, label, column=1):
    """The first row whose cell in `column` reads `label`, else None."""
    return next((r for r in range(1, sheet.max_row + 1)
                 if sheet.cell(r, column).value == label), None)


def client_cell(sheet):
    """The client's name: under "Prepared for"."""
    return sheet.cell(label_row(sheet, "Prepared for") + 1, 1)


def fact_cell(sheet, label):
    """A fact of the quote's right-hand block (Reference, Quote date, Valid until, First
    session, Prices in): the value beside its label."""
    return sheet.cell(label_row(sheet, label, column=4), 6)


def sheet_text(sheet):
    """Every cell's text, one string: for "is it on the sheet" checks."""
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row
                     if c.value is not None)
