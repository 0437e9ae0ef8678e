"""When a quote is paid: the deposit with its due date, then the balance per trip or phase.

Computed from the engine's `Quote` and the clinic's deposit rule, in the quote's currency:

- **Deposit**: one amount, `deposit_pct` of the quote's *lowest* total (the engine's
  `Quote.deposit.low`), so it is never more than that share of what is finally billed,
  wherever in the range the price ends. Its due date follows the clinic's rule
  (`mesocost.core.clinic`): N days before the first session, or N days after acceptance
  — printed as the latest such day (acceptance on the last day of validity), and never
  later than the first session nor earlier than the quote date.
- **Balance**: the total less the deposit, a low–high range like the total. It is due in
  instalments at the first session of each trip (when the quote has travel: the engine's
  `Quote.travel.trips`), else of each phase (maintenance is a phase), each instalment in
  proportion to the sessions it covers.

These are payments, so every figure is in the currency's minor units and they add up:
deposit + instalments = the total as shown, at both ends of the range (each is the
rounded amount due so far less what was due before).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.clinic import AFTER_ACCEPTANCE, BEFORE_FIRST_SESSION, DEPOSIT_DUE_RULES
from mesocost.core.engine import Quote, Span
from mesocost.core.errors import InputError
from mesocost.core.i18n import _
from mesocost.core.money import MONEY_CONTEXT, ZERO, round_to_minor


class Instalment(NamedTuple):
    """Part of the balance, due on the first day of a trip or phase.

    Attributes:
        label: "trip 2" (in the interface language) or the phase's name ("initial",
            "maintenance").
        sessions: the session numbers it pays for.
        due: the day of its first session.
        amount: low–high, rounded to minor units.
    """

    label: str
    sessions: tuple[int, ...]
    due: date
    amount: Span


class PaymentPlan(NamedTuple):
    """The deposit and the balance's instalments of one quote, in its currency.

    Attributes:
        deposit_pct: as asked (0: no deposit).
        deposit: the deposit, one amount in minor units (zero without a deposit).
        deposit_due: the day it is due by (see the module docstring).
        deposit_rule: AFTER_ACCEPTANCE or BEFORE_FIRST_SESSION.
        deposit_days: the rule's number of days.
        total: the quote's total, rounded as shown.
        balance: total less deposit.
        by: "trip" or "phase": how the balance is split.
        instalments: in date order; their amounts add up to `balance`.
    """

    currency: str
    deposit_pct: Decimal
    deposit: Decimal
    deposit_due: date
    deposit_rule: str
    deposit_days: int
    total: Span
    balance: Span
    by: str
    instalments: tuple[Instalment, ...]


def deposit_due_date(rule: str, days: int, *, quoted_on: date, valid_until: date,
                     first_session: date) -> date:
    """The day the deposit is due by.

    Args:
        rule: AFTER_ACCEPTANCE (days after acceptance; acceptance may come as late as
            `valid_until`, so that latest day + days) or BEFORE_FIRST_SESSION.
        days: 0 or more.

    Returns:
        The due day, kept between the quote date and the first session (when the first
        session is before the quote date, the quote date).

    Raises:
        InputError: an unknown rule or negative days.
    """
    if rule not in DEPOSIT_DUE_RULES:
        raise InputError(_("deposit due must be {first} or {second}, got {value!r}").format(
            first=AFTER_ACCEPTANCE, second=BEFORE_FIRST_SESSION, value=rule))
    if days < 0:
        raise InputError(_("deposit due days must not be negative, got {value}").format(
            value=days))
    if rule == BEFORE_FIRST_SESSION:
        due = first_session - timedelta(days=days)
    else:
        due = min(valid_until + timedelta(days=days), first_session)
    return max(due, quoted_on)


def payment_plan(quote: Quote, *, quoted_on: date, valid_until: date,
                 deposit_rule: str = AFTER_ACCEPTANCE, deposit_days: int = 0) -> PaymentPlan:
    """The deposit (amount and due date) and the balance's instalments of `quote`."""
    currency = quote.currency
    total = Span(currency, round_to_minor(quote.total.low, currency),
                 round_to_minor(quote.total.high, currency))
    pct = quote.request.deposit_pct
    deposit = (round_to_minor(quote.deposit.low, currency)
               if pct and quote.deposit is not None else ZERO)
    balance = Span(currency, MONEY_CONTEXT.subtract(total.low, deposit),
                   MONEY_CONTEXT.subtract(total.high, deposit))
    by, groups = _groups(quote)
    first = quote.schedule[0].day if quote.schedule else quoted_on
    due = deposit_due_date(deposit_rule, deposit_days, quoted_on=quoted_on,
                           valid_until=valid_until, first_session=first)
    return PaymentPlan(currency, pct, deposit, due, deposit_rule, deposit_days, total,
                       balance, by, _instalments(groups, balance, quote))


def _groups(quote: Quote) -> tuple[str, list[tuple[str, tuple[int, ...]]]]:
    """("trip", [("trip 1", (1, 2)), ...]) or ("phase", [("initial", (1, 2, 3, 4)), ...])."""
    if quote.travel is not None and quote.travel.trips:
        return "trip", [(_("trip {number}").format(number=number), trip.sessions)
                        for number, trip in enumerate(quote.travel.trips, start=1)]
    groups: list[tuple[str, list[int]]] = []
    for session in quote.schedule:
        if not groups or groups[-1][0] != session.phase:
            groups.append((session.phase, []))
        groups[-1][1].append(session.number)
    return "phase", [(name, tuple(numbers)) for name, numbers in groups]


def _instalments(groups: list[tuple[str, tuple[int, ...]]], balance: Span, quote: Quote
                 ) -> tuple[Instalment, ...]:
    """Each group's share of the balance by its sessions, rounded cumulatively: what is due
    up to a group is the balance × sessions so far / all sessions, rounded, so no
    instalment is negative and together they are exactly the balance."""
    currency = balance.currency
    days = {session.number: session.day for session in quote.schedule}
    count = Decimal(sum(len(sessions) for _label, sessions in groups))

    def due_so_far(amount: Decimal, sessions: int) -> Decimal:
        share = MONEY_CONTEXT.divide(MONEY_CONTEXT.multiply(amount, sessions), count)
        return round_to_minor(share, currency)

    instalments = []
    done = 0
    before_low = before_high = ZERO
    for label, sessions in groups:
        done += len(sessions)
        low, high = due_so_far(balance.low, done), due_so_far(balance.high, done)
        instalments.append(Instalment(label, sessions, days[sessions[0]], Span(
            currency, MONEY_CONTEXT.subtract(low, before_low),
            MONEY_CONTEXT.subtract(high, before_high))))
        before_low, before_high = low, high
    return tuple(instalments)


__all__ = ["AFTER_ACCEPTANCE", "BEFORE_FIRST_SESSION", "Instalment", "PaymentPlan",
           "deposit_due_date", "payment_plan"]
