"""The i18n foundation: choosing the interface language, the pseudo-language, markers."""

from __future__ import annotations

import os

import pytest

from mesocost import i18n
from mesocost.core import i18n as markers
from mesocost.core.errors import InputError


@pytest.fixture
def interface():
    """Restore the interface language a test installs."""
    before = markers.interface()
    yield
    markers.install(before)


def test_english_is_its_own_translation_and_counts_one_and_many():
    assert markers._("Total") == "Total"
    assert markers.ngettext("{count} trip", "{count} trips", 1) == "{count} trip"
    assert markers.ngettext("{count} trip", "{count} trips", 3) == "{count} trips"
    assert markers.N_("kept") == "kept"
    assert markers.ENGLISH.isolate(12) == "12"


def test_the_pseudo_language_wraps_accents_lengthens_and_keeps_placeholders():
    shown = i18n.pseudo("Session {number} of %(total)s, see --help <b>now</b> &amp; &&")
    assert shown.startswith("[") and shown.endswith("]")
    for kept in ("{number}", "%(total)s", "--help", "<b>", "</b>", "&amp;", "&&"):
        assert kept in shown
    assert "Šéššîöñ" in shown
    assert len(shown) >= len("Session {number} of %(total)s") * 1.3
    assert i18n.pseudo("") == ""


def test_the_interface_language_is_installed_for_every_marker(interface):
    i18n.use_interface_language("qps")
    assert markers._("Total").startswith("[Ţöţàĺ")
    assert markers.ngettext("{count} trip", "{count} trips", 2) == i18n.pseudo("{count} trips")
    assert markers.pgettext("quote status", "sent") == i18n.pseudo("sent")


@pytest.mark.parametrize(("variables", "expected"), [
    ({"LANGUAGE": "tr:en", "LANG": "de_DE.UTF-8"}, "tr"),
    ({"LC_ALL": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "ar_EG.UTF-8"}, "ar"),
    ({"LANGUAGE": "ja", "LANG": "de_DE.UTF-8"}, "de"),  # one we do not speak: the next
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_system_language(monkeypatch, variables, expected):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert i18n.system_code() == expected


def test_explicit_then_environment_then_saved_then_system(monkeypatch):
    monkeypatch.setenv("MESOCOST_LANG", "de")
    assert i18n.interface_code("fr", saved="tr") == "fr"
    assert i18n.interface_code(None, saved="tr") == "de"
    monkeypatch.delenv("MESOCOST_LANG")
    assert i18n.interface_code(None, saved="tr") == "tr"
    assert i18n.interface_code(None, saved="xx") == i18n.system_code()


@pytest.mark.parametrize("text", ["xx", "", "english", "de/../../etc"])
def test_an_unknown_language_is_refused_by_name(text):
    with pytest.raises(InputError, match="unknown language"):
        i18n.check_code(text, "--lang")


def test_region_and_encoding_are_read_as_the_language():
    assert i18n.check_code("de_AT") == i18n.check_code("DE-de") == "de"
    assert i18n.check_code("ar.UTF-8") == "ar"


def test_every_listed_language_loads_its_compiled_catalogue():
    for code, (_name, locale, right_to_left) in i18n.LANGUAGES.items():
        language = i18n.language(code)
        assert (language.code, language.locale, language.right_to_left) == (
            code, locale, right_to_left)
        assert language.gettext("") is not None
    assert i18n.language("ar").isolate("GBP") == "\u2068GBP\u2069"


def test_the_cli_speaks_the_chosen_language(cli):
    result = cli("--lang", "qps", "compare", "--no-such-option")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "[" in result.err and "--no-such-option" in result.err
    refused = cli("--lang", "xx", "compare")
    assert refused.code == 2 and "unknown language 'xx'" in refused.err


def test_the_cli_reads_mesocost_lang(cli, monkeypatch):
    monkeypatch.setenv("MESOCOST_LANG", "qps")
    result = cli("compare", "--no-such-option")
    assert "Ûñŕéçöĝñîžéđ" in result.err or "ûñŕéçöĝñîžéđ" in result.err


def test_a_phrase_is_worded_in_the_interface_now_and_in_any_language_later(interface):
    i18n.use_interface_language("qps")
    phrase = markers.Phrase("ECB rates of {date} are {count} day old", {"date": "2026-10-30",
                            "count": 3}, plural="ECB rates of {date} are {count} days old",
                            count=3)
    assert phrase == i18n.pseudo("ECB rates of {date} are {count} days old").format(
        date="2026-10-30", count=3)
    assert markers.worded(phrase, markers.ENGLISH) == "ECB rates of 2026-10-30 are 3 days old"
    assert markers.worded("plain text", markers.ENGLISH) == "plain text"
    again = markers.Phrase.from_data(phrase.to_data())
    assert markers.worded(again, markers.ENGLISH) == "ECB rates of 2026-10-30 are 3 days old"


def test_a_saved_quote_keeps_its_rate_warnings_wordable(interface):
    from datetime import date
    from decimal import Decimal

    from mesocost.core.conversion import RateQuote
    from mesocost.register.document import _rate, _read_rate

    warning = markers.Phrase("{pair} rate set by hand", {"pair": "USD/EUR"})
    rate = RateQuote("USD", "EUR", Decimal("0.9"), date(2026, 11, 2), "manual",
                     warnings=(warning, "an older, plain warning"))
    i18n.use_interface_language("qps")
    read = _read_rate(_rate(rate))
    assert [markers.worded(w, markers.ENGLISH) for w in read.warnings] == [
        "USD/EUR rate set by hand", "an older, plain warning"]


def test_a_catalogue_reads_the_same_from_its_cached_copy_and_survives_a_damaged_one():
    from mesocost.storage.userdirs import user_cache_dir

    i18n.language.cache_clear()
    first = i18n.language("de")  # parses the .mo, writes the copy
    copies = [name for name in os.listdir(user_cache_dir()) if name.startswith(
        "catalogue-de-")]
    assert len(copies) == 1
    i18n.language.cache_clear()
    again = i18n.language("de")  # from the copy
    for message in ("Total", "Do not wash the hair for 24 hours (48 hours for oily hair)."):
        assert again.gettext(message) == first.gettext(message) != message
    assert again.ngettext("{count} trip", "{count} trips", 3) == first.ngettext(
        "{count} trip", "{count} trips", 3)
    with open(os.path.join(user_cache_dir(), copies[0]), "wb") as handle:
        handle.write(b"not marshal data")
    i18n.language.cache_clear()
    assert i18n.language("de").gettext("Total") == first.gettext("Total")
    i18n.language.cache_clear()
