"""The patient PDF in the document language: every word translated (walked in the
pseudo-language), Arabic laid out right to left in the shipped Noto Sans Arabic, English
unchanged, and the language a saved quote keeps for its documents."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import NamedTuple

import pytest

from mesocost import i18n
from mesocost.core.clinic import AFTER_ACCEPTANCE
from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.geo import country_name
from mesocost.core.i18n import ENGLISH, Language
from mesocost.core.protocol import AFTERCARE
from mesocost.export.details import NO_PROFILE, payment_rules
from mesocost.present import day_text, plan_text, rate_line, rate_line_with_warnings
from mesocost.register.document import QuoteDocument, freeze, from_json, to_json
from tests.i18ntools import FakeTranslations
from tests.pdf.test_quote_pdf import (
    NUMBER,
    TURKISH,
    details_for,
    flat,
    make_profile,
    pages,
    priced,
    rate_for,
    render,
)

pytestmark = [
    pytest.mark.usefixtures("qapp"),  # the window's QApplication exists first, as in the app
    pytest.mark.skipif(not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo",
                                                               "pdffonts", "pdftoppm")),
                       reason="poppler-utils is not installed"),
]

NOTES = "Bring your previous results.\nAsk for Dr Demir."


ARABIC_TEXT = {
    "Quote: hair mesotherapy package": "عرض سعر: باقة الميزوثيرابي للشعر",
    "DRAFT: not yet issued; the figures may still change.":
        "مسودة: لم يصدر بعد، وقد تتغير الأرقام.",
    "DRAFT": "مسودة",
    "Draft": "مسودة",
    "Prepared for": "مقدم إلى",
    "Treatment at": "مكان العلاج",
    "{protocol}, {count} sessions": "{protocol}، {count} جلسات",
    "Quote number": "رقم العرض",
    "Quote date": "تاريخ العرض",
    "Valid until": "صالح حتى",
    "First session": "الجلسة الأولى",
    "Prices in": "العملة",
    "Status": "الحالة",
    "Tax / registration no. {number}": "الرقم الضريبي {number}",
    "Treatment plan": "خطة العلاج",
    "every {count} days": "كل {count} يوما",
    "monthly": "شهريا",
    "{before}, then {after}": "{before}، ثم {after}",
    "{course} ({count} sessions)": "{course} ({count} جلسات)",
    "Session": "الجلسة",
    "Date": "التاريخ",
    "Phase": "المرحلة",
    "Trip": "الرحلة",
    "Trip {number}": "الرحلة {number}",
    "Cost of the course up to a session": "تكلفة العلاج حتى الجلسة",
    "Milestone": "المحطة",
    "Total": "الإجمالي",
    "Up to session {number}": "حتى الجلسة {number}",
    "Each is what the sessions up to that one cost, discount and tax included (travel "
    "not): a running total, not a payment.":
        "كل مبلغ هو تكلفة الجلسات حتى تلك الجلسة، مع الخصم والضريبة ودون السفر: مجموع "
        "تراكمي وليس دفعة.",
    "Prices ({currency})": "الأسعار ({currency})",
    "Item": "البند",
    "Qty": "الكمية",
    "Unit price": "سعر الوحدة",
    "Amount": "المبلغ",
    "Subtotal": "المجموع الفرعي",
    "Discount {percent}%": "خصم {percent}٪",
    "Tax {percent}% (added)": "ضريبة {percent}٪ (مضافة)",
    "Typical total (midpoint of the range)": "الإجمالي المعتاد (منتصف النطاق)",
    "{name} (per session, priced in {currency})": "{name} (لكل جلسة، بسعر {currency})",
    "return travel ({count} trips)": "السفر ذهابا وإيابا ({count} رحلات)",
    "accommodation ({count} nights)": "الإقامة ({count} ليال)",
    "In {currency} (indicative)": "بعملة {currency} (تقديري)",
    "Low": "الأدنى",
    "Typical": "المعتاد",
    "High": "الأعلى",
    "Treatment": "العلاج",
    "Travel": "السفر",
    "Rate {pair} = {rate}, {day}, source {source}":
        "سعر الصرف {pair} = {rate}، {day}، المصدر {source}",
    "Payments ({currency})": "الدفعات ({currency})",
    "Payment": "الدفعة",
    "Sessions": "الجلسات",
    "Due by": "تاريخ الاستحقاق",
    "Deposit ({share} of the lowest total)": "العربون ({share} من أدنى إجمالي)",
    "{percent}%": "{percent}٪",
    "Trip {number} ({count} nights)": "الرحلة {number} ({count} ليال)",
    "Acceptance": "الموافقة",
    "I accept quote {number} and its terms.": "أوافق على عرض السعر {number} وشروطه.",
    "Name": "الاسم",
    "Signature": "التوقيع",
    "Page {page} of {pages}": "الصفحة {page} من {pages}",
    "Quote {number}: {client}": "عرض السعر {number}: {client}",
    "Your travel and stay ({currency})": "سفرك وإقامتك ({currency})",
    "Unit": "الوحدة",
    "Travel total": "إجمالي السفر",
    "An estimate of the travel you book and pay yourself: it is not in the clinic's total "
    "or payments.": "تقدير للسفر الذي تحجزه وتدفعه بنفسك: ليس ضمن إجمالي العيادة ولا دفعاتها.",
    "{phase} ({sessions} × {interval})": "{phase} ({sessions} × {interval})",
    "Terms": "الشروط",
    "Validity": "الصلاحية",
    "This quote is valid until {day} ({count} days).": "هذا العرض صالح حتى {day} ({count} يوما).",
    "Payment terms": "شروط الدفع",
    "Cancellation and refunds": "الإلغاء والاسترداد",
    "Figures are as quoted on {day}.": "الأرقام كما وردت في العرض بتاريخ {day}.",
    "Before you book": "قبل الحجز",
    "After each session": "بعد كل جلسة",
    "The deposit is due {count} days before the first session ({first}): by {due}.":
        "يستحق العربون قبل الجلسة الأولى ({first}) بـ {count} يوما: في موعد أقصاه {due}.",
    "The balance is paid in shares by the sessions of each trip, each share at its first "
    "session; like the total, it is a range.":
        "يدفع الباقي على حصص حسب جلسات كل رحلة، كل حصة في أول جلساتها؛ وهو نطاق مثل الإجمالي.",
    AFTERCARE[0]: "لا تغسل الشعر لمدة 24 ساعة (48 ساعة للشعر الدهني).",
    AFTERCARE[3]: "تجنب ارتداء القبعات.",
    "full course": "العلاج كاملا",
}
ARABIC = Language("ar", "ar_AE", FakeTranslations(ARABIC_TEXT), right_to_left=True)
ARABIC_CLIENT = "أحمد الخطيب"
START_DAY = "2027-01-31"  # the first session of `priced`
PSEUDO = i18n.language("qps")


def plain(text: str) -> str:
    """PDF text as a reader compares it: Arabic presentation forms (what poppler gives
    back) as plain letters, no direction marks, white space single."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return " ".join(text.split())


