"""Workbooks in the document language: every word a reader sees is translated (the
pseudo-language shows any that is not), dates and amounts follow the document locale
(checked as LibreOffice prints them), Arabic sheets read right to left, English is as
it always was."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from babel.numbers import format_decimal

from mesocost.core.catalog import PriceEntry
from mesocost.core.clinic import BEFORE_FIRST_SESSION, ClinicProfile
from mesocost.core.comparison import compare, price_request
from mesocost.core.geo import country_name
from mesocost.core.i18n import ENGLISH, Language
from mesocost.core.money import round_to_minor
from mesocost.core.travel import TravelCosts
from mesocost.export import whatif
from mesocost.export.cells import INVARIANT, Formats, currency_format, document_formats
from mesocost.export.register_sheet import export_register
from mesocost.export.workbook import find_sheet, sheet_names, sheet_title
from mesocost.export.xlsx import QuoteDetails, comparison_workbook, quote_workbook
from mesocost.i18n import language
from tests.export.conftest import CREATED, START
from tests.export.pdf import POPPLER, SOFFICE, page_texts, to_pdf
from tests.i18ntools import FakeTranslations

PSEUDO = language("qps")
CLIENT = "Ada Lovelace"
NOTES = "Bring your referral letter."
REFERENCE = "ADA-20261102-TR-AL"


GERMAN = Language("de", "de_DE", FakeTranslations({
    "Total": "Gesamt",
    "Subtotal": "Zwischensumme",
    "Prepared for": "Erstellt für",
    "Quote date": "Angebotsdatum",
    "Destination": "Reiseziel",
    "Date": "Datum",
    "due by {date}": "fällig bis {date}",
    "Exchange rates used": "Verwendete Wechselkurse",
    ("sheet name", "Quote"): "Angebot",
    ("sheet name", "Summary"): "Übersicht",
    ("sheet name", "Schedule"): "Terminplan",
    ("sheet name", "What-if"): "Was wäre wenn",
    ("sheet name", "Rates"): "Kurse",
    ("sheet name", "Chart data"): "Diagrammdaten",
    ("sheet name", "Quotes"): "Angebote",
    ("what-if answer", "Yes"): "Ja",
    ("what-if answer", "No"): "Nein",
    ("quote status", "sent"): "gesendet",
}))
ARABIC = Language("ar", "ar_AE", FakeTranslations({}), right_to_left=True)


@pytest.fixture
def profile():
    return ClinicProfile(
        name="Clinique Ada", address="12 Rue de la Paix\n75002 Paris\nFrance",
        phone="+33 1 23 45 67 89", email="contact@clinique-ada.fr",
        website="https://clinique-ada.fr", tax_id="FR 12 345678901", validity_days=30,
        deposit_pct=Decimal(30), deposit_due=BEFORE_FIRST_SESSION, deposit_due_days=14,
        payment_terms="Bank transfer or card.", cancellation_policy="Free cancellation.",
        quote_prefix="ADA", footer="Clinique Ada SAS & associés")


@pytest.fixture
def euro_entry():
    """Priced in euros at 1,234.50 a session: the figure every locale check reads."""
    return PriceEntry(destination="DE", currency="EUR", per_session_low=Decimal("1234.50"),
                      per_session_high=Decimal("2000"), city="Berlin", clinic="Haarwerk",
                      travel=TravelCosts("EUR", Decimal("180"), 2, Decimal("95"), 20))


def _details(profile):
    return QuoteDetails(CLIENT, CREATED, 30, NOTES, profile=profile,
                        reference=REFERENCE)


def _register_rows():
    """Two register rows (QuoteSummary's fields the sheet reads)."""
    return [SimpleNamespace(
        number=f"Q-2026-000{n}", status=status, client=CLIENT, destination="TR",
        clinic="Test Clinic", currency="EUR", total_low=Decimal("1234.50"),
        total_high=Decimal("2500"), patient_currency="USD", patient_mid=Decimal("2100"),
        quote_date=CREATED, valid_until=date(2026, 12, 2))
        for n, status in ((1, "sent"), (2, "expired"))]


# --- the pseudo-language walk -------------------------------------------------------------


def _data_texts(rows, quote, profile, locale):
    """Every text the test data puts on a sheet as it is (names, codes, catalog text,
    phases, milestone labels, sources, the core's warnings), to tell data from words."""
    texts = {CLIENT, REFERENCE, NOTES, profile.name, profile.payment_terms,
             profile.cancellation_policy, *profile.address.splitlines(),
             " · ".join((profile.phone, profile.email, profile.website))}
    for row_quote, entry, warnings in (
            *((row.quote, row.entry, row.warnings) for row in rows),
            (quote, quote.request.entry, ())):
        texts.update((entry.destination, entry.currency, entry.city, entry.clinic,
                      entry.source, entry.includes, entry.notes,
                      country_name(entry.destination, locale), *warnings))
        texts.update(phase.name for phase in row_quote.request.protocol.phases)
        texts.update(m.label for m in row_quote.request.protocol.milestones)
        texts.update(add_on.name for add_on in row_quote.request.add_ons)
    return {text for text in texts if text}


def _is_data(text: str, data: set[str]) -> bool:
    """Data, or built only from data: "Türkiye · Istanbul · Test Clinic", "USD/EUR",
    "ecb", "1, 2", "#1 2027-01-31,  #2 …" (no letters)."""
    if text in data or not any(char.isalpha() for char in text):
        return True
    if re.fullmatch(r"[A-Z]{3}(/[A-Z]{3})?", text):  # a currency code or a pair
        return True
    parts = re.split(r" · |\n|; ", text)
    return all(part in data or part in ("ecb", "offline") for part in parts)


def _pseudo(text: str) -> bool:
    return "[" in text and "~]" in text


def _walk(book, data):
    """Every prose text of the workbook that is not in the pseudo-language, by place."""
    failures = []
    for sheet in book:
        if not ("(" in sheet.title and "~)" in sheet.title):
            failures.append(("sheet name", sheet.title))
        failures += _cell_failures(sheet, data)
        failures += [(f"{sheet.title} input message", text)
                     for check in sheet.data_validations.dataValidation
                     for text in (check.promptTitle, check.prompt, check.errorTitle,
                                  check.error)
                     if not (text or "").startswith("[")]
        footer = sheet.oddFooter.right.text
        if footer and "[" not in footer:
            failures.append((f"{sheet.title} footer", footer))
        for chart in sheet._charts:
            title = "".join(run.t for paragraph in chart.title.tx.rich.p
                            for run in paragraph.r or ())
            if not _pseudo(title):
                failures.append((f"{sheet.title} chart", title))
    failures += [("properties", text)
                 for text in (book.properties.title, book.properties.subject)
                 if not _pseudo(text)]
    return failures


def _cell_failures(sheet, data):
    """Text cells that are neither data nor pseudo-language; number formats that show
    English words ('"due by "yyyy-mm-dd')."""
    failures = []
    for line in sheet.iter_rows():
        for cell in line:
            where = f"{sheet.title}!{cell.coordinate}"
            if (isinstance(cell.value, str) and cell.data_type != "f"
                    and not _is_data(cell.value, data) and not _pseudo(cell.value)):
                failures.append((where, cell.value))
            words = [literal for literal in re.findall(r'"([^"]*)"', cell.number_format or "")
                     if any(char.isalpha() for char in literal)]
            if words and "[" not in "".join(words):
                failures.append((where + " format", cell.number_format))
    return failures


def test_every_word_of_the_comparison_workbook_is_translated(
        seed_entries, travel_entry, request_with_everything, rates, reload, profile):
    rows = compare((*seed_entries, travel_entry), request_with_everything, "EUR", rates)
    quote, _converted = price_request(request_with_everything._replace(entry=travel_entry),
                                      "EUR", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="en_US",
                                      created=CREATED, home_country="GB", language=PSEUDO))
    data = _data_texts(rows, quote, profile, "en_US")
    assert _walk(book, data) == []
    # The walk sees English: the same workbook in English fails it everywhere.
    english = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="en_US",
                                         created=CREATED, home_country="GB"))
    missed = _walk(english, data)
    assert {where.split("!")[0] for where, _text in missed} >= {
        "sheet name", "properties", "Summary", "Details", "Sources", "Schedule", "What-if",
        "Rates", "Chart data", "Summary chart", "What-if input message"}
    # The home row says so, in the document's language, around the country's name.
    summary = find_sheet(book, "Summary", PSEUDO)
    assert any(isinstance(c.value, str) and c.value.startswith("[United Kingdom")
               for line in summary.iter_rows() for c in line)


