"""The quote workbook's Quote sheet: a document a clinic can send, on one or two pages.

Top to bottom: the seller (the clinic profile, with its logo; without a profile one line
says seller details are missing), the client and the quote's reference and dates, the
treatment plan (dated sessions by trip, or by phase without travel), the clinic's line
items and total (a range, the typical figure explained), the payments (the deposit with
its due date, then the balance per trip or phase), validity, payment terms and
cancellation policy, the patient's own travel, the indicative conversion with each
rate's provenance (never an identity "EUR/EUR" line), the cost up to each milestone
session, the notes (before you book, evidence, "as quoted"), and an acceptance block.

Every figure comes from the engine (`Quote`, `Converted`) or `core.payments`; this module
only places, rounds once (`money_value`) and labels them. Typed and profile text goes
through `cells.put_text` (no formula, no illegal character).
"""

from __future__ import annotations

import math
from datetime import date

from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.clinic import ClinicProfile, quote_reference
from mesocost.core.comparison import Converted
from mesocost.core.conversion import ECB_CAVEAT
from mesocost.core.engine import Quote, QuoteLine
from mesocost.core.geo import country_name
from mesocost.core.i18n import ENGLISH, N_, Language
from mesocost.core.payments import PaymentPlan
from mesocost.core.protocol import EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.export.cells import Styles, clean_text, money_value, put_date, put_text
from mesocost.export.details import NO_NAME, NO_PROFILE, TYPICAL, QuoteDetails, payment_rules
from mesocost.export.workbook import header_row, new_sheet, print_setup, set_widths, translated
from mesocost.present import (
    day_text,
    interval_text,
    line_label,
    number_text,
    rate_line_with_warnings,
    shown_unit,
)

__all__ = ["LINE_COLUMNS", "NO_PROFILE", "QuoteDetails", "add_quote_sheet"]

LINE_COLUMNS = (N_("Item"), "", N_("Qty"), N_("Unit low"), N_("Unit high"), N_("Amount low"),
                N_("Amount high"))
WIDTHS = (34, 11, 7, 12, 12, 14, 14)
WIDE = len(WIDTHS)  # columns a paragraph is merged across
AS_QUOTED = N_("Figures are as quoted on {day}; editing the What-if sheet does not change "
               "them.")
GAP = 9  # points: the empty row between blocks
LOGO_MAX = (190, 64)  # pixels, width × height: the top right corner, above the title
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
_INDENTED = Alignment(horizontal="left", wrap_text=True, vertical="top", indent=1)
_LINE = Border(bottom=Side(style="thin", color="404040"))


