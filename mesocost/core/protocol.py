"""Treatment protocols (phases of sessions at an interval) and dated schedules.

The seed's standard protocol: a session every 15 days for 4 sessions, then monthly for
4 more, then maintenance as needed. Month steps keep the phase's day of the month and
clamp to the month's end (31 Jan → 28 Feb → 31 Mar), without drifting.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from mesocost.core.dates import check_day
from mesocost.core.errors import InputError, shown
from mesocost.core.i18n import N_, _, ngettext
from mesocost.core.money import check_whole

MAX_SESSIONS = 200

# Aftercare reminders, from the seed article (section 4). Shown with every session.
# Marked with N_ (English here); whoever shows them translates them: _(line) in the
# window and the CLI, language.gettext(line) in a workbook, PDF or calendar.
AFTERCARE = (
    # TRANSLATORS: medical aftercare from the source article: keep the exact meaning,
    # durations and prohibitions; a wrong instruction can harm a patient.
    N_("Do not wash the hair for 24 hours (48 hours for oily hair)."),
    # TRANSLATORS: medical aftercare from the source article: keep the exact meaning,
    # durations and prohibitions; a wrong instruction can harm a patient.
    N_("No hair dryers, irons, styling products, sauna, steam bath, pool or sun for "
       "48 hours."),
    # TRANSLATORS: medical aftercare from the source article: keep the exact meaning,
    # durations and prohibitions; a wrong instruction can harm a patient.
    N_("No perms, dyes, straightening or curling for at least a week (ideally two)."),
    # TRANSLATORS: medical aftercare from the source article: keep the exact meaning,
    # durations and prohibitions; a wrong instruction can harm a patient.
    N_("Avoid wearing hats."),
    # TRANSLATORS: medical aftercare from the source article: keep the exact meaning,
    # durations and prohibitions; a wrong instruction can harm a patient.
    N_("No sport for 48–72 hours."),
)

# Who should avoid mesotherapy or ask a clinician first (seed section 3.1), and what the
# evidence says (sections 0, 5, 7). Quotes and exports print these beside the figures.
SUITABILITY_NOTES = (
    # TRANSLATORS: medical advice on who should not have the treatment, from the source
    # article: keep the exact meaning; leaving out a condition can harm a patient.
    N_("Not for pregnant women; smokers may not get satisfactory results."),
    # TRANSLATORS: medical advice on who should not have the treatment, from the source
    # article: keep the exact meaning and every condition and medicine named; leaving one
    # out can harm a patient.
    N_("Ask a clinician first if you take antidepressants, steroids, blood thinners or "
       "anti-inflammatories, or have high blood pressure, cardiovascular disease, diabetes, "
       "cancer, allergies, or skin, liver or kidney disease."),
    # TRANSLATORS: medical advice from the source article: keep the exact meaning.
    N_("Avoid coffee for a few hours before a session."),
)
# TRANSLATORS: what the medical evidence says, from the source article: keep the exact
# meaning (limited, not conclusive evidence; the first-line treatments named; decide with
# a clinician); do not make it sound more or less certain.
EVIDENCE_NOTE = N_(
    "Evidence for hair mesotherapy is limited and not conclusive; topical minoxidil and "
    "oral finasteride are first-line treatments. Decide with a clinician."
)


class Phase(NamedTuple):
    """`sessions` sessions, one every `every_days` days or `every_months` calendar months."""

    name: str
    sessions: int
    every_days: int = 0
    every_months: int = 0

    @property
    def interval_text(self) -> str:
        if self.every_months:
            return "monthly" if self.every_months == 1 else f"every {self.every_months} months"
        return f"every {self.every_days} days"


class Milestone(NamedTuple):
    """A session number worth a subtotal (e.g. "regrowth usually shows from here")."""

    session: int
    label: str


class Protocol(NamedTuple):
    """A course of treatment: phases in order, then optional maintenance."""

    name: str
    title: str
    phases: tuple[Phase, ...]
    maintenance_per_year: int = 0
    milestones: tuple[Milestone, ...] = ()
    source: str = ""

    @property
    def course_sessions(self) -> int:
        return sum(phase.sessions for phase in self.phases)

    def maintenance_sessions(self, months: int) -> int:
        """Maintenance sessions in `months` months after the course."""
        return self.maintenance_per_year * months // 12

    def describe(self) -> str:
        """One line: "4 every 15 days, then 4 monthly (8 sessions)"."""
        parts = [f"{phase.sessions} {phase.interval_text}" for phase in self.phases]
        return f"{', then '.join(parts)} ({self.course_sessions} sessions)"


class Session(NamedTuple):
    """One dated session of a schedule."""

    number: int
    day: date
    phase: str
    maintenance: bool = False
    aftercare: tuple[str, ...] = AFTERCARE


def add_months(anchor: date, months: int) -> date:
    """`anchor` plus whole calendar months, keeping its day, clamped to the month's end."""
    month_index = anchor.month - 1 + months
    year, month = anchor.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(anchor.day, last_day))


def _phase_dates(phase: Phase, anchor: date) -> list[date]:
    """Dates of a phase's sessions after `anchor` (the previous session)."""
    if phase.every_months:
        return [add_months(anchor, phase.every_months * k) for k in range(1, phase.sessions + 1)]
    step = timedelta(days=phase.every_days)
    return [anchor + step * k for k in range(1, phase.sessions + 1)]


