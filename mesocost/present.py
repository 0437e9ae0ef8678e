"""Turning engine results into plain figures for views (CLI, JSON, CSV, exports, GUI).

Only rounding and labelling happen here, never arithmetic on totals: every figure was
computed by the engine (or converted by `convert_quote`) and is rounded once, now.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from mesocost.core.i18n import ENGLISH, Language, interface, worded
from mesocost.core.money import MONEY_CONTEXT, Money, format_money, minor_units, round_to_minor

if TYPE_CHECKING:  # annotations only: `mesocost rates` must not load the quote engine
    from mesocost.core.comparison import ComparisonRow, Converted
    from mesocost.core.conversion import RateQuote
    from mesocost.core.engine import Quote, QuoteRequest, Span
    from mesocost.core.protocol import Protocol


@lru_cache(maxsize=32768)
def _money_text(rounded: Decimal, currency: str, locale: str) -> str:
    return format_money(Money._trusted(rounded, currency), locale)


def money_text(value: Decimal, currency: str, locale: str) -> str:
    """"£1,194.13": rounded once, formatted by babel, remembered.

    A window re-prices on every keystroke, and most figures come back unchanged; babel
    takes ~80 µs a figure, a remembered one a dictionary look-up.
    """
    return _money_text(round_to_minor(value, currency), currency, locale)


def amount_text(value, currency: str) -> str:
    """A decimal string rounded half-up to the currency's minor units."""
    return str(round_to_minor(value, currency))


def span_texts(span: Span, keys: tuple[str, str, str] = ("low", "mid", "high")) -> dict:
    return {keys[0]: amount_text(span.low, span.currency),
            keys[1]: amount_text(span.mid, span.currency),
            keys[2]: amount_text(span.high, span.currency)}


# The most decimals a unit price is shown with (see `shown_unit`).
MAX_UNIT_PLACES = 10


def shown_unit(unit: Decimal, amount: Decimal, quantity: int, currency: str) -> Decimal:
    """A line's unit price as shown beside its quantity and amount.

    The engine keeps a unit unrounded (an add-on converted from euros is 53.7181… dollars)
    and its amount is unit × quantity, rounded once when shown. A unit rounded to cents
    would then disagree with the amount beside it (53.72 × 8 = 429.76, shown 429.74), so
    the unit is shown with the currency's minor units when that agrees, else with as
    many more decimals as it takes (MAX_UNIT_PLACES at most): the shown unit times the
    quantity, rounded, is the shown amount. Nothing is recomputed: the figures stay the
    engine's, only how many of their decimals are shown is chosen here.
    """
    shown_amount = round_to_minor(amount, currency)
    places = minor_units(currency)
    while True:
        shown = unit.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP,
                              context=MONEY_CONTEXT)
        if places >= MAX_UNIT_PLACES or round_to_minor(
                MONEY_CONTEXT.multiply(shown, quantity), currency) == shown_amount:
            return shown
        places += 1


def unit_text(value: Decimal, currency: str, locale: str) -> str:
    """A unit price from `shown_unit`, formatted with all the decimals it was given."""
    from babel.numbers import format_currency

    return format_currency(value, currency, locale=locale, decimal_quantization=False)


def span_range_text(span: Span, locale: str, typical: bool = False) -> str:
    """"1.200,00 £ – 3.200,00 £" (with the typical figure between, if asked)."""
    parts = [span.low, span.mid, span.high] if typical else [span.low, span.high]
    return " – ".join(format_money(Money._trusted(v, span.currency), locale) for v in parts)


def rate_text(rate: Decimal) -> str:
    """Six decimals, or six significant digits for rates below 1 (EUR per IDR)."""
    return f"{rate:.{_rate_places(rate)}f}"


def _rate_places(rate: Decimal) -> int:
    return 6 if rate >= 1 else 5 - rate.adjusted()


def rate_line(rate: RateQuote, language: Language = ENGLISH) -> str:
    """"Rate GBP/USD = 1.339890, 2026-10-30, source ecb (stale)", in `language`."""
    line = (language.gettext("Rate {pair} = {rate}, {day}, source {source} (stale)")
            if rate.stale else language.gettext("Rate {pair} = {rate}, {day}, source {source}"))
    return line.format(pair=language.isolate(rate.pair),
                       rate=language.isolate(_rate_number(rate.rate, language)),
                       day=language.isolate(day_text(rate.rate_date, language)),
                       source=language.isolate(rate.source))


