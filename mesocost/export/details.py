"""What a coordinator types about a quote, beside the engine's figures.

Kept apart from the workbook writer so the window, the register and a PDF can hold a
quote's details without loading openpyxl (which costs ~170 ms to import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mesocost.core.clinic import ClinicProfile


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