def test_every_word_of_the_quote_workbook_is_translated(
        travel_entry, request_with_everything, rates, reload, profile):
    quote, converted = price_request(request_with_everything._replace(entry=travel_entry),
                                     "EUR", rates)
    book = reload(quote_workbook(quote, converted, _details(profile), locale="en_US",
                                 language=PSEUDO))
    data = _data_texts((), quote, profile, "en_US")
    assert _walk(book, data) == []
    sheet = find_sheet(book, "Quote", PSEUDO)
    # The Yes/No inputs and the formula reading them use the same (translated) words.
    what_if = find_sheet(book, "What-if", PSEUDO)
    yes, no = whatif.answers(PSEUDO)
    assert yes.startswith("[") and no.startswith("[")
    formulas = [c.value for line in what_if.iter_rows() for c in line if c.data_type == "f"]
    assert any(f'="{yes}"' in formula for formula in formulas)
    assert re.fullmatch(r"\[ADA-20261102-TR-AL · þàĝé &P~+\]", sheet.oddFooter.right.text)


def test_every_word_of_the_register_workbook_is_translated(tmp_path, profile):
    path = tmp_path / "register.xlsx"
    export_register(path, _register_rows(), today=CREATED, locale="en_US", language=PSEUDO)
    book = openpyxl.load_workbook(path)
    data = {CLIENT, "Test Clinic", "Q-2026-0001", "Q-2026-0002", "TR"}
    assert _walk(book, data) == []
    sheet = find_sheet(book, "Quotes", PSEUDO)
    assert sheet["B2"].value.startswith("[") and "šéñţ" in sheet["B2"].value


