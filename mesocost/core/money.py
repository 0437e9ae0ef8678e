"""Amounts of money: a Decimal with an ISO 4217 code, never a float.

Arithmetic keeps full precision; rounding happens once, when a line or total is shown,
half-up to the currency's minor units from CLDR (JPY 0, USD 2, BHD 3). Formatting goes
through babel for a given locale and nowhere else.
"""

from __future__ import annotations

import re
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import cache

from mesocost.core.currencies import KNOWN_CURRENCIES, MINOR_UNITS_NOT_TWO
from mesocost.core.errors import CurrencyMismatch, InputError
from mesocost.core.i18n import _

ZERO = Decimal(0)

# --- what mesocost accepts ---------------------------------------------------------------
# The largest amount one price may be (a session, an add-on, a trip, a night), in any
# currency. 10^12 is far above any real price even where a session costs millions (IRR,
# VND, IDR), and small enough that every figure the engine can make from accepted inputs
# fits its precision (see MONEY_CONTEXT).
MAX_AMOUNT = Decimal(10) ** 12
# Exchange rates: units of the quote currency per unit of the base. The widest real pair
# (KWD to IRR at the open-market rate) is about 3.4 * 10^6, the widest cross in the bundled
# ECB history (MTL to TRL, 2003) 4.4 * 10^6; 10^9 and its inverse leave room for any other.
MIN_RATE = Decimal("1e-9")
MAX_RATE = Decimal("1e9")
# Discount, tax and deposit percentages.
MAX_PERCENT = Decimal(100)
# The engine and the rounding compute in this context. From accepted inputs, one price
# counts at most 720 times as sessions (200 in a course, 52 a year over 120 months) and
# at most 720 * 3,660 times as nights, so a figure stays below 10^12 * 2.7 * 10^6 * 2
# (tax) * 10^9 (rate) < 10^28 per price, or 10^37 for an add-on converted twice (into
# the price's currency, then the display currency), plus 4 decimals (CLF, UYW). Python's
# default 28 digits would round such figures and make quantize() fail; 60 keep them exact
# to well below their minor unit, with room for any number of add-ons.
MONEY_PRECISION = 60
MONEY_CONTEXT = Context(prec=MONEY_PRECISION, rounding=ROUND_HALF_EVEN,
                        traps=[InvalidOperation, DivisionByZero, Overflow])
# An underscore groups digits ("1_000", as in Python and TOML), nowhere else.
_STRAY_UNDERSCORE = re.compile(r"(?<![0-9])_|_(?![0-9])")


def known_currencies() -> frozenset[str]:
    """ISO 4217 codes CLDR knows (current and historic)."""
    return KNOWN_CURRENCIES


def check_currency(code: object, *where: str) -> str:
    """Return `code` normalised to upper case, or raise InputError if CLDR does not know it."""
    if not isinstance(code, str) or len(code.strip()) != 3:
        raise InputError(_("currency must be a three-letter ISO 4217 code, got {value!r}")
                         .format(value=code), *where)
    normalised = code.strip().upper()
    if normalised not in known_currencies():
        raise InputError(_("unknown currency code {value!r}").format(value=code), *where)
    return normalised


@cache
def minor_units(currency: str) -> int:
    """Number of decimals a currency is shown with (CLDR): JPY 0, USD 2, KWD 3."""
    return MINOR_UNITS_NOT_TWO.get(currency, 2)


