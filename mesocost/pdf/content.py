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

Every word is in the document's language (`language`, never the interface's): headings,
labels, sentences, the status, the seed's advice. Data stays as typed (client, clinic,
protocol and phase names, catalog text); a number, code, date or name put into a sentence
goes through `language.isolate` so it keeps its own direction in Arabic. Dates in
sentences are ISO in English and the locale's medium date otherwise (`present.day_text`);
the tables keep ISO dates in every language.
"""

from __future__ import annotations

from decimal import Decimal

from mesocost.core.clinic import ClinicProfile
from mesocost.core.comparison import Converted
from mesocost.core.conversion import ECB_CAVEAT
from mesocost.core.engine import Quote, QuoteLine, Span
from mesocost.core.geo import country_name
from mesocost.core.i18n import ENGLISH, N_, Language
from mesocost.core.payments import PaymentPlan
from mesocost.core.protocol import AFTERCARE, EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.core.text import terminal_text
from mesocost.export.details import NO_NAME, NO_PROFILE, TYPICAL, QuoteDetails, payment_rules
from mesocost.pdf.markup import (
    STYLE_SHEET,
    Column,
    Row,
    bullets,
    cells,
    facts,
    grid,
    heading,
    paragraph,
    text,
)
from mesocost.present import (
    day_text,
    interval_text,
    line_label,
    money_text,
    number_text,
    plan_text,
    rate_line_with_warnings,
    shown_unit,
    status_title,
    unit_text,
)

__all__ = ["LOGO_MAX", "LOGO_URL", "STYLE_SHEET", "quote_html"]

TITLE = N_("Quote: hair mesotherapy package")
AS_QUOTED = N_("Figures are as quoted on {day}.")
DRAFT = N_("DRAFT: not yet issued; the figures may still change.")
LOGO_URL = "mesocost-logo:"  # the logo image's name in the document's resources
LOGO_MAX = (190, 64)  # px (1/96 inch), width × height: the top right corner


def quote_html(quote: Quote, converted: Converted, details: QuoteDetails, *, locale: str,
               reference: str, status: str = "",
               logo_size: tuple[int, int] | None = None,
               language: Language = ENGLISH) -> str:
    """The whole document body, top to bottom, in `language`.

    Args:
        locale: money, and the dates in sentences, are formatted as this locale writes
            them (it replaces `language.locale`).
        reference: the register number, else the quote's reference (printed as the number).
        status: "draft" prints a draft line at the top; any status is listed with the facts.
        logo_size: the logo's size in px when the profile's logo was read (else no logo).
    """
    language = language._replace(locale=locale)
    money = _Money(locale)
    plan = details.payment_plan(quote)
    parts = [
        _seller(details.profile, logo_size, language),
        _heading(quote, details, reference, status, language),
        _treatment_plan(quote, language),
        _milestones(quote, money, language),
        _line_items(quote, money, language),
        _converted(converted, money, language),
        _travel(quote, money, language),
        _payments(plan, quote, money, language),
        _terms(details, language),
        _notes(details, language),
        _before_and_after(language),
        _acceptance(reference, language),
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


def _data(value: object, language: Language) -> str:
    """Typed or catalog text (a name, an address, a phase, notes) as HTML. Right to left,
    each of its lines is isolated: it keeps its own direction ("34394 Şişli / İstanbul"
    reads as typed) while the paragraph is laid out right to left."""
    if not language.right_to_left:
        return text(value)
    lines = terminal_text("" if value is None else str(value), keep_lines=True).split("\n")
    return text("\n".join(language.isolate(line) if line else "" for line in lines))


def _percent(value: Decimal, language: Language) -> str:
    """A percentage's number for a "{percent}%" placeholder."""
    return language.isolate(number_text(value, language))


# --- who, for whom, which quote --------------------------------------------------------


