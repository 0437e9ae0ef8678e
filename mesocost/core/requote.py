"""What changed between a saved quote and the same quote priced again today.

A saved quote keeps the rates it was priced with (frozen at saving). Re-quoting prices
the same request again with today's catalog and rates; this module lines the two up,
line by line, and says why each figure moved: the clinic's price, a quantity, or an
exchange rate. It compares; it never changes either quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.catalog import PriceEntry
from mesocost.core.comparison import Converted
from mesocost.core.conversion import RateQuote
from mesocost.core.engine import Quote, QuoteLine, QuoteRequest, Span
from mesocost.core.i18n import N_, _

# Why a line moved: English here (kept in LineChange.reasons, compared by tests and
# views), translated where shown: _(reason) or language.gettext(reason).
PRICE_CHANGED = N_("price changed")
QUANTITY_CHANGED = N_("quantity changed")
RATE_MOVED = N_("rate moved")
NEW_LINE = N_("new line")
LINE_GONE = N_("line removed")


def current_request(saved: QuoteRequest, entries: Iterable[PriceEntry]
                    ) -> tuple[QuoteRequest, str]:
    """The saved request with today's catalog entry for its destination and clinic, and a
    note: when the catalog no longer has it, the saved entry (only the rates move).

    The patient's travel is theirs: kept from the saved quote when today's entry has none.
    """
    for entry in entries:
        if entry.key == saved.entry.key:
            travel = entry.travel if entry.travel is not None else saved.entry.travel
            return saved._replace(entry=entry._replace(travel=travel)), ""
    return saved, _("{destination} is no longer in the catalog: priced with the saved "
                    "per-session prices, today's rates").format(destination=saved.entry.label)


class LineChange(NamedTuple):
    """One line of the quote before and after; `before` or `after` is None when the line
    exists on one side only. `reasons` is empty when nothing moved."""

    label: str
    before: Span | None
    after: Span | None
    reasons: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.reasons)


class RateChange(NamedTuple):
    """A rate used on both sides (or one) of a re-quote."""

    pair: str
    before: RateQuote | None
    after: RateQuote | None

    @property
    def moved(self) -> bool:
        return (self.before is None or self.after is None
                or self.before.rate != self.after.rate)


class RequoteReport(NamedTuple):
    """The saved figures beside today's, line by line, with the reasons they differ."""

    lines: tuple[LineChange, ...]
    total_before: Span
    total_after: Span
    patient_before: Span
    patient_after: Span
    rates: tuple[RateChange, ...]
    reasons: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.reasons) or any(line.changed for line in self.lines)


def _line_key(line: QuoteLine) -> tuple[str, str]:
    """What identifies a line across two pricings: its kind and what it is for (the
    phase, or the label without the part in brackets, which holds counts)."""
    if line.phase:
        return line.kind, line.phase
    if line.kind in ("discount", "tax"):
        return line.kind, ""
    return line.kind, line.label.split(" (")[0]


def _all_lines(quote: Quote) -> tuple[QuoteLine, ...]:
    return quote.lines + (quote.travel.lines if quote.travel is not None else ())


def _keyed_lines(quote: Quote) -> dict[tuple[str, str, int], QuoteLine]:
    """The quote's lines by key, numbered in order: two add-ons with one name are two
    lines on both sides, not one line hiding the other."""
    seen: dict[tuple[str, str], int] = {}
    keyed = {}
    for line in _all_lines(quote):
        key = _line_key(line)
        seen[key] = seen.get(key, 0) + 1
        keyed[(*key, seen[key])] = line
    return keyed


