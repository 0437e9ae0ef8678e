from decimal import Decimal

import pytest

from mesocost.core.catalog import build_catalog, merge_catalogs, parse_entry
from mesocost.core.errors import InputError
from mesocost.core.geo import check_country, country_name


def raw(**changes):
    entry = {"destination": "TR", "currency": "USD", "low": "100", "high": "300",
             "source": "test"}
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not None}


def test_valid_entry_is_parsed_into_decimals():
    entry = parse_entry(raw(city="Istanbul", clinic="A", as_of="2026-01-15"), "entry 1")
    assert entry.per_session_low == Decimal("100")
    assert entry.per_session_high == Decimal("300")
    assert entry.as_of.isoformat() == "2026-01-15"
    assert entry.label == "TR · Istanbul · A"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"low": "400"}, "low", "above high"),
    ({"low": "-5"}, "low", "above zero"),
    ({"high": "0"}, "high", "above zero"),
    ({"low": "abc"}, "low", "not a number"),
    ({"currency": "XXQ"}, "currency", "unknown currency"),
    ({"destination": "XY"}, "destination", "unknown country"),
    ({"destination": "EU"}, "destination", "unknown country"),
    ({"destination": "TUR"}, "destination", "two-letter"),
    ({"as_of": "2026-02-30"}, "as_of", "not a date"),
    ({"high": None}, "high", "is required"),
    ({"hgih": "3"}, "hgih", "unknown field"),
])
def test_bad_entries_name_entry_and_field(changes, field, message):
    with pytest.raises(InputError) as caught:
        parse_entry(raw(**changes), "cat.toml", "entry 2")
    text = str(caught.value)
    assert text.startswith(f"cat.toml: entry 2: {field}: ")
    assert message in text
    assert "\n" not in text


def test_toml_float_prices_keep_their_typed_digits():
    entry = parse_entry(raw(low=0.1, high=150.35), "e")
    assert entry.per_session_low == Decimal("0.1")
    assert entry.per_session_high == Decimal("150.35")


def test_duplicate_destination_and_clinic_rejected_case_insensitively():
    first = parse_entry(raw(clinic="Clinic A"), "e1")
    same = parse_entry(raw(clinic="clinic a", low="120"), "e2")
    other = parse_entry(raw(clinic="Clinic B"), "e3")
    assert len(build_catalog([first, other])) == 2
    with pytest.raises(InputError, match="duplicate of entry 1"):
        build_catalog([first, same], "mine.toml")


def test_user_catalog_overrides_same_key_and_appends_new():
    bundled = [parse_entry(raw(), "b1"), parse_entry(raw(destination="GB", currency="GBP"), "b2")]
    mine = [parse_entry(raw(low="150"), "m1"), parse_entry(raw(destination="ES",
                                                              currency="EUR"), "m2")]
    merged = merge_catalogs(bundled, mine)
    assert [e.destination for e in merged] == ["TR", "GB", "ES"]
    assert merged[0].per_session_low == Decimal("150")


def test_travel_table_is_validated():
    entry = parse_entry(raw(travel={"per_trip": "350", "nights_per_trip": 2,
                                    "per_night": "80", "currency": "GBP"}), "e")
    assert entry.travel.currency == "GBP"
    assert entry.travel.per_trip == Decimal("350")
    with pytest.raises(InputError, match="travel: per_night: must not be negative"):
        parse_entry(raw(travel={"per_trip": "350", "per_night": "-1"}), "e")
    with pytest.raises(InputError, match="travel: nights_per_trip: must be a whole number"):
        parse_entry(raw(travel={"per_trip": "350", "nights_per_trip": "two"}), "e")


def test_country_names_come_from_cldr_in_the_chosen_locale():
    assert country_name("GB", "tr_TR") == "Birleşik Krallık"
    assert country_name("GB", "de_DE") == "Vereinigtes Königreich"
    assert country_name("TR", "en_GB") == "Türkiye"
    assert check_country("gb") == "GB"


def test_country_list_matches_cldr_two_letter_regions():
    from babel import Locale

    from mesocost.core.geo import ISO_COUNTRIES

    # CLDR's two-letter regions that are not countries: exceptional reservations,
    # groupings, pseudo-locales and "unknown".
    not_countries = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA",
                     "XB", "ZZ"}
    cldr = {code for code in Locale("en").territories if len(code) == 2 and code.isalpha()}
    assert cldr - not_countries == ISO_COUNTRIES
    assert len(ISO_COUNTRIES) == 250