def _arabic_pdf(tmp_path, name="ar.pdf", **options):
    quote, converted = priced(travel=True)
    details = details_for(make_profile(tmp_path), client=ARABIC_CLIENT)
    return render(tmp_path, quote, converted, details, name, locale="ar_AE", number=NUMBER,
                  language=ARABIC, **options)


# --- English is unchanged --------------------------------------------------------------


def test_english_is_the_default_and_prints_as_before(tmp_path):
    quote, converted = priced(travel=True)
    details = details_for(make_profile(tmp_path))
    default = pages(render(tmp_path, quote, converted, details, "default.pdf", number=NUMBER))
    english = pages(render(tmp_path, quote, converted, details, "english.pdf", number=NUMBER,
                           language=ENGLISH))
    assert english == default
    assert "Quote: hair mesotherapy package" in default[0]
    assert "Page 1 of" in default[0]


def test_english_sentences_keep_iso_dates_and_plain_numbers():
    quote, _converted = priced(travel=True)
    plan = details_for(None).payment_plan(quote)
    rules = payment_rules(plan, quote, by_trip=True)
    assert rules == payment_rules(plan, quote, True, ENGLISH)
    assert f"by {plan.deposit_due.isoformat()} at the latest" in rules[0]
    assert plan_text(quote.request) == "4 every 15 days, then 4 monthly (8 sessions)"
    rate = rate_for("USD", "EUR")
    assert rate_line(rate) == "Rate USD/EUR = 0.920000, 2026-10-30, source ecb"


# --- every word in the document language: the pseudo-language walk ---------------------

# A pseudo segment: "[Ŝéššîöñ 3~~~]"; one cut by a line end leaves "[Ŝéššîöñ" or "3~~~]".
_SEGMENT = re.compile(r"\[[^\[\]]*\]")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _words(*texts: object) -> set[str]:
    return {word.casefold() for text in texts for word in _WORD.findall(str(text))}


