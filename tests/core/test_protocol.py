from datetime import date

import pytest

from mesocost.core.errors import InputError
from mesocost.core.protocol import (
    AFTERCARE,
    Phase,
    Protocol,
    add_months,
    build_schedule,
    parse_protocol,
    with_session_count,
)
from mesocost.storage.tomlfiles import find_protocol

STANDARD = find_protocol("standard")


def test_bundled_standard_protocol_is_the_seeds():
    assert [(p.sessions, p.every_days, p.every_months) for p in STANDARD.phases] == [
        (4, 15, 0), (4, 0, 1)]
    assert STANDARD.course_sessions == 8
    assert [m.session for m in STANDARD.milestones] == [3, 6]


def test_schedule_from_31_january_2027():
    sessions = build_schedule(STANDARD, date(2027, 1, 31))
    assert [s.day.isoformat() for s in sessions] == [
        "2027-01-31", "2027-02-15", "2027-03-02", "2027-03-17",   # every 15 days
        "2027-04-17", "2027-05-17", "2027-06-17", "2027-07-17",   # a calendar month apart
    ]
    assert [s.phase for s in sessions] == ["initial"] * 4 + ["monthly"] * 4
    assert all(s.aftercare == AFTERCARE for s in sessions)


def test_month_steps_keep_the_day_and_clamp_without_drifting():
    monthly = Protocol("m", "monthly", (Phase("monthly", 5, every_months=1),))
    days = [s.day.isoformat() for s in build_schedule(monthly, date(2027, 1, 31))]
    assert days == ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]
    leap = [s.day.isoformat() for s in build_schedule(monthly, date(2028, 1, 30))]
    assert leap[1] == "2028-02-29"


def test_add_months_crosses_years():
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2027, 12, 31), 1) == date(2028, 1, 31)


def test_maintenance_follows_the_course_quarterly():
    sessions = build_schedule(STANDARD, date(2027, 1, 31), maintenance_months=12)
    maintenance = [s for s in sessions if s.maintenance]
    assert len(sessions) == 12
    assert [s.day.isoformat() for s in maintenance] == [
        "2027-10-17", "2028-01-17", "2028-04-17", "2028-07-17"]


def test_session_override_makes_a_simple_protocol():
    three = with_session_count(STANDARD, 3)
    assert three.course_sessions == 3
    assert [m.session for m in three.milestones] == [3]
    with pytest.raises(InputError, match="between 1 and 200"):
        with_session_count(STANDARD, 0)


@pytest.mark.parametrize(("raw", "message"), [
    ({}, "phases: needs at least one"),
    ({"phases": [{"sessions": 4}]}, "exactly one of every_days or every_months"),
    ({"phases": [{"sessions": 0, "every_days": 7}]}, "sessions: must be between 1"),
    ({"phases": [{"sessions": "4", "every_days": 7}]}, "sessions: must be a whole number"),
    ({"phases": [{"sessions": 4, "every_days": 7}], "milestones": [{"session": 9}]},
     "milestone 1: session: must be between 1 and 4"),
])
def test_bad_protocols_are_explained(raw, message):
    with pytest.raises(InputError, match=message):
        parse_protocol("mine", raw, "protocol mine")
