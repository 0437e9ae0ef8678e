"""The schedule as an .ics calendar: parsed back with icalendar, never against today's date."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from mesocost.core.protocol import AFTERCARE, build_schedule
from mesocost.export.calendar import PRODID, schedule_calendar, write_schedule_ics
from mesocost.storage.tomlfiles import find_protocol

# 31 January with monthly phases: the month-end clamping (28 Feb, 31 Mar...) must show.
START = date(2026, 1, 31)
STAMP = datetime(2026, 1, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def sessions():
    return build_schedule(find_protocol("standard"), START, 0)


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def make(sessions, **options) -> bytes:
    options.setdefault("title", "Standard")
    return schedule_calendar(sessions, stamp=STAMP, **options)


def test_one_all_day_event_per_session_on_the_schedule_days(sessions):
    parsed = events(make(sessions))
    assert len(parsed) == len(sessions) == 8
    assert [e.decoded("dtstart") for e in parsed] == [s.day for s in sessions]
    assert [e.decoded("dtend") for e in parsed] == [s.day + timedelta(days=1) for s in sessions]
    assert all(type(e.decoded("dtstart")) is date for e in parsed)  # no hour invented
    assert b"DTSTART;VALUE=DATE:20260131" in make(sessions)


def test_monthly_sessions_keep_the_day_and_clamp_to_the_month_end():
    protocol = find_protocol("standard")
    monthly = build_schedule(protocol._replace(phases=protocol.phases[1:]), START, 0)
    days = [e.decoded("dtstart") for e in events(make(monthly))]
    assert days == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_summary_names_the_session_and_the_clinic(sessions):
    third = events(make(sessions, clinic="Clinic Bosphorus"))[2]
    assert str(third["summary"]) == "Hair mesotherapy session 3 of 8 — Clinic Bosphorus"
    assert str(events(make(sessions))[2]["summary"]) == "Hair mesotherapy session 3 of 8"


def test_calendar_properties(sessions):
    calendar = icalendar.Calendar.from_ical(make(sessions, title="Standard: 8 sessions"))
    assert str(calendar["prodid"]) == PRODID
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["calscale"]) == "GREGORIAN"
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["x-wr-calname"]) == "Standard: 8 sessions"


def test_every_event_has_a_display_alarm_a_day_ahead(sessions):
    for event in events(make(sessions)):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") == timedelta(hours=-24)
        assert str(alarm["description"]).startswith("Hair mesotherapy session")


def test_reminder_hours_set_the_trigger(sessions):
    (alarm,) = events(make(sessions, reminder_hours=3))[0].walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(hours=-3)


def test_description_has_phase_reference_and_aftercare(sessions):
    description = str(events(make(sessions, reference="Q-20260102-TR-AL"))[0]["description"])
    assert "Phase: initial" in description
    assert "Quote reference: Q-20260102-TR-AL" in description
    assert "About 60 minutes" in description
    assert "After the session:" in description
    assert all(f"- {line}" in description for line in AFTERCARE)


def test_location_only_when_given(sessions):
    assert "location" not in events(make(sessions))[0]
    event = events(make(sessions, location="İstanbul, Türkiye"))[0]
    assert str(event["location"]) == "İstanbul, Türkiye"


def test_uids_are_unique_and_stable_across_exports(sessions):
    first = [str(e["uid"]) for e in events(make(sessions, reference="Q-1"))]
    again = schedule_calendar(sessions, title="Renamed", reference="Q-1",
                              stamp=datetime(2027, 5, 5, tzinfo=UTC))
    assert len(set(first)) == len(first)
    assert all(uid.endswith("@mesocost") and uid.isascii() for uid in first)
    # Same quote, a later export with another title: the same events get updated.
    assert [str(e["uid"]) for e in events(again)] == first


def test_uids_without_reference_follow_title_and_start(sessions):
    def uids(title, start):
        schedule = build_schedule(find_protocol("standard"), start, 0)
        return [str(e["uid"]) for e in events(make(schedule, title=title))]

    assert uids("Standard", START) == uids("Standard", START)
    assert uids("Standard", START) != uids("Standard", date(2026, 2, 1))
    assert uids("Standard", START) != uids("Other", START)
    assert uids("Standard", START) != [str(e["uid"]) for e in events(make(sessions,
                                                                         reference="Q-1"))]


def test_stamp_is_the_given_utc_time_and_output_is_deterministic(sessions):
    assert make(sessions) == make(sessions)
    assert all(e.decoded("dtstamp") == STAMP for e in events(make(sessions)))
    assert b"DTSTAMP:20260102T093000Z" in make(sessions)


def test_default_stamp_is_now_in_utc(sessions):
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = events(schedule_calendar(sessions, title="T"))[0].decoded("dtstamp")
    assert before <= stamp <= datetime.now(UTC)


def test_a_naive_stamp_is_refused(sessions):
    with pytest.raises(ValueError, match="timezone-aware"):
        schedule_calendar(sessions, title="T", stamp=datetime(2026, 1, 2))


def test_turkish_clinic_name_round_trips(sessions):
    clinic = "Şişli Saç Kliniği — İstanbul"
    data = make(sessions, clinic=clinic, title="Saç mezoterapisi")
    assert str(events(data)[0]["summary"]).endswith(f"— {clinic}")
    assert str(icalendar.Calendar.from_ical(data)["x-wr-calname"]) == "Saç mezoterapisi"
    data.decode("utf-8")  # the file is UTF-8 throughout


def test_long_lines_are_folded_and_special_characters_escaped(sessions):
    clinic = "Clinic; with, commas \\ and a very long name, Şişli 日本語 " * 3
    data = make(sessions, clinic=clinic)
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75  # octets, as RFC 5545 counts them
    assert all(line.decode("utf-8") for line in lines[:-1])  # never folded inside a character
    assert str(events(data)[0]["summary"]).endswith(clinic.strip())


def test_control_characters_and_escape_sequences_are_stripped(sessions):
    phased = tuple(s._replace(phase="init\x00ial\x1b[2J", aftercare=("No\x07 sauna.",))
                   for s in sessions)
    data = make(phased, clinic="Clinic\x1b]0;owned\x07 A\x7f", title="T\tab\nle",
                location="Is\x00tan\x0bbul", reference="Q-\x851")
    assert not any(byte < 0x20 and byte not in (0x0D, 0x0A) for byte in data)
    event = events(data)[0]
    assert str(event["summary"]).endswith("— Clinic A")
    assert str(event["location"]) == "Istan bul"  # a vertical tab is white space
    description = str(event["description"])
    assert "Phase: initial" in description
    assert "- No sauna." in description
    assert "Quote reference: Q-1" in description


def test_lone_surrogates_become_replacement_characters(sessions):
    data = make(sessions, clinic="Clinic \udcff", title="T\ud800")
    assert str(events(data)[0]["summary"]).endswith("— Clinic \ufffd")


def test_maintenance_sessions_say_so():
    schedule = build_schedule(find_protocol("standard"), START, 6)
    parsed = events(make(schedule))
    assert str(parsed[-1]["summary"]) == "Hair mesotherapy maintenance session 10 of 10"
    assert "Phase: maintenance" in str(parsed[-1]["description"])


def test_no_sessions_is_an_empty_calendar():
    assert events(make(())) == []


def test_negative_reminder_is_refused(sessions):
    with pytest.raises(ValueError, match="negative"):
        make(sessions, reminder_hours=-1)


def test_write_is_atomic_and_refuses_a_read_only_file_unless_forced(sessions, tmp_path):
    from mesocost.storage.atomic import ReadOnlyFile

    path = tmp_path / "course.ics"
    write_schedule_ics(path, sessions, title="Standard", stamp=STAMP)
    assert path.read_bytes() == make(sessions)
    path.chmod(0o444)
    with pytest.raises(ReadOnlyFile):
        write_schedule_ics(path, sessions, title="Other", stamp=STAMP)
    assert path.read_bytes() == make(sessions)  # untouched
    write_schedule_ics(path, sessions, title="Other", stamp=STAMP, force=True)
    assert str(icalendar.Calendar.from_ical(path.read_bytes())["x-wr-calname"]) == "Other"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_importing_the_module_loads_neither_icalendar_nor_openpyxl_nor_qt():
    code = ("import json, sys, mesocost.export.calendar\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    modules = json.loads(out)
    assert [m for m in ("icalendar", "openpyxl", "PySide6") if m in modules] == []
