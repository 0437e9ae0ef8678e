"""The Quote sheet as a document a clinic sends: seller, reference, plan, payments, terms,
acceptance — read back with openpyxl, and printed by LibreOffice on at most two pages."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from mesocost.core.clinic import BEFORE_FIRST_SESSION, ClinicProfile
from mesocost.core.comparison import price_request
from mesocost.core.money import round_to_minor
from mesocost.core.payments import payment_plan
from mesocost.export.quote_sheet import AS_QUOTED, NO_PROFILE
from mesocost.export.xlsx import QuoteDetails, export_quote, quote_workbook
from tests.export.pdf import POPPLER, SOFFICE, images_on_page, page_texts, to_pdf
from tests.export.quote_cells import client_cell, fact_cell, label_row, sheet_text
from tests.imagefiles import png_bytes

CREATED = date(2026, 11, 2)
TERMS = "Bank transfer or card. Each balance is paid at the clinic on the trip's first day."
POLICY = ("Free cancellation up to 14 days before the first session; the deposit is refunded "
          "in full. Later cancellations keep half of the deposit.")


@pytest.fixture
def profile(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes(400, 120))
    return ClinicProfile(
        name="Clinique Ada", address="12 Rue de la Paix\n75002 Paris\nFrance",
        phone="+33 1 23 45 67 89", email="contact@clinique-ada.fr",
        website="https://clinique-ada.fr", tax_id="FR 12 345678901", logo=str(logo),
        validity_days=30, deposit_pct=Decimal(30), deposit_due=BEFORE_FIRST_SESSION,
        deposit_due_days=14, payment_terms=TERMS, cancellation_policy=POLICY,
        quote_prefix="ADA", footer="Clinique Ada SAS & associés · RCS Paris 123 456 789")


def _quote(request, entry, display, rates, deposit=Decimal(30)):
    return price_request(request._replace(entry=entry, deposit_pct=deposit), display, rates)


def _details(profile, client="Ada Lovelace", notes=""):
    reference = f"{profile.quote_prefix}-20261102-TR-AL" if profile else ""
    return QuoteDetails(client, CREATED, 30, notes, profile=profile, reference=reference)


def _book(quote, converted, details, locale="en_GB"):
    buffer = io.BytesIO()
    quote_workbook(quote, converted, details, locale=locale).save(buffer)
    return buffer


def test_the_seller_block_is_the_profile(profile, travel_entry, request_with_everything,
                                         rates):
    quote, converted = _quote(request_with_everything, travel_entry, "GBP", rates)
    sheet = openpyxl.load_workbook(_book(quote, converted, _details(profile)))["Quote"]
    assert [sheet.cell(r, 1).value for r in range(1, 7)] == [
        "Clinique Ada", "12 Rue de la Paix", "75002 Paris", "France",
        "+33 1 23 45 67 89 · contact@clinique-ada.fr · https://clinique-ada.fr",
        "Tax / registration no. FR 12 345678901"]
    assert client_cell(sheet).value == "Ada Lovelace"
    assert fact_cell(sheet, "Reference").value == "ADA-20261102-TR-AL"
    assert fact_cell(sheet, "Valid until").value.date() == date(2026, 12, 2)
    terms = label_row(sheet, "Payment terms")
    assert sheet.cell(terms, 2).value == TERMS
    assert sheet.cell(label_row(sheet, "Cancellation and refunds"), 2).value == POLICY
    # The page footer: the profile's line ("&" doubled: a code otherwise), the reference.
    assert sheet.oddFooter.left.text == "Clinique Ada SAS && associés · RCS Paris 123 456 789"
    assert sheet.oddFooter.right.text == "ADA-20261102-TR-AL · page &P"


def test_the_logo_is_in_the_workbook_top_right(profile, travel_entry, request_with_everything,
                                               rates):
    quote, converted = _quote(request_with_everything, travel_entry, "GBP", rates)
    with zipfile.ZipFile(_book(quote, converted, _details(profile))) as archive:
        media = [n for n in archive.namelist() if n.startswith("xl/media/")]
        assert media == ["xl/media/image1.png"]
        assert archive.read(media[0]) == png_bytes(400, 120)  # as given, not re-encoded
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    assert "<from><col>5</col>" in drawing  # anchored in column F
    # Scaled to fit 190 × 64 pixels, keeping its shape: 190 × 57.
    assert re.search(r'cx="(\d+)" cy="(\d+)"', drawing).groups() == (str(190 * 9525),
                                                                      str(57 * 9525))


def test_the_deposit_has_its_due_date_and_the_balance_its_schedule(
        profile, travel_entry, request_with_everything, rates):
    quote, converted = _quote(request_with_everything, travel_entry, "GBP", rates)
    sheet = openpyxl.load_workbook(_book(quote, converted, _details(profile)))["Quote"]
    plan = payment_plan(quote, quoted_on=CREATED, valid_until=date(2026, 12, 2),
                        deposit_rule=BEFORE_FIRST_SESSION, deposit_days=14)
    row = label_row(sheet, "Deposit (30% of the lowest total)")
    deposit = round_to_minor(quote.deposit.low, "USD")
    assert [Decimal(str(sheet.cell(row, c).value)) for c in (6, 7)] == [deposit, deposit]
    due = sheet.cell(row, 3)
    assert due.value.date() == date(2027, 1, 17) == plan.deposit_due
    assert due.number_format == '"due by "yyyy-mm-dd'
    # One row per trip: its nights, its sessions' dates, its share of the balance.
    trips = quote.travel.trips
    for number, (trip, instalment) in enumerate(zip(trips, plan.instalments, strict=True), 1):
        row = label_row(sheet, f"Trip {number}")
        assert sheet.cell(row, 2).value == trip.nights
        assert sheet.cell(row, 3).value.startswith(f"#{trip.sessions[0]} "
                                                   f"{trip.first_day.isoformat()}")
        assert Decimal(str(sheet.cell(row, 6).value)) == instalment.amount.low
        assert Decimal(str(sheet.cell(row, 7).value)) == instalment.amount.high
    text = sheet_text(sheet)
    assert "The deposit is due 14 days before the first session (2027-01-31): by 2027-01-17." \
        in text
    assert "share a trip" in text


def test_milestones_say_cost_up_to_a_session(profile, travel_entry, request_with_everything,
                                             rates):
    quote, converted = _quote(request_with_everything, travel_entry, "GBP", rates)
    sheet = openpyxl.load_workbook(_book(quote, converted, _details(profile)))["Quote"]
    text = sheet_text(sheet)
    assert "Paid by a milestone" not in text
    for milestone in quote.milestones:
        row = label_row(sheet, f"Cost up to session {milestone.session}")
        assert sheet.cell(row, 2).value == milestone.label
    assert "a running total, not a payment" in text


def test_no_identity_rate_and_the_notes_and_acceptance_block(
        profile, seed_entries, request_with_everything, rates):
    # EUR add-on, USD clinic, EUR display: two real rates; nothing converts EUR to EUR.
    quote, converted = _quote(request_with_everything, seed_entries[0], "EUR", rates)
    sheet = openpyxl.load_workbook(_book(quote, converted, _details(profile)))["Quote"]
    rates_shown = re.findall(r"Rate (\w{3})/(\w{3})", sheet_text(sheet))
    assert rates_shown and all(base != quote_ for base, quote_ in rates_shown)
    text = sheet_text(sheet)
    assert AS_QUOTED.format(day="2026-11-02") in text
    assert "Before you book" in text and "first-line" in text and "pregnant" in text
    assert "I accept quote ADA-20261102-TR-AL and its terms." in text
    for label in ("Name", "Date", "Signature"):
        row = label_row(sheet, label)
        assert all(sheet.cell(row, c).border.bottom.style == "thin" for c in range(2, 6))
    assert label_row(sheet, "Signature") == label_row(sheet, "Date") + 1


def test_a_quote_in_its_own_currency_has_no_conversion_block(seed_entries,
                                                             request_with_everything, rates):
    request = request_with_everything._replace(add_ons=())
    quote, converted = _quote(request, seed_entries[0], "USD", rates)  # USD clinic, USD shown
    sheet = openpyxl.load_workbook(_book(quote, converted, _details(None)))["Quote"]
    text = sheet_text(sheet)
    assert "Rate " not in text and "indicative" not in text


def test_without_a_profile_one_line_says_so_and_nothing_is_blank(
        seed_entries, request_with_everything, rates):
    quote, converted = _quote(request_with_everything, seed_entries[0], "EUR", rates)
    sheet = openpyxl.load_workbook(_book(quote, converted, _details(None)))["Quote"]
    assert sheet["A1"].value == NO_PROFILE
    assert sheet["A2"].value is None and sheet["A3"].value.startswith("Quote")
    assert fact_cell(sheet, "Reference").value == "Q-20261102-TR-AL"  # dated, made for it
    text = sheet_text(sheet)
    assert "Payment terms" not in text and "Cancellation" not in text
    assert "The deposit is due when you accept this quote, by 2026-12-02 at the latest" \
        in text  # the default rule: on acceptance
    assert sheet.oddFooter.left.text is None


def test_a_profile_without_a_name_says_what_to_set(seed_entries, request_with_everything,
                                                   rates):
    quote, converted = _quote(request_with_everything, seed_entries[0], "EUR", rates)
    details = _details(ClinicProfile(phone="+44 1"))
    sheet = openpyxl.load_workbook(_book(quote, converted, details))["Quote"]
    assert sheet["A1"].value == "Seller name missing: run mesocost clinic set name NAME"
    assert sheet["A2"].value == "+44 1"


def test_the_quote_prints_one_page_wide_and_at_most_two_tall(
        profile, travel_entry, request_with_everything, rates):
    quote, converted = _quote(request_with_everything, travel_entry, "GBP", rates)
    for locale, paper in (("en_GB", 9), ("en_US", 1)):  # A4, Letter
        sheet = openpyxl.load_workbook(_book(quote, converted, _details(profile),
                                             locale))["Quote"]
        setup = sheet.page_setup
        assert (int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (paper, 1, 2)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_area == f"'Quote'!$A$1:$G${sheet.max_row}"


# --- printed by LibreOffice -----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or not POPPLER,
                    reason="LibreOffice (soffice) or poppler-utils is not installed")
def test_printed_quotes_show_the_document_on_at_most_two_pages(
        tmp_path, profile, seed_entries, travel_entry, request_with_everything, rates):
    long_trips = travel_entry._replace(travel=travel_entry.travel._replace(max_stay_days=0))
    cases = {
        "profile.xlsx": (travel_entry, "GBP", profile, "en_GB", ""),
        "bare.xlsx": (seed_entries[0], "EUR", None, "en_US", ""),
        # 16 sessions, each its own trip, and notes: the longest plan a clinic would send.
        "long.xlsx": (long_trips, "EUR", profile, "de_DE",
                      "Bring your referral letter and recent blood tests. " * 4),
    }
    files = []
    for name, (entry, display, seller, locale, notes) in cases.items():
        request = request_with_everything._replace(maintenance_months=24 if "long" in name
                                                   else 6)
        quote, converted = _quote(request, entry, display, rates)
        path = tmp_path / name
        export_quote(path, quote, converted, _details(seller, notes=notes), locale=locale)
        files.append(path)
    printed = to_pdf(files, tmp_path)
    for name, (_entry, _display, seller, _locale, _notes) in cases.items():
        reference = f"{seller.quote_prefix if seller else 'Q'}-20261102-TR-AL"
        pages = page_texts(printed[name])
        quote_pages = [t for t in pages if f"{reference} · page" in t]  # the Quote's footer
        assert 1 <= len(quote_pages) <= 2, (name, len(quote_pages))
        assert pages[:len(quote_pages)] == quote_pages  # the Quote sheet prints first
        text = "\n".join(quote_pages)
        assert "###" not in text, name
        assert re.search(rf"Reference\s+{reference}", text), name
        assert "Acceptance" in text and f"I accept quote {reference}" in text
        assert re.search(r"Name\s*\n", text) and "Signature" in text, name
        if seller is None:
            assert NO_PROFILE in quote_pages[0]
            assert images_on_page(printed[name], 1) == 0
            continue
        first = quote_pages[0]
        assert first.lstrip().startswith("Clinique Ada")
        assert "contact@clinique-ada.fr" in first and "FR 12 345678901" in first
        assert images_on_page(printed[name], 1) == 1  # the logo
        assert "due by 2027-01-17" in text  # 14 days before the first session
        assert "Bank transfer or card." in text and "Free cancellation" in text
        assert "Clinique Ada SAS & associés" in text  # the footer, "&" printed as itself