# --- a German document ---------------------------------------------------------------------


def test_a_german_workbook_has_german_words_sheet_names_dates_and_amounts(
        euro_entry, request_with_everything, rates, reload, profile):
    quote, converted = price_request(request_with_everything._replace(entry=euro_entry),
                                     "EUR", rates)
    book = reload(quote_workbook(quote, converted, _details(profile), locale="de_DE",
                                 language=GERMAN))
    assert book.sheetnames == ["Angebot", "Terminplan", "Was wäre wenn", "Kurse"]
    assert sheet_title("Quote", GERMAN) == "Angebot"
    sheet = find_sheet(book, "Quote", GERMAN)
    labels = [c.value for line in sheet.iter_rows(max_col=4) for c in line
              if isinstance(c.value, str)]
    assert {"Gesamt", "Zwischensumme", "Erstellt für", "Angebotsdatum"} <= set(labels)
    assert "Total" not in labels and "Subtotal" not in labels
    # Dates: a real date with the German short date, the year in full.
    date_cells = [c for line in sheet.iter_rows() for c in line if isinstance(c.value, date)]
    assert date_cells
    plain = [c for c in date_cells if c.number_format == "[$-407]dd\\.mm\\.yyyy"]
    due = [c for c in date_cells if "fällig bis" in c.number_format]
    assert plain and len(due) == 1
    assert due[0].number_format == '[$-407]"fällig bis "dd\\.mm\\.yyyy'
    # Amounts: the German pattern (symbol after, a space between), German marks.
    unit = [c for line in sheet.iter_rows() for c in line if c.value == 1234.5]
    assert unit and all(c.number_format.startswith('[$-407]#,##0.00" €"') for c in unit)
    what_if = find_sheet(book, "What-if", GERMAN)
    assert what_if.cell(_row_of(what_if, "Reiseziel"), 1).value == "Reiseziel"
    assert any('="Ja"' in str(c.value) for line in what_if.iter_rows() for c in line)
    # The document language is not the interface's: nothing else changed language.
    assert find_sheet(book, "Rates", GERMAN)["A1"].value == "Verwendete Wechselkurse"


