"""The register as a workbook: one row per quote, for the clinic's own reporting.

Number, status (expired derived on the day of export), client, destination, clinic, the
total low and high in the quote's currency, the patient's indicative typical figure in
theirs, created and expiry dates. Amounts are numbers with their currency's format, so
the sheet sums and filters; typed text cannot become a formula (cells.put_text).

Headings and statuses are in the document `language`; dates and amounts follow `locale`
(`cells.document_formats`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from mesocost.core.i18n import ENGLISH, N_, Language
from mesocost.export.cells import document_formats, put_date, put_money, put_text
from mesocost.export.workbook import (
    freeze_below,
    header_row,
    new_sheet,
    new_workbook,
    print_setup,
    save_workbook,
    set_widths,
)
from mesocost.present import status_word

COLUMNS = (N_("Number"), N_("Status"), N_("Client"), N_("Destination"), N_("Clinic"),
           N_("Currency"), N_("Total low"), N_("Total high"), N_("Patient currency"),
           N_("Patient typical"), N_("Created"), N_("Expires"))
WIDTHS = (18, 10, 28, 11, 22, 9, 14, 14, 9, 16, 12, 12)


def export_register(path: str | Path, rows: Sequence, *, today: date, locale: str,
                    force: bool = False, language: Language = ENGLISH) -> None:
    """Write `rows` (register QuoteSummary records) as a one-sheet workbook, atomically."""
    workbook, styles = new_workbook(
        language.gettext("Quote register"),
        language.ngettext("{count} quote", "{count} quotes", len(rows)).format(
            count=len(rows)),
        today, document_formats(locale, language))
    sheet = new_sheet(workbook, "Quotes", language)
    header_row(sheet, 1, [language.gettext(title) for title in COLUMNS])
    for index, row in enumerate(rows, start=2):
        for column, text in enumerate((row.number, status_word(row.status, language),
                                       row.client, row.destination, row.clinic,
                                       row.currency), start=1):
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
