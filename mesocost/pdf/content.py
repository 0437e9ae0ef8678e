"""What the patient PDF of a quote says, as HTML for Qt's rich text: no Qt in here.

The content is the quote workbook's Quote sheet (`mesocost.export.quote_sheet`) laid out
for a page: the seller and the quote's facts, the client, the treatment plan (dated
sessions and the cost up to each milestone), the clinic's line items and totals, the
indicative conversion into the patient's currency with every rate's provenance, the
patient's own travel, the deposit and payment plan with the clinic's terms, notes, what to
know before booking and after each session, and an acceptance block.

Every figure comes from the engine (`Quote`, `Converted`) or `core.payments`; this module
only rounds once (through `present`) and labels. The wording follows the Quote sheet's: that
module imports openpyxl, which a PDF must not load, so its sentences are repeated here.
"""

from __future__ import annotations

from decimal import Decimal

from mesocost.core.clinic import ClinicProfile
from mesocost.core.comparison import Converted
from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.engine import Quote, QuoteLine, Span
from mesocost.core.geo import country_name
from mesocost.core.payments import PaymentPlan
from mesocost.core.protocol import AFTERCARE, EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.export.details import NO_NAME, NO_PROFILE, TYPICAL, QuoteDetails, payment_rules
from mesocost.pdf.markup import (
    STYLE_SHEET,
    Column,
    Row,
    bullets,
    facts,
    grid,
    heading,
    paragraph,
    text,
)
from mesocost.present import (
    money_text,
    plan_text,
    rate_line,
    rate_line_with_warnings,
    shown_unit,
    unit_text,
)

__all__ = ["LOGO_MAX", "LOGO_URL", "STYLE_SHEET", "quote_html"]

TITLE = "Quote: hair mesotherapy package"
AS_QUOTED = "Figures are as quoted on {day}."
DRAFT = "DRAFT: not yet issued; the figures may still change."
LOGO_URL = "mesocost-logo:"  # the logo image's name in the document's resources
LOGO_MAX = (190, 64)  # px (1/96 inch), width × height: the top right corner


def quote_html(quote: Quote, converted: Converted, details: QuoteDetails, *, locale: str,
               reference: str, status: str = "",
               logo_size: tuple[int, int] | None = None) -> str:
    """The whole document body, top to bottom.

    Args:
        reference: the register number, else the quote's reference (printed as the number).
        status: "draft" prints a draft line at the top; any status is listed with the facts.
        logo_size: the logo's size in px when the profile's logo was read (else no logo).
    """
    money = _Money(locale)
    plan = details.payment_plan(quote)
    parts = [
        _seller(details.profile, logo_size),
        _heading(quote, details, reference, status, locale),
        _treatment_plan(quote),
        _milestones(quote, money),
        _line_items(quote, money),
        _converted(converted, money),
        _travel(quote, money),
        _payments(plan, quote, money),
        _terms(details),
        _notes(details),
        _before_and_after(),
        _acceptance(reference),
    ]
    return "".join(part for part in parts if part)


class _Money:
    """Figures as shown in `locale`: rounded once, formatted by babel (`present`)."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def one(self, value: Decimal, currency: str) -> str:
        return text(money_text(value, currency, self.locale))

    def range(self, low: Decimal, high: Decimal, currency: str) -> str:
        """"$100.00 – $300.00"; one figure when both ends are the same."""
        if low == high:
            return self.one(low, currency)
        return f"{self.one(low, currency)} – {self.one(high, currency)}"

    def span(self, span: Span) -> str:
        return self.range(span.low, span.high, span.currency)

    def units(self, line: QuoteLine, currency: str) -> str:
        """The unit prices with the decimals that make unit × quantity equal the amount
        shown beside them (`present.shown_unit`)."""
        shown = [text(unit_text(shown_unit(unit, amount, line.quantity, currency), currency,
                                self.locale))
                 for unit, amount in ((line.unit.low, line.amount.low),
                                      (line.unit.high, line.amount.high))]
        return shown[0] if shown[0] == shown[1] else " – ".join(shown)


# --- who, for whom, which quote --------------------------------------------------------


def _seller(profile: ClinicProfile | None, logo_size: tuple[int, int] | None) -> str:
    """The clinic's block on the left, its logo on the right."""
    if profile is None:
        left = paragraph(text(NO_PROFILE), "muted")
    else:
        lines = [line.strip() for line in profile.address.splitlines() if line.strip()]
        lines.append(" · ".join(p for p in (profile.phone, profile.email, profile.website)
                                if p))
        if profile.tax_id:
            lines.append(f"Tax / registration no. {profile.tax_id}")
        name = (paragraph(text(profile.name), "seller") if profile.name
                else paragraph(text(NO_NAME), "muted"))
        left = name + "".join(paragraph(text(line)) for line in lines if line)
    right = ""
    if logo_size is not None:
        width, height = logo_size
        right = f'<img src="{LOGO_URL}" width="{width}" height="{height}">'
    return ('<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            f'<td valign="top">{left}</td>'
            f'<td valign="top" align="right" width="{LOGO_MAX[0] + 10}">{right}</td>'
            "</tr></table>")


