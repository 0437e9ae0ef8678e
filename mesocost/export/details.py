"""What a coordinator types about a quote, beside the engine's figures.

Kept apart from the workbook writer so the window, the register and a PDF can hold a
quote's details without loading openpyxl (which costs ~170 ms to import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mesocost.core.clinic import AFTER_ACCEPTANCE, BEFORE_FIRST_SESSION, ClinicProfile
from mesocost.core.engine import Quote
from mesocost.core.i18n import ENGLISH, N_, Language
from mesocost.core.payments import PaymentPlan, payment_plan
from mesocost.present import day_text, number_text

# Words the quote workbook and the patient PDF both print, translated where they are shown
# (`language.gettext(NO_PROFILE)`).
NO_PROFILE = N_("Seller details missing: run mesocost clinic init")
NO_NAME = N_("Seller name missing: run mesocost clinic set name NAME")
TYPICAL = N_("Low and high price every session at the clinic's lowest and highest price; "
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


def payment_rules(plan: PaymentPlan, quote: Quote, by_trip: bool,
                  language: Language = ENGLISH) -> list[str]:
    """The sentences under a payment plan, for the quote sheet and the PDF, in `language`:
    when the deposit is due, how the balance is shared, and (by trip) how sessions make
    trips. Dates are ISO in English, the locale's medium date otherwise (`day_text`)."""
    rules = [_deposit_rule(plan, quote, language), _balance_rule(plan, language)]
    costs = quote.request.entry.travel
    if by_trip and costs is not None:
        nights = language.isolate(costs.nights_per_trip)
        if costs.max_stay_days:
            rules.append(language.ngettext(
                "Sessions that fit one stay of up to {days} day share a trip; a trip's nights "
                "run from its first session to its last, plus {nights}.",
                "Sessions that fit one stay of up to {days} days share a trip; a trip's nights "
                "run from its first session to its last, plus {nights}.",
                costs.max_stay_days).format(days=language.isolate(costs.max_stay_days),
                                            nights=nights))
        else:
            rules.append(language.ngettext(
                "Every session is its own trip of {count} night.",
                "Every session is its own trip of {count} nights.",
                costs.nights_per_trip).format(count=nights))
    return rules


def _deposit_rule(plan: PaymentPlan, quote: Quote, language: Language) -> str:
    if not plan.deposit_pct:
        return language.gettext("No deposit is asked.")
    days = plan.deposit_days
    due = language.isolate(day_text(plan.deposit_due, language))
    first = language.isolate(day_text(quote.schedule[0].day, language) if quote.schedule
                             else day_text(plan.deposit_due, language))
    count = language.isolate(number_text(days, language))
    if plan.deposit_rule == BEFORE_FIRST_SESSION:
        if days:
            return language.ngettext(
                "The deposit is due {count} day before the first session ({first}): "
                "by {due}.",
                "The deposit is due {count} days before the first session ({first}): "
                "by {due}.", days).format(count=count, first=first, due=due)
        return language.gettext("The deposit is due by the first session ({first}): "
                                "by {due}.").format(first=first, due=due)
    if days:
        return language.ngettext(
            "The deposit is due {count} day after you accept this quote, by {due} at the "
            "latest (never after the first session).",
            "The deposit is due {count} days after you accept this quote, by {due} at the "
            "latest (never after the first session).", days).format(count=count, due=due)
    return language.gettext("The deposit is due when you accept this quote, by {due} at the "
                            "latest (never after the first session).").format(due=due)


def _balance_rule(plan: PaymentPlan, language: Language) -> str:
    by_trip = plan.by == "trip"
    if plan.deposit_pct and by_trip:
        text = language.gettext("The balance is paid in shares by the sessions of each trip, "
                                "each share at its first session; like the total, it is a "
                                "range.")
    elif plan.deposit_pct:
        text = language.gettext("The balance is paid in shares by the sessions of each "
                                "phase, each share at its first session; like the total, it "
                                "is a range.")
    elif by_trip:
        text = language.gettext("The total is paid in shares by the sessions of each trip, "
                                "each share at its first session; like the total, it is a "
                                "range.")
    else:
        text = language.gettext("The total is paid in shares by the sessions of each phase, "
                                "each share at its first session; like the total, it is a "
                                "range.")
    return text
