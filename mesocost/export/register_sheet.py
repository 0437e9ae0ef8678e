"""The register as a workbook: one row per quote, for the clinic's own reporting.

Number, status (expired derived on the day of export), client, destination, clinic, the
total low and high in the quote's currency, the patient's indicative typical figure in
theirs, created and expiry dates. Amounts are numbers with their currency's format, so
the sheet sums and filters; typed text cannot become a formula (cells.put_text).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from mesocost.export.cells import put_date, put_money, put_text
from mesocost.export.workbook import (
    freeze_below,
    header_row,
    new_workbook,
    print_setup,
    save_workbook,
    set_widths,
)

COLUMNS = ("Number", "Status", "Client", "Destination", "Clinic", "Currency",
           "Total low", "Total high", "Patient currency", "Patient typical", "Created",
           "Expires")
WIDTHS = (18, 10, 28, 11, 22, 9, 14, 14, 9, 16, 12, 12)


def export_register(path: str | Path, rows: Sequence, *, today: date, locale: str,
                    force: bool = False) -> None:
    """Write `rows` (register QuoteSummary records) as a one-sheet workbook, atomically."""
    workbook, styles = new_workbook("Quote register", f"{len(rows)} quotes", today)
    sheet = workbook.create_sheet("Quotes")
    header_row(sheet, 1, COLUMNS)
    for index, row in enumerate(rows, start=2):
        for column, text in enumerate((row.number, row.status, row.client, row.destination,
                                       row.clinic, row.currency), start=1):
            put_text(sheet.cell(index, column), text)
        put_money(sheet.cell(index, 7), row.total_low, row.currency, styles)
        put_money(sheet.cell(index, 8), row.total_high, row.currency, styles)
        put_text(sheet.cell(index, 9), row.patient_currency)
        put_money(sheet.cell(index, 10), row.patient_mid, row.patient_currency, styles)
        put_date(sheet.cell(index, 11), row.quote_date)
        put_date(sheet.cell(index, 12), row.valid_until)
    set_widths(sheet, WIDTHS)
    freeze_below(sheet, 1, columns=1)
    if rows:
        sheet.auto_filter.ref = f"A1:L{len(rows) + 1}"
    print_setup(sheet, locale, header_row=1, landscape=True)
    save_workbook(workbook, Path(path), force=force)
