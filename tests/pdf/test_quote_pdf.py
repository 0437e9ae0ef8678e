"""The patient PDF of a quote, read back as a person's viewer would: poppler's pdftotext
(text as laid out on each page), pdfinfo (page size, metadata), pdffonts and pdfimages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal

import pytest

from mesocost.core.clinic import BEFORE_FIRST_SESSION, ClinicProfile, quote_reference
from mesocost.core.comparison import price_request
from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.engine import AddOn, QuoteRequest
from mesocost.core.errors import ExportError
from mesocost.core.protocol import AFTERCARE, EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.core.travel import TravelCosts
from mesocost.export.details import QuoteDetails
from mesocost.present import money_text, rate_line
from mesocost.storage.tomlfiles import find_protocol, load_bundled_catalog
from tests.imagefiles import png_bytes

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts", "pdfimages")),
    reason="poppler-utils is not installed")

CREATED = date(2026, 11, 2)
START = date(2027, 1, 31)
RATE_DAY = date(2026, 10, 30)
TURKISH = "Şükrü Çağlayan Ğİıöü"
NUMBER = "MC-2026-0001"
# Units of the second currency per unit of the first (pinned: tests never read a snapshot).
RATES = {("USD", "EUR"): Decimal("0.92"), ("EUR", "USD"): Decimal("1.087"),
         ("USD", "GBP"): Decimal("0.76"), ("EUR", "GBP"): Decimal("0.87")}


@pytest.fixture(autouse=True)
def _application(qapp):
    """The test session's QApplication (pytest-qt) exists before any PDF is rendered, as
    the window's does: the PDF must use it, never make a second, widget-less one."""
    return qapp


def rate_for(base: str, quote: str) -> RateQuote:
    if base == quote:
        return RateQuote(base, quote, Decimal(1), RATE_DAY, "identity")
    return RateQuote(base, quote, RATES[(base, quote)], RATE_DAY, "ecb")


def make_profile(tmp_path, logo: bool = True) -> ClinicProfile:
    logo_path = tmp_path / "logo.png"
    if logo:
        logo_path.write_bytes(png_bytes(400, 120))
    return ClinicProfile(
        name="Klinik Çağlayan", address="Büyükdere Cd. 12\n34394 Şişli / İstanbul",
        phone="+90 212 555 01 01", email="info@example.com.tr", tax_id="1234567890",
        logo=str(logo_path), deposit_pct=Decimal(25), deposit_due=BEFORE_FIRST_SESSION,
        deposit_due_days=14, payment_terms="Bank transfer or card.",
        cancellation_policy="Free cancellation up to 14 days before the first session.",
        quote_prefix="KC", footer="Klinik Çağlayan A.Ş. · Mersis 0123456789")


def priced(display="EUR", travel=False, maintenance_months=0, add_on=True):
    """The bundled Turkey entry (USD) priced for `display`, with a euro add-on."""
    entry = load_bundled_catalog()[0]
    if travel:
        entry = entry._replace(travel=TravelCosts("EUR", Decimal(180), 2, Decimal(60), 10))
    request = QuoteRequest(
        entry=entry, protocol=find_protocol("standard"), start=START,
        maintenance_months=maintenance_months, discount_pct=Decimal(10),
        tax_pct=Decimal(20), deposit_pct=Decimal(25),
        add_ons=(AddOn("PRP", Decimal(50), Decimal("80.75"), per_session=True,
                       currency="EUR"),) if add_on else ())
    return price_request(request, display, rate_for)


def details_for(profile, client=TURKISH, notes="", reference="KC-20261102-TR-ŞÇĞ"):
    return QuoteDetails(client, CREATED, 30, notes, profile=profile, reference=reference)


def render(tmp_path, quote, converted, details, name="quote.pdf", locale="en_US", **options):
    from mesocost.pdf.quote_pdf import write_quote_pdf

    path = tmp_path / name
    write_quote_pdf(path, quote, converted, details, locale=locale, **options)
    return path


def pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def flat(text: str) -> str:
    """Words joined by single spaces: a sentence wrapped at a line end (or after a hyphen,
    "first-" / "line") still reads whole."""
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def money(value, currency, locale="en_US") -> str:
    return flat(money_text(value, currency, locale))


# --- what the document says ------------------------------------------------------------


def test_the_pdf_holds_the_quote_as_the_workbook_does(tmp_path):
    quote, converted = priced(travel=True)
    profile = make_profile(tmp_path)
    path = render(tmp_path, quote, converted, details_for(profile), number=NUMBER)
    text = flat("\n".join(pages(path)))
    assert NUMBER in text
    assert TURKISH in text  # selectable text, every Turkish letter as typed
    for seller in ("Klinik Çağlayan", "34394 Şişli / İstanbul", "Tax / registration no. "
                   "1234567890", "Valid until 2026-12-02", "Quote date 2026-11-02"):
        assert seller in text
    for line in quote.lines:
        if line.kind not in ("discount", "tax"):
            assert flat(line.label) in text
    for label, value in (("Subtotal", quote.subtotal.low), ("Total", quote.total.low),
                         ("Total", quote.total.high), ("Discount 10%", -quote.discount.low),
                         ("Tax 20% (added)", quote.tax.high)):
        assert label in text
        assert money(value, "USD") in text
    assert f"Typical total (midpoint of the range) {money(quote.total.mid, 'USD')}" in text


def test_the_patient_currency_is_indicative_with_each_rate(tmp_path):
    quote, converted = priced(travel=True)
    path = render(tmp_path, quote, converted, details_for(make_profile(tmp_path)))
    text = flat("\n".join(pages(path)))
    assert "In EUR (indicative)" in text
    grand = converted.grand
    assert (f"Total {money(grand.low, 'EUR')} {money(grand.mid, 'EUR')} "
            f"{money(grand.high, 'EUR')}") in text
    real = [rate for rate in converted.rates if rate.base != rate.quote]
    assert real  # USD/EUR for the package at least
    for rate in real:
        assert rate_line(rate) in text
    assert "EUR/EUR" not in text  # an identity is not a rate worth a line
    assert ECB_CAVEAT in text


def test_travel_payments_terms_and_advice(tmp_path):
    quote, converted = priced(travel=True)
    details = details_for(make_profile(tmp_path), notes="Bring your <previous> results.")
    text = flat("\n".join(pages(render(tmp_path, quote, converted, details))))
    assert "Your travel and stay (EUR)" in text
    for line in quote.travel.lines:
        assert flat(line.label) in text
    assert f"Travel total {money(quote.travel.cost.low, 'EUR')}" in text
    plan = details.payment_plan(quote)
    assert (f"Deposit (25% of the lowest total) {plan.deposit_due.isoformat()} "
            f"{money(plan.deposit, 'USD')}") in text
    for instalment in plan.instalments:
        assert instalment.due.isoformat() in text
    assert "Bank transfer or card." in text
    assert "Free cancellation up to 14 days before the first session." in text
    assert "Bring your <previous> results." in text
    assert AFTERCARE[0] in text
    for note in (*SUITABILITY_NOTES, EVIDENCE_NOTE):
        assert note in text
    assert "Ask a clinician first" in text
    assert "I accept quote KC-20261102-TR-ŞÇĞ and its terms." in text


def test_dated_sessions_and_milestones(tmp_path):
    quote, converted = priced(travel=True)
    lines = "\n".join(pages(render(tmp_path, quote, converted, details_for(None))))
    for session in quote.schedule:
        assert f"#{session.number} {session.day.isoformat()}" in flat(lines)
    assert "Trip 8" in lines  # every session is its own trip here
    for milestone in quote.milestones:
        assert f"Up to session {milestone.session}" in lines
        assert money(milestone.total.high, "USD") in flat(lines)