def _seller(profile: ClinicProfile | None, logo_size: tuple[int, int] | None,
            language: Language) -> str:
    """The clinic's block on the left (right, right to left), its logo opposite."""
    if profile is None:
        left = paragraph(text(language.gettext(NO_PROFILE)), "muted")
    else:
        lines = [line.strip() for line in profile.address.splitlines() if line.strip()]
        lines.append(" · ".join(p for p in (profile.phone, profile.email, profile.website)
                                if p))
        typed = [paragraph(_data(line, language)) for line in lines if line]
        if profile.tax_id:
            typed.append(paragraph(text(language.gettext("Tax / registration no. {number}")
                                        .format(number=language.isolate(profile.tax_id)))))
        name = (paragraph(_data(profile.name, language), "seller") if profile.name
                else paragraph(text(language.gettext(NO_NAME)), "muted"))
        left = name + "".join(typed)
    logo = ""
    if logo_size is not None:
        width, height = logo_size
        logo = f'<img src="{LOGO_URL}" width="{width}" height="{height}">'
    rtl = language.right_to_left
    edge = "left" if rtl else "right"  # the page's outer edge, opposite the text
    return ('<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            + cells((f'<td valign="top">{left}</td>',
                     f'<td valign="top" align="{edge}" width="{LOGO_MAX[0] + 10}">{logo}</td>'),
                    rtl)
            + "</tr></table>")


def _heading(quote: Quote, details: QuoteDetails, reference: str, status: str,
             language: Language) -> str:
    """The title, the draft line, then the client and destination beside the quote's facts."""
    entry, request = quote.request.entry, quote.request
    where = " · ".join(p for p in (country_name(entry.destination, language.locale),
                                   entry.city, entry.clinic) if p)
    course = language.ngettext("{protocol}, {count} session", "{protocol}, {count} sessions",
                               quote.sessions).format(
        protocol=language.isolate(language.gettext(request.protocol.title)),
        count=language.isolate(quote.sessions))
    client = (paragraph(text(language.gettext("Prepared for")), "muted")
              + paragraph(f"<b>{_data(details.client, language)}</b>")
              + paragraph(text(language.gettext("Treatment at")), "muted")
              + paragraph(_data(where, language)) + paragraph(text(course)))
    pairs = [(language.gettext("Quote number"), f"<b>{_data(reference, language)}</b>"),
             (language.gettext("Quote date"), text(details.created.isoformat())),
             (language.gettext("Valid until"), text(details.valid_until.isoformat())),
             (language.gettext("First session"), text(request.start.isoformat())),
             (language.gettext("Prices in"), text(quote.currency))]
    if status:
        pairs.append((language.gettext("Status"), text(status_title(status, language))))
    draft = (paragraph(text(language.gettext(DRAFT)), "draft")
             if status.casefold() == "draft" else "")
    rtl = language.right_to_left
    return (f"<h1>{text(language.gettext(TITLE))}</h1>{draft}"
            '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            + cells((f'<td valign="top" width="55%">{client}</td>',
                     f'<td valign="top" width="45%">{facts(pairs, right_to_left=rtl)}</td>'),
                    rtl)
            + "</tr></table>")


# --- the plan and the figures ----------------------------------------------------------


def _session_number(number: int, language: Language) -> str:
    # TRANSLATORS: a session's number in a table, "#3".
    return language.pgettext("session number", "#{number}").format(
        number=language.isolate(number))


def _phase_name(name: str, quote: Quote, language: Language) -> str:
    """A phase's name as HTML, in the document language when the catalogue knows it (the
    bundled protocol's and the maintenance phase mesocost adds), else as the file has it."""
    return text(language.pgettext("phase", name))


def _trip(number: int, language: Language) -> str:
    return language.gettext("Trip {number}").format(number=language.isolate(number))


