"""What a coordinator types about a quote, beside the engine's figures.

Kept apart from the workbook writer so the window, the register and a PDF can hold a
quote's details without loading openpyxl (which costs ~170 ms to import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mesocost.core.clinic import AFTER_ACCEPTANCE, ClinicProfile
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