def _english_left(line: str, allowed: set[str]) -> list[str]:
    """The words of `line` no pseudo segment holds and no test datum explains: plain
    English a translator never saw."""
    while _SEGMENT.search(line):
        line = _SEGMENT.sub(" ", line)
    if "]" in line:  # the end of a segment begun on the line above
        line = line[line.rindex("]") + 1:]
    if "[" in line:  # the start of one that goes on below
        line = line[:line.index("[")]
    return [word for word in _WORD.findall(line)
            if word.isascii() and word.casefold() not in allowed]


def _data_words(quote, converted, details) -> set[str]:
    """Everything the test data put in the document (never translated): names, places,
    phase and milestone names, the protocol's title, currencies and rate sources."""
    request, entry, profile = quote.request, quote.request.entry, details.profile
    texts = [details.client, details.notes, details.reference, NUMBER, entry.city,
             entry.clinic, country_name(entry.destination, "en_US"),
             request.protocol.title, quote.currency, converted.currency,
             *(phase.name for phase in request.protocol.phases), "maintenance",
             *(milestone.label for milestone in request.protocol.milestones),
             *(add_on.name for add_on in request.add_ons),
             *(f"{rate.pair} {rate.source}" for rate in converted.rates)]
    if profile is not None:
        texts += [value for value in profile._asdict().values() if isinstance(value, str)]
    return _words(*texts)


def test_every_line_of_the_pdf_is_in_the_document_language(tmp_path):
    quote, converted = priced(travel=True, maintenance_months=6)
    details = details_for(make_profile(tmp_path), notes=NOTES)
    path = render(tmp_path, quote, converted, details, locale="en_US", number=NUMBER,
                  status="draft", language=PSEUDO)
    texts = pages(path)
    allowed = _data_words(quote, converted, details)
    english = [line for page in texts for line in page.splitlines()
               if _english_left(line, allowed)]
    assert english == []
    every = "\n".join(texts)
    # Translated, not just bracketed: the title, the seed's advice, the footer, the status.
    for shown in (i18n.pseudo("Quote: hair mesotherapy package"), i18n.pseudo(AFTERCARE[0]),
                  i18n.pseudo("Page {page} of {pages}").format(page=1, pages=len(texts)),
                  i18n.pseudo("Draft")):
        assert flat(shown) in flat(every)
    assert flat(i18n.pseudo(ECB_CAVEAT)) in flat(every)
    assert f"{i18n.pseudo('DRAFT')} · {NUMBER}" in texts[-1]


def test_the_walk_finds_an_untranslated_line(tmp_path):
    """The walk itself: English that skipped translation is listed."""
    allowed = {"klinik", "mc"}
    assert _english_left("[Ţöţàĺ~~]      Total      Klinik", allowed) == ["Total"]
    assert _english_left("ñûɱƀéŕ~~~~]   2026-11-02   [Ǫûöţé", allowed) == []
    assert _english_left("[Ŝéš [#1~~] ţ~~]  $1,256.39 – €3.00  MC-2026-0001", allowed) == []


def test_the_pdf_title_and_the_rate_lines_are_in_the_document_language(tmp_path):
    quote, converted = priced()
    path = render(tmp_path, quote, converted, details_for(None), number=NUMBER,
                  language=PSEUDO)
    listing = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                             text=True, timeout=60).stdout
    assert i18n.pseudo("Quote {number}: {client}").format(number=NUMBER,
                                                           client=TURKISH) in listing
    text = flat("\n".join(pages(path)))
    for rate in converted.rates:
        if rate.base != rate.quote:
            assert flat(rate_line(rate, PSEUDO)) in text
    assert flat(i18n.pseudo(NO_PROFILE)) in text


def test_rate_warnings_are_printed_as_recorded_and_set_apart():
    rate = rate_for("USD", "EUR")._replace(stale=True, warnings=("fell back to ECB",))
    assert rate_line_with_warnings(rate) == (
        "Rate USD/EUR = 0.920000, 2026-10-30, source ecb (stale); fell back to ECB")
    arabic = rate_line_with_warnings(rate, ARABIC)
    assert "\u2068fell back to ECB\u2069" in arabic
    assert "\u2068USD/EUR\u2069" in arabic


# --- other languages: dates and numbers in sentences -----------------------------------


GERMAN = Language("de", "de_DE", FakeTranslations({}))


