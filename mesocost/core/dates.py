"""The days mesocost accepts: written YYYY-MM-DD, from 1999-01-01 to 2099-12-31.

Every date that enters (a first session, a quote date, a rates date, a price's `as_of`,
the day of a live or cached rate) is one of these, so whatever is computed from it stays
inside what Python and spreadsheets can show:

- the longest schedule (200 sessions 24 months apart, then 120 months of maintenance)
  spans about 410 years, and a quote is valid for at most 3,650 days: from 2099-12-31
  that ends around 2510, far from Python's year 9999 (and Excel's last date, 9999-12-31);
- Excel and LibreOffice show dates from 1900 on; 1999 starts the euro and the ECB
  reference rates mesocost ships, and nothing it prices is older.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from mesocost.core.errors import InputError
from mesocost.core.i18n import _

EARLIEST_DAY = date(1999, 1, 1)
LATEST_DAY = date(2099, 12, 31)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_day(day: object, *where: str) -> date:
    """Return `day` (the date of a datetime) if it is a date from EARLIEST_DAY to LATEST_DAY.

    Raises:
        InputError: for anything else, naming `where`.
    """
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        raise InputError(_("not a date: {value!r}").format(value=day), *where)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InputError(_("{day} is outside the dates mesocost accepts ({earliest} to "
                           "{latest})").format(day=day.isoformat(),
                                               earliest=EARLIEST_DAY.isoformat(),
                                               latest=LATEST_DAY.isoformat()), *where)
    return day


def read_day(text: object) -> date | None:
    """The day `text` writes as YYYY-MM-DD (nothing else ISO 8601 allows), else None."""
    if isinstance(text, str) and _ISO_DAY.fullmatch(text.strip()):
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            return None
    return None


def parse_day(text: object, *where: str) -> date:
    """A day written YYYY-MM-DD, checked by `check_day`.

    Raises:
        InputError: for text that is not such a real day, or a day out of range.
    """
    day = read_day(text)
    if day is None:
        raise InputError(_("not a real date in {form} form: {value!r}").format(
            form="YYYY-MM-DD", value=text), *where)
    return check_day(day, *where)
