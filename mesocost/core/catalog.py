"""Per-session price entries by destination, and their validation.

An entry is what one source says one destination (optionally one city or clinic)
charges per session. The bundled catalog holds only the seed article's figures; a
user's catalog extends or overrides it by destination + clinic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.dates import check_day, read_day
from mesocost.core.errors import InputError, shown
from mesocost.core.geo import check_country
from mesocost.core.i18n import _
from mesocost.core.money import ZERO, Money, check_amount, check_currency
from mesocost.core.travel import TravelCosts, parse_travel

# The seed's worldwide band: "$45–$500 per session, depending on the country and clinic".
WORLDWIDE_BAND_USD = (Decimal(45), Decimal(500))

_TEXT_FIELDS = ("city", "clinic", "includes", "source", "notes")
_KNOWN_FIELDS = frozenset(
    {"destination", "currency", "low", "high", "as_of", "travel", *_TEXT_FIELDS}
)


class PriceEntry(NamedTuple):
    """One destination's per-session price range, in the currency it is quoted in."""

    destination: str
    currency: str
    per_session_low: Decimal
    per_session_high: Decimal
    city: str = ""
    clinic: str = ""
    includes: str = ""
    source: str = ""
    as_of: date | None = None
    notes: str = ""
    travel: TravelCosts | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What makes an entry unique: destination + clinic (case-insensitive)."""
        return (self.destination, self.clinic.strip().casefold())

    @property
    def label(self) -> str:
        """Short human label: "GB", "TR · Istanbul · Clinic A"."""
        return " · ".join(part for part in (self.destination, self.city, self.clinic) if part)

    @property
    def low(self) -> Money:
        return Money._trusted(self.per_session_low, self.currency)

    @property
    def high(self) -> Money:
        return Money._trusted(self.per_session_high, self.currency)


def parse_entry(raw: Mapping[str, object], *where: str) -> PriceEntry:
    """Validate one catalog entry given as a mapping (from TOML, CSV or a form).

    Raises:
        InputError: naming `where` and the field at fault.
    """
    unknown = sorted(str(key) for key in set(raw) - _KNOWN_FIELDS)
    if unknown:
        raise InputError(
            _("unknown field (expected one of {fields})").format(
                fields=", ".join(sorted(_KNOWN_FIELDS))), *where, shown(unknown[0]),
        )
    for required in ("destination", "currency", "low", "high"):
        if raw.get(required) in (None, ""):
            raise InputError(_("is required"), *where, required)
    destination = check_country(raw["destination"], *where, "destination")
    currency = check_currency(raw["currency"], *where, "currency")
    low = _price(raw["low"], *where, "low")
    high = _price(raw["high"], *where, "high")
    if low > high:
        raise InputError(_("low ({low}) is above high ({high})").format(low=low, high=high),
                         *where, "low")
    texts = {name: _text(raw.get(name, ""), *where, name) for name in _TEXT_FIELDS}
    travel = None
    if raw.get("travel") is not None:
        travel = parse_travel(raw["travel"], currency, *where, "travel")
    return PriceEntry(
        destination=destination, currency=currency, per_session_low=low, per_session_high=high,
        as_of=_as_of(raw.get("as_of"), *where, "as_of"), travel=travel, **texts,
    )


def _price(value: object, *where: str) -> Decimal:
    if isinstance(value, float):
        # TOML floats are binary; read their shortest text form, which is what was typed.
        value = repr(value)
    number = check_amount(value, *where)
    if number <= ZERO:
        raise InputError(_("must be above zero, got {value}").format(value=number), *where)
    return number


def _text(value: object, *where: str) -> str:
    if not isinstance(value, str):
        raise InputError(_("must be text, got {value!r}").format(value=value), *where)
    return value.strip()


def _as_of(value: object, *where: str) -> date | None:
    """A TOML date (a date-time gives its day) or YYYY-MM-DD text, in core.dates' range."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = value if isinstance(value, date) else read_day(value)
    if day is None:
        raise InputError(_("not a date ({form}): {value!r}").format(form="YYYY-MM-DD",
                                                                    value=value), *where)
    return check_day(day, *where)


def build_catalog(entries: Iterable[PriceEntry], *where: str) -> tuple[PriceEntry, ...]:
    """Check there are no two entries for the same destination + clinic."""
    seen: dict[tuple[str, str], int] = {}
    result = []
    for index, entry in enumerate(entries, start=1):
        if entry.key in seen:
            raise InputError(
                _("duplicate of entry {number} (same destination and clinic)").format(
                    number=seen[entry.key]),
                *where, f"entry {index} ({entry.label})",
            )
        seen[entry.key] = index
        result.append(entry)
    return tuple(result)


def merge_catalogs(
    base: Iterable[PriceEntry], overrides: Iterable[PriceEntry]
) -> tuple[PriceEntry, ...]:
    """Entries of `overrides` replace same-key entries of `base` in place; new ones append."""
    merged = {entry.key: entry for entry in base}
    for entry in overrides:
        merged[entry.key] = entry
    return tuple(merged.values())