def _treatment_plan(quote: Quote, language: Language) -> str:
    """The protocol in one line, then every session with its date, phase (and trip)."""
    trip_of = ({number: index for index, trip in enumerate(quote.travel.trips, start=1)
                for number in trip.sessions} if quote.travel is not None else {})
    columns = [Column(language.gettext("Session"), 12, numeric=True),
               Column(language.gettext("Date"), 22),
               Column(language.gettext("Phase"), 40 if trip_of else 66)]
    if trip_of:
        columns.append(Column(language.gettext("Trip"), 26))
    rows = []
    for session in quote.schedule:
        cells = [text(_session_number(session.number, language)),
                 text(session.day.isoformat()), _phase_name(session.phase, quote, language)]
        if trip_of:
            cells.append(text(_trip(trip_of[session.number], language)))
        rows.append(Row(cells))
    # TRANSLATORS: the treatment plan as one sentence: {plan} is "4 every 15 days, then 4
    # monthly (8 sessions)"; only the full stop is yours.
    summary = language.gettext("{plan}.").format(plan=plan_text(quote.request, language))
    return (heading(language.gettext("Treatment plan")) + paragraph(text(summary))
            + grid(columns, rows, language.right_to_left))


def _milestones(quote: Quote, money: _Money, language: Language) -> str:
    """What the course costs up to a session: a running total, not a payment."""
    if not quote.milestones:
        return ""
    columns = (Column(language.gettext("Cost of the course up to a session"), 36),
               Column(language.gettext("Milestone"), 32),
               Column(language.gettext("Total"), 32, numeric=True))
    # The engine's own label ("full course") and the bundled protocol's are in the
    # catalogue (core.protocol_words); a user's protocol file shows as written.
    rows = [Row((text(language.gettext("Up to session {number}").format(
                     number=language.isolate(milestone.session))),
                 text(language.gettext(milestone.label)), money.span(milestone.total)))
            for milestone in quote.milestones]
    note = language.gettext("Each is what the sessions up to that one cost, discount and tax "
                            "included (travel not): a running total, not a payment.")
    return grid(columns, rows, language.right_to_left) + paragraph(text(note), "small")


def _line_items(quote: Quote, money: _Money, language: Language) -> str:
    """The clinic's lines, then subtotal, discount, tax, total and the typical figure."""
    currency, request = quote.currency, quote.request
    columns = (Column(language.gettext("Item"), 35),
               Column(language.gettext("Qty"), 6, numeric=True),
               Column(language.gettext("Unit price"), 27, numeric=True),
               Column(language.gettext("Amount"), 32, numeric=True))
    rows = [Row((text(line_label(line, quote, language)), text(line.quantity),
                 money.units(line, currency) if line.unit is not None else "",
                 money.span(line.amount)))
            for line in quote.lines if line.kind not in ("discount", "tax")]
    rows.append(_sum_row(language.gettext("Subtotal"), money.span(quote.subtotal)))
    if request.discount_pct:
        rows.append(_sum_row(
            language.gettext("Discount {percent}%").format(
                percent=_percent(request.discount_pct, language)),
            money.range(-quote.discount.low, -quote.discount.high, currency)))
    if request.tax_pct:
        label = (language.gettext("Tax {percent}% (included in the prices)")
                 if request.tax_inclusive else language.gettext("Tax {percent}% (added)"))
        rows.append(_sum_row(label.format(percent=_percent(request.tax_pct, language)),
                             money.span(quote.tax)))
    rows.append(_sum_row(language.gettext("Total"), money.span(quote.total), total=True))
    rows.append(_sum_row(language.gettext("Typical total (midpoint of the range)"),
                         money.one(quote.total.mid, currency)))
    title = language.gettext("Prices ({currency})").format(currency=language.isolate(currency))
    return (heading(title) + grid(columns, rows, language.right_to_left)
            + paragraph(text(language.gettext(TYPICAL)), "small"))


def _sum_row(label: str, amount: str, total: bool = False) -> Row:
    return Row((text(label), "", "", amount), total=total)