def rate_provenance(rate: RateQuote, language: Language = ENGLISH) -> str:
    """`rate_line` and, for a live rate, when it was fetched: what a tooltip or a saved
    quote's frozen rates show."""
    line = rate_line(rate, language)
    if rate.fetched_at:
        line = language.gettext("{rate_line}, fetched {time}").format(
            rate_line=line, time=language.isolate(f"{rate.fetched_at:%Y-%m-%d %H:%M %Z}"))
    return line


def rate_line_with_warnings(rate: RateQuote, language: Language = ENGLISH) -> str:
    """The rate's line and what a reader should know about it (stale, nearest day...).

    The warnings are the rate service's Phrases (core.i18n), worded again in `language`;
    one recorded as plain text (an older saved quote) is printed as it was."""
    line = rate_line(rate, language)
    for warning in rate.warnings:
        # TRANSLATORS: a rate's line, then a warning about it.
        line = language.gettext("{rate}; {warning}").format(
            rate=line, warning=language.isolate(worded(warning, language)))
    return line


def _rate_number(rate: Decimal, language: Language) -> str:
    if _machine_forms(language):
        return rate_text(rate)
    from babel.numbers import format_decimal

    return format_decimal(rate, format="0." + "0" * _rate_places(rate),
                          locale=language.locale)


# --- numbers and dates inside sentences -----------------------------------------------------
# English documents (and the pseudo-language, which is English made visible) keep the forms
# they have always printed: ISO dates, plain decimals. Other languages read them as their
# locale writes them.

def _machine_forms(language: Language) -> bool:
    return language.code in ("en", "qps")


def day_text(day: date, language: Language = ENGLISH) -> str:
    """A date inside a sentence: "2026-12-02" in English, else the locale's medium date
    ("02.12.2026", "2 déc. 2026")."""
    if _machine_forms(language):
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, "medium", locale=language.locale)


def number_text(value: Decimal | int, language: Language = ENGLISH) -> str:
    """A number inside a sentence (a percentage, a count): "12.5" in English, else as the
    locale writes it ("12,5"), every decimal kept."""
    if _machine_forms(language):
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(value, locale=language.locale, decimal_quantization=False)


def rate_dict(rate: RateQuote) -> dict:
    return {
        "rate": str(rate.rate), "rate_date": rate.rate_date.isoformat(),
        "rate_source": rate.source, "rate_stale": rate.stale,
        "rate_fetched_at": rate.fetched_at.isoformat() if rate.fetched_at else None,
    }


def plan_text(template: QuoteRequest, language: Language = ENGLISH) -> str:
    """"4 every 15 days, then 4 monthly (8 sessions) + 2 maintenance over 6 months", in
    `language`."""
    protocol = template.protocol
    course = course_text(protocol, language)
    maintenance = protocol.maintenance_sessions(template.maintenance_months)
    if not maintenance:
        return course
    months = template.maintenance_months
    return language.ngettext("{course} + {count} maintenance over {months} month",
                             "{course} + {count} maintenance over {months} months",
                             months).format(course=course,
                                            count=language.isolate(maintenance),
                                            months=language.isolate(months))


def course_text(protocol: Protocol, language: Language = ENGLISH) -> str:
    """The protocol's course in one line, "4 every 15 days, then 4 monthly (8 sessions)"
    (`Protocol.describe`, in `language`)."""
    # TRANSLATORS: one phase of a course, "4 every 15 days": {count} sessions, {interval}
    # is "every 15 days" or "monthly".
    parts = [language.ngettext("{count} {interval}", "{count} {interval}",
                               phase.sessions).format(count=language.isolate(phase.sessions),
                                                      interval=interval_text(phase, language))
             for phase in protocol.phases]
    course = parts[0] if parts else ""
    for part in parts[1:]:
        # TRANSLATORS: phases of a course in order, "4 every 15 days, then 4 monthly".
        course = language.gettext("{before}, then {after}").format(before=course, after=part)
    total = protocol.course_sessions
    return language.ngettext("{course} ({count} session)", "{course} ({count} sessions)",
                             total).format(course=course, count=language.isolate(total))