@lru_cache(maxsize=256)
def build_schedule(protocol: Protocol, start: date, maintenance_months: int = 0
                   ) -> tuple[Session, ...]:
    """The dated sessions of `protocol` starting on `start`, then maintenance.

    The first session is on `start`; each later session is one interval of its own
    phase after the one before. Maintenance follows the course, evenly spread.

    Raises:
        InputError: for a start outside the days mesocost accepts (core.dates).
    """
    check_day(start, "start")
    sessions: list[Session] = []
    previous: date | None = None
    for phase in protocol.phases:
        if previous is None:
            days = [start, *_phase_dates(phase._replace(sessions=phase.sessions - 1), start)]
        else:
            days = _phase_dates(phase, previous)
        for day in days:
            sessions.append(Session(len(sessions) + 1, day, phase.name))
        previous = days[-1] if days else previous
    count = protocol.maintenance_sessions(maintenance_months)
    if count and previous is not None:
        maintenance = _maintenance_phase(protocol.maintenance_per_year, count)
        for day in _phase_dates(maintenance, previous):
            sessions.append(Session(len(sessions) + 1, day, maintenance.name, maintenance=True))
    return tuple(sessions)


def _maintenance_phase(per_year: int, count: int) -> Phase:
    if 12 % per_year == 0:
        return Phase("maintenance", count, every_months=12 // per_year)
    return Phase("maintenance", count, every_days=365 // per_year)


def with_session_count(protocol: Protocol, sessions: int) -> Protocol:
    """A simple one-phase protocol of `sessions` sessions at the protocol's first interval.

    Raises:
        InputError: for a count outside 1..MAX_SESSIONS.
    """
    check_session_count(sessions)
    first = protocol.phases[0]
    phase = Phase(f"{sessions} sessions", sessions, first.every_days, first.every_months)
    milestones = tuple(m for m in protocol.milestones if m.session <= sessions)
    return protocol._replace(name=f"{protocol.name}-{sessions}",
                   title=f"{sessions} sessions {first.interval_text}", phases=(phase,),
                   milestones=milestones)


def check_session_count(sessions: object, *where: str) -> int:
    """Return `sessions` if it is a whole number in 1..MAX_SESSIONS, else raise InputError."""
    if isinstance(sessions, bool) or not isinstance(sessions, int):
        raise InputError(_("session count must be a whole number, got {value!r}").format(
            value=sessions), *where)
    if not 1 <= sessions <= MAX_SESSIONS:
        raise InputError(_("session count must be between {low} and {high}, got {value}")
                         .format(low=1, high=MAX_SESSIONS, value=sessions), *where)
    return sessions


_PROTOCOL_FIELDS = frozenset({"title", "source", "phases", "maintenance_per_year",
                              "milestones"})
_PHASE_FIELDS = frozenset({"name", "sessions", "every_days", "every_months"})
_MILESTONE_FIELDS = frozenset({"session", "label"})


def parse_protocol(name: str, raw: Mapping[str, object], *where: str) -> Protocol:
    """Validate a protocol table (from protocols.toml or a user's file).

    Raises:
        InputError: naming `where` and the field at fault.
    """
    _known_fields(raw, _PROTOCOL_FIELDS, *where)
    phases_raw = raw.get("phases")
    if not isinstance(phases_raw, list) or not phases_raw:
        raise InputError(_("needs at least one [[phases]] entry"), *where, "phases")
    phases = tuple(_parse_phase(p, *where, f"phase {i}") for i, p in enumerate(phases_raw, 1))
    total = sum(phase.sessions for phase in phases)
    if total > MAX_SESSIONS:
        raise InputError(ngettext("{count} session is more than {most}",
                                  "{count} sessions is more than {most}", total).format(
            count=total, most=MAX_SESSIONS), *where, "phases")
    per_year = check_whole(raw.get("maintenance_per_year", 0), 0, 52, *where,
                           "maintenance_per_year")
    milestones_raw = raw.get("milestones", [])
    if not isinstance(milestones_raw, list):
        raise InputError(_("must be a list of [[milestones]] tables"), *where, "milestones")
    milestones = []
    for index, item in enumerate(milestones_raw, 1):
        if not isinstance(item, Mapping):
            raise InputError(_("must be a table with session and label"), *where,
                             f"milestone {index}")
        _known_fields(item, _MILESTONE_FIELDS, *where, f"milestone {index}")
        session = check_whole(item.get("session"), 1, total, *where, f"milestone {index}",
                              "session")
        label = _text(item.get("label", f"after session {session}"), *where,
                      f"milestone {index}", "label")
        milestones.append(Milestone(session, label))
    return Protocol(name=name, title=_text(raw.get("title", name), *where, "title"),
                    phases=phases, maintenance_per_year=per_year,
                    milestones=tuple(milestones),
                    source=_text(raw.get("source", ""), *where, "source"))


def _parse_phase(raw: object, *where: str) -> Phase:
    if not isinstance(raw, Mapping):
        raise InputError(_("must be a table"), *where)
    _known_fields(raw, _PHASE_FIELDS, *where)
    sessions = check_whole(raw.get("sessions"), 1, MAX_SESSIONS, *where, "sessions")
    days = check_whole(raw.get("every_days", 0), 0, 366, *where, "every_days")
    months = check_whole(raw.get("every_months", 0), 0, 24, *where, "every_months")
    if bool(days) == bool(months):
        raise InputError(_("give exactly one of every_days or every_months"), *where)
    name = _text(raw.get("name", f"{sessions} sessions"), *where, "name")
    return Phase(name, sessions, days, months)


def _known_fields(raw: Mapping[str, object], known: frozenset[str], *where: str) -> None:
    unknown = sorted(str(key) for key in set(raw) - known)
    if unknown:
        raise InputError(_("unknown field (expected one of {fields})").format(
            fields=", ".join(sorted(known))), *where, shown(unknown[0]))


def _text(value: object, *where: str) -> str:
    if not isinstance(value, str):
        raise InputError(_("must be text, got {value!r}").format(value=value), *where)
    return value
