"""The sheets both workbooks carry: Schedule and Rates."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.workbook import Workbook

from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.protocol import Protocol, Session
from mesocost.export.cells import put_date, put_text
from mesocost.export.workbook import freeze_below, header_row, print_setup, set_widths

SCHEDULE_COLUMNS = ("Session", "Date", "Phase", "Milestone", "Aftercare reminders")
RATES_COLUMNS = ("Pair", "Rate", "Rate date", "Source", "Stale", "Notes")


def add_schedule_sheet(workbook: Workbook, protocol: Protocol,
                       schedule: tuple[Session, ...], locale: str) -> None:
    """Session number, real date, phase, milestone and the seed's aftercare reminders."""
    sheet = workbook.create_sheet("Schedule")
    put_text(sheet.cell(1, 1), f"Schedule: {protocol.title}", "title")
    put_text(sheet.cell(2, 1), protocol.describe())
    header = 4
    header_row(sheet, header, SCHEDULE_COLUMNS)
    milestones = {m.session: m.label for m in protocol.milestones}
    for row, session in enumerate(schedule, start=header + 1):
        sheet.cell(row, 1, session.number).style = "count"
        put_date(sheet.cell(row, 2), session.day)
        put_text(sheet.cell(row, 3), session.phase)
        put_text(sheet.cell(row, 4), milestones.get(session.number, ""), "wrap")
        put_text(sheet.cell(row, 5), "\n".join(session.aftercare), "wrap")
    set_widths(sheet, (9, 12, 14, 34, 84))
    freeze_below(sheet, header)
    print_setup(sheet, locale, header, landscape=True)


def add_rates_sheet(workbook: Workbook, rates: Iterable[RateQuote], locale: str) -> None:
    """Every rate a converted figure used, with its date, source and staleness."""
    sheet = workbook.create_sheet("Rates")
    put_text(sheet.cell(1, 1), "Exchange rates used", "title")
    put_text(sheet.cell(2, 1), ECB_CAVEAT, "note")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(RATES_COLUMNS))
    sheet.row_dimensions[2].height = 30
    header = 4
    header_row(sheet, header, RATES_COLUMNS)
    row = header
    for row, rate in enumerate(rates, start=header + 1):
        put_text(sheet.cell(row, 1), rate.pair)
        rate_cell = sheet.cell(row, 2, rate.rate)
        rate_cell.style = "rate"
        put_date(sheet.cell(row, 3), rate.rate_date)
        put_text(sheet.cell(row, 4), rate.source)
        put_text(sheet.cell(row, 5), "yes" if rate.stale else "no")
        put_text(sheet.cell(row, 6), "; ".join(rate.warnings), "wrap")
    put_text(sheet.cell(row + 2, 1), "1 unit of the first currency buys RATE units of the "
                                     "second. " + ECB_CAVEAT, "note")
    set_widths(sheet, (12, 14, 12, 10, 8, 60))
    freeze_below(sheet, header)
    print_setup(sheet, locale, header)


def distinct_rates(rates: Iterable[RateQuote]) -> list[RateQuote]:
    """Each pair once, in first-use order (identity rates included: they are used too)."""
    seen: dict[str, RateQuote] = {}
    for rate in rates:
        seen.setdefault(rate.pair, rate)
    return list(seen.values())
