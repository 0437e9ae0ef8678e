from decimal import Decimal

import pytest

from mesocost.core.errors import CurrencyMismatch, InputError
from mesocost.core.money import (
    Money,
    check_currency,
    format_money,
    minor_units,
    round_to_minor,
    to_decimal,
)


def test_float_never_becomes_money():
    with pytest.raises(TypeError):
        Money(1.5, "USD")
    with pytest.raises(TypeError):
        Money("1.50", "USD") * 1.5


def test_amounts_keep_full_precision_until_rounded():
    third = Money(Decimal(1) / Decimal(3), "USD")
    assert third.amount != Decimal("0.33")
    assert third.rounded() == Money("0.33", "USD")


def test_adding_two_currencies_is_an_error():
    with pytest.raises(CurrencyMismatch, match="GBP and USD"):
        Money("1", "GBP") + Money("1", "USD")
    assert Money("1.10", "USD") + Money("2.20", "USD") == Money("3.30", "USD")


def test_money_is_immutable():
    amount = Money("1", "USD")
    with pytest.raises(AttributeError):
        amount.amount = Decimal(2)


@pytest.mark.parametrize(("code", "digits"), [("JPY", 0), ("USD", 2), ("GBP", 2), ("KWD", 3)])
def test_minor_units_come_from_cldr(code, digits):
    assert minor_units(code) == digits


@pytest.mark.parametrize(("value", "code", "expected"), [
    ("2.345", "USD", "2.35"),      # half-up, not banker's
    ("2.355", "USD", "2.36"),
    ("-2.345", "USD", "-2.35"),    # half away from zero for negatives (discount lines)
    ("1234.5", "JPY", "1235"),
    ("0.0005", "KWD", "0.001"),
])
def test_rounding_is_half_up_to_minor_units(value, code, expected):
    assert str(round_to_minor(Decimal(value), code)) == expected


def test_unknown_currency_rejected_and_case_normalised():
    assert check_currency("usd") == "USD"
    with pytest.raises(InputError, match="unknown currency code 'XYZ'"):
        check_currency("XYZ")
    with pytest.raises(InputError, match="three-letter"):
        Money("1", "US")


@pytest.mark.parametrize("bad", ["abc", "1,5", "NaN", "Infinity", "", True, None])
def test_to_decimal_refuses_what_is_not_a_finite_number(bad):
    with pytest.raises(InputError):
        to_decimal(bad, "field")


@pytest.mark.parametrize(("locale", "expected"), [
    ("en_US", "$1,234.50"),
    ("en_GB", "US$1,234.50"),  # CLDR disambiguates the dollar outside the US
    ("de_DE", "1.234,50\u00a0$"),
    ("tr_TR", "$1.234,50"),
])
def test_babel_formats_per_locale(locale, expected):
    assert format_money(Money("1234.5", "USD"), locale) == expected


def test_formatting_rounds_half_up_once_and_jpy_has_no_decimals():
    assert format_money(Money("1234.5", "JPY"), "en_US") == "¥1,235"
    assert format_money(Money("1234.5", "JPY"), "de_DE") == "1.235\u00a0¥"
    assert format_money(Money("0.125", "EUR"), "en_GB") == "€0.13"
    assert format_money(Money("1200", "GBP"), "en_GB") == "£1,200.00"
    assert format_money(Money("1200", "TRY"), "tr_TR") == "₺1.200,00"


def test_currency_tables_match_cldr():
    from babel.numbers import get_currency_precision, list_currencies

    from mesocost.core.money import known_currencies

    assert known_currencies() == set(list_currencies())
    assert {code: minor_units(code) for code in known_currencies()} == {
        code: get_currency_precision(code) for code in list_currencies()}