def test_a_german_comparison_looks_its_sheets_up_through_the_names(
        seed_entries, euro_entry, request_with_everything, rates, reload):
    rows = compare((*seed_entries, euro_entry), request_with_everything, "EUR", rates)
    book = reload(comparison_workbook(rows, request_with_everything, "EUR", locale="de_DE",
                                      created=CREATED, language=GERMAN))
    assert book.sheetnames[0] == "Übersicht" and book.sheetnames[-1] == "Diagrammdaten"
    assert book["Diagrammdaten"].sheet_state == "hidden"
    summary = find_sheet(book, "Summary", GERMAN)
    assert summary["A8"].value == "Reiseziel"
    assert summary["B4"].number_format == "[$-407]dd\\.mm\\.yyyy"
    # The chart reads its hidden sheet under its German name.
    chart = summary._charts[0]
    assert "Diagrammdaten" in chart.series[0].val.numRef.f


def test_document_formats():
    german = Formats("de_DE")
    assert german.currency("EUR") == '[$-407]#,##0.00" €";[$-407]"-"#,##0.00" €"'
    assert german.currency("JPY").startswith('[$-407]#,##0" ¥"')
    assert german.money_text(Decimal("1234.5"), "EUR") == "1.234,50 €"
    assert german.date_text(START) == "31.01.2027"
    assert german.dated("fällig bis {date}") == '[$-407]"fällig bis "dd\\.mm\\.yyyy'
    assert Formats("tr_TR").currency("TRY").startswith('[$-41F]"₺"#,##0.00')
    assert Formats("fr_FR").date == "[$-40C]dd\\/mm\\/yyyy"
    assert Formats("de").date.startswith("[$-407]")  # a language alone: its main country
    # English (and the pseudo-language) keep the forms they always had, whatever the locale.
    for code, locale in (("en", "de_DE"), ("en", "en_GB"), ("qps", "de_DE")):
        assert document_formats(locale, language(code, locale)) is INVARIANT
    assert document_formats("de_DE", GERMAN).locale == "de_DE"
    assert document_formats("xx_YY", GERMAN) is INVARIANT
    assert INVARIANT.currency("USD") == currency_format("USD")
    assert INVARIANT.date == "yyyy-mm-dd"
    assert INVARIANT.dated("due by {date}") == '"due by "yyyy-mm-dd'


def test_sheet_names_are_valid_in_every_language():
    for lang in (ENGLISH, PSEUDO, GERMAN):
        for name in sheet_names(lang):
            title = sheet_title(name, lang)
            assert 0 < len(title) <= 31 and not set(title) & set("[]:*?/\\"), title
    assert sheet_title("What-if") == "What-if"
    assert sheet_title("Summary", PSEUDO).startswith("(Š")


# --- right to left --------------------------------------------------------------------------


def test_an_arabic_workbook_reads_right_to_left(
        seed_entries, travel_entry, request_with_everything, rates, reload, profile,
        tmp_path):
    rows = compare((*seed_entries, travel_entry), request_with_everything, "EUR", rates)
    quote, converted = price_request(request_with_everything._replace(entry=travel_entry),
                                     "EUR", rates)
    path = tmp_path / "register.xlsx"
    export_register(path, _register_rows(), today=CREATED, locale="ar_AE", language=ARABIC)
    books = [
        reload(comparison_workbook(rows, request_with_everything, "EUR", locale="ar_AE",
                                   created=CREATED, language=ARABIC)),
        reload(quote_workbook(quote, converted, _details(profile), locale="ar_AE",
                              language=ARABIC)),
        openpyxl.load_workbook(path),
    ]
    for book in books:
        for sheet in book:
            assert sheet.sheet_view.rightToLeft is True, sheet.title
    english = reload(quote_workbook(quote, converted, _details(profile), locale="en_US"))
    assert not any(sheet.sheet_view.rightToLeft for sheet in english)