@cache
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_to_minor(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor units. The only rounding the product does."""
    return amount.quantize(_quantum(currency), rounding=ROUND_HALF_UP, context=MONEY_CONTEXT)


def minor_unit(currency: str) -> Decimal:
    """The value of one minor unit (0.01 for USD, 1 for JPY)."""
    return _quantum(currency)


def to_decimal(value: object, *where: str) -> Decimal:
    """Build every number that enters the product. Floats are refused.

    Args:
        value: a Decimal, an int, or a string such as "150" or "150.50".
        where: the place the value came from, for the error message.

    Text may use exponent notation ("1e3") and underscores between digits ("1_000");
    "NaN", "sNaN" and "Infinity" are refused, and "-0" is zero. How large a number may be
    is the caller's to check (`check_amount`, `check_rate`).

    Raises:
        TypeError: for a float (a programming error: floats never carry money).
        InputError: for text that is not a finite number.
    """
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise InputError(_("expected a number, got {value!r}").format(value=value), *where)
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        raise TypeError("money never comes from a float; pass a str or Decimal")
    elif isinstance(value, str):
        text = value.strip()
        try:
            if _STRAY_UNDERSCORE.search(text):
                raise InvalidOperation
            number = Decimal(text)
        except InvalidOperation:
            raise InputError(_("not a number: {value!r}").format(value=value), *where) \
                from None
    else:
        raise InputError(_("expected a number, got {value!r}").format(value=value), *where)
    if not number.is_finite():
        raise InputError(_("not a finite number: {value!r}").format(value=value), *where)
    if number.is_zero():
        number = number.copy_abs()  # "-0" is zero: it would print as "-0.00"
    return number


def _grouped(limit: Decimal) -> str:
    return f"{limit:,f}" if limit >= 1 else f"{limit:f}"


def check_amount(value: object, *where: str) -> Decimal:
    """`to_decimal`, then refuse an amount beyond MAX_AMOUNT either way.

    Raises:
        InputError: "low: 1E+30 is above the largest accepted amount (1,000,000,000,000)".
    """
    number = to_decimal(value, *where)
    if number > MAX_AMOUNT:
        raise InputError(_("{value} is above the largest accepted amount ({limit})").format(
            value=number, limit=_grouped(MAX_AMOUNT)), *where)
    if number < -MAX_AMOUNT:
        raise InputError(_("{value} is below the smallest accepted amount (-{limit})").format(
            value=number, limit=_grouped(MAX_AMOUNT)), *where)
    return number


def check_rate(value: object, *where: str) -> Decimal:
    """An exchange rate: a number between MIN_RATE and MAX_RATE.

    Raises:
        InputError: naming `where` and what is wrong.
    """
    number = to_decimal(value, *where)
    if number <= ZERO:
        raise InputError(_("rate must be above zero, got {value}").format(value=number),
                         *where)
    if number < MIN_RATE:
        raise InputError(_("rate {value} is below the smallest accepted rate ({limit})")
                         .format(value=number, limit=_grouped(MIN_RATE)), *where)
    if number > MAX_RATE:
        raise InputError(_("rate {value} is above the largest accepted rate ({limit})")
                         .format(value=number, limit=_grouped(MAX_RATE)), *where)
    return number


def check_whole(value: object, low: int, high: int, *where: str) -> int:
    """A whole number from a file or form between `low` and `high` (a boolean is not one).

    Raises:
        InputError: naming `where` and what is wrong.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(_("must be a whole number, got {value!r}").format(value=value),
                         *where)
    if not low <= value <= high:
        raise InputError(_("must be between {low} and {high}, got {value}").format(
            low=low, high=high, value=value), *where)
    return value


def check_percent(value: object, *where: str) -> Decimal:
    """A percentage between 0 and MAX_PERCENT ("12.5", "12.5%").

    Raises:
        InputError: naming `where` and what is wrong.
    """
    if isinstance(value, str):
        value = value.strip().removesuffix("%")
    number = to_decimal(value, *where)
    if not ZERO <= number <= MAX_PERCENT:
        raise InputError(_("must be between {low} and {high}, got {value}").format(
            low=0, high=MAX_PERCENT, value=number), *where)
    return number


class Money:
    """An immutable amount: (Decimal, ISO 4217 code).

    Adding or comparing two currencies is an error; multiplying by a Decimal or int
    scales. The value is kept unrounded; `rounded()` gives the shown figure.
    """

    __slots__ = ("amount", "currency")
    amount: Decimal
    currency: str

    def __init__(self, amount: object, currency: str) -> None:
        object.__setattr__(self, "amount", to_decimal(amount))
        object.__setattr__(self, "currency", check_currency(currency))

    @classmethod
    def _trusted(cls, amount: Decimal, currency: str) -> Money:
        # The engine's hot path: both parts already validated.
        self = object.__new__(cls)
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "currency", currency)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    def __reduce__(self):  # keeps pickling (and copy) working despite __slots__ + immutability
        return (Money, (self.amount, self.currency))

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(
                _("cannot combine {first} and {second} without an exchange rate").format(
                    first=self.currency, second=other.currency)
            )

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money._trusted(self.amount + other.amount, self.currency)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money._trusted(self.amount - other.amount, self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, float):
            raise TypeError("money is never scaled by a float; use Decimal")
        if not isinstance(factor, Decimal | int) or isinstance(factor, bool):
            return NotImplemented
        return Money._trusted(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money._trusted(-self.amount, self.currency)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    def rounded(self) -> Money:
        """This amount rounded half-up to the currency's minor units."""
        return Money._trusted(round_to_minor(self.amount, self.currency), self.currency)

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"


def format_money(amount: Money, locale: str) -> str:
    """Format for people, in `locale`, after rounding once. Output may contain NBSP."""
    from babel.numbers import format_currency  # loads CLDR data: only when formatting

    return format_currency(
        round_to_minor(amount.amount, amount.currency), amount.currency, locale=locale
    )