def test_sentences_in_another_language_write_dates_and_numbers_as_its_locale_does():
    quote, _converted = priced(travel=True)
    plan = details_for(None).payment_plan(quote)
    rules = " ".join(payment_rules(plan, quote, True, GERMAN))
    assert day_text(plan.deposit_due, GERMAN) in rules
    assert plan.deposit_due.isoformat() not in rules
    assert day_text(date(2026, 12, 2), GERMAN) == "02.12.2026"
    rate = RateQuote("USD", "EUR", Decimal("0.92"), date(2026, 10, 30), "ecb")
    assert rate_line(rate, GERMAN) == "Rate USD/EUR = 0,920000, 30.10.2026, source ecb"


def test_the_pdf_formats_sentence_dates_in_the_documents_locale(tmp_path):
    quote, converted = priced()
    path = render(tmp_path, quote, converted, details_for(None), locale="de_DE",
                  language=GERMAN)
    text = flat("\n".join(pages(path)))
    assert "This quote is valid until 02.12.2026 (30 days)." in text
    assert "Figures are as quoted on 02.11.2026." in text
    assert "Valid until 2026-12-02" in text  # the facts and tables keep ISO dates


# --- Arabic: right to left, in the shipped Noto Sans Arabic ----------------------------


def test_arabic_is_set_in_the_shipped_noto_sans_arabic_and_latin_in_dejavu(tmp_path):
    listing = subprocess.run(["pdffonts", str(_arabic_pdf(tmp_path))], check=True,
                             capture_output=True, text=True,
                             timeout=60).stdout.splitlines()[2:]
    fonts = {font.split()[0]: font.split()[-5] for font in listing}
    assert set(fonts) == {"NotoSansArabic-Regular", "NotoSansArabic-Bold", "DejaVuSans",
                          "DejaVuSans-Bold"}
    assert set(fonts.values()) == {"yes"}  # embedded: a fresh machine shows them


def test_arabic_text_comes_back_from_the_pdf(tmp_path):
    texts = pages(_arabic_pdf(tmp_path, status="draft"))
    every = plain("\n".join(texts))
    for word in ("خطة العلاج", "الأسعار", "الموافقة", "العربون", "مسودة", ARABIC_CLIENT,
                 "الإقامة", "لا تغسل الشعر"):
        assert plain(word) in every, word
    # Typed Latin text inside the Arabic document keeps its own order.
    for typed in ("34394 Şişli / İstanbul", "+90 212 555 01 01 · info@example.com.tr",
                  "Bank transfer or card.", NUMBER):
        assert typed in every, typed


class Word(NamedTuple):
    text: str
    left: float
    top: float
    right: float
    bottom: float


