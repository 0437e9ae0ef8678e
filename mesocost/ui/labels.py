"""Texts the schedule and quote views share: amounts, ranges, dates, destinations.

Formatting only (babel, in the workspace's locale): every amount was computed by the
engine or `convert_quote`, and is rounded once, here, by `format_money`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mesocost.core.catalog import PriceEntry
from mesocost.core.engine import Span
from mesocost.core.geo import country_name
from mesocost.core.money import Money, format_money


def money_text(amount: Decimal, currency: str, locale: str) -> str:
    return format_money(Money._trusted(amount, currency), locale)


def range_text(span: Span, locale: str) -> str:
    """"$720.00 – $2,160.00": the same text as the CLI's quote preview."""
    return (f"{money_text(span.low, span.currency, locale)} – "
            f"{money_text(span.high, span.currency, locale)}")


def typical_range_text(span: Span, locale: str) -> str:
    """"€644.47 – €1,288.94 – €1,933.40" (low – typical – high)."""
    return " – ".join(money_text(value, span.currency, locale)
                      for value in (span.low, span.mid, span.high))


def date_text(day: date, locale: str) -> str:
    """"Jan 31, 2027" in en_US, "31.01.2027" in de_DE."""
    from babel.dates import format_date

    return format_date(day, "medium", locale=locale)


def weekday_text(day: date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(day, "EEE", locale=locale)


def entry_label(entry: PriceEntry, locale: str) -> str:
    """"Türkiye", "Türkiye · Istanbul · Clinic A": country name, city, clinic."""
    return " · ".join(part for part in (country_name(entry.destination, locale), entry.city,
                                        entry.clinic) if part)


def plain_text(label: str) -> str:
    """A label without its Qt mnemonic: "Set a rate by &hand…" → "Set a rate by hand…"
    ("&&", a real ampersand, stays one)."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")
