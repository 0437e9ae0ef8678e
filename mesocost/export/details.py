"""What a coordinator types about a quote, beside the engine's figures.

Kept apart from the workbook writer so the window, the register and a PDF can hold a
quote's details without loading openpyxl (which costs ~170 ms to import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mesocost.core.clinic import AFTER_ACCEPTANCE, BEFORE_FIRST_SESSION, ClinicProfile
from mesocost.core.engine import Quote
from mesocost.core.payments import PaymentPlan, payment_plan

# Words the quote workbook and the patient PDF both print.
NO_PROFILE = "Seller details missing: run mesocost clinic init"
NO_NAME = "Seller name missing: run mesocost clinic set name NAME"
TYPICAL = ("Low and high price every session at the clinic's lowest and highest price; "
           "typical is the midpoint of the two, a figure to plan with.")


@dataclass(frozen=True, slots=True)
class QuoteDetails:
    """What a coordinator types about a quote, beside the engine's figures.

    `profile` is the seller (None: the quote says seller details are missing);
    `reference` is printed on the quote ("" : a dated one, `core.clinic.quote_reference`).
    """

    client: str
    created: date
    validity_days: int = 30
    notes: str = ""
    profile: ClinicProfile | None = None
    reference: str = ""

    @property
    def valid_until(self) -> date:
        return self.created + timedelta(days=self.validity_days)

    def payment_plan(self, quote: Quote) -> PaymentPlan:
        """The deposit and balance instalments of `quote` under this quote's dates and the
        profile's deposit rule (on acceptance without a profile): one plan for the quote
        sheet, `quote preview` and the window."""
        profile = self.profile
        return payment_plan(
            quote, quoted_on=self.created, valid_until=self.valid_until,
            deposit_rule=profile.deposit_due if profile else AFTER_ACCEPTANCE,
            deposit_days=profile.deposit_due_days if profile else 0)


def payment_rules(plan: PaymentPlan, quote: Quote, by_trip: bool) -> list[str]:
    """The sentences under a payment plan, for the quote sheet and the PDF: when the
    deposit is due, how the balance is shared, and (by trip) how sessions make trips."""
    rules = [_deposit_rule(plan, quote), _balance_rule(plan)]
    costs = quote.request.entry.travel
    if by_trip and costs is not None:
        rules.append(
            f"Sessions that fit one stay of up to {costs.max_stay_days} days share a trip; a "
            "trip's nights run from its first session to its last, plus "
            f"{costs.nights_per_trip}." if costs.max_stay_days else
            f"Every session is its own trip of {costs.nights_per_trip} nights.")
    return rules


def _deposit_rule(plan: PaymentPlan, quote: Quote) -> str:
    if not plan.deposit_pct:
        return "No deposit is asked."
    due, days = plan.deposit_due.isoformat(), plan.deposit_days
    first = quote.schedule[0].day.isoformat() if quote.schedule else due
    if plan.deposit_rule == BEFORE_FIRST_SESSION:
        when = (f"{days} days before the first session ({first})" if days
                else f"by the first session ({first})")
        return f"The deposit is due {when}: by {due}."
    when = f"{days} days after you accept this quote" if days else "when you accept this quote"
    return (f"The deposit is due {when}, by {due} at the latest (never after the first "
            "session).")


def _balance_rule(plan: PaymentPlan) -> str:
    by = "trip" if plan.by == "trip" else "phase"
    rest = "The balance" if plan.deposit_pct else "The total"
    return (f"{rest} is paid in shares by the sessions of each {by}, each share at its first "
            "session; like the total, it is a range.")