def test_without_a_profile_the_seller_is_missing_and_no_conversion_is_needed(tmp_path):
    quote, converted = priced(display="USD", add_on=False)  # the clinic's own currency
    text = flat("\n".join(pages(render(tmp_path, quote, converted, details_for(None)))))
    assert "Seller details missing: run mesocost clinic init" in text
    assert "indicative" not in text
    assert "Rate " not in text
    assert ECB_CAVEAT not in text
    # A euro add-on at a dollar clinic is converted: that rate is shown, indicative.
    quote, converted = priced(display="USD")
    text = flat("\n".join(pages(render(tmp_path, quote, converted, details_for(None),
                                        "add-on.pdf"))))
    assert "In USD (indicative)" in text
    assert "Rate EUR/USD = 1.087000, 2026-10-30, source ecb" in text


def test_typed_text_prints_as_typed_and_never_as_markup(tmp_path):
    quote, converted = priced()
    client = 'Ada <b>Bold</b> & "Co" \x1b[31mred\x1b[0m\x00'
    notes = "<img src='x'>\nsecond line"
    path = render(tmp_path, quote, converted, details_for(None, client=client, notes=notes))
    text = "\n".join(pages(path))
    assert 'Ada <b>Bold</b> & "Co" red' in text  # escape sequences and NUL gone
    assert "<img src='x'>" in text
    assert "second line" in text


# --- number, status, metadata ----------------------------------------------------------


def test_the_number_else_the_reference_else_a_dated_one(tmp_path):
    quote, converted = priced()
    details = details_for(None, client="Ada Lovelace", reference="Q-REF-1")
    numbered = flat(pages(render(tmp_path, quote, converted, details, "a.pdf",
                                 number=NUMBER))[0])
    assert f"Quote number {NUMBER}" in numbered
    assert "Q-REF-1" not in numbered
    referenced = flat(pages(render(tmp_path, quote, converted, details, "b.pdf"))[0])
    assert "Quote number Q-REF-1" in referenced
    dated = quote_reference("Q", CREATED, "TR", "Ada Lovelace")
    bare = details_for(None, client="Ada Lovelace", reference="")
    assert f"Quote number {dated}" in flat(pages(render(tmp_path, quote, converted, bare,
                                                        "c.pdf"))[0])


def test_a_draft_says_so_on_every_page(tmp_path):
    quote, converted = priced(maintenance_months=120)
    path = render(tmp_path, quote, converted, details_for(None), number=NUMBER,
                  status="draft")
    texts = pages(path)
    assert "DRAFT: not yet issued" in flat(texts[0])
    assert "Status Draft" in flat(texts[0])
    assert all(f"DRAFT · {NUMBER}" in page for page in texts)
    issued = pages(render(tmp_path, quote, converted, details_for(None), "issued.pdf",
                          number=NUMBER, status="sent"))
    assert "Status Sent" in flat(issued[0])
    assert not any("DRAFT" in page for page in issued)


def test_title_and_creator(tmp_path):
    quote, converted = priced()
    listing = info(render(tmp_path, quote, converted, details_for(None), number=NUMBER))
    assert f"Quote {NUMBER}: {TURKISH}" in listing
    assert "Creator:         mesocost" in listing


# --- pages -----------------------------------------------------------------------------


def test_a_long_quote_spans_pages_each_with_its_footer(tmp_path):
    quote, converted = priced(travel=True, maintenance_months=120)
    assert quote.sessions == 48
    path = render(tmp_path, quote, converted, details_for(make_profile(tmp_path)),
                  number=NUMBER)
    texts = pages(path)
    assert len(texts) >= 3
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page
        assert "Klinik Çağlayan A.Ş. · Mersis 0123456789" in page
    every = flat("\n".join(texts))
    assert f"#48 {quote.schedule[-1].day.isoformat()}" in every
    # A table cut by a page break repeats its header; nothing is printed twice.
    assert "Session Date Phase Trip" in flat(texts[1])
    assert every.count(AFTERCARE[0]) == 1
    assert every.count(ECB_CAVEAT) == 1