def _heading(quote: Quote, details: QuoteDetails, reference: str, status: str,
             locale: str) -> str:
    """The title, the draft line, then the client and destination beside the quote's facts."""
    entry, request = quote.request.entry, quote.request
    where = " · ".join(p for p in (country_name(entry.destination, locale), entry.city,
                                   entry.clinic) if p)
    client = (paragraph(text("Prepared for"), "muted")
              + paragraph(f"<b>{text(details.client)}</b>")
              + paragraph(text("Treatment at"), "muted") + paragraph(text(where))
              + paragraph(text(f"{request.protocol.title}, {quote.sessions} sessions")))
    pairs = [("Quote number", f"<b>{text(reference)}</b>"),
             ("Quote date", text(details.created.isoformat())),
             ("Valid until", text(details.valid_until.isoformat())),
             ("First session", text(request.start.isoformat())),
             ("Prices in", text(quote.currency))]
    if status:
        pairs.append(("Status", text(status.capitalize())))
    draft = paragraph(text(DRAFT), "draft") if status.casefold() == "draft" else ""
    return (f"<h1>{text(TITLE)}</h1>{draft}"
            '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            f'<td valign="top" width="55%">{client}</td>'
            f'<td valign="top" width="45%">{facts(pairs)}</td></tr></table>')


# --- the plan and the figures ----------------------------------------------------------


def _treatment_plan(quote: Quote) -> str:
    """The protocol in one line, then every session with its date, phase (and trip)."""
    trip_of = ({number: index for index, trip in enumerate(quote.travel.trips, start=1)
                for number in trip.sessions} if quote.travel is not None else {})
    columns = [Column("Session", 12, numeric=True), Column("Date", 22),
               Column("Phase", 40 if trip_of else 66)]
    if trip_of:
        columns.append(Column("Trip", 26))
    rows = []
    for session in quote.schedule:
        cells = [text(f"#{session.number}"), text(session.day.isoformat()),
                 text(session.phase)]
        if trip_of:
            cells.append(text(f"Trip {trip_of[session.number]}"))
        rows.append(Row(cells))
    summary = f"{plan_text(quote.request)}."
    return heading("Treatment plan") + paragraph(text(summary)) + grid(columns, rows)


def _milestones(quote: Quote, money: _Money) -> str:
    """What the course costs up to a session: a running total, not a payment."""
    if not quote.milestones:
        return ""
    columns = (Column("Cost of the course up to a session", 36), Column("Milestone", 32),
               Column("Total", 32, numeric=True))
    rows = [Row((text(f"Up to session {milestone.session}"), text(milestone.label),
                 money.span(milestone.total))) for milestone in quote.milestones]
    note = ("Each is what the sessions up to that one cost, discount and tax included "
            "(travel not): a running total, not a payment.")
    return grid(columns, rows) + paragraph(text(note), "small")


def _line_items(quote: Quote, money: _Money) -> str:
    """The clinic's lines, then subtotal, discount, tax, total and the typical figure."""
    currency, request = quote.currency, quote.request
    columns = (Column("Item", 35), Column("Qty", 6, numeric=True),
               Column("Unit price", 27, numeric=True), Column("Amount", 32, numeric=True))
    rows = [Row((text(line.label), text(line.quantity),
                 money.units(line, currency) if line.unit is not None else "",
                 money.span(line.amount)))
            for line in quote.lines if line.kind not in ("discount", "tax")]
    rows.append(_sum_row("Subtotal", money.span(quote.subtotal)))
    if request.discount_pct:
        rows.append(_sum_row(f"Discount {request.discount_pct}%", money.range(
            -quote.discount.low, -quote.discount.high, currency)))
    if request.tax_pct:
        how = "included in the prices" if request.tax_inclusive else "added"
        rows.append(_sum_row(f"Tax {request.tax_pct}% ({how})", money.span(quote.tax)))
    rows.append(_sum_row("Total", money.span(quote.total), total=True))
    rows.append(_sum_row("Typical total (midpoint of the range)",
                         money.one(quote.total.mid, currency)))
    return (heading(f"Prices ({currency})") + grid(columns, rows)
            + paragraph(text(TYPICAL), "small"))


def _sum_row(label: str, amount: str, total: bool = False) -> Row:
    return Row((text(label), "", "", amount), total=total)


def _converted(converted: Converted, money: _Money) -> str:
    """The package (and travel) in the patient's currency, indicative, with each real
    rate's source; left out when nothing needed converting and there is no travel."""
    display = converted.currency
    rates = [rate for rate in converted.rates if rate.base != rate.quote]
    if not rates and converted.travel is None:
        return ""
    title = f"In {display} (indicative)" if rates else f"Treatment and travel in {display}"
    columns = (Column("", 40), Column("Low", 20, numeric=True),
               Column("Typical", 20, numeric=True), Column("High", 20, numeric=True))
    spans = [("Treatment", converted.treatment, False)]
    if converted.travel is not None:
        spans.append(("Travel", converted.travel, False))
    spans.append(("Total", converted.grand, True))
    rows = [Row((text(label), money.one(span.low, display), money.one(span.mid, display),
                 money.one(span.high, display)), total=total)
            for label, span, total in spans]
    notes = list(dict.fromkeys(rate_line_with_warnings(rate) for rate in rates))
    if rates:
        notes.append(ECB_CAVEAT)
    return heading(title) + grid(columns, rows) + "".join(
        paragraph(text(note), "small") for note in notes)