def protocol_dict(protocol: Protocol, sessions: int) -> dict:
    return {
        "name": protocol.name, "title": protocol.title, "description": protocol.describe(),
        "course_sessions": protocol.course_sessions, "sessions": sessions,
        "phases": [{"name": p.name, "sessions": p.sessions, "every_days": p.every_days,
                    "every_months": p.every_months} for p in protocol.phases],
        "milestones": [{"session": m.session, "label": m.label} for m in protocol.milestones],
        "source": protocol.source,
    }


def converted_dict(converted: Converted) -> dict:
    result = {"currency": converted.currency, **span_texts(converted.treatment),
              **rate_dict(converted.rate)}
    if converted.travel is not None:
        result["travel"] = span_texts(converted.travel)
        if converted.travel_rate is not None:
            result["travel_rate"] = rate_dict(converted.travel_rate)
    result["grand"] = span_texts(converted.grand)
    return result


def travel_dict(quote: Quote) -> dict | None:
    if quote.travel is None:
        return None
    return {"currency": quote.travel.cost.currency, "trips": len(quote.travel.trips),
            "nights": quote.travel.nights,
            "cost": amount_text(quote.travel.cost.low, quote.travel.cost.currency)}


def add_ons_list(quote: Quote) -> list[dict]:
    """Each add-on as typed (`price`, in its own currency) and as this destination charges
    it (`amount`: quantity × the converted price, in the price currency), with the rate."""
    result = []
    for priced, line in zip(quote.add_ons,
                            (line for line in quote.lines if line.kind == "add_on"),
                            strict=True):
        add_on, rate = priced.add_on, priced.rate
        result.append({
            "name": add_on.name, "per_session": add_on.per_session,
            "quantity": line.quantity,
            "price": {"currency": add_on.currency,
                      "low": amount_text(add_on.low, add_on.currency),
                      "high": amount_text(add_on.high, add_on.currency)},
            "amount": {"currency": line.amount.currency,
                       "low": amount_text(line.amount.low, line.amount.currency),
                       "high": amount_text(line.amount.high, line.amount.currency)},
            "pair": rate.pair, **rate_dict(rate), "warnings": list(rate.warnings),
        })
    return result


def row_dict(row: ComparisonRow, locale: str) -> dict:
    """One comparison row in the JSON contract (see README, "compare --format json")."""
    from mesocost.storage.namecache import territory_names

    quote, entry = row.quote, row.entry
    return {
        "destination": entry.destination, "name": territory_names(locale)[entry.destination],
        "city": entry.city, "clinic": entry.clinic, "currency": entry.currency,
        "sessions": quote.sessions,
        "per_session": {"low": amount_text(entry.per_session_low, entry.currency),
                        "high": amount_text(entry.per_session_high, entry.currency)},
        "total": span_texts(quote.total),
        "milestones": [{"session": m.session, "label": m.label, **span_texts(m.total)}
                       for m in quote.milestones],
        "travel": travel_dict(quote),
        "add_ons": add_ons_list(quote),
        "converted": converted_dict(row.converted),
        "source": entry.source,
        "warnings": list(row.warnings),
    }


# --- labels in a language ------------------------------------------------------------------
# The engine names its lines in English (QuoteLine.label, for logs and tests); what a
# person reads is made here from the line's data, in the language asked for.

def interval_text(phase, language: Language = ENGLISH) -> str:
    """"every 15 days", "monthly", "every 2 months" in `language`."""
    if phase.every_months == 1:
        return language.gettext("monthly")
    if phase.every_months:
        return language.ngettext("every {count} month", "every {count} months",
                                 phase.every_months).format(
            count=language.isolate(phase.every_months))
    return language.ngettext("every {count} day", "every {count} days",
                             phase.every_days).format(count=language.isolate(phase.every_days))


