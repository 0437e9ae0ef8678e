"""The clinic profile's values: typed, checked key by key, one-line errors naming the key."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mesocost.core.clinic import (
    AFTER_ACCEPTANCE,
    BEFORE_FIRST_SESSION,
    PROFILE_KEYS,
    ClinicProfile,
    parse_profile,
    parse_setting,
    quote_reference,
)
from mesocost.core.errors import InputError


def test_the_keys_are_the_issues_and_missing_ones_take_defaults():
    assert PROFILE_KEYS == ("name", "address", "phone", "email", "website", "tax_id", "logo",
                            "validity_days", "deposit_pct", "deposit_due",
                            "deposit_due_days", "payment_terms", "cancellation_policy",
                            "quote_prefix", "footer")
    profile = parse_profile({"name": "Clinique Ada", "schema": 1}, "clinic.toml")
    assert profile == ClinicProfile(name="Clinique Ada")
    assert (profile.validity_days, profile.deposit_pct, profile.deposit_due,
            profile.deposit_due_days, profile.quote_prefix) == (30, Decimal(0),
                                                                AFTER_ACCEPTANCE, 0, "Q")


def test_every_value_is_typed():
    profile = parse_profile({
        "name": " Clinique Ada ", "address": "12 Rue de la Paix\n75002 Paris",
        "email": "a@b.fr", "website": "https://b.fr", "validity_days": 14,
        "deposit_pct": "12.5", "deposit_due": BEFORE_FIRST_SESSION, "deposit_due_days": 7,
        "payment_terms": "Card.\nTransfer.", "quote_prefix": "ADA-Q", "footer": "SAS & co",
    }, "f")
    assert profile.name == "Clinique Ada"  # outer spaces dropped
    assert profile.address == "12 Rue de la Paix\n75002 Paris"
    assert profile.deposit_pct == Decimal("12.5") and isinstance(profile.deposit_pct, Decimal)
    assert (profile.validity_days, profile.deposit_due_days) == (14, 7)


def test_a_toml_float_percentage_becomes_its_shortest_decimal():
    assert parse_profile({"deposit_pct": 12.1}, "f").deposit_pct == Decimal("12.1")
    assert parse_profile({"deposit_pct": 30}, "f").deposit_pct == Decimal(30)


@pytest.mark.parametrize(("raw", "message"), [
    ({"nmae": "x"}, "f: nmae: unknown key (expected one of name, address"),
    ({"schema": 2}, "f: schema: mesocost reads schema 1 files, got 2"),
    ({"name": 3}, "f: name: must be text, got 3"),
    ({"name": "a\nb"}, "f: name: must be one line"),
    ({"name": "x" * 201}, "f: name: is 201 characters long; at most 200 fit a quote"),
    ({"email": "not an address"}, "f: email: not an email address"),
    ({"website": "https://a b"}, "f: website: a web address has no spaces"),
    ({"validity_days": 0}, "f: validity_days: must be between 1 and 3650, got 0"),
    ({"validity_days": "30"}, "f: validity_days: must be a whole number, got '30'"),
    ({"validity_days": True}, "f: validity_days: must be a whole number, got True"),
    ({"validity_days": 1.5}, "f: validity_days: must be a whole number, got 1.5"),
    ({"deposit_pct": "150"}, "f: deposit_pct: must be between 0 and 100, got 150"),
    ({"deposit_pct": "lots"}, "f: deposit_pct: not a number: 'lots'"),
    ({"deposit_pct": False}, "f: deposit_pct: must be a percentage"),
    ({"deposit_due": "on_booking"}, "f: deposit_due: must be after_acceptance or "
                                    "before_first_session, got 'on_booking'"),
    ({"deposit_due_days": -1}, "f: deposit_due_days: must be between 0 and 365, got -1"),
    ({"quote_prefix": "=Q"}, "f: quote_prefix: must be 1 to 12 letters, digits or '-'"),
    ({"quote_prefix": ""}, "f: quote_prefix: must be 1 to 12 letters"),
    ({"footer": "x" * 201}, "f: footer: is 201 characters long; at most 200"),
])
def test_a_wrong_value_is_one_line_naming_the_file_and_key(raw, message):
    with pytest.raises(InputError) as caught:
        parse_profile(raw, "f")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_settings_typed_on_the_command_line():
    assert parse_setting("validity_days", " 45 ") == 45
    assert parse_setting("deposit_pct", "30%") == Decimal(30)
    assert parse_setting("deposit_due", "before_first_session") == BEFORE_FIRST_SESSION
    assert parse_setting("address", "a\nb") == "a\nb"
    assert parse_setting("phone", "") == ""  # empty text clears a key
    with pytest.raises(InputError, match=r"^validity_days: must be a whole number, got 'x'"):
        parse_setting("validity_days", "x")
    with pytest.raises(InputError, match=r"^unknown key 'colour' \(expected one of name"):
        parse_setting("colour", "red")


def test_the_reference_is_prefix_date_destination_and_initials():
    day = date(2026, 11, 26)
    assert quote_reference("Q", day, "TR", "Ada Lovelace") == "Q-20261126-TR-AL"
    assert quote_reference("ADA", day, "GB", "ada king lovelace byron") == "ADA-20261126-GB-AKL"
    assert quote_reference("Q", day, "TR", "=HYPERLINK()") == "Q-20261126-TR-H"
    assert quote_reference("Q", day, "TR", "  ") == "Q-20261126-TR"
    assert quote_reference("", day, "TR", "Ömer") == "Q-20261126-TR-Ö"