def _converted(converted: Converted, money: _Money, language: Language) -> str:
    """The package (and travel) in the patient's currency, indicative, with each real
    rate's source; left out when nothing needed converting and there is no travel."""
    display = converted.currency
    rates = [rate for rate in converted.rates if rate.base != rate.quote]
    if not rates and converted.travel is None:
        return ""
    title = (language.gettext("In {currency} (indicative)") if rates
             else language.gettext("Treatment and travel in {currency}")).format(
        currency=language.isolate(display))
    columns = (Column("", 40), Column(language.gettext("Low"), 20, numeric=True),
               Column(language.gettext("Typical"), 20, numeric=True),
               Column(language.gettext("High"), 20, numeric=True))
    spans = [(language.gettext("Treatment"), converted.treatment, False)]
    if converted.travel is not None:
        spans.append((language.gettext("Travel"), converted.travel, False))
    spans.append((language.gettext("Total"), converted.grand, True))
    rows = [Row((text(label), money.one(span.low, display), money.one(span.mid, display),
                 money.one(span.high, display)), total=total)
            for label, span, total in spans]
    notes = list(dict.fromkeys(rate_line_with_warnings(rate, language) for rate in rates))
    if rates:
        notes.append(language.gettext(ECB_CAVEAT))
    return heading(title) + grid(columns, rows, language.right_to_left) + "".join(
        paragraph(text(note), "small") for note in notes)


def _travel(quote: Quote, money: _Money, language: Language) -> str:
    if quote.travel is None:
        return ""
    currency = quote.travel.cost.currency
    columns = (Column(language.gettext("Item"), 50),
               Column(language.gettext("Qty"), 10, numeric=True),
               Column(language.gettext("Unit"), 20, numeric=True),
               Column(language.gettext("Amount"), 20, numeric=True))
    rows = [Row((text(line_label(line, quote, language)), text(line.quantity),
                 money.units(line, currency) if line.unit is not None else "",
                 money.one(line.amount.low, currency)))
            for line in quote.travel.lines]
    rows.append(Row((text(language.gettext("Travel total")), "", "",
                     money.one(quote.travel.cost.low, currency)), total=True))
    note = language.gettext("An estimate of the travel you book and pay yourself: it is not "
                            "in the clinic's total or payments.")
    title = language.gettext("Your travel and stay ({currency})").format(
        currency=language.isolate(currency))
    return (heading(title) + grid(columns, rows, language.right_to_left)
            + paragraph(text(note), "small"))


# --- payments and terms ----------------------------------------------------------------


def _payments(plan: PaymentPlan, quote: Quote, money: _Money, language: Language) -> str:
    """The deposit with its due date, then the balance per trip (or phase), each due at
    its first session, and the rules that made them."""
    currency = plan.currency
    by_trip = plan.by == "trip" and quote.travel is not None
    columns = (Column(language.gettext("Payment"), 34),
               Column(language.gettext("Sessions"), 16),
               Column(language.gettext("Due by"), 18),
               Column(language.gettext("Amount"), 32, numeric=True))
    rows = []
    if plan.deposit_pct:
        # TRANSLATORS: {share} is a percentage, "25%" ("{percent}%" translated).
        deposit = language.gettext("Deposit ({share} of the lowest total)").format(
            share=language.gettext("{percent}%").format(
                percent=_percent(plan.deposit_pct, language)))
        rows.append(Row((text(deposit), "", text(plan.deposit_due.isoformat()),
                         money.one(plan.deposit, currency))))
    phases = {phase.name: phase for phase in quote.request.protocol.phases}
    for number, instalment in enumerate(plan.instalments, start=1):
        rows.append(Row((_instalment_label(number, instalment.label, by_trip, quote,
                                           phases, language),
                         text(_session_numbers(instalment.sessions, language)),
                         text(instalment.due.isoformat()), money.span(instalment.amount))))
    rows.append(Row((text(language.gettext("Total")), "", "", money.span(plan.total)),
                    total=True))
    rules = payment_rules(plan, quote, by_trip, language)
    title = language.gettext("Payments ({currency})").format(
        currency=language.isolate(currency))
    return (heading(title) + grid(columns, rows, language.right_to_left)
            + paragraph(text(" ".join(rules)), "small"))


