"""The sheets both workbooks carry: Schedule and Rates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl.styles import Alignment
from openpyxl.workbook import Workbook

from mesocost.core.comparison import ComparisonRow
from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.engine import Quote
from mesocost.core.protocol import Protocol, Session
from mesocost.core.travel import Trip
from mesocost.export.cells import put_date, put_text
from mesocost.export.layout import Fit, merged_note, print_area, width_of
from mesocost.export.workbook import freeze_below, header_row, print_setup, set_widths

SCHEDULE_COLUMNS = ("Session", "Date", "Phase", "Milestone", "Aftercare reminders")
# With travel: which trip (and stay) each session belongs to, after the phase.
SCHEDULE_TRIP_COLUMNS = ("Session", "Date", "Phase", "Trip", "Milestone",
                         "Aftercare reminders")
SCHEDULE_HEADER_ROW = 4
_CENTER = Alignment(horizontal="center", vertical="top")
RATES_COLUMNS = ("Pair", "Rate", "Rate date", "Source", "Stale", "Notes")
# Widths the Schedule's text columns wrap at (the aftercare: one reminder a line).
_SCHEDULE_WRAP = {"Trip": 30, "Milestone": 30, "Aftercare reminders": 90}


def add_schedule_sheet(workbook: Workbook, protocol: Protocol,
                       schedule: tuple[Session, ...], locale: str, *,
                       trips: Sequence[Trip] | None = None, trips_note: str = "") -> None:
    """Session number, real date, phase, the trip it belongs to (with `trips`, e.g. a
    quote's `Quote.travel.trips`), milestone and the seed's aftercare reminders, one a line.

    `trips_note` says how sessions were grouped into trips, or why they were not.
    """
    sheet = workbook.create_sheet("Schedule")
    put_text(sheet.cell(1, 1), f"Treatment schedule — {protocol.title}", "title")
    put_text(sheet.cell(2, 1), schedule_subtitle(protocol, schedule))
    if trips_note:
        put_text(sheet.cell(3, 1), trips_note, "note")
    header = SCHEDULE_HEADER_ROW
    titles = SCHEDULE_TRIP_COLUMNS if trips else SCHEDULE_COLUMNS
    header_row(sheet, header, titles)
    wrap = {column: _SCHEDULE_WRAP[title] for column, title in enumerate(titles, start=1)
            if title in _SCHEDULE_WRAP}
    fit = Fit(wrap_max=wrap, minimum={column: width_of(title, bold=True)
                                      for column, title in enumerate(titles, start=1)})
    milestones = {m.session: m.label for m in protocol.milestones}
    trip_texts = _trip_texts(trips) if trips else {}
    for row, session in enumerate(schedule, start=header + 1):
        values = [milestones.get(session.number, ""), "\n".join(session.aftercare)]
        if trips:
            values.insert(0, trip_texts.get(session.number, ""))
        number = sheet.cell(row, 1, session.number)
        number.style = "count"
        number.alignment = _CENTER  # apart from the date beside it
        fit.cell(row, 1, str(session.number))
        put_date(sheet.cell(row, 2), session.day)
        fit.cell(row, 2, session.day.isoformat())
        put_text(sheet.cell(row, 3), session.phase)
        fit.cell(row, 3, str(sheet.cell(row, 3).value))
        for column, value in enumerate(values, start=4):
            put_text(sheet.cell(row, column), value, "wrap")
            fit.cell(row, column, str(sheet.cell(row, column).value))
    widths = fit.apply(sheet)
    if trips_note:
        merged_note(sheet, 3, len(titles), widths.values(), trips_note)
    freeze_below(sheet, header)
    print_setup(sheet, locale, header, landscape=True)
    print_area(sheet, len(titles), header + len(schedule))


def schedule_subtitle(protocol: Protocol, schedule: Sequence[Session]) -> str:
    """"4 every 15 days, then 4 monthly (8 sessions), then 4 maintenance: 12 sessions in
    all" — the count the table below lists."""
    maintenance = sum(1 for session in schedule if session.maintenance)
    if not maintenance:
        return protocol.describe()
    return (f"{protocol.describe()}, then {maintenance} maintenance: {len(schedule)} sessions "
            "in all")


def _trip_texts(trips: Sequence[Trip]) -> dict[int, str]:
    """By session: "Trip 2: 17 nights, sessions 2–3" on a trip's first session, "Trip 2,
    same stay" on the others."""
    texts = {}
    for number, trip in enumerate(trips, start=1):
        first, *rest = trip.sessions
        nights = f"{trip.nights} night" + ("" if trip.nights == 1 else "s")
        which = f", sessions {first}–{rest[-1]}" if rest else ""
        texts[first] = f"Trip {number}: {nights}{which}"
        for session in rest:
            texts[session] = f"Trip {number}, same stay"
    return texts


def quote_trips(quote: Quote, where: str) -> tuple[tuple[Trip, ...] | None, str]:
    """A quote's trips for the Schedule and the line that explains them (`where`: the
    destination as a reader knows it)."""
    travel = quote.travel
    if travel is not None:
        return travel.trips, (f"Sessions that fit in one stay share a trip: {len(travel.trips)} "
                              f"trips, {travel.nights} nights in all, to {where}.")
    if not quote.request.include_travel:
        return None, "Travel is left out of this quote."
    return None, (f"No travel costs are entered for {where}, so no sessions are grouped "
                  "into trips.")


def comparison_trips(rows: Sequence[ComparisonRow], labels: Sequence[str]
                     ) -> tuple[tuple[Trip, ...] | None, str]:
    """The trips a comparison's Schedule shows: the grouping every destination with travel
    costs shares, if they share one; else None and the line that says why."""
    travelling = [(row, label) for row, label in zip(rows, labels, strict=True)
                  if row.quote.travel is not None]
    groupings = {row.quote.travel.trips for row, _ in travelling if row.quote.travel}
    if len(groupings) == 1:
        names = [label for _, label in travelling]
        shown = (names[0] if len(names) == 1
                 else f"all {len(names)} destinations with travel costs")
        return next(iter(groupings)), (
            f"Sessions that fit in one stay share a trip: trips as grouped for {shown}.")
    if groupings:
        return None, ("Each destination groups sessions into trips by its own travel costs: "
                      "see Trips on the Summary.")
    if rows and not rows[0].quote.request.include_travel:
        return None, "Travel is left out of this comparison."
    return None, "No destination has travel costs entered, so no sessions are grouped into trips."


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
    rates = list(rates)
    if not rates:
        row = header + 1
        put_text(sheet.cell(row, 1), "None needed: every figure is already in the currency "
                                     "it is shown in.", "note")
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
    # Across the table, not wrapped inside the narrow Pair column.
    sheet.merge_cells(start_row=row + 2, start_column=1, end_row=row + 2,
                      end_column=len(RATES_COLUMNS))
    sheet.row_dimensions[row + 2].height = 30
    set_widths(sheet, (12, 14, 12, 10, 8, 60))
    freeze_below(sheet, header)
    print_setup(sheet, locale, header)


def distinct_rates(rates: Iterable[RateQuote]) -> list[RateQuote]:
    """Each pair once, in first-use order (identity rates included: they are used too)."""
    seen: dict[str, RateQuote] = {}
    for rate in rates:
        seen.setdefault(rate.pair, rate)
    return list(seen.values())