def _rate_text(rate: RateQuote) -> str:
    return rate_line(rate) + "".join(f"; {warning}" for warning in rate.warnings)


def _travel(quote: Quote, money: _Money) -> str:
    if quote.travel is None:
        return ""
    currency = quote.travel.cost.currency
    columns = (Column("Item", 50), Column("Qty", 10, numeric=True),
               Column("Unit", 20, numeric=True), Column("Amount", 20, numeric=True))
    rows = [Row((text(line.label), text(line.quantity),
                 money.units(line, currency) if line.unit is not None else "",
                 money.one(line.amount.low, currency)))
            for line in quote.travel.lines]
    rows.append(Row((text("Travel total"), "", "", money.one(quote.travel.cost.low, currency)),
                    total=True))
    note = ("An estimate of the travel you book and pay yourself: it is not in the clinic's "
            "total or payments.")
    return (heading(f"Your travel and stay ({currency})") + grid(columns, rows)
            + paragraph(text(note), "small"))


# --- payments and terms ----------------------------------------------------------------


def _payments(plan: PaymentPlan, quote: Quote, money: _Money) -> str:
    """The deposit with its due date, then the balance per trip (or phase), each due at
    its first session, and the rules that made them."""
    currency = plan.currency
    by_trip = plan.by == "trip" and quote.travel is not None
    columns = (Column("Payment", 34), Column("Sessions", 16), Column("Due by", 18),
               Column("Amount", 32, numeric=True))
    rows = []
    if plan.deposit_pct:
        rows.append(Row((text(f"Deposit ({plan.deposit_pct}% of the lowest total)"), "",
                         text(plan.deposit_due.isoformat()),
                         money.one(plan.deposit, currency))))
    intervals = {phase.name: phase.interval_text for phase in quote.request.protocol.phases}
    for number, instalment in enumerate(plan.instalments, start=1):
        rows.append(Row((text(_instalment_label(number, instalment.label, by_trip, quote,
                                                intervals)),
                         text(_session_numbers(instalment.sessions)),
                         text(instalment.due.isoformat()), money.span(instalment.amount))))
    rows.append(Row((text("Total"), "", "", money.span(plan.total)), total=True))
    rules = payment_rules(plan, quote, by_trip)
    return (heading(f"Payments ({currency})") + grid(columns, rows)
            + paragraph(text(" ".join(rules)), "small"))


def _instalment_label(number: int, name: str, by_trip: bool, quote: Quote,
                      intervals: dict[str, str]) -> str:
    if by_trip:
        nights = quote.travel.trips[number - 1].nights
        return f"Trip {number} ({nights} nights)"
    interval = intervals.get(name, name)
    return f"{name} ({interval})" if interval != name else name


def _session_numbers(sessions: tuple[int, ...]) -> str:
    """"#1" or "#1–#4" (a trip's or phase's sessions are consecutive)."""
    first, last = sessions[0], sessions[-1]
    return f"#{first}" if first == last else f"#{first}–#{last}"


def _terms(details: QuoteDetails) -> str:
    profile = details.profile
    pairs = [("Validity", text(f"This quote is valid until {details.valid_until.isoformat()} "
                               f"({details.validity_days} days)."))]
    if profile is not None and profile.payment_terms:
        pairs.append(("Payment terms", text(profile.payment_terms)))
    if profile is not None and profile.cancellation_policy:
        pairs.append(("Cancellation and refunds", text(profile.cancellation_policy)))
    return heading("Terms") + facts(pairs, label_width=25)


# --- notes, advice and acceptance ------------------------------------------------------


def _notes(details: QuoteDetails) -> str:
    notes = heading("Notes") + paragraph(text(details.notes)) if details.notes else ""
    return notes + paragraph(text(AS_QUOTED.format(day=details.created.isoformat())), "small")


def _before_and_after() -> str:
    """The seed's advice: who should ask a clinician first, the evidence, the aftercare."""
    return (heading("Before you book") + bullets((*SUITABILITY_NOTES, EVIDENCE_NOTE))
            + heading("After each session") + bullets(AFTERCARE))


def _acceptance(reference: str) -> str:
    """Name, date and signature lines to fill in by hand."""
    rows = "".join(f'<tr><td width="18%" valign="bottom">{text(label)}</td>'
                   f'<td class="line" width="60%"> </td><td width="22%"> </td></tr>'
                   for label in ("Name", "Date", "Signature"))
    return (heading("Acceptance")
            + paragraph(text(f"I accept quote {reference} and its terms."))
            + f'<table class="sign" width="100%" cellspacing="0">{rows}</table>')
