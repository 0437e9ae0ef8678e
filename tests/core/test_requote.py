"""Re-quoting: a saved quote beside the same request priced again, with the reason for
every figure that moved (an exchange rate, the clinic's price, a quantity, a new line)."""

from __future__ import annotations

from decimal import Decimal

from mesocost.core.comparison import price_request
from mesocost.core.engine import AddOn
from mesocost.core.requote import (
    LINE_GONE,
    NEW_LINE,
    PRICE_CHANGED,
    QUANTITY_CHANGED,
    RATE_MOVED,
    compare_quotes,
)
from mesocost.core.travel import TravelCosts
from tests.register.conftest import fixed_rates, make_document

PRP_IN_GBP = AddOn("PRP", Decimal(40), Decimal(60), True, "GBP")
TRAVEL = TravelCosts("GBP", Decimal(180), 2, Decimal(65), 10)


def requote(document, request=None, rates: dict[str, str] | None = None):
    """Compare a saved document with its request (or `request`) priced with `rates`."""
    today = price_request(request or document.request, document.currency,
                          fixed_rates(rates))
    return compare_quotes(document.priced(), today)


def by_label(report) -> dict[str, tuple[str, ...]]:
    return {line.label.split(" (")[0]: line.reasons for line in report.lines}


def test_nothing_moved_when_priced_again_with_the_same_rates():
    report = requote(make_document())
    assert not report.changed
    assert report.reasons == ()
    assert (report.total_before, report.patient_before) == (
        report.total_after, report.patient_after)
    assert [change.moved for change in report.rates] == [False]


def test_a_rate_change_moves_the_patients_figures_and_says_which_rate():
    saved = make_document()  # priced with USD/EUR 0.92
    report = requote(saved, rates={"USD/EUR": "0.95"})
    assert report.patient_before != report.patient_after
    assert report.patient_before == saved.priced()[1].grand
    assert report.patient_after.high == report.total_after.high * Decimal("0.95")
    assert report.total_before == report.total_after  # the clinic's USD did not move
    assert all(line.before == line.after and not line.reasons for line in report.lines)
    assert report.reasons == (
        "USD/EUR rate moved from 0.92 (2026-10-30) to 0.95 (2026-10-30), +3.26 %",)
    assert report.changed


def test_a_catalog_price_change_is_named_on_the_session_lines_and_overall():
    saved = make_document()
    entry = saved.request.entry._replace(per_session_low=Decimal(120),
                                         per_session_high=Decimal(320))
    report = requote(saved, saved.request._replace(entry=entry))
    reasons = by_label(report)
    assert reasons["initial"] == reasons["monthly"] == (PRICE_CHANGED,)
    assert report.reasons == ("per-session price changed from 100–300 to 120–320 USD",)
    assert report.total_after.low == report.total_before.low + 8 * 20


def test_a_price_change_also_moves_the_discount_and_tax_lines():
    saved = make_document(discount_pct=Decimal(10), tax_pct=Decimal(20))
    entry = saved.request.entry._replace(per_session_high=Decimal(350))
    reasons = by_label(requote(saved, saved.request._replace(entry=entry)))
    assert reasons["discount 10%"] == reasons["tax 20%"] == (PRICE_CHANGED,)


def test_an_add_on_priced_in_another_currency_moves_with_its_rate():
    saved = make_document(add_ons=(PRP_IN_GBP,))  # GBP/USD 1.25
    report = requote(saved, rates={"USD/GBP": "0.75"})  # GBP/USD 1.333…
    reasons = by_label(report)
    assert reasons["PRP"] == (RATE_MOVED,)
    assert reasons["initial"] == reasons["monthly"] == ()
    assert {change.pair: change.moved for change in report.rates} == {
        "USD/EUR": False, "GBP/USD": True}
    assert len(report.reasons) == 1
    assert report.reasons[0].startswith("GBP/USD rate moved from 1.25 (2026-10-30) to 1.333")


def test_an_add_on_in_the_clinics_currency_does_not_move_with_rates():
    saved = make_document(add_ons=(PRP_IN_GBP._replace(currency="USD"),))
    report = requote(saved, rates={"USD/EUR": "0.95", "USD/GBP": "0.75"})
    assert by_label(report)["PRP"] == ()


def test_a_new_add_on_is_a_new_line_and_a_dropped_one_a_removed_line():
    saved = make_document(add_ons=(AddOn("Consultation", Decimal(30), Decimal(30), False,
                                         "USD"),))
    request = saved.request._replace(add_ons=(PRP_IN_GBP,))
    report = requote(saved, request)
    new = next(line for line in report.lines if line.label.startswith("PRP"))
    gone = next(line for line in report.lines if line.label == "Consultation")
    assert (new.before, new.reasons) == (None, (NEW_LINE,))
    assert new.after.currency == "USD"  # converted into the clinic's currency
    assert (gone.after, gone.reasons) == (None, (LINE_GONE,))
    assert report.reasons[-1] == "GBP/USD rate newly needed"
    assert report.changed


def test_two_add_ons_with_one_name_are_both_compared():
    once = AddOn("PRP", Decimal(50), Decimal(50), False, "USD")
    saved = make_document(add_ons=(PRP_IN_GBP, once))
    report = requote(saved, rates={"USD/GBP": "0.75"})
    prp = [line for line in report.lines if line.label.startswith("PRP")]
    assert [line.reasons for line in prp] == [(RATE_MOVED,), ()]


def test_more_maintenance_sessions_are_a_quantity_change():
    saved = make_document(maintenance_months=12)
    report = requote(saved, saved.request._replace(maintenance_months=24))
    assert by_label(report)["maintenance"] == (QUANTITY_CHANGED,)


def test_travel_lines_are_compared_in_their_own_currency():
    entry = make_document().request.entry._replace(travel=TRAVEL)
    saved = make_document(entry=entry)
    dearer = entry._replace(travel=TRAVEL._replace(per_night=Decimal(80)))
    report = requote(saved, saved.request._replace(entry=dearer))
    reasons = by_label(report)
    assert reasons["accommodation"] == (PRICE_CHANGED,)
    assert reasons["return travel"] == ()
    assert "travel costs changed" in report.reasons
    assert report.total_before == report.total_after  # the clinic's part did not move


def test_a_moved_travel_rate_moves_the_patient_total_but_no_line():
    saved = make_document(entry=make_document().request.entry._replace(travel=TRAVEL))
    report = requote(saved, rates={"GBP/EUR": "1.20"})
    assert all(not line.reasons for line in report.lines)
    assert report.patient_after.low > report.patient_before.low
    assert report.reasons == (
        "GBP/EUR rate moved from 1.15 (2026-10-30) to 1.20 (2026-10-30), +4.35 %",)


def test_a_catalog_currency_change_is_named():
    saved = make_document()
    entry = saved.request.entry._replace(currency="EUR")
    report = requote(saved, saved.request._replace(entry=entry))
    assert report.reasons[0] == "the clinic now prices in EUR (was USD)"
    assert "USD/EUR rate no longer needed" in report.reasons