def test_the_acceptance_block_is_never_cut_in_two(tmp_path):
    for months in range(0, 61, 3):
        quote, converted = priced(travel=True, maintenance_months=months)
        texts = pages(render(tmp_path, quote, converted, details_for(None), f"{months}.pdf"))
        holding = [index for index, page in enumerate(texts)
                   if "Acceptance" in page or "Signature" in page]
        assert len(holding) == 1, months
        assert "I accept quote" in texts[holding[0]]


@pytest.mark.parametrize(("locale", "size"), [("en_US", "612 x 792 pts (letter)"),
                                              ("es_MX", "612 x 792 pts (letter)"),
                                              ("en_GB", "595 x 842 pts (A4)"),
                                              ("tr_TR", "595 x 842 pts (A4)")])
def test_letter_where_the_territory_prints_on_it_else_a4(tmp_path, locale, size):
    quote, converted = priced()
    path = render(tmp_path, quote, converted, details_for(None), locale=locale)
    assert f"Page size:       {size}" in info(path)


def test_pdf_page_size():
    from PySide6.QtGui import QPageSize

    from mesocost.pdf.quote_pdf import pdf_page_size

    letter, a4 = QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.A4
    assert [pdf_page_size(locale) for locale in ("en_US", "en-CA", "fil_PH", "es_CO")] == [
        letter] * 4
    assert [pdf_page_size(locale) for locale in ("en_GB", "de_DE", "tr_TR", "fr")] == [a4] * 4


# --- fonts, images, files --------------------------------------------------------------


def test_only_the_shipped_fonts_are_used_and_embedded(tmp_path):
    quote, converted = priced()
    path = render(tmp_path, quote, converted, details_for(None))
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                             text=True, timeout=60).stdout.splitlines()[2:]
    assert listing
    for font in listing:
        name, embedded = font.split()[0], font.split()[-5]
        assert "DejaVuSans" in name, font
        assert embedded == "yes", font


def test_the_logo_is_drawn_when_its_file_exists(tmp_path):
    quote, converted = priced()
    with_logo = render(tmp_path, quote, converted, details_for(make_profile(tmp_path)),
                       "logo.pdf")
    gone = tmp_path / "gone"
    gone.mkdir()
    without = render(tmp_path, quote, converted,
                     details_for(make_profile(gone, logo=False)), "nologo.pdf")
    assert _images(with_logo) == 1
    assert _images(without) == 0


def _images(path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(path)], check=True,
                             capture_output=True, text=True, timeout=60).stdout
    return len(listing.splitlines()) - 2  # two header lines


def test_a_write_failure_is_one_export_error(tmp_path):
    quote, converted = priced()
    with pytest.raises(ExportError, match="folder does not exist"):
        render(tmp_path / "missing", quote, converted, details_for(None))


def test_overwrites_only_whole_files(tmp_path):
    quote, converted = priced()
    path = tmp_path / "quote.pdf"
    path.write_bytes(b"old")
    render(tmp_path, quote, converted, details_for(None))
    assert path.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["quote.pdf"]  # no temporary left


def test_headless_without_display_widgets_or_openpyxl(tmp_path):
    """From the command line: no application yet, no platform chosen, a DISPLAY that
    answers nothing. The PDF is written offscreen; neither QtWidgets nor openpyxl loads."""
    script = textwrap.dedent(f"""
        import sys
        from tests.pdf.test_quote_pdf import details_for, priced
        from mesocost.pdf.quote_pdf import write_quote_pdf
        quote, converted = priced(travel=True)
        write_quote_pdf({str(tmp_path / "cli.pdf")!r}, quote, converted, details_for(None),
                        locale="tr_TR", number="MC-1")
        print(sorted(m for m in ("PySide6.QtWidgets", "openpyxl", "mesocost.ui")
                     if m in sys.modules))
    """)
    env = {key: value for key, value in os.environ.items()
           if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":987"
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    done = subprocess.run([sys.executable, "-c", script], check=False, cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert TURKISH in "\n".join(pages(tmp_path / "cli.pdf"))
