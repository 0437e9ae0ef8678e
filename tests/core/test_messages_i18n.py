"""Messages of the core, storage, rates, register and planning in the interface language.

With the pseudo-language installed, every message a person reads comes back wrapped and
accented ("[Ñöţ à ñûɱƀéŕ~~~]"), while what it names — the file, the entry, the field, the
option, a code or a value that was typed — comes through unchanged. English stays the
source text: the module-level constants marked with N_ are plain English until shown.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from mesocost import i18n
from mesocost.core import i18n as markers
from mesocost.core.catalog import PriceEntry, parse_entry
from mesocost.core.clinic import ClinicProfile, parse_profile, parse_setting
from mesocost.core.comparison import band_warnings
from mesocost.core.conversion import ECB_CAVEAT, RateQuote, identity_rate
from mesocost.core.dates import parse_day
from mesocost.core.engine import parse_add_on
from mesocost.core.errors import (
    CurrencyMismatch,
    ExportError,
    InputError,
    MesocostError,
    RatesUnavailable,
)
from mesocost.core.money import Money, check_currency, check_rate
from mesocost.core.payments import deposit_due_date
from mesocost.core.protocol import AFTERCARE, EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.core.requote import (
    LINE_GONE,
    NEW_LINE,
    PRICE_CHANGED,
    QUANTITY_CHANGED,
    RATE_MOVED,
)
from mesocost.planning import PhaseSpec, custom_protocol, run_comparison
from mesocost.present import status_word as status_text
from mesocost.rates import ecb
from mesocost.rates.cache import RateCache
from mesocost.rates.choose import choose_display_currency
from mesocost.rates.live import LiveFetchFailed, parse_answer
from mesocost.rates.service import MODE_OFFLINE, RateService, parse_manual_rate
from mesocost.register import location
from mesocost.register.store import Register, RegisterError
from mesocost.storage.atomic import write_text_atomic
from mesocost.storage.clinicfile import load_profile, profile_toml
from mesocost.storage.pricelist import import_price_list
from mesocost.storage.tomlfiles import find_protocol, load_catalog, read_toml

# What the pseudo-language turns letters into (mesocost.i18n._ACCENTED).
ACCENTED = frozenset(i18n.pseudo("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) \
    - frozenset("[]~")


@pytest.fixture
def pseudo():
    """The pseudo-language as the interface language; English again afterwards."""
    i18n.use_interface_language("qps")
    yield
    markers.install(markers.ENGLISH)


def translated(text: str) -> bool:
    """`text` went through the pseudo-language: bracketed and accented."""
    return "[" in text and "]" in text and any(char in ACCENTED for char in text)


def check(error: MesocostError, *where: str, keeps: tuple[str, ...] = ()) -> str:
    """`error`'s prose is translated, its places are exactly `where`, and every text in
    `keeps` (a value, a code, an option) is in the message unchanged."""
    assert translated(error.message), error.message
    assert error.where == where
    assert str(error).startswith(": ".join(where))
    for kept in keeps:
        assert kept in error.message, (kept, error.message)
    return error.message


def entry(**changes) -> dict:
    raw = {"destination": "TR", "currency": "USD", "low": "100", "high": "300"}
    raw.update(changes)
    return raw


# --- core -------------------------------------------------------------------------------


def test_catalog_entry_errors_translate_the_prose_not_the_places(pseudo):
    with pytest.raises(InputError) as bad_amount:
        parse_entry(entry(low="abc"), "entry 1 (TR)")
    check(bad_amount.value, "entry 1 (TR)", "low", keeps=("'abc'",))

    with pytest.raises(InputError) as not_positive:
        parse_entry(entry(low="-5"), "entry 2")
    check(not_positive.value, "entry 2", "low", keeps=("-5",))

    with pytest.raises(InputError) as unknown:
        parse_entry(entry(colour="red"), "entry 3")
    check(unknown.value, "entry 3", "colour", keeps=("destination", "currency"))

    with pytest.raises(InputError) as missing:
        parse_entry({"destination": "TR"}, "entry 4")
    check(missing.value, "entry 4", "currency")


def test_dates_currencies_countries_and_amounts(pseudo):
    with pytest.raises(InputError) as bad_date:
        parse_day("2026-13-01", "--start")
    check(bad_date.value, "--start", keeps=("'2026-13-01'", "YYYY-MM-DD"))

    with pytest.raises(InputError) as out_of_range:
        parse_day("2150-01-01", "as_of")
    check(out_of_range.value, "as_of", keeps=("2150-01-01", "1999-01-01", "2099-12-31"))

    with pytest.raises(InputError) as currency:
        check_currency("ZZZ", "entry 1", "currency")
    check(currency.value, "entry 1", "currency", keeps=("'ZZZ'",))

    with pytest.raises(InputError) as country:
        parse_entry(entry(destination="QQ"), "entry 1")
    check(country.value, "entry 1", "destination", keeps=("'QQ'",))

    with pytest.raises(InputError) as too_large:
        parse_entry(entry(high="1e30"), "entry 1")
    check(too_large.value, "entry 1", "high", keeps=("1E+30", "1,000,000,000,000"))

    with pytest.raises(CurrencyMismatch) as mixed:
        Money("1", "USD") + Money("1", "EUR")
    check(mixed.value, keeps=("USD", "EUR"))


def test_rates_out_of_range_and_bad_manual_rates(pseudo):
    with pytest.raises(InputError) as too_high:
        check_rate("1e12", "--rate", "GBP:EUR")
    check(too_high.value, "--rate", "GBP:EUR", keeps=("1E+12", "1,000,000,000"))

    with pytest.raises(InputError) as not_positive:
        parse_manual_rate("GBP:EUR=0")
    check(not_positive.value, "--rate", "GBP:EUR")

    with pytest.raises(InputError) as shape:
        parse_manual_rate("GBP-EUR")
    check(shape.value, "--rate", keeps=("BASE:QUOTE=RATE", "GBP:EUR=1.17", "'GBP-EUR'"))

    with pytest.raises(InputError) as itself:
        parse_manual_rate("GBP:GBP=1")
    check(itself.value, "--rate", keeps=("GBP:GBP",))

    with pytest.raises(InputError) as quote:
        RateQuote("GBP", "EUR", Decimal("1e10"), date(2026, 1, 2), "manual")
    check(quote.value, keeps=("GBP/EUR", "1E+10"))


def test_add_ons_requests_and_payments(pseudo):
    with pytest.raises(InputError) as shape:
        parse_add_on("PRP")
    check(shape.value, keeps=("NAME=[CODE]LOW[-HIGH][CODE][/session]", "'PRP'"))

    with pytest.raises(InputError) as price:
        parse_add_on("PRP=EUR 30 USD")
    check(price.value, "add-on PRP", keeps=("'EUR 30 USD'",))

    with pytest.raises(InputError) as rule:
        deposit_due_date("whenever", 0, quoted_on=date(2026, 1, 1),
                         valid_until=date(2026, 1, 31), first_session=date(2026, 2, 1))
    check(rule.value, keeps=("after_acceptance", "before_first_session", "'whenever'"))


def test_clinic_profile_errors(pseudo, tmp_path):
    with pytest.raises(InputError) as bad_key:
        parse_profile({"colour": "red"}, "clinic.toml")
    check(bad_key.value, "clinic.toml", "colour", keeps=("name", "quote_prefix"))

    with pytest.raises(InputError) as setting:
        parse_setting("validity_days", "soon")
    check(setting.value, "validity_days", keeps=("'soon'",))

    profile = tmp_path / "clinic.toml"
    profile.write_text("validity_days = 0\n", encoding="utf-8")
    with pytest.raises(InputError) as from_file:
        load_profile(profile)
    check(from_file.value, str(profile), "validity_days", keeps=("3650",))


def test_protocols_and_the_custom_protocol(pseudo):
    with pytest.raises(InputError) as unknown:
        find_protocol("weekly-forever")
    check(unknown.value, "--protocol", keeps=("'weekly-forever'", "standard"))

    with pytest.raises(InputError) as unit:
        custom_protocol([PhaseSpec(4, 2, "weeks")], find_protocol("standard"))
    check(unit.value, "phase 1", keeps=("'weeks'",))

    with pytest.raises(InputError) as interval:
        custom_protocol([PhaseSpec(4, 30, "months")], find_protocol("standard"))
    check(interval.value, "phase 1", keeps=("24",))

    with pytest.raises(InputError) as empty:
        run_comparison(None, [], identity_rate, find_protocol)  # type: ignore[arg-type]
    check(empty.value)


def test_band_warnings_are_translated(pseudo):
    cheap = PriceEntry("TR", "USD", Decimal(1), Decimal(2))
    (warning,) = band_warnings(cheap, lambda base, quote: identity_rate(base, date(2026, 1, 2)))
    assert translated(warning) and "USD" in warning and "45–500" in warning

    def no_rate(base: str, quote: str) -> RateQuote:
        raise RatesUnavailable("none")

    (unchecked,) = band_warnings(PriceEntry("GB", "GBP", Decimal(50), Decimal(90)), no_rate)
    assert translated(unchecked) and "GBP" in unchecked


# --- storage ----------------------------------------------------------------------------


def test_files_that_cannot_be_read_or_written(pseudo, tmp_path):
    broken = tmp_path / "catalog.toml"
    broken.write_text("[[entries]\n", encoding="utf-8")
    with pytest.raises(InputError) as toml:
        read_toml(broken)
    check(toml.value, str(broken))

    with pytest.raises(InputError) as missing:
        read_toml(tmp_path / "nowhere.toml")
    check(missing.value, str(tmp_path / "nowhere.toml"))

    catalog = tmp_path / "mine.toml"
    catalog.write_text('[[entries]]\ndestination = "TR"\ncurrency = "USD"\nlow = "x"\n'
                       'high = "300"\n', encoding="utf-8")
    with pytest.raises(InputError) as entry_error:
        load_catalog(catalog)
    check(entry_error.value, str(catalog), "entry 1 (TR)", "low", keeps=("'x'",))

    target = tmp_path / "no such folder" / "out.toml"
    with pytest.raises(ExportError) as folder:
        write_text_atomic(target, "text")
    check(folder.value, str(target), keeps=("no such folder",))


def test_price_list_import_rows_and_files(pseudo, tmp_path):
    prices = tmp_path / "prices.csv"
    prices.write_text("country,currency,low,high\nTR,USD,abc,300\nTR,USD,100,300\n"
                      "GB,GBP,1,2,3,4,5\n", encoding="utf-8")
    result = import_price_list(prices)
    assert len(result.entries) == 1
    bad_amount, too_many = result.rejected
    assert str(bad_amount).startswith("row 2: low: [")  # the row and column: as they are
    assert translated(bad_amount.reason) and "'abc'" in bad_amount.reason
    assert too_many.row == 4 and translated(too_many.reason)

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("country,currency,low,high,colour\n", encoding="utf-8")
    with pytest.raises(InputError) as column:
        import_price_list(wrong)
    check(column.value, str(wrong), keeps=("'colour'", "country, city, clinic"))


def test_the_clinic_file_comments_are_translated_and_stay_comments(pseudo):
    profile = ClinicProfile(name="Klinik", validity_days=14)
    text = profile_toml(profile)
    comments = [line for line in text.splitlines() if line.startswith("#")]
    # A comment of several lines is one message: its brackets open and close on different
    # lines, and every line is accented.
    assert comments and all(any(char in ACCENTED for char in line) for line in comments)
    assert translated("\n".join(comments))
    assert tomllib.loads(text)["validity_days"] == 14  # a translation cannot break the file
    assert tomllib.loads(text)["name"] == "Klinik"


# --- rates ------------------------------------------------------------------------------


def test_rate_service_errors_notices_and_warnings(pseudo, tmp_path):
    with pytest.raises(InputError) as mode:
        RateService("sometimes")
    check(mode.value, "--rates", keeps=("'sometimes'", "offline, auto, live"))

    service = RateService(MODE_OFFLINE, today=ecb.latest().day + timedelta(days=30))
    with pytest.raises(RatesUnavailable) as unpublished:
        service("USD", "ZWL")
    message = check(unpublished.value, keeps=("ZWL", "--rate", "USD:ZWL=RATE"))
    assert message.count("[") == 2  # the ECB's reason, inside the sentence that adds a pin

    (stale,) = service("USD", "EUR").warnings
    assert translated(stale) and ecb.latest().day.isoformat() in stale and "30" in stale
    assert translated(service("USD", "GBP").warnings[0])

    with pytest.raises(InputError) as offline:
        service.refresh("USD")
    check(offline.value, keeps=("--rates",))

    choice = choose_display_currency(service, "RUB")
    assert choice.currency == "USD" and translated(choice.note) and "USD:RUB=RATE" in choice.note

    cache = tmp_path / "rates.json"
    cache.write_text("{not json", encoding="utf-8")
    tables, (unreadable,) = RateCache(cache).load()
    assert tables == {} and translated(unreadable) and str(cache) in unreadable


def test_live_answers_refused_with_translated_reasons(pseudo):
    fetched = ecb.latest().day
    at = datetime(fetched.year, fetched.month, fetched.day, 12, tzinfo=UTC)
    with pytest.raises(LiveFetchFailed) as status:
        parse_answer(504, "", "USD", (), fetched_at=at, endpoint="https://rates.example/")
    assert translated(status.value.reason) and "504" in status.value.reason

    with pytest.raises(LiveFetchFailed) as base:
        parse_answer(200, '{"base": "EUR", "rates": {"USD": 1.1}}', "USD", (), fetched_at=at,
                     endpoint="https://rates.example/")
    assert translated(base.value.reason) and "'EUR'" in base.value.reason


# --- register ---------------------------------------------------------------------------


def test_register_errors_name_the_database_and_the_quote(pseudo, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my shopping list\n", encoding="utf-8")
    with pytest.raises(RegisterError) as damaged:
        Register.open(str(notes))
    check(damaged.value, str(notes))
    assert notes.read_text(encoding="utf-8") == "my shopping list\n"  # left as it was

    with Register.open(str(tmp_path / "register.sqlite3")) as register:
        with pytest.raises(RegisterError) as missing:
            register.get("MC-2026-0042")
        check(missing.value, "MC-2026-0042")
        with pytest.raises(InputError) as status:
            register.list(status="lost")
        check(status.value, "--status", keeps=("'lost'", "draft, sent"))

    with pytest.raises(InputError) as database:
        location.database_url("mysql://server/quotes")
    check(database.value, "--db", keeps=("'mysql'", "postgresql://"))

    assert translated(status_text("sent"))


# --- English: the source ----------------------------------------------------------------


def test_marked_constants_are_plain_english_until_shown():
    assert AFTERCARE[0] == "Do not wash the hair for 24 hours (48 hours for oily hair)."
    assert AFTERCARE[1] == ("No hair dryers, irons, styling products, sauna, steam bath, "
                            "pool or sun for 48 hours.")
    assert AFTERCARE[-1] == "No sport for 48–72 hours."
    assert SUITABILITY_NOTES[0] == ("Not for pregnant women; smokers may not get "
                                    "satisfactory results.")
    assert EVIDENCE_NOTE.startswith("Evidence for hair mesotherapy is limited and not "
                                    "conclusive;")
    assert ECB_CAVEAT == ("Converted figures are indicative. ECB euro foreign exchange "
                          "reference rates are published for information purposes only.")
    assert (PRICE_CHANGED, QUANTITY_CHANGED, RATE_MOVED, NEW_LINE, LINE_GONE) == (
        "price changed", "quantity changed", "rate moved", "new line", "line removed")


def test_marked_constants_translate_where_shown(pseudo):
    shown = markers._(AFTERCARE[0])
    assert translated(shown) and "24" in shown and "48" in shown
    assert AFTERCARE[0] == "Do not wash the hair for 24 hours (48 hours for oily hair)."
    assert translated(markers._(EVIDENCE_NOTE)) and translated(markers._(ECB_CAVEAT))


def test_english_messages_are_unchanged_and_count_one_day():
    """Marking changed no English; a rate one day old is "1 day old", not "1 days"."""
    with pytest.raises(InputError) as bad:
        parse_entry(entry(low="abc"), "entry 1")
    assert str(bad.value) == "entry 1: low: not a number: 'abc'"
    day = ecb.latest().day
    one_day = RateService(MODE_OFFLINE, today=day + timedelta(days=1), stale_days=0)
    assert one_day("USD", "EUR").warnings == (f"ECB rates of {day} are 1 day old",)
    two_days = RateService(MODE_OFFLINE, today=day + timedelta(days=2), stale_days=0)
    assert two_days("USD", "EUR").warnings == (f"ECB rates of {day} are 2 days old",)
    assert status_text("sent") == "sent"