def _instalment_label(number: int, name: str, by_trip: bool, quote: Quote,
                      phases: dict, language: Language) -> str:
    """An instalment's label as HTML: its trip with the nights, else its phase with the
    phase's interval (unless the name says it already: "monthly")."""
    if by_trip:
        nights = quote.travel.trips[number - 1].nights
        return text(language.ngettext("Trip {number} ({count} night)",
                                      "Trip {number} ({count} nights)", nights).format(
            number=language.isolate(number), count=language.isolate(nights)))
    phase = phases.get(name)
    if phase is None or name in (interval_text(phase), interval_text(phase, language)):
        return _phase_name(name, quote, language)
    return text(language.gettext("{phase} ({interval})").format(
        phase=language.isolate(language.pgettext("phase", name)),
        interval=interval_text(phase, language)))


def _session_numbers(sessions: tuple[int, ...], language: Language) -> str:
    """"#1" or "#1–#4" (a trip's or phase's sessions are consecutive)."""
    first, last = sessions[0], sessions[-1]
    if first == last:
        return _session_number(first, language)
    # TRANSLATORS: the sessions a payment covers, "#1–#4".
    return language.pgettext("session numbers", "#{first}–#{last}").format(
        first=language.isolate(first), last=language.isolate(last))


def _terms(details: QuoteDetails, language: Language) -> str:
    profile = details.profile
    validity = language.ngettext("This quote is valid until {day} ({count} day).",
                                 "This quote is valid until {day} ({count} days).",
                                 details.validity_days).format(
        day=language.isolate(day_text(details.valid_until, language)),
        count=language.isolate(details.validity_days))
    pairs = [(language.gettext("Validity"), text(validity))]
    if profile is not None and profile.payment_terms:
        pairs.append((language.gettext("Payment terms"),
                      _data(profile.payment_terms, language)))
    if profile is not None and profile.cancellation_policy:
        pairs.append((language.gettext("Cancellation and refunds"),
                      _data(profile.cancellation_policy, language)))
    return heading(language.gettext("Terms")) + facts(pairs, label_width=25,
                                                       right_to_left=language.right_to_left)


# --- notes, advice and acceptance ------------------------------------------------------


def _notes(details: QuoteDetails, language: Language) -> str:
    notes = (heading(language.gettext("Notes")) + paragraph(_data(details.notes, language))
             if details.notes else "")
    as_quoted = language.gettext(AS_QUOTED).format(
        day=language.isolate(day_text(details.created, language)))
    return notes + paragraph(text(as_quoted), "small")


def _before_and_after(language: Language) -> str:
    """The seed's advice: who should ask a clinician first, the evidence, the aftercare."""
    advice = [language.gettext(note) for note in (*SUITABILITY_NOTES, EVIDENCE_NOTE)]
    return (heading(language.gettext("Before you book")) + bullets(advice)
            + heading(language.gettext("After each session"))
            + bullets(language.gettext(line) for line in AFTERCARE))


def _acceptance(reference: str, language: Language) -> str:
    """Name, date and signature lines to fill in by hand."""
    labels = (language.pgettext("acceptance", "Name"), language.pgettext("acceptance", "Date"),
              language.pgettext("acceptance", "Signature"))
    rows = "".join("<tr>" + cells((f'<td width="18%" valign="bottom">{text(label)}</td>',
                                   '<td class="line" width="60%"> </td>',
                                   '<td width="22%"> </td>'), language.right_to_left) + "</tr>"
                   for label in labels)
    accept = language.gettext("I accept quote {number} and its terms.").format(
        number=language.isolate(reference))
    return (heading(language.gettext("Acceptance")) + paragraph(text(accept))
            + f'<table class="sign" width="100%" cellspacing="0">{rows}</table>')
