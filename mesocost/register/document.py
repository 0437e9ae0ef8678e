"""A saved quote as data: what was priced, with which rates, for whom.

A `QuoteDocument` holds a quote's inputs (the request: catalog entry with its travel,
protocol, start, add-ons, discount, tax, deposit), the patient's currency with the rates
**frozen at saving** (rate, date, source, fetched-at) and what the coordinator typed
(client, contact, dates, notes, the clinic profile as it was). Pricing it again with its
own rates gives the saved figures exactly: the engine is pure, so nothing but the inputs
needs storing, and no figure can drift from the one the patient was sent.

The document's language (what the patient reads in its PDF, workbook and calendar) is
kept with it: `language` is its code ("en", "de", "ar"), `document_language()` the
`Language` to print with. A document saved before languages existed has none in its JSON
and reads back as English, what it was printed in: no schema change.

Stored as JSON text (schema 1), Decimals as strings. This module has no database code,
so the window, the PDF and the CLI can read a document without loading SQLAlchemy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from mesocost.core.catalog import PriceEntry
from mesocost.core.clinic import ClinicProfile
from mesocost.core.comparison import Converted, price_request
from mesocost.core.conversion import RateLookup, RateQuote
from mesocost.core.engine import AddOn, Quote, QuoteRequest
from mesocost.core.errors import InputError, RatesUnavailable
from mesocost.core.i18n import Phrase
from mesocost.core.protocol import Milestone, Phase, Protocol
from mesocost.core.travel import TravelCosts
from mesocost.export.details import QuoteDetails

if TYPE_CHECKING:
    from mesocost.core.i18n import Language

SCHEMA = 1


@dataclass(frozen=True, slots=True)
class Contact:
    """How to reach the client: kept with the quote, removed when it is deleted."""

    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class QuoteDocument:
    """Everything needed to show, print or re-price a saved quote."""

    request: QuoteRequest
    currency: str  # the patient's currency: figures in it are indicative
    rates: tuple[RateQuote, ...]  # frozen at saving
    details: QuoteDetails
    contact: Contact = Contact()
    locale: str = "en_US"  # the document's formatting locale
    language: str = "en"  # the document's language code (mesocost.i18n.LANGUAGES)

    def document_language(self) -> Language:
        """The language the patient's documents are printed in, formatting in this
        document's locale.

        Raises:
            InputError: the code is not a language this version speaks.
            MissingCatalogue: its compiled catalogue is not installed (run `make`).
        """
        from mesocost import i18n

        return i18n.language(self.language, self.locale)

    def priced(self) -> tuple[Quote, Converted]:
        """The saved figures: the request priced with the rates frozen in it."""
        return price_request(self.request, self.currency, frozen_rates(self.rates))

    def with_number(self, number: str) -> QuoteDocument:
        return replace(self, details=replace(self.details, reference=number))

    def without_client(self) -> QuoteDocument:
        """The document with the client's personal data removed (a deleted quote)."""
        return replace(self, contact=Contact(),
                       details=replace(self.details, client="", notes=""))


def frozen_rates(rates: tuple[RateQuote, ...]) -> RateLookup:
    """A rate lookup answering only with the given rates (either way round)."""
    known = {(rate.base, rate.quote): rate for rate in rates}

    def rate_for(base: str, quote: str) -> RateQuote:
        found = known.get((base, quote))
        if found is not None:
            return found
        if base == quote:
            raise RatesUnavailable(f"no frozen rate for {base}/{quote}")
        reverse = known.get((quote, base))
        if reverse is not None:
            return reverse.inverse()
        raise RatesUnavailable(f"the saved quote has no rate for {base}/{quote}")

    return rate_for


