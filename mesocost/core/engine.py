"""The quote engine: per-session range × protocol (+ maintenance, add-ons, travel).

`build_quote` turns a `QuoteRequest` into an immutable `Quote`: lines, a subtotal,
discount, tax and low / typical / high totals in the price's own currency, subtotals
at the protocol's milestones, and travel (trips, nights, cost) in the travel currency.
Nothing is rounded here; views round once, at what they show.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, localcontext
from typing import NamedTuple

from mesocost.core.catalog import PriceEntry
from mesocost.core.conversion import RateLookup, RateQuote, identity_rate
from mesocost.core.dates import check_day
from mesocost.core.errors import CurrencyMismatch, InputError, shown
from mesocost.core.i18n import N_, _
from mesocost.core.money import MONEY_CONTEXT, ZERO, check_amount, check_currency
from mesocost.core.protocol import Protocol, Session, build_schedule
from mesocost.core.records import Checked
from mesocost.core.travel import Trip, group_into_trips

HUNDRED = Decimal(100)
TWO = Decimal(2)


_new_span = tuple.__new__
_multiply, _add, _subtract = MONEY_CONTEXT.multiply, MONEY_CONTEXT.add, MONEY_CONTEXT.subtract


class Span(NamedTuple):
    """A low–high range of money in one currency; typical is the midpoint."""

    currency: str
    low: Decimal
    high: Decimal

    # Arithmetic in MONEY_CONTEXT, wherever it is called from: exact for every figure
    # accepted inputs can make (Python's default 28 digits are not enough for them all).
    @property
    def mid(self) -> Decimal:
        return MONEY_CONTEXT.divide(MONEY_CONTEXT.add(self.low, self.high), TWO)

    # The engine builds ~35 spans a quote: these make them without the NamedTuple's
    # Python-level __new__ (a fifth of a comparison's time), with the same fields.
    def scaled(self, factor: Decimal | int) -> Span:
        currency, low, high = self
        return _new_span(Span, (currency, _multiply(low, factor), _multiply(high, factor)))

    def plus(self, other: Span) -> Span:
        currency, low, high = self
        if other[0] != currency:
            raise InputError(_("cannot add {other} to {currency} without a rate").format(
                other=other.currency, currency=currency))
        return _new_span(Span, (currency, _add(low, other[1]), _add(high, other[2])))

    def minus(self, other: Span) -> Span:
        currency, low, high = self
        if other[0] != currency:
            raise InputError(_("cannot subtract {other} from {currency} without a rate")
                             .format(other=other.currency, currency=currency))
        return _new_span(Span, (currency, _subtract(low, other[1]),
                                _subtract(high, other[2])))

    def __add__(self, other: object):
        # A tuple would concatenate (and `* 2` repeat): never let that pass for arithmetic.
        raise TypeError("a Span is not a number: use plus(), minus() or scaled()")

    __radd__ = __mul__ = __rmul__ = __add__


class _AddOnFields(NamedTuple):
    """Something sold with the sessions (PRP, a consultation), priced once in one currency.

    `currency` None means "the display currency": whoever prices the request resolves it
    (`with_add_on_currency`) before pricing. `build_quote` converts each add-on into the
    destination's currency with the rate for (add-on currency → price currency).
    """

    name: str
    low: Decimal
    high: Decimal
    per_session: bool = False
    currency: str | None = None


class AddOn(Checked, _AddOnFields):
    __doc__ = _AddOnFields.__doc__
    __slots__ = ()

    def _check(self) -> None:
        # However it was made (typed, a form, a file), an add-on's price is checked here.
        for field in ("low", "high"):
            check_amount(getattr(self, field), f"add-on {shown(self.name)}", field)
        if self.low < ZERO or self.high < self.low:
            raise InputError(_("add-on {name!r}: need 0 ≤ low ≤ high").format(name=self.name))


class PricedAddOn(NamedTuple):
    """An add-on as a destination charges it: the typed add-on, the rate that converted it
    into the price currency (an identity rate when it was typed in that currency) and the
    converted, unrounded low and high."""

    add_on: AddOn
    rate: RateQuote
    low: Decimal
    high: Decimal

    @property
    def per_session(self) -> bool:
        return self.add_on.per_session


_ADD_ON_FORM = "NAME=[CODE]LOW[-HIGH][CODE][/session]"
# A price with an optional ISO code before or after it: "50", "40-60 EUR", "EUR 30".
_ADD_ON_PRICE = re.compile(r"^(?:([A-Za-z]{3})\s*)?([^A-Za-z]*?)\s*(?:([A-Za-z]{3}))?$")


def parse_add_on(text: str) -> AddOn:
    """Parse an add-on as typed on the command line.

    "NAME=LOW[-HIGH][/session]", optionally naming the currency before or after the price,
    with or without a space: "PRP=50EUR/session", "PRP=40-60 EUR/session",
    "Consult=EUR 30". Without a code the add-on is priced in the display currency.

    Raises:
        InputError: naming the add-on and what is wrong.
    """
    name, sep, price = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise InputError(_("add-on must look like {form}, got {value!r}").format(
            form=_ADD_ON_FORM, value=text))
    if len(name.splitlines()) != 1:  # it names the add-on in one-line errors and quotes
        raise InputError(_("add-on name must be text on one line, got {value!r}").format(
            value=name))
    price = price.strip()
    per_session = price.endswith("/session")
    price = price.removesuffix("/session").strip()
    match = _ADD_ON_PRICE.match(price)
    if match is None:
        raise InputError(_("price must look like {form} with an optional currency code "
                           "before or after it, got {value!r}").format(form="LOW[-HIGH]",
                                                                        value=price),
                         f"add-on {name}")
    before, amounts, after = match.groups()
    if before and after:
        raise InputError(_("name the currency once, got {value!r}").format(value=price),
                         f"add-on {name}")
    currency = None
    if before or after:
        currency = check_currency(before or after, f"add-on {name}", "currency")
    low_text, _dash, high_text = amounts.partition("-")
    low = check_amount(low_text, f"add-on {name}", "low")
    high = check_amount(high_text, f"add-on {name}", "high") if high_text else low
    return AddOn(name, low, high, per_session, currency)


class _QuoteRequestFields(NamedTuple):
    """Everything a package quote depends on."""

    entry: PriceEntry
    protocol: Protocol
    start: date
    maintenance_months: int = 0
    add_ons: tuple[AddOn, ...] = ()
    discount_pct: Decimal = ZERO
    tax_pct: Decimal = ZERO
    tax_inclusive: bool = False
    include_travel: bool = True
    deposit_pct: Decimal = ZERO


class QuoteRequest(Checked, _QuoteRequestFields):
    __doc__ = _QuoteRequestFields.__doc__
    __slots__ = ()

    def for_entry(self, entry: PriceEntry) -> QuoteRequest:
        """The same request at another destination (nothing to re-check: a hot path)."""
        return _QuoteRequestFields._replace(self, entry=entry)

    def with_add_on_currency(self, display: str) -> QuoteRequest:
        """The request with every add-on typed without a currency priced in `display`."""
        if all(add_on.currency is not None for add_on in self.add_ons):
            return self
        return self._replace(add_ons=tuple(
            add_on if add_on.currency is not None else add_on._replace(currency=display)
            for add_on in self.add_ons))

    def _check(self) -> None:
        if not ZERO <= self.discount_pct <= HUNDRED:
            raise InputError(_("discount must be between 0 and 100 %, got {value}").format(
                value=self.discount_pct))
        if not ZERO <= self.tax_pct <= HUNDRED:
            raise InputError(_("tax must be between 0 and 100 %, got {value}").format(
                value=self.tax_pct))
        if not ZERO <= self.deposit_pct <= HUNDRED:
            raise InputError(_("deposit must be between 0 and 100 %, got {value}").format(
                value=self.deposit_pct))
        if not 0 <= self.maintenance_months <= 120:
            raise InputError(_("maintenance months must be between 0 and 120, got {value}")
                             .format(value=self.maintenance_months))
        check_day(self.start, "start")


class QuoteLine(NamedTuple):
    """One line of a quote. kind: sessions, maintenance, add_on, discount, tax."""

    kind: str
    label: str
    quantity: int
    unit: Span | None
    amount: Span
    phase: str = ""


class Travel(NamedTuple):
    """Trips, nights and cost of the travel a schedule needs, in the travel currency."""

    trips: tuple[Trip, ...]
    nights: int
    cost: Span
    lines: tuple[QuoteLine, ...]


class MilestoneTotal(NamedTuple):
    """What the package costs up to and including session `session`."""

    session: int
    label: str
    total: Span


class Quote(NamedTuple):
    """An immutable package quote in the price's own currency (travel in its own)."""

    request: QuoteRequest
    schedule: tuple[Session, ...]
    lines: tuple[QuoteLine, ...]
    subtotal: Span
    discount: Span
    tax: Span
    total: Span
    milestones: tuple[MilestoneTotal, ...]
    travel: Travel | None = None
    warnings: tuple[str, ...] = ()
    # What the client pays up front: deposit_pct of the total (zero when none is asked).
    deposit: Span | None = None
    # The request's add-ons in the price currency, each with the rate that converted it.
    add_ons: tuple[PricedAddOn, ...] = ()

    @property
    def currency(self) -> str:
        return self.total.currency

    @property
    def sessions(self) -> int:
        return len(self.schedule)

    @property
    def per_session(self) -> Span:
        entry = self.request.entry
        return Span(entry.currency, entry.per_session_low, entry.per_session_high)