def _lines(text: str, width: float, size: float = 11) -> int:
    """Lines a wrapped cell `width` characters wide needs for `text` at `size` points.

    Measured on LibreOffice's rendering with its DejaVu Sans fallback (wider than Calibri):
    about 1.2 characters per unit of column width at 11 pt, 1.3 at 10 pt; counted a little
    short of that, so a wrapped line never hides below its row.
    """
    per_line = max(8, int(width * (1.1 if size >= 11 else 1.2)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n")) or 1


class _Writer:
    """Appends rows top to bottom in the document's language; remembers where each figure
    went (for tests)."""

    def __init__(self, sheet: Worksheet, styles: Styles, language: Language = ENGLISH
                 ) -> None:
        self.sheet = sheet
        self.styles = styles
        self.language = language
        self.gettext = language.gettext
        self.row = 0
        self.figures: dict[str, int] = {}

    def next(self, gap: int = 1) -> int:
        """The next row (after `gap` - 1 narrow empty ones), 15 pt tall until told more.

        Every row gets its height: spreadsheets size unset rows by the font they show
        (LibreOffice's fallback for Calibri is taller), which moves page ends about.
        """
        for _gap in range(gap - 1):
            self.row += 1
            self.sheet.row_dimensions[self.row].height = GAP
        self.row += 1
        self.sheet.row_dimensions[self.row].height = 15
        return self.row

    def text(self, row: int, column: int, text: str, style: str = "text") -> None:
        put_text(self.sheet.cell(row, column), text, style)

    def merged(self, row: int, first: int, last: int, text: str, style: str = "wrap",
               size: float = 15) -> None:
        """Text merged across columns `first`..`last`, wrapped; the row grows to fit
        (merged wrapped cells do not grow by themselves)."""
        self.text(row, first, text, style)
        if last > first:
            self.sheet.merge_cells(start_row=row, start_column=first, end_row=row,
                                   end_column=last)
        width = sum(WIDTHS[first - 1:last])
        lines = _lines(clean_text(text), width, 10 if style == "note" else 11)
        current = self.sheet.row_dimensions[row].height or 0
        self.sheet.row_dimensions[row].height = max(current, size * lines)
        if lines > 1:
            self.top(row)

    def top(self, row: int) -> None:
        """Align a tall row's cells to the top, so labels stand beside their text's first
        line (a cell keeps its own horizontal alignment)."""
        for cell in self.sheet[row]:
            if cell.value is not None:
                now = cell.alignment
                cell.alignment = Alignment(horizontal=now.horizontal, vertical="top",
                                           wrap_text=now.wrap_text)

    def header(self, titles, right: frozenset[int] = frozenset(),
               spans: dict[int, int] | None = None) -> int:
        """A table header; the titles over figures are right-aligned, as the figures are;
        `spans` merges a title's column through another (first: last, from 1)."""
        row = self.next()
        header_row(self.sheet, row, titles)
        for column in right:
            self.sheet.cell(row, column).alignment = _RIGHT
        spans = spans or {}
        for first, last in spans.items():
            self.sheet.merge_cells(start_row=row, start_column=first, end_row=row,
                                   end_column=last)
        lines = max(_lines(title, sum(WIDTHS[column - 1:spans.get(column, column)]), 10)
                    for column, title in enumerate(titles, start=1))
        if lines > 1:  # a header wraps: make room (the bold titles are counted as 10 pt)
            self.sheet.row_dimensions[row].height = 15 * lines
        return row

    def block(self) -> int:
        """A narrow empty row before a table or section."""
        row = self.next()
        self.sheet.row_dimensions[row].height = GAP
        return row

    def section(self, title: str) -> int:
        """A heading across the page (the header style on every column)."""
        return self.header((title, *("" for _column in range(WIDE - 1))))

    def money(self, row: int, column: int, value, currency: str, role: str = "") -> None:
        cell = self.sheet.cell(row, column, money_value(value, currency))
        cell.style = self.styles.money(currency, role)

    def amounts(self, key: str, label: str, currency: str, values, first_column: int,
                role: str = "", style: str = "text") -> int:
        row = self.next()
        self.text(row, 1, label, "label" if role == "total" else style)
        for offset, value in enumerate(values):
            self.money(row, first_column + offset, value, currency, role)
        self.figures[key] = row
        return row

    def note(self, text: str, style: str = "note") -> int:
        row = self.next()
        self.merged(row, 1, WIDE, text, style, 13.5 if style == "note" else 15)
        return row

    def paragraph(self, key: str, label: str, text: str) -> None:
        """A label in the first column, the text wrapped across the others."""
        row = self.next()
        self.text(row, 1, label, "label")
        self.merged(row, 2, WIDE, text)
        self.figures[key] = row


def add_quote_sheet(workbook: Workbook, styles: Styles, quote: Quote, converted: Converted,
                    details: QuoteDetails, locale: str, language: Language = ENGLISH
                    ) -> dict[str, int]:
    """Write the Quote sheet in `language`; returns the row of each figure and block by
    name."""
    sheet = new_sheet(workbook, "Quote", language)
    out = _Writer(sheet, styles, language)
    profile = details.profile
    reference = details.reference or quote_reference(
        profile.quote_prefix if profile else "Q", details.created,
        quote.request.entry.destination, details.client)
    plan = details.payment_plan(quote)
    set_widths(sheet, WIDTHS)
    _seller(out, profile)
    _heading(out, quote, details, reference, locale)
    _line_items(out, quote)
    _plan_and_payments(out, plan, quote)
    _terms(out, details, profile)
    _travel(out, quote)
    _converted(out, quote, converted)
    _milestones(out, quote)
    _notes(out, details)
    _acceptance(out, reference)
    print_setup(sheet, locale, header_row=None)
    margins = sheet.page_margins
    margins.top = margins.bottom = 0.7
    margins.header = margins.footer = 0.3
    # One page wide and at most two tall: a long plan prints smaller, never on a third page.
    sheet.page_setup.fitToHeight = 2
    _footer(sheet, profile, reference, language)
    sheet.print_area = f"A1:G{out.row}"
    return out.figures


# --- who, for whom, which quote --------------------------------------------------------


def _seller(out: _Writer, profile: ClinicProfile | None) -> None:
    first = out.next()
    out.figures["seller"] = first
    if profile is None:
        out.text(first, 1, out.gettext(NO_PROFILE))
        return
    out.text(first, 1, profile.name or out.gettext(NO_NAME),
             "title" if profile.name else "text")
    out.sheet.row_dimensions[first].height = 22
    lines = [line.strip() for line in profile.address.splitlines() if line.strip()]
    lines.append(" · ".join(p for p in (profile.phone, profile.email, profile.website) if p))
    if profile.tax_id:
        lines.append(out.gettext("Tax / registration no. {number}").format(
            number=out.language.isolate(profile.tax_id)))
    for line in (line for line in lines if line):
        out.text(out.next(), 1, line)
    if profile.logo:
        _logo(out, profile.logo, first)
        while out.row < first + 3:  # the logo's rows, before the title
            out.next()


class _LogoImage(Image):
    """An image from bytes already checked (format, size): openpyxl's own Image needs
    Pillow only to learn what `storage.clinicfile.read_logo` read from the header."""

    def __init__(self, data: bytes, kind: str, width: int, height: int) -> None:
        self.ref = None
        self._bytes = data
        self.format = kind
        self.width, self.height = width, height

    def _data(self) -> bytes:
        return self._bytes


def _logo(out: _Writer, path: str, row: int) -> None:
    """The logo in the top right corner, scaled to fit LOGO_MAX, right-aligned."""
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from openpyxl.utils.units import pixels_to_EMU

    from mesocost.storage.clinicfile import read_logo

    logo = read_logo(path)
    scale = min(LOGO_MAX[0] / logo.width, LOGO_MAX[1] / logo.height, 1)
    width, height = max(1, round(logo.width * scale)), max(1, round(logo.height * scale))
    image = _LogoImage(logo.data, logo.format, width, height)
    room = sum(round(w * 7 + 5) for w in WIDTHS[5:])  # columns F and G, in pixels
    image.anchor = OneCellAnchor(
        _from=AnchorMarker(col=5, colOff=pixels_to_EMU(max(0, room - width)), row=row - 1,
                           rowOff=pixels_to_EMU(2)),
        ext=XDRPositiveSize2D(pixels_to_EMU(width), pixels_to_EMU(height)))
    out.sheet.add_image(image)
    out.figures["logo"] = row


def _heading(out: _Writer, quote: Quote, details: QuoteDetails, reference: str,
             locale: str) -> None:
    entry, request = quote.request.entry, quote.request
    language, gettext = out.language, out.gettext
    title = out.next(2)
    out.text(title, 1, gettext("Quote: hair mesotherapy package"), "title")
    out.sheet.row_dimensions[title].height = 22
    where = " · ".join(p for p in (country_name(entry.destination, locale), entry.city,
                                   entry.clinic) if p)
    plan = language.ngettext("{protocol}, {count} session", "{protocol}, {count} sessions",
                             quote.sessions).format(
        protocol=language.isolate(language.gettext(request.protocol.title)),
        count=language.isolate(quote.sessions))
    left = [("label", gettext("Prepared for"), "client label"),
            ("text", details.client, "client"),
            ("label", gettext("Treatment at"), ""), ("text", where, "destination"),
            ("text", plan, "protocol")]
    right = [(gettext("Reference"), reference, "reference"),
             (gettext("Quote date"), details.created, "date"),
             (gettext("Valid until"), details.valid_until, "valid until"),
             (gettext("First session"), request.start, "first session"),
             (gettext("Prices in"), quote.currency, "currency")]
    for (style, text, key), (label, value, fact) in zip(left, right, strict=True):
        row = out.next()
        out.merged(row, 1, 3, text, "wrap" if style == "text" else style)
        out.text(row, 4, label, "label")
        if isinstance(value, date):
            put_date(out.sheet.cell(row, 6), value)
        else:
            out.text(row, 6, value)
        out.sheet.merge_cells(start_row=row, start_column=6, end_row=row, end_column=7)
        if (out.sheet.row_dimensions[row].height or 0) > 15:
            out.top(row)
        if key:
            out.figures[key] = row
        out.figures[fact] = row


# --- the plan and the figures ----------------------------------------------------------


def _percent(value, language: Language) -> str:
    return language.isolate(number_text(value, language))


def _line_items(out: _Writer, quote: Quote) -> None:
    language, gettext = out.language, out.gettext
    out.block()
    row = out.header(translated(LINE_COLUMNS, language), right=frozenset({3, 4, 5, 6, 7}))
    out.figures["line header"] = row
    currency = quote.currency
    priced = [line for line in quote.lines if line.kind not in ("discount", "tax")]
    for number, line in enumerate(priced, start=1):
        _line(out, f"line {number}", line, quote)
    out.amounts("subtotal", gettext("Subtotal"), currency,
                (quote.subtotal.low, quote.subtotal.high), 6)
    request = quote.request
    if request.discount_pct:
        out.amounts("discount", gettext("Discount {percent}%").format(
            percent=_percent(request.discount_pct, language)), currency,
                    (-quote.discount.low, -quote.discount.high), 6)
    if request.tax_pct:
        tax = (gettext("Tax {percent}% (included in the prices)") if request.tax_inclusive
               else gettext("Tax {percent}% (added)"))
        out.amounts("tax", tax.format(percent=_percent(request.tax_pct, language)), currency,
                    (quote.tax.low, quote.tax.high), 6)
    out.amounts("total", gettext("Total"), currency, (quote.total.low, quote.total.high), 6,
                "total")
    out.amounts("typical", gettext("Typical total (midpoint of the range)"), currency,
                (quote.total.mid,), 6)
    out.note(gettext(TYPICAL))


def _unit(out: _Writer, row: int, column: int, line: QuoteLine, low: bool = True) -> None:
    """A unit price with the decimals that make unit × quantity the amount shown beside it
    (an add-on converted from another currency is not a whole number of cents)."""
    currency = line.amount.currency
    unit, amount = ((line.unit.low, line.amount.low) if low
                    else (line.unit.high, line.amount.high))
    value = shown_unit(unit, amount, line.quantity, currency)
    cell = out.sheet.cell(row, column, value)
    cell.style = out.styles.money(currency, decimals=max(0, -value.as_tuple().exponent))


def _line(out: _Writer, key: str, line: QuoteLine, quote: Quote) -> None:
    currency = quote.currency
    row = out.next()
    out.text(row, 1, line_label(line, quote, out.language))
    out.sheet.cell(row, 3, line.quantity).style = "count"
    if line.unit is not None:
        _unit(out, row, 4, line)
        _unit(out, row, 5, line, low=False)
    out.money(row, 6, line.amount.low, currency)
    out.money(row, 7, line.amount.high, currency)
    out.figures[key] = row


def _plan_and_payments(out: _Writer, plan: PaymentPlan, quote: Quote) -> None:
    """The treatment plan and what is paid when, in one table: the deposit with its due
    date, then one row per trip (or phase without travel) with its sessions' numbers and
    dates and its share of the balance, due at its first session."""
    language, gettext = out.language, out.gettext
    currency, travel = plan.currency, quote.travel
    days = {session.number: session.day for session in quote.schedule}
    by_trip = plan.by == "trip" and travel is not None
    out.block()
    row = out.header((gettext("Treatment plan and payments"),
                      gettext("Nights") if by_trip else gettext("Sessions"),
                      gettext("Sessions and dates"), "", "", gettext("To pay, low"),
                      gettext("To pay, high")),
                     right=frozenset({2, 6, 7}), spans={3: 5})
    out.sheet.cell(row, 3).alignment = Alignment(horizontal="left", vertical="center",
                                                 indent=1)  # over the indented dates
    out.figures["plan header"] = row
    if plan.deposit_pct:
        # One message with the PDF's ("{percent}% of" would read as a %-format to babel).
        share = gettext("{percent}%").format(percent=_percent(plan.deposit_pct, language))
        row = out.amounts("deposit", gettext("Deposit ({share} of the lowest total)").format(
            share=share), currency, (plan.deposit, plan.deposit), 6)
        due = out.sheet.cell(row, 3)
        put_date(due, plan.deposit_due)
        # A real date, read as a sentence ('"due by "yyyy-mm-dd').
        due.number_format = out.styles.formats.dated(gettext("due by {date}"))
        due.alignment = _INDENTED
        out.sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
        out.figures["deposit due"] = row
    # A phase's interval beside its name, unless the name says it already ("monthly").
    phases = quote.request.protocol.phases
    intervals = {phase.name: interval_text(phase, language) for phase in phases
                 if phase.name not in (interval_text(phase), interval_text(phase, language))}
    file_phases = {phase.name for phase in phases}
    for number, instalment in enumerate(plan.instalments, start=1):
        if by_trip:
            label = gettext("Trip {number}").format(number=language.isolate(number))
            count = travel.trips[number - 1].nights
        else:
            name = instalment.label
            if name in intervals:
                label = gettext("{phase} ({interval})").format(
                    phase=language.isolate(language.pgettext("phase", name)),
                    interval=intervals[name])
            elif name == "maintenance" and name not in file_phases:  # the app's own
                label = language.pgettext("phase", "maintenance")
            else:
                label = name
            count = len(instalment.sessions)
        row = out.amounts(f"plan {number}", label, currency,
                          (instalment.amount.low, instalment.amount.high), 6)
        out.sheet.cell(row, 2, count).style = "count"
        dates = ",  ".join(f"#{n} {day_text(days[n], language)}" for n in instalment.sessions)
        out.merged(row, 3, 5, dates)
        out.sheet.cell(row, 3).alignment = _INDENTED  # apart from the count before it
    out.amounts("payments total", gettext("Total"), currency,
                (plan.total.low, plan.total.high), 6, "total")
    rules = payment_rules(plan, quote, by_trip, language)
    out.note(" ".join(rules))


def _terms(out: _Writer, details: QuoteDetails, profile: ClinicProfile | None) -> None:
    language, gettext = out.language, out.gettext
    out.block()
    out.section(gettext("Terms"))
    days = details.validity_days
    out.paragraph("validity", gettext("Validity"), language.ngettext(
        "This quote is valid until {date} ({count} day).",
        "This quote is valid until {date} ({count} days).", days).format(
        date=language.isolate(day_text(details.valid_until, language)),
        count=language.isolate(days)))
    if profile is not None and profile.payment_terms:
        out.paragraph("payment terms", gettext("Payment terms"), profile.payment_terms)
    if profile is not None and profile.cancellation_policy:
        out.paragraph("cancellation", gettext("Cancellation and refunds"),
                      profile.cancellation_policy)


def _travel(out: _Writer, quote: Quote) -> None:
    if quote.travel is None:
        return
    gettext = out.gettext
    currency = quote.travel.cost.currency
    out.block()
    out.header((gettext("Your travel and stay ({currency})").format(
        currency=out.language.isolate(currency)), "", gettext("Qty"), gettext("Unit"), "",
                gettext("Amount"), ""), right=frozenset({3, 4, 6}))
    for number, line in enumerate(quote.travel.lines, start=1):
        row = out.next()
        out.text(row, 1, line_label(line, quote, out.language))
        out.sheet.cell(row, 3, line.quantity).style = "count"
        if line.unit is not None:
            _unit(out, row, 4, line)
        out.money(row, 6, line.amount.low, currency)
        out.figures[f"travel {number}"] = row
    out.amounts("travel", gettext("Travel total"), currency, (quote.travel.cost.low,), 6,
                "total")
    out.note(gettext("An estimate of the travel you book and pay yourself: it is not in the "
                     "clinic's total or payments."))


def _converted(out: _Writer, quote: Quote, converted: Converted) -> None:
    """The package (and travel) in the display currency, with each real rate's source;
    left out when nothing needed converting and there is no travel to add."""
    display = converted.currency
    rates = [rate for rate in converted.rates if rate.base != rate.quote]
    if not rates and converted.travel is None:
        return
    language, gettext = out.language, out.gettext
    out.block()
    title = (gettext("In {currency} (indicative)") if rates
             else gettext("Treatment and travel in {currency}"))
    out.header((title.format(currency=language.isolate(display)), "", "", "",
                gettext("Low"), gettext("Typical"), gettext("High")),
               right=frozenset({5, 6, 7}))
    spans = [("converted treatment", gettext("Treatment"), converted.treatment, "")]
    if converted.travel is not None:
        spans.append(("converted travel", gettext("Travel"), converted.travel, ""))
    spans.append(("converted grand", gettext("Total"), converted.grand, "total"))
    for key, label, span, role in spans:
        out.amounts(key, label, display, (span.low, span.mid, span.high), 5, role)
    for rate in dict.fromkeys(rate_line_with_warnings(rate, language) for rate in rates):
        out.note(rate)
    if rates:
        out.note(gettext(ECB_CAVEAT))


def _milestones(out: _Writer, quote: Quote) -> None:
    """What the course costs up to a session: a running total, not a payment."""
    language, gettext = out.language, out.gettext
    out.block()
    row = out.header((gettext("Cost of the course up to a session"), gettext("Milestone"), "",
                      "", "", gettext("Total low"), gettext("Total high")),
                     right=frozenset({6, 7}))
    out.figures["milestones header"] = row
    for milestone in quote.milestones:
        key = f"milestone {milestone.session}"
        row = out.amounts(key, gettext("Cost up to session {number}").format(
            number=language.isolate(milestone.session)), quote.currency,
                          (milestone.total.low, milestone.total.high), 6)
        # The protocol file's label, or the engine's "full course" (marked N_):
        # translated where a catalogue has it, else shown as written.
        out.merged(row, 2, 5, gettext(milestone.label) if milestone.label else "")
    out.note(gettext("Each is what the sessions up to that one cost, discount and tax "
                     "included (travel not): a running total, not a payment."))


def _notes(out: _Writer, details: QuoteDetails) -> None:
    language, gettext = out.language, out.gettext
    if details.notes:
        out.block()
        out.text(out.next(), 1, gettext("Notes"), "label")
        out.note(details.notes, "wrap")
    out.block()
    out.text(out.next(), 1, gettext("Before you book"), "label")
    for text in SUITABILITY_NOTES:
        out.note(gettext(text))
    out.note(gettext(EVIDENCE_NOTE))
    out.figures["as quoted"] = out.note(gettext(AS_QUOTED).format(
        day=language.isolate(day_text(details.created, language))))


def _acceptance(out: _Writer, reference: str) -> None:
    gettext = out.gettext
    out.block()
    out.figures["acceptance"] = out.section(gettext("Acceptance"))
    out.note(gettext("I accept quote {reference} and its terms.").format(
        reference=out.language.isolate(reference)), "wrap")
    # Keyed (for tests) by the English word: name, date, signature.
    for key, label, height in (("name", gettext("Name"), 24), ("date", gettext("Date"), 24),
                               ("signature", gettext("Signature"), 36)):
        row = out.next()
        out.text(row, 1, label, "label")
        out.sheet.cell(row, 1).alignment = Alignment(vertical="bottom")
        out.sheet.row_dimensions[row].height = height
        for column in range(2, 6):
            out.sheet.cell(row, column).border = _LINE
        out.figures[key] = row


def _footer(sheet: Worksheet, profile: ClinicProfile | None, reference: str,
            language: Language = ENGLISH) -> None:
    """The profile's footer on the left of every page, the reference and page on the right
    ("&" starts a code in a page footer: doubled to print as itself). No "of N": a
    spreadsheet counts the pages of every sheet printed with it."""
    reference = clean_text(language.isolate(reference)).replace("&", "&&")
    sentence = clean_text(language.gettext("{reference} · page {page}")).replace("&", "&&")
    sheet.oddFooter.right.text = sentence.format(reference=reference, page="&P")
    if profile is not None and profile.footer:
        sheet.oddFooter.left.text = clean_text(profile.footer).replace("&", "&&")