def freeze(request: QuoteRequest, currency: str, rate_for: RateLookup, details: QuoteDetails,
           *, contact: Contact = Contact(), locale: str = "en_US", language: str = "en"
           ) -> tuple[QuoteDocument, Quote, Converted]:
    """Price `request` with today's rates and keep exactly the rates that were used;
    `language` is the code of the language its documents are printed in."""
    used: dict[tuple[str, str], RateQuote] = {}

    def recording(base: str, quote: str) -> RateQuote:
        rate = rate_for(base, quote)
        used.setdefault((rate.base, rate.quote), rate)
        return rate

    resolved = request.with_add_on_currency(currency)
    quote, converted = price_request(resolved, currency, recording)
    # Every rate behind the figures, including the converted ones' own records.
    for rate in converted.rates:
        used.setdefault((rate.base, rate.quote), rate)
    document = QuoteDocument(resolved, currency, tuple(used.values()), details, contact,
                             locale, language)
    return document, quote, converted


# --- JSON -------------------------------------------------------------------------------

def _text(value: Decimal | date | None) -> str | None:
    return None if value is None else str(value) if isinstance(value, Decimal) else (
        value.isoformat())


def _entry(entry: PriceEntry) -> dict:
    travel = entry.travel
    return {
        "destination": entry.destination, "currency": entry.currency,
        "low": str(entry.per_session_low), "high": str(entry.per_session_high),
        "city": entry.city, "clinic": entry.clinic, "includes": entry.includes,
        "source": entry.source, "as_of": _text(entry.as_of), "notes": entry.notes,
        "travel": None if travel is None else {
            "currency": travel.currency, "per_trip": str(travel.per_trip),
            "nights_per_trip": travel.nights_per_trip, "per_night": str(travel.per_night),
            "max_stay_days": travel.max_stay_days},
    }


def _protocol(protocol: Protocol) -> dict:
    return {
        "name": protocol.name, "title": protocol.title, "source": protocol.source,
        "maintenance_per_year": protocol.maintenance_per_year,
        "phases": [list(phase) for phase in protocol.phases],
        "milestones": [list(milestone) for milestone in protocol.milestones],
    }


def _rate(rate: RateQuote) -> dict:
    return {"base": rate.base, "quote": rate.quote, "rate": str(rate.rate),
            "date": rate.rate_date.isoformat(), "source": rate.source,
            "fetched_at": None if rate.fetched_at is None else rate.fetched_at.isoformat(),
            "stale": rate.stale,
            # A Phrase keeps its message and values: a document words it in its language.
            "warnings": [warning.to_data() if isinstance(warning, Phrase) else warning
                         for warning in rate.warnings]}