def test_english_is_the_default_and_unchanged(travel_entry, request_with_everything, rates,
                                              reload, profile):
    quote, converted = price_request(request_with_everything._replace(entry=travel_entry),
                                     "EUR", rates)
    default = reload(quote_workbook(quote, converted, _details(profile), locale="de_DE"))
    explicit = reload(quote_workbook(quote, converted, _details(profile), locale="de_DE",
                                     language=ENGLISH))
    assert default.sheetnames == explicit.sheetnames == ["Quote", "Schedule", "What-if",
                                                         "Rates"]
    for name in default.sheetnames:
        assert [[c.value for c in line] for line in default[name].iter_rows()] == \
            [[c.value for c in line] for line in explicit[name].iter_rows()]
    sheet = default["Quote"]
    assert {c.number_format for line in sheet.iter_rows() for c in line
            if isinstance(c.value, date)} == {"yyyy-mm-dd", '"due by "yyyy-mm-dd'}


def _row_of(sheet, text):
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == text)


# --- as LibreOffice shows a German document ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or not POPPLER,
                    reason="LibreOffice (soffice) or poppler-utils is not installed")
def test_libreoffice_prints_a_german_quote_in_german_forms_whatever_its_own_locale(
        tmp_path, euro_entry, request_with_everything, rates, profile, monkeypatch):
    # An English-speaking spreadsheet: the German forms come from the file, not from it.
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    quote, converted = price_request(request_with_everything._replace(entry=euro_entry),
                                     "EUR", rates)
    path = tmp_path / "angebot.xlsx"
    quote_workbook(quote, converted, _details(profile), locale="de_DE",
                   language=GERMAN).save(path)
    text = "\n".join(page_texts(to_pdf([path], tmp_path)[path.name]))
    assert "###" not in text
    assert "Gesamt" in text and "Zwischensumme" in text and "Angebotsdatum" in text
    assert re.search(r"Angebotsdatum\s+02\.11\.2026", text)  # a date cell
    assert "fällig bis 17.01.2027" in text  # a date cell read as a sentence
    assert "1.234,50 €" in text  # the unit price
    total = round_to_minor(quote.total.low, "EUR")
    assert f"{format_decimal(total, '#,##0.00', locale='de_DE')} €" in text
    assert re.search(r"^\s*Gesamt\s+\S", text, re.MULTILINE)  # the label of the total

    # The What-if formulas read the German Yes/No and recalculate to the app's figures.
    out = tmp_path / "recalculated"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    book = openpyxl.load_workbook(out / path.name, data_only=True)
    sheet = book["Was wäre wenn"]
    # The second table headed "Reiseziel" is the totals'.
    totals = [r for r in range(1, sheet.max_row + 1)
              if sheet.cell(r, 1).value == "Reiseziel"][1]
    assert Decimal(repr(sheet.cell(totals + 1, whatif.PACKAGE_LOW).value)) == total


def test_the_shipped_german_catalogue_writes_a_german_quote(
        euro_entry, request_with_everything, rates, reload, profile):
    """The same checks with the real German catalogue (not a stand-in): German words,
    German dates and 1.234,50 € formats, and no English label left on the Quote sheet."""
    german = language("de")
    quote, converted = price_request(request_with_everything._replace(entry=euro_entry),
                                     "EUR", rates)
    book = reload(quote_workbook(quote, converted, _details(profile), locale="de_DE",
                                 language=german))
    assert book.sheetnames == ["Angebot", "Terminplan", "Was wäre wenn", "Kurse"]
    sheet = find_sheet(book, "Quote", german)
    labels = {c.value for line in sheet.iter_rows() for c in line if isinstance(c.value, str)}
    assert {"Gesamt", "Zwischensumme", "Erstellt für", "Angebotsdatum"} <= labels
    assert not {"Total", "Subtotal", "Prepared for", "Quote date", "Payments"} & labels
    dates = [c for line in sheet.iter_rows() for c in line if isinstance(c.value, date)]
    assert any(c.number_format == "[$-407]dd\\.mm\\.yyyy" for c in dates)
    unit = [c for line in sheet.iter_rows() for c in line if c.value == 1234.5]
    assert unit and all(c.number_format.startswith('[$-407]#,##0.00" €"') for c in unit)
    # The medical notes are the German catalogue's, not the English source.
    assert any("Schwangere" in text for text in labels)
    assert not any("pregnant" in text for text in labels)
