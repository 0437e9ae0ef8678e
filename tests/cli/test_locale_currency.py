"""A locale whose currency no source converts still gets a comparison: in US dollars, with
one line saying why. A currency asked for by name that cannot be converted is an error
naming the one option that fixes it. Every test sets the locale itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from mesocost.core.conversion import RateQuote
from mesocost.core.errors import RatesUnavailable
from mesocost.rates.choose import CurrencyChoice, choose_display_currency
from mesocost.rates.service import RateService

PINNED = ("--start", "2027-01-31", "--rates", "offline")
NO_ECB_RATE = {"ru_RU.UTF-8": "RUB", "uk_UA.UTF-8": "UAH", "ar_EG.UTF-8": "EGP",
               "vi_VN.UTF-8": "VND", "es_AR.UTF-8": "ARS"}


@pytest.fixture
def lang(monkeypatch):
    """Set LANG and nothing else that names a locale."""
    def set_lang(value):
        for variable in ("MESOCOST_LOCALE", "LC_ALL", "LC_MONETARY"):
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("LANG", value)
    return set_lang


def _note(code):
    return (f"mesocost: no exchange rate for {code} (the locale's currency): showing USD; "
            f"pass --currency CODE or --rate USD:{code}=RATE\n")


@pytest.mark.parametrize(("locale", "code"), sorted(NO_ECB_RATE.items()))
def test_the_default_command_falls_back_to_usd_with_one_line(cli, lang, locale, code):
    lang(locale)
    result = cli("compare", *PINNED, "--format", "json")
    assert result.code == 0, result.err
    assert result.err == _note(code)
    document = result.json()
    assert document["currency"] == "USD" and document["locale"] == locale.split(".")[0]
    assert {row["converted"]["currency"] for row in document["rows"]} == {"USD"}
    table = cli("compare", *PINNED)
    assert table.code == 0 and table.err == _note(code)


def test_a_locale_whose_currency_has_a_rate_keeps_it(cli, lang):
    lang("de_DE.UTF-8")
    result = cli("compare", *PINNED, "--format", "json")
    assert (result.code, result.err, result.json()["currency"]) == (0, "", "EUR")


def test_a_pinned_rate_makes_the_locale_currency_usable(cli, lang):
    lang("ru_RU.UTF-8")
    result = cli("compare", *PINNED, "--rate", "USD:RUB=90", "--format", "json")
    assert result.code == 0 and result.err == ""
    rows = {row["destination"]: row for row in result.json()["rows"]}
    assert result.json()["currency"] == "RUB"
    assert rows["TR"]["converted"]["low"] == "72000.00"
    # GBP has no pinned rate: it goes through the pinned USD rate.
    assert rows["GB"]["converted"]["rate_source"] == "manual"


def test_an_explicit_currency_without_a_rate_fails_naming_a_one_step_way_out(cli, lang):
    lang("en_US.UTF-8")
    result = cli("compare", *PINNED, "--currency", "RUB")
    assert result.code == 2 and result.out == ""
    assert result.err == ("mesocost: error: --currency: no exchange rate for RUB: pin one "
                          "with --rate USD:RUB=RATE (RUB per US dollar)\n")
    fixed = cli("compare", *PINNED, "--currency", "RUB", "--rate", "USD:RUB=90",
                "--format", "json")
    assert fixed.code == 0, fixed.err
    assert {row["converted"]["currency"] for row in fixed.json()["rows"]} == {"RUB"}


def test_quote_preview_chooses_the_same_way(cli, lang):
    lang("vi_VN.UTF-8")
    result = cli("quote", "preview", "--destination", "GB", "--client", "Ada", *PINNED)
    assert result.code == 0, result.err
    assert result.err == _note("VND") and "In USD:" in result.out


def test_a_real_process_with_only_lang_set(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("MESOCOST_LOCALE", "LC_ALL", "LC_MONETARY", "LANGUAGE")}
    env["LANG"] = "ru_RU.UTF-8"
    process = subprocess.run([sys.executable, "-m", "mesocost", "compare", "--format", "json",
                              "--start", "2027-01-31"], capture_output=True, text=True,
                             env=env, check=False)
    assert process.returncode == 0, process.stderr
    assert process.stderr == _note("RUB")
    assert json.loads(process.stdout)["currency"] == "USD"


# --- the choice itself, as the window will call it ------------------------------------------

DAY = date(2026, 10, 30)


def _lookup(known=("EUR", "GBP", "USD"), down=False):
    def rate_for(base, quote):
        if down:
            raise RatesUnavailable("live rates unavailable (timed out after 5 s)")
        if quote not in known:
            raise RatesUnavailable(f"the ECB published no {quote} rate for {DAY}")
        return RateQuote(base, quote, Decimal("1.5"), DAY, "ecb")
    return rate_for


def test_choose_keeps_a_convertible_locale_currency_and_what_was_asked():
    assert choose_display_currency(_lookup(), "GBP") == CurrencyChoice("GBP")
    assert choose_display_currency(_lookup(), "RUB", "EUR") == CurrencyChoice("EUR")
    assert choose_display_currency(_lookup(down=True), "USD") == CurrencyChoice("USD")


def test_choose_falls_back_only_when_the_currency_itself_has_no_rate():
    choice = choose_display_currency(_lookup(), "RUB")
    assert choice.currency == "USD" and "RUB" in choice.note
    # With no rate at all (live mode, network down) the real reason is raised, not hidden
    # behind a currency switch.
    with pytest.raises(RatesUnavailable, match="timed out"):
        choose_display_currency(_lookup(down=True), "GBP")
    with pytest.raises(RatesUnavailable, match="timed out"):
        choose_display_currency(_lookup(down=True), "EUR", "EUR")


def test_the_service_converts_through_a_pinned_rate():
    service = RateService("offline", manual={("USD", "RUB"): Decimal(90)}, today=DAY)
    usd_gbp = service.rate("GBP", "USD")
    crossed = service.rate("GBP", "RUB")
    assert crossed.rate == usd_gbp.rate * 90 and crossed.source == "manual"
    assert crossed.rate_date == DAY and crossed.warnings[0] == (
        "GBP/RUB = GBP/USD (ecb) × USD/RUB (manual)")
    back = service.rate("RUB", "GBP")
    assert back.rate == Decimal(1) / 90 * service.rate("USD", "GBP").rate
    with pytest.raises(RatesUnavailable):
        service.rate("GBP", "UAH")  # nothing pinned for it
