"""Travel per trip, and grouping a dated schedule into trips.

Sessions whose dates fit in one stay share a trip: a patient flying to Istanbul for
sessions fifteen days apart either stays (if the longest stay they can make allows it)
or flies twice. Travel is priced in its own currency (often the patient's), so it is
kept apart from the clinic's fees until both are converted into the display currency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.errors import InputError, shown
from mesocost.core.i18n import _
from mesocost.core.money import ZERO, check_amount, check_currency

_FIELDS = frozenset({"currency", "per_trip", "nights_per_trip", "per_night", "max_stay_days"})


class TravelCosts(NamedTuple):
    """What one trip to a destination costs.

    Attributes:
        currency: currency of both prices.
        per_trip: return travel for one trip.
        nights_per_trip: nights a trip for a single session needs.
        per_night: accommodation price per night.
        max_stay_days: the longest stay the person can make; sessions closer together
            than this (plus the nights a session needs) share one trip.
    """

    currency: str
    per_trip: Decimal
    nights_per_trip: int = 1
    per_night: Decimal = ZERO
    max_stay_days: int = 0


class Trip(NamedTuple):
    """One journey: the session numbers it covers and the nights it needs."""

    first_day: date
    sessions: tuple[int, ...]
    nights: int


def parse_travel(raw: object, default_currency: str, *where: str) -> TravelCosts:
    """Validate a travel table (from a catalog file or a form).

    Raises:
        InputError: naming `where` and the field at fault.
    """
    if not isinstance(raw, Mapping):
        raise InputError(_("must be a table of travel costs"), *where)
    unknown = sorted(str(key) for key in set(raw) - _FIELDS)
    if unknown:
        raise InputError(_("unknown field (expected one of {fields})").format(
            fields=", ".join(sorted(_FIELDS))), *where, shown(unknown[0]))
    currency = check_currency(raw.get("currency", default_currency), *where, "currency")
    per_trip = _non_negative(raw.get("per_trip", 0), *where, "per_trip")
    per_night = _non_negative(raw.get("per_night", 0), *where, "per_night")
    nights = _whole(raw.get("nights_per_trip", 1), 0, *where, "nights_per_trip")
    max_stay = _whole(raw.get("max_stay_days", 0), 0, *where, "max_stay_days")
    return TravelCosts(currency, per_trip, nights, per_night, max_stay)


def _non_negative(value: object, *where: str) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    number = check_amount(value, *where)
    if number < ZERO:
        raise InputError(_("must not be negative, got {value}").format(value=number), *where)
    return number


def _whole(value: object, minimum: int, *where: str) -> int:
    # An integer, as TOML writes one: not "2" (text), 2.0 (a float) or true (bool is an int).
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(_("must be a whole number, got {value!r}").format(value=value),
                         *where)
    number = value
    if number < minimum or number > 3660:
        raise InputError(_("must be between {low} and {high}, got {value}").format(
            low=minimum, high=3660, value=number), *where)
    return number


def group_into_trips(
    session_dates: Sequence[date], nights_per_trip: int, max_stay_days: int
) -> tuple[Trip, ...]:
    """Group dated sessions (in order) into trips.

    A trip starts at a session and takes in each following session as long as the stay
    (days from the trip's first session to this one, plus the nights a session needs)
    stays within `max_stay_days`. With `max_stay_days` 0 every session is its own trip.
    """
    trips: list[Trip] = []
    first_day: date | None = None
    members: list[int] = []
    last_day: date | None = None
    for number, day in enumerate(session_dates, start=1):
        if first_day is not None and (day - first_day).days + nights_per_trip <= max_stay_days:
            members.append(number)
            last_day = day
            continue
        if first_day is not None and last_day is not None:
            trips.append(_trip(first_day, last_day, members, nights_per_trip))
        first_day, last_day, members = day, day, [number]
    if first_day is not None and last_day is not None:
        trips.append(_trip(first_day, last_day, members, nights_per_trip))
    return tuple(trips)


def _trip(first_day: date, last_day: date, members: list[int], nights_per_trip: int) -> Trip:
    return Trip(first_day, tuple(members), (last_day - first_day).days + nights_per_trip)
