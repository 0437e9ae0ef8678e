"""The treatment schedule as an RFC 5545 calendar file (.ics) a calendar app imports.

One all-day event per session: a schedule knows the day of each session, never the
hour, which the clinic sets when booking. Each event carries the session's phase, the
quote's reference, the aftercare reminders and an alarm ahead of the day.

Everything a person reads in it (summaries, descriptions, the alarm, the aftercare) is in
the document language asked for (`language`, English by default); the calendar's name,
the clinic, the place and the phase names are data, printed as given.

Every event's UID is derived from the quote reference (or the title and first day) and
the session number, so importing a re-exported schedule moves the same events instead
of adding a second copy of the course.

icalendar is imported only when a calendar is built: importing this module stays cheap
for the command line and the window.

Public API:
    schedule_calendar(sessions, *, title, ..., language=ENGLISH) -> bytes
    write_schedule_ics(path, sessions, *, force=False, ..., language=ENGLISH) -> None
    write_quote_calendar(path, number, details, quote, locale, *, force=False,
                         language=ENGLISH) -> None
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from mesocost.core.i18n import ENGLISH, Language
from mesocost.core.protocol import Session
from mesocost.core.text import terminal_text
from mesocost.present import day_text
from mesocost.storage.atomic import StrPath, write_bytes_atomic

PRODID = "-//mesocost//Quote schedule//EN"
UID_DOMAIN = "mesocost"


def schedule_calendar(sessions: Sequence[Session], *, title: str, clinic: str = "",
                      location: str = "", reference: str = "", reminder_hours: int = 24,
                      session_minutes: int = 60, stamp: datetime | None = None,
                      language: Language = ENGLISH) -> bytes:
    """The sessions as a VCALENDAR (METHOD:PUBLISH), encoded as UTF-8 with CRLF lines.

    Args:
        sessions: from `build_schedule`, in order.
        title: the calendar's name (X-WR-CALNAME), e.g. the protocol's title.
        clinic: shown in every event's summary when given.
        location: the event's LOCATION (e.g. "Istanbul, Türkiye") when given.
        reference: the quote's reference; also what keeps the UIDs stable.
        reminder_hours: the alarm fires this many hours before the day begins.
        session_minutes: how long a session takes, said in the description.
        stamp: DTSTAMP, timezone-aware (default: now); pinned by tests.
        language: what the events say is in this language (dates in its locale).

    Raises:
        ValueError: a negative reminder or session length, or a naive `stamp`.
    """
    from icalendar import Calendar

    if reminder_hours < 0 or session_minutes < 0:
        raise ValueError("reminder_hours and session_minutes must not be negative")
    title = _line(title)
    details = _Details(_line(clinic), _line(location), _line(reference), reminder_hours,
                       session_minutes, language)
    calendar = Calendar()
    for name, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                        ("method", "PUBLISH"), ("x-wr-calname", title)):
        calendar.add(name, value)
    key, stamp = _uid_key(sessions, title, details.reference), _utc(stamp)
    for session in sessions:
        calendar.add_component(_event(session, len(sessions), _uid(key, session.number),
                                      stamp, details))
    return calendar.to_ical()


def write_schedule_ics(path: StrPath, sessions: Sequence[Session], *, force: bool = False,
                       **options) -> None:
    """Write `schedule_calendar(sessions, **options)` to `path`, atomically.

    Raises:
        ExportError: one line (ReadOnlyFile for a read-only file without `force`).
    """
    write_bytes_atomic(path, schedule_calendar(sessions, **options), force=force)


class _Details(NamedTuple):
    """What every event of one calendar shares, cleaned."""

    clinic: str
    location: str
    reference: str
    reminder_hours: int
    session_minutes: int
    language: Language


def _utc(stamp: datetime | None) -> datetime:
    if stamp is None:
        return datetime.now(UTC).replace(microsecond=0)
    if stamp.tzinfo is None:
        # A naive time would be read as local time and shift the stamp by the UTC offset.
        raise ValueError("stamp must be timezone-aware")
    return stamp.astimezone(UTC)


def _line(text: str) -> str:
    # RFC 5545 text may not hold control characters, and UTF-8 cannot hold lone
    # surrogates (undecodable file names and arguments): both go; icalendar escapes the rest.
    return terminal_text(text).strip()


def _uid_key(sessions: Sequence[Session], title: str, reference: str) -> str:
    """What names this course across exports: the reference, else title and first day."""
    if reference:
        return f"reference:{reference}"
    first = sessions[0].day.isoformat() if sessions else ""
    return f"schedule:{title}:{first}"


def _uid(key: str, number: int) -> str:
    # Hashed: a reference or title may hold any character, a UID is best kept plain ASCII.
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return f"{digest}-session-{number}@{UID_DOMAIN}"


def _summary(session: Session, total: int, details: _Details) -> str:
    language = details.language
    number, count = language.isolate(session.number), language.isolate(total)
    summary = (language.gettext("Hair mesotherapy maintenance session {number} of {total}")
               if session.maintenance
               else language.gettext("Hair mesotherapy session {number} of {total}")
               ).format(number=number, total=count)
    if not details.clinic:
        return summary
    # TRANSLATORS: a calendar event's title, then the clinic's name.
    return language.gettext("{summary} — {clinic}").format(
        summary=summary, clinic=language.isolate(details.clinic))


def _description(session: Session, details: _Details) -> str:
    language = details.language
    # The protocol file's phase names are data; the maintenance phase is mesocost's own.
    phase = (language.pgettext("phase", "maintenance") if session.maintenance
             else language.isolate(_line(language.pgettext("phase", session.phase))))
    lines = [language.gettext("Phase: {phase}").format(phase=phase)]
    if details.reference:
        lines.append(language.gettext("Quote reference: {reference}").format(
            reference=language.isolate(details.reference)))
    if details.session_minutes:
        lines.append(language.ngettext(
            "About {count} minute; the clinic sets the hour.",
            "About {count} minutes; the clinic sets the hour.",
            details.session_minutes).format(count=language.isolate(details.session_minutes)))
    lines += ["", language.gettext("After the session:")]
    lines += [f"- {_line(language.gettext(reminder))}" for reminder in session.aftercare]
    return "\n".join(lines)


def _event(session: Session, total: int, uid: str, stamp: datetime, details: _Details):
    from icalendar import Event

    summary = _summary(session, total, details)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", session.day)  # a date: VALUE=DATE, an all-day event
    event.add("dtend", session.day + timedelta(days=1))  # DTEND of a day is exclusive
    event.add("summary", summary)
    if details.location:
        event.add("location", details.location)
    event.add("description", _description(session, details))
    # All day only because the hour is unknown: the day itself is not blocked as busy.
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(summary, session.day, details))
    return event


def _alarm(summary: str, day: date, details: _Details):
    from icalendar import Alarm

    language = details.language
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(hours=-details.reminder_hours))  # relative to DTSTART
    alarm.add("description", language.gettext("{summary} on {day}").format(
        summary=summary, day=language.isolate(day_text(day, language))))
    return alarm


def write_quote_calendar(path, number: str, details, quote, locale: str, *,
                         force: bool = False, language: Language = ENGLISH) -> None:
    """A saved quote's sessions as a calendar: the seller (else the catalog's clinic),
    the place, the quote's number on every event and the aftercare, in `language`
    (dates in `locale`, the document's)."""
    from mesocost.core.geo import country_name

    entry, profile = quote.request.entry, details.profile
    clinic = profile.name if profile is not None and profile.name else entry.clinic
    place = ", ".join(part for part in (entry.clinic, entry.city,
                                        country_name(entry.destination, locale)) if part)
    title = language.gettext(quote.request.protocol.title)  # the bundled one's translated
    write_schedule_ics(path, quote.schedule, title=f"{title} · {number}",
                       clinic=clinic, location=place, reference=number, force=force,
                       language=language._replace(locale=locale))