def to_json(document: QuoteDocument) -> str:
    """The document as JSON text (schema 1)."""
    request, details = document.request, document.details
    profile = details.profile
    data = {
        "schema": SCHEMA,
        "request": {
            "entry": _entry(request.entry), "protocol": _protocol(request.protocol),
            "start": request.start.isoformat(),
            "maintenance_months": request.maintenance_months,
            "add_ons": [{"name": a.name, "low": str(a.low), "high": str(a.high),
                         "per_session": a.per_session, "currency": a.currency}
                        for a in request.add_ons],
            "discount_pct": str(request.discount_pct), "tax_pct": str(request.tax_pct),
            "tax_inclusive": request.tax_inclusive, "include_travel": request.include_travel,
            "deposit_pct": str(request.deposit_pct),
        },
        "currency": document.currency,
        "rates": [_rate(rate) for rate in document.rates],
        "details": {
            "client": details.client, "created": details.created.isoformat(),
            "validity_days": details.validity_days, "notes": details.notes,
            "reference": details.reference,
            "profile": None if profile is None else {
                key: str(value) if isinstance(value, Decimal) else value
                for key, value in profile._asdict().items()},
        },
        "contact": {"email": document.contact.email, "phone": document.contact.phone},
        "locale": document.locale,
        "language": document.language,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _read_entry(raw: Mapping) -> PriceEntry:
    travel = raw["travel"]
    return PriceEntry(
        destination=raw["destination"], currency=raw["currency"],
        per_session_low=Decimal(raw["low"]), per_session_high=Decimal(raw["high"]),
        city=raw["city"], clinic=raw["clinic"], includes=raw["includes"],
        source=raw["source"], as_of=_day(raw["as_of"]), notes=raw["notes"],
        travel=None if travel is None else TravelCosts(
            travel["currency"], Decimal(travel["per_trip"]), travel["nights_per_trip"],
            Decimal(travel["per_night"]), travel["max_stay_days"]))


def _read_protocol(raw: Mapping) -> Protocol:
    return Protocol(
        name=raw["name"], title=raw["title"], source=raw["source"],
        maintenance_per_year=raw["maintenance_per_year"],
        phases=tuple(Phase(*phase) for phase in raw["phases"]),
        milestones=tuple(Milestone(*milestone) for milestone in raw["milestones"]))


def _read_rate(raw: Mapping) -> RateQuote:
    fetched = raw["fetched_at"]
    return RateQuote(raw["base"], raw["quote"], Decimal(raw["rate"]),
                     date.fromisoformat(raw["date"]), raw["source"],
                     None if fetched is None else datetime.fromisoformat(fetched),
                     raw["stale"], tuple(Phrase.from_data(warning) if isinstance(warning, dict)
                                         else warning for warning in raw["warnings"]))


def _read_request(raw: Mapping) -> QuoteRequest:
    return QuoteRequest(
        entry=_read_entry(raw["entry"]), protocol=_read_protocol(raw["protocol"]),
        start=date.fromisoformat(raw["start"]), maintenance_months=raw["maintenance_months"],
        add_ons=tuple(AddOn(a["name"], Decimal(a["low"]), Decimal(a["high"]),
                            a["per_session"], a["currency"]) for a in raw["add_ons"]),
        discount_pct=Decimal(raw["discount_pct"]), tax_pct=Decimal(raw["tax_pct"]),
        tax_inclusive=raw["tax_inclusive"], include_travel=raw["include_travel"],
        deposit_pct=Decimal(raw["deposit_pct"]))


def _read_details(raw: Mapping) -> QuoteDetails:
    profile = raw["profile"]
    if profile is not None:
        profile = ClinicProfile(**{key: Decimal(value) if key == "deposit_pct" else value
                                   for key, value in profile.items()})
    return QuoteDetails(client=raw["client"], created=date.fromisoformat(raw["created"]),
                        validity_days=raw["validity_days"], notes=raw["notes"],
                        profile=profile, reference=raw["reference"])


def _read_language(code: object) -> str:
    """The stored language code; a document saved before languages existed has none and
    was printed in English."""
    if not isinstance(code, str) or not code:
        raise ValueError(f"language is not a code: {code!r}")
    return code


def from_json(text: str, where: str = "saved quote") -> QuoteDocument:
    """Read a document written by `to_json`.

    Raises:
        InputError: "WHERE: stored quote is damaged (...)" for anything unreadable.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _damaged(error, where) from None
    if not isinstance(data, dict):
        raise InputError(f"stored quote is damaged (not a JSON object: "
                         f"{type(data).__name__})", where)
    if data.get("schema") != SCHEMA:
        raise InputError(f"stored quote has schema {data.get('schema')!r}; this version "
                         f"of mesocost reads schema {SCHEMA}", where)
    try:
        contact = data["contact"]
        return QuoteDocument(
            request=_read_request(data["request"]), currency=data["currency"],
            rates=tuple(_read_rate(rate) for rate in data["rates"]),
            details=_read_details(data["details"]),
            contact=Contact(contact["email"], contact["phone"]), locale=data["locale"],
            language=_read_language(data.get("language", "en")))
    # InputError: a value the records refuse (a discount of 150 %) is damage too, not
    # something the person just typed.
    except (InputError, ValueError, KeyError, TypeError, AttributeError, InvalidOperation,
            RecursionError) as error:
        raise _damaged(error, where) from None


def _damaged(error: Exception, where: str) -> InputError:
    reason = str(error) if isinstance(error, InputError) else (
        f"{type(error).__name__}: {error}")
    return InputError(f"stored quote is damaged ({reason})", where)
