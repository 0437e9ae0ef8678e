"""What the window asks for, turned into the engine's request and priced: no Qt here.

The desktop window keeps its inputs as a `CompareInputs`; `run_comparison` prices them
with the same engine, rate service and catalog the CLI uses, so the window's figures
are the CLI's (`mesocost compare --format json`) for the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.catalog import PriceEntry
from mesocost.core.comparison import AgainstHome, ComparisonRow, against_home, compare
from mesocost.core.conversion import RateLookup
from mesocost.core.engine import AddOn, QuoteRequest
from mesocost.core.errors import InputError, MesocostError
from mesocost.core.i18n import N_, _, ngettext
from mesocost.core.protocol import Phase, Protocol, check_session_count, with_session_count

PROTOCOL_SESSIONS = "sessions"  # a plain count of sessions at the standard's first interval
PROTOCOL_CUSTOM = "custom"      # phases typed by the user


class PhaseSpec(NamedTuple):
    """One custom phase as typed: `sessions` sessions every `every` days or months."""

    sessions: int
    every: int
    unit: str  # "days" or "months"


class CompareInputs(NamedTuple):
    """Everything the compare view lets a person choose."""

    currency: str
    locale: str
    start: date
    home_country: str | None = None
    protocol: str = "standard"           # a bundled name, PROTOCOL_SESSIONS or PROTOCOL_CUSTOM
    sessions: int = 8
    custom_phases: tuple[PhaseSpec, ...] = (PhaseSpec(4, 15, "days"), PhaseSpec(4, 1, "months"))
    maintenance_months: int = 0
    include_travel: bool = True
    add_ons: tuple[AddOn, ...] = ()
    discount_pct: Decimal = Decimal(0)
    tax_pct: Decimal = Decimal(0)
    tax_inclusive: bool = False


class ComparisonResult(NamedTuple):
    """A priced comparison and what the views need beside it."""

    inputs: CompareInputs
    template: QuoteRequest
    rows: tuple[ComparisonRow, ...]
    against: tuple[AgainstHome, ...]
    notices: tuple[str, ...] = ()

    @property
    def home(self) -> ComparisonRow | None:
        for row, versus in zip(self.rows, self.against, strict=True):
            if versus.is_home:
                return row
        return None


def custom_protocol(phases: Sequence[PhaseSpec], base: Protocol) -> Protocol:
    """A protocol of typed phases, keeping the base protocol's milestones that still fit.

    Raises:
        InputError: for a phase without sessions or interval, or too many sessions.
    """
    built = []
    for index, spec in enumerate(phases, start=1):
        where = f"phase {index}"
        check_session_count(spec.sessions, where, "sessions")
        if spec.unit not in ("days", "months"):
            raise InputError(_("interval unit must be days or months, got {value!r}").format(
                value=spec.unit), where)
        limit = 366 if spec.unit == "days" else 24
        if not 1 <= spec.every <= limit:
            text = (ngettext("interval must be between 1 and {count} day",
                             "interval must be between 1 and {count} days", limit)
                    if spec.unit == "days" else
                    ngettext("interval must be between 1 and {count} month",
                             "interval must be between 1 and {count} months", limit))
            raise InputError(text.format(count=limit), where)
        days, months = (spec.every, 0) if spec.unit == "days" else (0, spec.every)
        built.append(Phase(f"phase {index}", spec.sessions, days, months))
    if not built:
        raise InputError(_("a custom protocol needs at least one phase"))
    total = sum(phase.sessions for phase in built)
    check_session_count(total, "custom protocol")
    milestones = tuple(m for m in base.milestones if m.session < total)
    # Title and source stay English in the protocol (it is saved with a quote), marked to be
    # translated where they are shown, as a bundled protocol's are not.
    return Protocol(name=PROTOCOL_CUSTOM, title=N_("Custom protocol"), phases=tuple(built),
                    maintenance_per_year=base.maintenance_per_year, milestones=milestones,
                    source=N_("typed by the user"))


def protocol_for(inputs: CompareInputs, find: Callable[[str], Protocol]) -> Protocol:
    """The protocol the inputs describe; `find` looks up bundled protocols by name."""
    if inputs.protocol == PROTOCOL_SESSIONS:
        return with_session_count(find("standard"), inputs.sessions)
    if inputs.protocol == PROTOCOL_CUSTOM:
        return custom_protocol(inputs.custom_phases, find("standard"))
    return find(inputs.protocol)


def template_request(inputs: CompareInputs, entry: PriceEntry, protocol: Protocol
                     ) -> QuoteRequest:
    return QuoteRequest(
        entry=entry, protocol=protocol, start=inputs.start,
        maintenance_months=inputs.maintenance_months, add_ons=inputs.add_ons,
        discount_pct=inputs.discount_pct, tax_pct=inputs.tax_pct,
        tax_inclusive=inputs.tax_inclusive, include_travel=inputs.include_travel,
    )


def run_comparison(inputs: CompareInputs, entries: Sequence[PriceEntry], rate_for: RateLookup,
                   find_protocol: Callable[[str], Protocol],
                   reuse: Mapping[PriceEntry, ComparisonRow] | None = None
                   ) -> ComparisonResult:
    """Price the inputs at every entry, sorted by typical grand total, against home.

    Args:
        reuse: rows of an earlier result for the same inputs and rates, by entry (see
            `core.comparison.compare`); the caller vouches that nothing else changed.

    Raises:
        MesocostError: for inputs the engine refuses or a missing rate.
    """
    if not entries:
        raise InputError(_("the catalog is empty: add a destination"))
    protocol = protocol_for(inputs, find_protocol)
    template = template_request(inputs, entries[0], protocol)
    rows = compare(entries, template, inputs.currency, rate_for, reuse)
    notices = tuple(getattr(rate_for, "notices", ()))
    return ComparisonResult(inputs, template, rows, against_home(rows, inputs.home_country),
                            notices)


__all__ = ["PROTOCOL_CUSTOM", "PROTOCOL_SESSIONS", "CompareInputs", "ComparisonResult",
           "MesocostError", "PhaseSpec", "custom_protocol", "protocol_for", "run_comparison"]