def price_add_ons(request: QuoteRequest, rate_for: RateLookup | None = None
                  ) -> tuple[PricedAddOn, ...]:
    """The request's add-ons converted into the destination's price currency.

    Each add-on is converted, unrounded, with the rate for (its currency → the price
    currency); one typed in the price currency keeps its amounts (an identity rate).

    Args:
        request: its add-ons' currencies must be resolved (`with_add_on_currency`).
        rate_for: where rates come from; needed only for add-ons in another currency.

    Raises:
        CurrencyMismatch: an add-on in another currency and no `rate_for`.
        RatesUnavailable: from `rate_for`, when it has no rate for the pair.
    """
    currency = request.entry.currency
    priced = []
    for add_on in request.add_ons:
        if add_on.currency is None:
            raise ValueError(f"add-on {add_on.name!r} has no currency: resolve it with "
                             "QuoteRequest.with_add_on_currency(display) before pricing")
        if add_on.currency == currency:
            rate = identity_rate(currency, request.start)
        elif rate_for is None:
            raise CurrencyMismatch(_("add-on {name!r} is priced in {add_on_currency}, the "
                                     "clinic in {currency}: pricing it needs a rate").format(
                name=add_on.name, add_on_currency=add_on.currency, currency=currency))
        else:
            rate = rate_for(add_on.currency, currency)
        priced.append(PricedAddOn(add_on, rate, MONEY_CONTEXT.multiply(add_on.low, rate.rate),
                                  MONEY_CONTEXT.multiply(add_on.high, rate.rate)))
    return tuple(priced)


