"""The schedule's calendar in the document language: every summary, description line and
alarm walked in the pseudo-language, dates in the document's locale, Arabic isolated,
English unchanged."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import icalendar
import pytest

from mesocost import i18n
from mesocost.core.clinic import ClinicProfile
from mesocost.core.i18n import ENGLISH, Language
from mesocost.core.protocol import AFTERCARE, build_schedule
from mesocost.export.calendar import schedule_calendar, write_quote_calendar, write_schedule_ics
from mesocost.export.details import QuoteDetails
from mesocost.storage.tomlfiles import find_protocol
from tests.i18ntools import FakeTranslations

START = date(2026, 1, 31)
STAMP = datetime(2026, 1, 2, 9, 30, tzinfo=UTC)
CLINIC = "Şişli Saç Kliniği"
REFERENCE = "MC-2026-0007"
LOCATION = "Istanbul, Türkiye"
PSEUDO = i18n.language("qps")


GERMAN = Language("de", "de_DE", FakeTranslations({
    "Hair mesotherapy session {number} of {total}":
        "Haar-Mesotherapie: Sitzung {number} von {total}",
    "{summary} on {day}": "{summary} am {day}",
}))
ARABIC = Language("ar", "ar_AE", FakeTranslations({
    "Hair mesotherapy session {number} of {total}": "جلسة ميزوثيرابي الشعر {number} من {total}",
    "{summary} — {clinic}": "{summary} — {clinic}",
    "Quote reference: {reference}": "مرجع العرض: {reference}",
}), right_to_left=True)


@pytest.fixture(scope="module")
def sessions():
    return build_schedule(find_protocol("standard"), START, 6)  # with maintenance


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def make(sessions, language=ENGLISH, **options) -> bytes:
    options = {"title": "Standard", "clinic": CLINIC, "location": LOCATION,
               "reference": REFERENCE, **options}
    return schedule_calendar(sessions, stamp=STAMP, language=language, **options)


# --- the pseudo-language walk ----------------------------------------------------------

_SEGMENT = re.compile(r"\[[^\[\]]*\]")
_WORD = re.compile(r"[^\W\d_]{2,}")
# The data an event carries as given: the clinic, the reference, the protocol file's
# phase names.
DATA = {word.casefold() for text in (CLINIC, REFERENCE, "initial monthly")
        for word in _WORD.findall(text)}


def english_left(text: str) -> list[str]:
    """Plain English words of `text` outside every pseudo segment, data aside."""
    while _SEGMENT.search(text):
        text = _SEGMENT.sub(" ", text)
    return [word for word in _WORD.findall(text)
            if word.isascii() and word.casefold() not in DATA]


def test_every_line_a_patient_reads_is_in_the_document_language(sessions):
    parsed = events(make(sessions, PSEUDO))
    assert len(parsed) == len(sessions) == 10
    english = []
    for event in parsed:
        (alarm,) = event.walk("VALARM")
        lines = [str(event["summary"]), *str(event["description"]).splitlines(),
                 str(alarm["description"])]
        english += [line for line in lines if english_left(line)]
    assert english == []
    description = str(parsed[-1]["description"])
    assert i18n.pseudo("After the session:") in description
    assert f"- {i18n.pseudo(AFTERCARE[0])}" in description
    # The maintenance phase is mesocost's word, and the bundled protocol's phase names are
    # in the catalogue too (core.protocol_words).
    assert i18n.pseudo("Phase: {phase}").format(phase=i18n.pseudo("maintenance")) in description
    assert i18n.pseudo("Phase: {phase}").format(phase=i18n.pseudo("initial")) in str(
        parsed[0]["description"])
    summary = str(parsed[-1]["summary"])
    assert summary == i18n.pseudo("{summary} — {clinic}").format(
        summary=i18n.pseudo("Hair mesotherapy maintenance session {number} of {total}")
        .format(number=10, total=10), clinic=CLINIC)


def test_the_walk_finds_english():
    assert english_left("[Ƥĥàšé: initial~~] Session") == ["Session"]
    assert english_left(f"[Šéššîöñ 3~~] — {CLINIC} {REFERENCE}") == []


def test_long_translated_lines_stay_folded_whole(sessions):
    data = make(sessions, PSEUDO)
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75  # octets, as RFC 5545 counts them
    assert all(line.decode("utf-8") for line in lines[:-1])  # never cut inside a character


# --- English unchanged; other languages' dates --------------------------------------------


def test_english_is_the_default_and_byte_identical(sessions):
    assert make(sessions, ENGLISH) == schedule_calendar(
        sessions, stamp=STAMP, title="Standard", clinic=CLINIC, location=LOCATION,
        reference=REFERENCE)
    (alarm,) = events(make(sessions))[0].walk("VALARM")
    assert str(alarm["description"]) == (
        f"Hair mesotherapy session 1 of 10 — {CLINIC} on 2026-01-31")


def test_the_alarm_writes_the_day_as_the_documents_locale_does(sessions):
    first = events(make(sessions, GERMAN, clinic=""))[0]
    assert str(first["summary"]) == "Haar-Mesotherapie: Sitzung 1 von 10"
    (alarm,) = first.walk("VALARM")
    assert str(alarm["description"]) == "Haar-Mesotherapie: Sitzung 1 von 10 am 31.01.2026"


def test_arabic_isolates_numbers_names_and_codes(sessions):
    first = events(make(sessions, ARABIC))[0]
    assert str(first["summary"]) == (
        f"جلسة ميزوثيرابي الشعر \u20681\u2069 من \u206810\u2069 — \u2068{CLINIC}\u2069")
    assert f"مرجع العرض: \u2068{REFERENCE}\u2069" in str(first["description"])


# --- a saved quote's calendar ---------------------------------------------------------------


def test_a_saved_quotes_calendar_is_in_its_language(tmp_path):
    from mesocost.core.comparison import price_request
    from mesocost.core.conversion import RateQuote
    from mesocost.core.engine import QuoteRequest
    from mesocost.storage.tomlfiles import load_bundled_catalog

    entry = load_bundled_catalog()[0]
    request = QuoteRequest(entry=entry, protocol=find_protocol("standard"), start=START)
    quote, _converted = price_request(
        request, entry.currency,
        lambda base, quote: RateQuote(base, quote, Decimal(1), START, "identity"))
    details = QuoteDetails("Ada", date(2026, 1, 2), profile=ClinicProfile(name="Klinik"))
    path = tmp_path / "course.ics"
    write_quote_calendar(path, REFERENCE, details, quote, "de_DE", language=PSEUDO)
    first = events(path.read_bytes())[0]
    assert str(first["summary"]).startswith("[")
    assert english_left(str(first["summary"])) == []
    assert "— Klinik" in str(first["summary"])  # the seller, as typed
    # Dates follow the document's locale ("de_DE"); the pseudo-language's are ISO.
    (alarm,) = first.walk("VALARM")
    assert "2026-01-31" in str(alarm["description"])
    write_quote_calendar(path, REFERENCE, details, quote, "de_DE", force=True,
                         language=GERMAN._replace(locale="en_US"))
    (alarm,) = events(path.read_bytes())[0].walk("VALARM")
    assert str(alarm["description"]).endswith("am 31.01.2026")


def test_write_schedule_ics_passes_the_language_on(sessions, tmp_path):
    path = tmp_path / "course.ics"
    write_schedule_ics(path, sessions, title="Standard", stamp=STAMP, language=PSEUDO)
    assert str(events(path.read_bytes())[0]["summary"]).startswith("[Ĥàîŕ")
