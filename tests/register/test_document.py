"""A saved quote's document: JSON that reads back identically, damage reported in one line,
and exactly the rates its figures were made with, frozen."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from mesocost.core.clinic import ClinicProfile
from mesocost.core.engine import AddOn, QuoteRequest
from mesocost.core.errors import InputError, RatesUnavailable
from mesocost.core.travel import TravelCosts
from mesocost.export.details import QuoteDetails
from mesocost.register.document import (
    Contact,
    QuoteDocument,
    freeze,
    from_json,
    frozen_rates,
    to_json,
)
from mesocost.storage.tomlfiles import find_protocol, load_bundled_catalog
from tests.register.conftest import RATE_DAY, fixed_rates, make_document

TURKEY = next(e for e in load_bundled_catalog() if e.destination == "TR")  # priced in USD
WITH_TRAVEL = TURKEY._replace(travel=TravelCosts("GBP", Decimal("180.00"), 2,
                                                 Decimal("65.50"), 10))
FETCHED = datetime(2026, 10, 30, 15, 5, 7, 123456, tzinfo=UTC)


def live_rates(base: str, quote: str):
    """fixed_rates, with the provenance a live rate carries (fetched, stale, warnings)."""
    return fixed_rates()(base, quote)._replace(
        source="live", fetched_at=FETCHED, stale=True,
        warnings=(f"{base}/{quote} is from the nearest earlier day",))


def full_document() -> QuoteDocument:
    """Everything a document can hold, once."""
    request = QuoteRequest(
        entry=WITH_TRAVEL, protocol=find_protocol("standard"), start=date(2026, 12, 1),
        maintenance_months=12,
        add_ons=(AddOn("PRP", Decimal("40"), Decimal("60.50"), True, "GBP"),
                 AddOn("Consultation", Decimal("30"), Decimal("30"))),  # display currency
        discount_pct=Decimal("12.5"), tax_pct=Decimal("20"), tax_inclusive=True,
        deposit_pct=Decimal("30"))
    profile = ClinicProfile(name="Klinik Ankara", address="Atatürk Blv. 1\n06000 Ankara",
                            deposit_pct=Decimal("12.5"), quote_prefix="KA",
                            payment_terms="50 % on acceptance\n50 % at the first session")
    details = QuoteDetails(client="Ayşe Yılmaz", created=date(2026, 11, 2), validity_days=45,
                           notes="Prefers mornings.\nİlk seans — 12 Aralık 🙂",
                           profile=profile, reference="KA-2026-0007")
    document, _, _ = freeze(request, "EUR", live_rates, details,
                            contact=Contact("ayse@example.com", "+90 555 000 0000"),
                            locale="tr_TR")
    return document


# --- JSON round trip ----------------------------------------------------------------------

def test_a_full_document_reads_back_identically():
    document = full_document()
    assert from_json(to_json(document)) == document


def test_a_document_read_back_prices_to_the_same_figures():
    document = full_document()
    assert from_json(to_json(document)).priced() == document.priced()


def test_json_keeps_non_ascii_text_and_decimals_as_written():
    text = to_json(full_document())
    assert "İlk seans — 12 Aralık 🙂" in json.loads(text)["details"]["notes"]
    assert "Ayşe Yılmaz" in text  # readable in the database, not \u escapes
    raw = json.loads(text)
    assert raw["request"]["add_ons"][0]["high"] == "60.50"
    assert raw["details"]["profile"]["deposit_pct"] == "12.5"
    assert raw["schema"] == 1


def test_the_read_back_profile_holds_a_decimal_deposit():
    profile = from_json(to_json(full_document())).details.profile
    assert profile.deposit_pct == Decimal("12.5")
    assert isinstance(profile.deposit_pct, Decimal)


def test_a_rates_provenance_survives_the_round_trip():
    rates = from_json(to_json(full_document())).rates
    assert {rate.fetched_at for rate in rates if rate.source == "live"} == {FETCHED}
    assert all(rate.stale and rate.warnings for rate in rates if rate.source == "live")


def test_a_document_without_profile_or_travel_reads_back():
    document = make_document()
    bare = replace(document, details=replace(document.details, profile=None))
    assert from_json(to_json(bare)) == bare


# --- damage -------------------------------------------------------------------------------

def _edited(change) -> str:
    raw = json.loads(to_json(make_document()))
    change(raw)
    return json.dumps(raw)


DAMAGED = {
    "garbage": "this is not JSON",
    "empty": "",
    "truncated": to_json(make_document())[:700],
    "a list": "[1, 2, 3]",
    "missing contact": _edited(lambda raw: raw.pop("contact")),
    "missing rate": _edited(lambda raw: raw["rates"][0].pop("rate")),
    "not a number": _edited(lambda raw: raw["request"]["entry"].update(low="lots")),
    "bad date": _edited(lambda raw: raw["details"].update(created="2026-13-45")),
    "wrong shape": _edited(lambda raw: raw["request"].update(add_ons=[["PRP"]])),
    "refused value": _edited(lambda raw: raw["request"].update(discount_pct="150")),
    "deeply nested": "[" * 100_000,
}


@pytest.mark.parametrize("text", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_document_is_one_line_naming_the_quote(text):
    with pytest.raises(InputError) as damaged:
        from_json(text, "MC-2026-0001")
    message = str(damaged.value)
    assert message.startswith("MC-2026-0001: stored quote is damaged (")
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("schema", [2, 0, None, "1"])
def test_another_schema_is_refused_by_name(schema):
    text = _edited(lambda raw: raw.update(schema=schema))
    with pytest.raises(InputError) as refused:
        from_json(text, "MC-2026-0001")
    assert str(refused.value) == (f"MC-2026-0001: stored quote has schema {schema!r}; this "
                                  "version of mesocost reads schema 1")


# --- freezing rates -----------------------------------------------------------------------

def spied_rates(rates: dict[str, str] | None = None):
    """fixed_rates (which knows more pairs than any one quote needs) and the pairs asked."""
    asked: set[str] = set()
    lookup = fixed_rates(rates)

    def rate_for(base: str, quote: str):
        asked.add(f"{base}/{quote}")
        return lookup(base, quote)

    return rate_for, asked


def _freeze(request: QuoteRequest, currency: str = "EUR"):
    rate_for, asked = spied_rates()
    details = QuoteDetails(client="Ayşe Yılmaz", created=date(2026, 11, 2))
    document, quote, converted = freeze(request, currency, rate_for, details)
    converting = {rate.pair for rate in document.rates if rate.base != rate.quote}
    return document, converting, asked, (quote, converted)


def _request(entry=TURKEY, **fields) -> QuoteRequest:
    return QuoteRequest(entry=entry, protocol=find_protocol("standard"),
                        start=date(2026, 12, 1), **fields)


def test_freeze_keeps_only_the_rate_the_quote_was_converted_with():
    document, converting, asked, _ = _freeze(_request())
    assert converting == asked == {"USD/EUR"}
    assert document.rates == (fixed_rates()("USD", "EUR"),)


def test_freeze_keeps_the_rate_of_an_add_on_priced_in_a_third_currency():
    _, converting, asked, _ = _freeze(_request(
        add_ons=(AddOn("PRP", Decimal(40), Decimal(60), True, "GBP"),)))
    assert converting == asked == {"USD/EUR", "GBP/USD"}


def test_freeze_keeps_the_travel_rate():
    _, converting, asked, _ = _freeze(_request(entry=WITH_TRAVEL))
    assert converting == asked == {"USD/EUR", "GBP/EUR"}


def test_freeze_prices_an_add_on_without_currency_in_the_patients_currency():
    document, converting, _, _ = _freeze(_request(
        add_ons=(AddOn("Consultation", Decimal(30), Decimal(30)),)))
    assert document.request.add_ons[0].currency == "EUR"
    assert converting == {"USD/EUR", "EUR/USD"}


def test_a_frozen_document_prices_to_the_figures_freeze_returned():
    document, _, _, figures = _freeze(full_document().request)
    assert document.priced() == figures


# --- frozen_rates -------------------------------------------------------------------------

SAVED = (fixed_rates()("USD", "EUR"),)


def test_frozen_rates_answer_with_the_saved_rate():
    assert frozen_rates(SAVED)("USD", "EUR") == SAVED[0]


def test_frozen_rates_answer_the_reverse_pair_with_the_inverse():
    reverse = frozen_rates(SAVED)("EUR", "USD")
    assert reverse.pair == "EUR/USD"
    assert reverse.rate == 1 / Decimal("0.92")
    assert (reverse.rate_date, reverse.source) == (RATE_DAY, "ecb")


@pytest.mark.parametrize(("base", "quote"), [("GBP", "EUR"), ("USD", "USD")])
def test_frozen_rates_never_invent_a_rate(base, quote):
    with pytest.raises(RatesUnavailable, match=f"{base}/{quote}"):
        frozen_rates(SAVED)(base, quote)


# --- client data --------------------------------------------------------------------------

def test_without_client_removes_name_notes_and_contact_only():
    document = full_document()
    anonymous = document.without_client()
    assert (anonymous.details.client, anonymous.details.notes) == ("", "")
    assert anonymous.contact == Contact()
    assert anonymous.request == document.request
    assert anonymous.rates == document.rates
    assert anonymous.details.profile == document.details.profile
    assert anonymous.priced() == document.priced()


def test_with_number_sets_only_the_reference():
    document = full_document()
    numbered = document.with_number("KA-2026-0008")
    assert numbered.details.reference == "KA-2026-0008"
    assert replace(numbered, details=document.details) == document