def words_on_page(path, page: int = 1) -> list[Word]:
    """Every word poppler finds on `page` with its box (points from the top left); an
    Arabic word comes back glyph by glyph."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path),
                           "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return [Word(unicodedata.normalize("NFKC", text), float(x0), float(y0), float(x1),
                 float(y1))
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>", html)]


def _first(words: list[Word], text: str) -> Word:
    return next(word for word in words if word.text == text)


def _same_row(words: list[Word], anchor: Word, text: str) -> Word:
    return next(word for word in words if word.text == text
                and abs(word.top - anchor.top) < 6)


def test_arabic_pages_run_right_to_left_with_mirrored_tables_and_footer(tmp_path):
    width = 595  # A4 in points (ar_AE prints on A4)
    arabic = words_on_page(_arabic_pdf(tmp_path))
    english = words_on_page(render(tmp_path, *priced(travel=True),
                                   details_for(make_profile(tmp_path)), "en.pdf",
                                   locale="en_GB", number=NUMBER))
    # The title starts at the right margin: the largest Arabic glyphs on the page.
    is_arabic = [word for word in arabic if re.search("[\u0600-\u06ff]", word.text)]
    tallest = max(word.bottom - word.top for word in is_arabic)
    title = [word for word in is_arabic if word.bottom - word.top > tallest - 1]
    assert min(word.left for word in title) > width * 0.4
    assert max(word.right for word in title) > width * 0.9
    # The seller's block on the right, the logo's side on the left.
    assert _first(arabic, "Klinik").left > width / 2 > _first(english, "Klinik").right
    # Tables mirrored: session, date, phase from right to left.
    day = START_DAY
    for words, right_to_left in ((arabic, True), (english, False)):
        phase_cell = _first(words, "initial")  # the first row of the plan
        date_cell = _same_row(words, phase_cell, day)
        number_cell = next(word for word in words if word.text in ("#1", "1#")
                           and abs(word.top - date_cell.top) < 6)
        if right_to_left:
            assert number_cell.left > date_cell.right > date_cell.left > phase_cell.right
        else:
            assert number_cell.right < date_cell.left < date_cell.right < phase_cell.left
    # The quote's facts: the number on the left of its label, in the left column.
    assert _first(arabic, NUMBER).right < width / 2 < _first(english, NUMBER).left
    # The footer: the page count on the left, the footer line on the right.
    foot = max(word.top for word in arabic)
    footer = [word for word in arabic if abs(word.top - foot) < 8]
    count = [word for word in footer if re.search("[\u0600-\u06ff]", word.text)]
    assert max(word.right for word in count) < width / 2
    assert min(word.left for word in footer if word.text == "Mersis") > width / 2


def test_arabic_sentences_isolate_numbers_codes_and_names():
    from mesocost.pdf.content import quote_html

    quote, converted = priced(travel=True)
    details = details_for(None, client=ARABIC_CLIENT)
    html = quote_html(quote, converted, details, locale="ar_AE", reference=NUMBER,
                      language=ARABIC)
    assert f"أوافق على عرض السعر \u2068{NUMBER}\u2069 وشروطه." in html
    assert "الأسعار (\u2068USD\u2069)" in html
    assert f"<b>\u2068{ARABIC_CLIENT}\u2069</b>" in html  # typed text: its own direction
    assert "\u2068" not in quote_html(quote, converted, details, locale="en_US",
                                      reference=NUMBER)


def test_an_arabic_page_renders(tmp_path):
    """Page 1 as an image (pdftoppm), as a person sees it: drawn, with text on both
    halves of the page (the PNG stays in tmp_path to look at)."""
    from PySide6.QtGui import QImage

    path = _arabic_pdf(tmp_path)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "ar")], check=True, timeout=60)
    image = QImage(str(next(tmp_path.glob("ar*.png"))))
    assert not image.isNull()
    ink = [x for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
           if image.pixelColor(x, y).lightness() < 100]
    assert min(ink) < image.width() * 0.3 and max(ink) > image.width() * 0.7


# --- the language a saved quote keeps for its documents --------------------------------


def test_a_saved_quote_keeps_its_document_language(tmp_path):
    quote, _converted = priced()
    details = details_for(None)
    document, _quote, _conv = freeze(quote.request, "EUR", rate_for, details,
                                     locale="de_DE", language="qps")
    assert document.language == "qps"
    assert json.loads(to_json(document))["language"] == "qps"
    back = from_json(to_json(document))
    assert back == document
    language = back.document_language()
    assert (language.code, language.locale, language.right_to_left) == ("qps", "de_DE", False)
    assert language.gettext("Total") == i18n.pseudo("Total")
    # Numbered and emptied of the client, it keeps the language.
    assert back.with_number("MC-1").language == back.without_client().language == "qps"


def test_a_quote_saved_before_languages_existed_reads_back_in_english():
    quote, _converted = priced()
    document, _quote, _conv = freeze(quote.request, "EUR", rate_for, details_for(None),
                                     locale="en_GB")
    assert document.language == "en"
    raw = json.loads(to_json(document))
    del raw["language"]
    older = from_json(json.dumps(raw))
    assert older.language == "en"
    assert older.document_language() == ENGLISH._replace(locale="en_GB")


def test_a_document_language_that_is_not_a_code_is_damage():
    quote, _converted = priced()
    document, _quote, _conv = freeze(quote.request, "EUR", rate_for, details_for(None))
    raw = json.loads(to_json(document))
    raw["language"] = 7
    with pytest.raises(Exception, match="stored quote is damaged"):
        from_json(json.dumps(raw), "MC-1")


def test_a_saved_quote_prints_in_its_language(tmp_path):
    quote, _converted = priced()
    profile = make_profile(tmp_path)._replace(deposit_due=AFTER_ACCEPTANCE)
    document, _quote, _conv = freeze(quote.request, "EUR", rate_for,
                                     details_for(profile), language="qps")
    saved: QuoteDocument = from_json(to_json(replace(document, locale="en_GB")))
    quote, converted = saved.priced()
    path = render(tmp_path, quote, converted, saved.details, locale=saved.locale,
                  number=NUMBER, language=saved.document_language())
    assert i18n.pseudo("Quote: hair mesotherapy package") in pages(path)[0]