def build_quote(request: QuoteRequest, schedule: tuple[Session, ...] | None = None,
                rate_for: RateLookup | None = None) -> Quote:
    """Compute a package quote. Pure: same request (and rates), same quote.

    Args:
        request: what to price, its add-ons' currencies resolved.
        schedule: the request's schedule, when the caller already has it (a comparison
            prices one schedule at every destination and builds it once).
        rate_for: rates for add-ons priced in another currency than the destination's
            (see `price_add_ons`).
    """
    if schedule is None:
        schedule = build_schedule(request.protocol, request.start, request.maintenance_months)
    add_ons = price_add_ons(request, rate_for)  # rates asked outside the engine's context
    with localcontext(MONEY_CONTEXT):
        return _build_quote(request, schedule, add_ons)


def _build_quote(request: QuoteRequest, schedule: tuple[Session, ...],
                 add_ons: tuple[PricedAddOn, ...]) -> Quote:
    per_session = Span(request.entry.currency, request.entry.per_session_low,
                       request.entry.per_session_high)
    lines = _session_lines(request.protocol, schedule, per_session)
    lines += _add_on_lines(add_ons, per_session.currency, len(schedule))
    subtotal = _sum(per_session.currency, lines)
    discount, tax, total = _discount_and_tax(request, subtotal)
    lines += _adjustment_lines(request, discount, tax)
    return Quote(
        request=request, schedule=schedule, lines=tuple(lines), subtotal=subtotal,
        discount=discount, tax=tax, total=total,
        milestones=_milestones(request, add_ons, per_session, len(schedule)),
        travel=_travel(request, schedule),
        deposit=total.scaled(request.deposit_pct / HUNDRED),
        add_ons=add_ons,
    )


def _session_lines(protocol: Protocol, schedule: tuple[Session, ...], per_session: Span
                   ) -> list[QuoteLine]:
    lines = [
        QuoteLine("sessions", f"{phase.name} ({phase.sessions} × {phase.interval_text})",
                  phase.sessions, per_session, per_session.scaled(phase.sessions), phase.name)
        for phase in protocol.phases
    ]
    maintenance = sum(1 for session in schedule if session.maintenance)
    if maintenance:
        lines.append(QuoteLine("maintenance", f"maintenance ({maintenance} sessions)",
                               maintenance, per_session, per_session.scaled(maintenance),
                               "maintenance"))
    return lines


