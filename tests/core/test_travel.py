from datetime import date, timedelta

from mesocost.core.travel import group_into_trips

START = date(2027, 1, 1)


def days(*offsets):
    return [START + timedelta(days=o) for o in offsets]


def test_every_session_is_a_trip_without_a_long_stay():
    trips = group_into_trips(days(0, 15, 30), nights_per_trip=2, max_stay_days=0)
    assert [t.sessions for t in trips] == [(1,), (2,), (3,)]
    assert sum(t.nights for t in trips) == 6


def test_sessions_that_fit_one_stay_share_a_trip():
    # 0 and 15 fit a 20-day stay (15 days + 2 nights = 17); 30 does not (32 > 20).
    trips = group_into_trips(days(0, 15, 30, 45), nights_per_trip=2, max_stay_days=20)
    assert [t.sessions for t in trips] == [(1, 2), (3, 4)]
    assert [t.nights for t in trips] == [17, 17]


def test_a_long_stay_covers_the_whole_course():
    trips = group_into_trips(days(0, 15, 30, 45), nights_per_trip=1, max_stay_days=60)
    assert len(trips) == 1
    assert trips[0].nights == 46
    assert group_into_trips([], 1, 10) == ()