def _why(before: QuoteLine, after: QuoteLine, moved_pairs: frozenset[str]) -> tuple[str, ...]:
    reasons = []
    if before.quantity != after.quantity:
        reasons.append(QUANTITY_CHANGED)
    if before.unit != after.unit:
        # An add-on priced in another currency moves with its rate; the rest is the price.
        rate_moved = before.kind == "add_on" and any(
            pair.endswith(f"/{before.amount.currency}") for pair in moved_pairs)
        reasons.append(RATE_MOVED if rate_moved else PRICE_CHANGED)
    elif before.amount != after.amount and not reasons:
        reasons.append(PRICE_CHANGED)  # a discount or tax on a changed subtotal
    return tuple(reasons)


def _rate_changes(before: Converted, after: Converted) -> tuple[RateChange, ...]:
    old = {rate.pair: rate for rate in before.rates if rate.base != rate.quote}
    new = {rate.pair: rate for rate in after.rates if rate.base != rate.quote}
    return tuple(RateChange(pair, old.get(pair), new.get(pair))
                 for pair in dict.fromkeys((*old, *new)))


def compare_quotes(saved: tuple[Quote, Converted], today: tuple[Quote, Converted]
                   ) -> RequoteReport:
    """Line up a saved quote and its re-pricing and explain every difference."""
    (old_quote, old_converted), (new_quote, new_converted) = saved, today
    rates = _rate_changes(old_converted, new_converted)
    moved = frozenset(change.pair for change in rates if change.moved)
    old_lines, new_lines = _keyed_lines(old_quote), _keyed_lines(new_quote)
    changes = []
    for key in dict.fromkeys((*old_lines, *new_lines)):
        before, after = old_lines.get(key), new_lines.get(key)
        if before is None:
            changes.append(LineChange(after.label, None, after.amount, (NEW_LINE,)))
        elif after is None:
            changes.append(LineChange(before.label, before.amount, None, (LINE_GONE,)))
        else:
            changes.append(LineChange(after.label, before.amount, after.amount,
                                      _why(before, after, moved)))
    return RequoteReport(
        lines=tuple(changes), total_before=old_quote.total, total_after=new_quote.total,
        patient_before=old_converted.grand, patient_after=new_converted.grand,
        rates=rates, reasons=_overall_reasons(old_quote, new_quote, rates))


def _overall_reasons(before: Quote, after: Quote, rates: tuple[RateChange, ...]
                     ) -> tuple[str, ...]:
    reasons = []
    old_entry, new_entry = before.request.entry, after.request.entry
    if old_entry.currency != new_entry.currency:
        reasons.append(_("the clinic now prices in {currency} (was {before})").format(
            currency=new_entry.currency, before=old_entry.currency))
    elif (old_entry.per_session_low, old_entry.per_session_high) != (
            new_entry.per_session_low, new_entry.per_session_high):
        reasons.append(
            _("per-session price changed from {low_before}–{high_before} to {low}–{high} "
              "{currency}").format(
                low_before=old_entry.per_session_low, high_before=old_entry.per_session_high,
                low=new_entry.per_session_low, high=new_entry.per_session_high,
                currency=new_entry.currency))
    if old_entry.travel != new_entry.travel:
        reasons.append(_("travel costs changed"))
    for change in rates:
        if not change.moved:
            continue
        if change.before is None or change.after is None:
            text = (_("{pair} rate newly needed") if change.before is None
                    else _("{pair} rate no longer needed"))
            reasons.append(text.format(pair=change.pair))
            continue
        percent = (change.after.rate / change.before.rate - 1) * 100
        reasons.append(_("{pair} rate moved from {rate_before} ({date_before}) to {rate} "
                         "({date}), {percent:+.2f} %").format(
            pair=change.pair, rate_before=_short(change.before.rate),
            date_before=change.before.rate_date.isoformat(), rate=_short(change.after.rate),
            date=change.after.rate_date.isoformat(), percent=percent))
    return tuple(reasons)


def _short(rate: Decimal) -> str:
    """A rate in a sentence: six significant digits (the figures use the exact rate)."""
    return f"{rate:.6g}" if rate.adjusted() >= -4 else f"{rate:.6e}"