def _add_on_lines(add_ons: tuple[PricedAddOn, ...], currency: str, sessions: int
                  ) -> list[QuoteLine]:
    lines = []
    for priced in add_ons:
        quantity = sessions if priced.per_session else 1
        unit = Span(currency, priced.low, priced.high)
        how = ["per session"] if priced.per_session else []
        if priced.add_on.currency != currency:
            how.append(f"priced in {priced.add_on.currency}")
        label = f"{priced.add_on.name} ({', '.join(how)})" if how else priced.add_on.name
        lines.append(QuoteLine("add_on", label, quantity, unit, unit.scaled(quantity)))
    return lines


def _sum(currency: str, lines: list[QuoteLine]) -> Span:
    low = sum((line.amount.low for line in lines), ZERO)
    high = sum((line.amount.high for line in lines), ZERO)
    return Span(currency, low, high)


def _discount_and_tax(request: QuoteRequest, subtotal: Span) -> tuple[Span, Span, Span]:
    """(discount, tax, total). Inclusive tax is already in the prices: shown, not added."""
    discount = subtotal.scaled(request.discount_pct / HUNDRED)
    net = subtotal.minus(discount)
    if request.tax_inclusive:
        tax = net.scaled(request.tax_pct / (HUNDRED + request.tax_pct))
        return discount, tax, net
    tax = net.scaled(request.tax_pct / HUNDRED)
    return discount, tax, net.plus(tax)


def _adjustment_lines(request: QuoteRequest, discount: Span, tax: Span) -> list[QuoteLine]:
    lines = []
    if request.discount_pct:
        lines.append(QuoteLine("discount", f"discount {request.discount_pct}%", 1, None,
                               discount.scaled(-1)))
    if request.tax_pct:
        how = "included" if request.tax_inclusive else "added"
        lines.append(QuoteLine("tax", f"tax {request.tax_pct}% ({how})", 1, None, tax))
    return lines


def _milestones(request: QuoteRequest, add_ons: tuple[PricedAddOn, ...], per_session: Span,
                sessions: int) -> tuple[MilestoneTotal, ...]:
    """Totals up to each milestone session, then the full course (same discount and tax)."""
    points = [(m.session, m.label) for m in request.protocol.milestones if m.session < sessions]
    # The engine's label, like QuoteLine.label: English here, translated where shown.
    points.append((sessions, N_("full course")))
    # What is billed per session and what is billed once, summed once for all milestones.
    each_low, each_high = per_session.low, per_session.high
    once_low = once_high = ZERO
    for add_on in add_ons:  # converted into the price currency, as on the add-on lines
        if add_on.per_session:
            each_low, each_high = each_low + add_on.low, each_high + add_on.high
        else:
            once_low, once_high = once_low + add_on.low, once_high + add_on.high
    factor = _after_discount_and_tax(request)
    return tuple(
        MilestoneTotal(session, label, Span(per_session.currency,
                                            (each_low * session + once_low) * factor,
                                            (each_high * session + once_high) * factor))
        for session, label in points
    )


def _after_discount_and_tax(request: QuoteRequest) -> Decimal:
    """What one unit of subtotal becomes as a total: the same steps as _discount_and_tax."""
    net = 1 - request.discount_pct / HUNDRED
    return net if request.tax_inclusive else net * (1 + request.tax_pct / HUNDRED)


def _travel(request: QuoteRequest, schedule: tuple[Session, ...]) -> Travel | None:
    costs = request.entry.travel
    if costs is None or not request.include_travel:
        return None
    trips, nights = _trips(schedule, costs.nights_per_trip, costs.max_stay_days)
    per_trip = Span(costs.currency, costs.per_trip, costs.per_trip)
    per_night = Span(costs.currency, costs.per_night, costs.per_night)
    lines = (
        QuoteLine("travel", f"return travel ({len(trips)} trips)", len(trips), per_trip,
                  per_trip.scaled(len(trips))),
        QuoteLine("travel", f"accommodation ({nights} nights)", nights, per_night,
                  per_night.scaled(nights)),
    )
    cost = lines[0].amount.plus(lines[1].amount)
    return Travel(trips, nights, cost, lines)


_trip_cache: dict[tuple, tuple[tuple[Trip, ...], int]] = {}


def _trips(schedule: tuple[Session, ...], nights_per_trip: int, max_stay: int
           ) -> tuple[tuple[Trip, ...], int]:
    """(trips, nights) for a schedule and a stay rule.

    A comparison prices one schedule at many destinations, so the grouping is kept per
    (session days, stay rule).
    """
    key = (tuple(session.day for session in schedule), nights_per_trip, max_stay)
    found = _trip_cache.get(key)
    if found is None:
        if len(_trip_cache) > 1024:
            _trip_cache.clear()
        trips = group_into_trips(key[0], nights_per_trip, max_stay)
        found = _trip_cache[key] = (trips, sum(trip.nights for trip in trips))
    return found
