"""The sheets both workbooks carry: Schedule and Rates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl.styles import Alignment
from openpyxl.workbook import Workbook

from mesocost.core.comparison import ComparisonRow
from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.engine import Quote
from mesocost.core.i18n import ENGLISH, N_, Language, worded
from mesocost.core.protocol import Protocol, Session
from mesocost.core.travel import Trip
from mesocost.export.cells import INVARIANT, Formats, put_date, put_text
from mesocost.export.layout import Fit, merged_note, print_area, width_of
from mesocost.export.workbook import (
    freeze_below,
    header_row,
    new_sheet,
    print_setup,
    set_widths,
    translated,
)
from mesocost.present import course_text

SCHEDULE_COLUMNS = (N_("Session"), N_("Date"), N_("Phase"), N_("Milestone"),
                    N_("Aftercare reminders"))
# With travel: which trip (and stay) each session belongs to, after the phase.
SCHEDULE_TRIP_COLUMNS = (N_("Session"), N_("Date"), N_("Phase"), N_("Trip"), N_("Milestone"),
                         N_("Aftercare reminders"))
SCHEDULE_HEADER_ROW = 4
_CENTER = Alignment(horizontal="center", vertical="top")
RATES_COLUMNS = (N_("Pair"), N_("Rate"), N_("Rate date"), N_("Source"), N_("Stale"),
                 N_("Notes"))
# Widths the Schedule's text columns wrap at (the aftercare: one reminder a line), by the
# column's English title.
_SCHEDULE_WRAP = {"Trip": 30, "Milestone": 30, "Aftercare reminders": 90}


def add_schedule_sheet(workbook: Workbook, protocol: Protocol,
                       schedule: tuple[Session, ...], locale: str, *,
                       trips: Sequence[Trip] | None = None, trips_note: str = "",
                       language: Language = ENGLISH, formats: Formats = INVARIANT) -> None:
    """Session number, real date, phase, the trip it belongs to (with `trips`, e.g. a
    quote's `Quote.travel.trips`), milestone and the seed's aftercare reminders, one a line.

    `trips_note` says how sessions were grouped into trips, or why they were not.
    """
    sheet = new_sheet(workbook, "Schedule", language)
    put_text(sheet.cell(1, 1), language.gettext("Treatment schedule — {protocol}").format(
        protocol=language.isolate(language.gettext(protocol.title))), "title")
    put_text(sheet.cell(2, 1), schedule_subtitle(protocol, schedule, language))
    if trips_note:
        put_text(sheet.cell(3, 1), trips_note, "note")
    header = SCHEDULE_HEADER_ROW
    english = SCHEDULE_TRIP_COLUMNS if trips else SCHEDULE_COLUMNS
    titles = translated(english, language)
    header_row(sheet, header, titles)
    wrap = {column: _SCHEDULE_WRAP[title] for column, title in enumerate(english, start=1)
            if title in _SCHEDULE_WRAP}
    fit = Fit(wrap_max=wrap, minimum={column: width_of(title, bold=True)
                                      for column, title in enumerate(titles, start=1)})
    # Labels from the protocol file: translated where a catalogue has them.
    milestones = {m.session: language.gettext(m.label) if m.label else ""
                  for m in protocol.milestones}
    trip_texts = _trip_texts(trips, language) if trips else {}
    for row, session in enumerate(schedule, start=header + 1):
        values = [milestones.get(session.number, ""),
                  "\n".join(language.gettext(line) for line in session.aftercare if line)]
        if trips:
            values.insert(0, trip_texts.get(session.number, ""))
        number = sheet.cell(row, 1, session.number)
        number.style = "count"
        number.alignment = _CENTER  # apart from the date beside it
        fit.cell(row, 1, str(session.number))
        put_date(sheet.cell(row, 2), session.day)
        fit.cell(row, 2, formats.date_text(session.day))
        put_text(sheet.cell(row, 3), phase_name(session, language))
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


def phase_name(session: Session, language: Language = ENGLISH) -> str:
    """A session's phase: the protocol's own name (data), or "maintenance" in `language`
    for the maintenance the app adds."""
    if session.maintenance:
        return language.pgettext("phase", "maintenance")
    return language.pgettext("phase", session.phase)  # a protocol file's: as written


def schedule_subtitle(protocol: Protocol, schedule: Sequence[Session],
                      language: Language = ENGLISH) -> str:
    """"4 every 15 days, then 4 monthly (8 sessions), then 4 maintenance: 12 sessions in
    all" — the count the table below lists."""
    maintenance = sum(1 for session in schedule if session.maintenance)
    course = course_text(protocol, language)
    if not maintenance:
        return course
    return language.ngettext("{course}, then {maintenance} maintenance: {count} session in all",
                             "{course}, then {maintenance} maintenance: {count} sessions in "
                             "all", len(schedule)).format(
        course=course, maintenance=language.isolate(maintenance),
        count=language.isolate(len(schedule)))


def _trip_texts(trips: Sequence[Trip], language: Language) -> dict[int, str]:
    """By session: "Trip 2: 17 nights, sessions 2–3" on a trip's first session, "Trip 2,
    same stay" on the others."""
    texts = {}
    for number, trip in enumerate(trips, start=1):
        first, *rest = trip.sessions
        values = {"number": language.isolate(number), "count": language.isolate(trip.nights),
                  "first": language.isolate(first),
                  "last": language.isolate(rest[-1] if rest else first)}
        if rest:
            texts[first] = language.ngettext(
                "Trip {number}: {count} night, sessions {first}–{last}",
                "Trip {number}: {count} nights, sessions {first}–{last}",
                trip.nights).format(**values)
        else:
            texts[first] = language.ngettext("Trip {number}: {count} night",
                                             "Trip {number}: {count} nights",
                                             trip.nights).format(**values)
        for session in rest:
            texts[session] = language.gettext("Trip {number}, same stay").format(**values)
    return texts


def quote_trips(quote: Quote, where: str, language: Language = ENGLISH
                ) -> tuple[tuple[Trip, ...] | None, str]:
    """A quote's trips for the Schedule and the line that explains them (`where`: the
    destination as a reader knows it)."""
    travel = quote.travel
    if travel is not None:
        trips = language.ngettext("{count} trip", "{count} trips", len(travel.trips)).format(
            count=language.isolate(len(travel.trips)))
        nights = language.ngettext("{count} night", "{count} nights", travel.nights).format(
            count=language.isolate(travel.nights))
        return travel.trips, language.gettext(
            "Sessions that fit in one stay share a trip: {trips}, {nights} in all, to "
            "{where}.").format(trips=trips, nights=nights, where=language.isolate(where))
    if not quote.request.include_travel:
        return None, language.gettext("Travel is left out of this quote.")
    return None, language.gettext("No travel costs are entered for {where}, so no sessions "
                                  "are grouped into trips.").format(
        where=language.isolate(where))


def comparison_trips(rows: Sequence[ComparisonRow], labels: Sequence[str],
                     language: Language = ENGLISH) -> tuple[tuple[Trip, ...] | None, str]:
    """The trips a comparison's Schedule shows: the grouping every destination with travel
    costs shares, if they share one; else None and the line that says why."""
    travelling = [(row, label) for row, label in zip(rows, labels, strict=True)
                  if row.quote.travel is not None]
    groupings = {row.quote.travel.trips for row, _label in travelling if row.quote.travel}
    if len(groupings) == 1:
        names = [label for _row, label in travelling]
        if len(names) == 1:
            text = language.gettext("Sessions that fit in one stay share a trip: trips as "
                                    "grouped for {where}.").format(
                where=language.isolate(names[0]))
        else:
            text = language.ngettext(
                "Sessions that fit in one stay share a trip: trips as grouped for the "
                "{count} destination with travel costs.",
                "Sessions that fit in one stay share a trip: trips as grouped for all "
                "{count} destinations with travel costs.",
                len(names)).format(count=language.isolate(len(names)))
        return next(iter(groupings)), text
    if groupings:
        return None, language.gettext("Each destination groups sessions into trips by its "
                                      "own travel costs: see Trips on the Summary.")
    if rows and not rows[0].quote.request.include_travel:
        return None, language.gettext("Travel is left out of this comparison.")
    return None, language.gettext("No destination has travel costs entered, so no sessions "
                                  "are grouped into trips.")


def add_rates_sheet(workbook: Workbook, rates: Iterable[RateQuote], locale: str, *,
                    language: Language = ENGLISH) -> None:
    """Every rate a converted figure used, with its date, source and staleness."""
    sheet = new_sheet(workbook, "Rates", language)
    caveat = language.gettext(ECB_CAVEAT)
    put_text(sheet.cell(1, 1), language.gettext("Exchange rates used"), "title")
    put_text(sheet.cell(2, 1), caveat, "note")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(RATES_COLUMNS))
    sheet.row_dimensions[2].height = 30
    header = 4
    header_row(sheet, header, translated(RATES_COLUMNS, language))
    row = header
    rates = list(rates)
    if not rates:
        row = header + 1
        put_text(sheet.cell(row, 1), language.gettext(
            "None needed: every figure is already in the currency it is shown in."), "note")
        # Across the table: the Pair column alone clips the sentence.
        sheet.merge_cells(start_row=row, start_column=1, end_row=row,
                          end_column=len(RATES_COLUMNS))
    stale = {True: language.pgettext("rate is stale", "yes"),
             False: language.pgettext("rate is stale", "no")}
    for row, rate in enumerate(rates, start=header + 1):
        put_text(sheet.cell(row, 1), rate.pair)
        rate_cell = sheet.cell(row, 2, rate.rate)
        rate_cell.style = "rate"
        put_date(sheet.cell(row, 3), rate.rate_date)
        put_text(sheet.cell(row, 4), rate.source)
        put_text(sheet.cell(row, 5), stale[bool(rate.stale)])
        put_text(sheet.cell(row, 6), "; ".join(worded(warning, language)
                                               for warning in rate.warnings), "wrap")
    put_text(sheet.cell(row + 2, 1), language.gettext(
        "1 unit of the first currency buys RATE units of the second. {caveat}").format(
        caveat=caveat), "note")
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