def line_label(line, quote: Quote, language: Language = ENGLISH) -> str:
    """A quote line's label in `language`: "initial (4 × every 15 days)", "PRP (per
    session, priced in EUR)", "tax 20% (added)", "return travel (3 trips)"."""
    label = _LABELS.get(line.kind)
    return line.label if label is None else label(line, quote, language)


def _sessions_label(line, quote: Quote, language: Language) -> str:
    phase = next(p for p in quote.request.protocol.phases if p.name == line.phase)
    return language.gettext("{phase} ({sessions} × {interval})").format(
        phase=language.isolate(language.pgettext("phase", line.phase)),
        sessions=language.isolate(phase.sessions),
        interval=interval_text(phase, language))


def _maintenance_label(line, quote: Quote, language: Language) -> str:
    return language.ngettext("maintenance ({count} session)", "maintenance ({count} sessions)",
                             line.quantity).format(count=language.isolate(line.quantity))


def _discount_label(line, quote: Quote, language: Language) -> str:
    return language.gettext("discount {percent}%").format(
        percent=language.isolate(number_text(quote.request.discount_pct, language)))


def _tax_label(line, quote: Quote, language: Language) -> str:
    text = (language.gettext("tax {percent}% (included)") if quote.request.tax_inclusive
            else language.gettext("tax {percent}% (added)"))
    return text.format(percent=language.isolate(number_text(quote.request.tax_pct, language)))


def _travel_label(line, quote: Quote, language: Language) -> str:
    count = line.quantity
    if quote.travel is not None and line == quote.travel.lines[0]:
        return language.ngettext("return travel ({count} trip)",
                                 "return travel ({count} trips)", count).format(
            count=language.isolate(count))
    return language.ngettext("accommodation ({count} night)", "accommodation ({count} nights)",
                             count).format(count=language.isolate(count))


def _add_on_label(line, quote: Quote, language: Language) -> str:
    add_on_lines = [other for other in quote.lines if other.kind == "add_on"]
    priced = quote.add_ons[add_on_lines.index(line)]
    name, currency = priced.add_on.name, priced.add_on.currency
    foreign = currency != quote.currency
    if priced.per_session and foreign:
        text = language.gettext("{name} (per session, priced in {currency})")
    elif priced.per_session:
        text = language.gettext("{name} (per session)")
    elif foreign:
        text = language.gettext("{name} (priced in {currency})")
    else:
        return language.isolate(name)
    return text.format(name=language.isolate(name), currency=language.isolate(currency))


_LABELS = {"sessions": _sessions_label, "maintenance": _maintenance_label,
           "add_on": _add_on_label, "discount": _discount_label, "tax": _tax_label,
           "travel": _travel_label}


def part_name(plan, instalment, language: Language | None = None) -> str:
    """The name of a payment plan's part: "trip 2" as the plan words it, or a phase's
    name in `language` (the interface's by default) when the catalogue knows it."""
    if plan.by == "trip":
        return instalment.label
    words = language if language is not None else interface()
    return words.pgettext("phase", instalment.label)


# --- a saved quote's status ----------------------------------------------------------------

def status_word(status: str, language: Language | None = None) -> str:
    """A register status inside a sentence or a cell ("sent"), in `language` (the
    interface's by default); one this version does not know, as stored."""
    words = language if language is not None else interface()
    known = {
        "draft": words.pgettext("quote status", "draft"),
        "sent": words.pgettext("quote status", "sent"),
        "accepted": words.pgettext("quote status", "accepted"),
        "declined": words.pgettext("quote status", "declined"),
        "expired": words.pgettext("quote status", "expired"),
        "deleted": words.pgettext("quote status", "deleted"),
    }
    return known.get(status, status)


def status_title(status: str, language: Language | None = None) -> str:
    """A register status as a heading or a table shows it ("Sent")."""
    words = language if language is not None else interface()
    known = {
        "draft": words.pgettext("quote status", "Draft"),
        "sent": words.pgettext("quote status", "Sent"),
        "accepted": words.pgettext("quote status", "Accepted"),
        "declined": words.pgettext("quote status", "Declined"),
        "expired": words.pgettext("quote status", "Expired"),
        "deleted": words.pgettext("quote status", "Deleted"),
    }
    return known.get(status, status.capitalize())
