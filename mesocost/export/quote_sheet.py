"""The quote workbook's Quote sheet, laid out to print on one page wide."""

from __future__ import annotations

from datetime import date

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from mesocost.core.comparison import Converted
from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.engine import Quote, QuoteLine
from mesocost.core.geo import country_name
from mesocost.core.protocol import EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.export.cells import Styles, money_value, put_date, put_text
from mesocost.export.details import QuoteDetails
from mesocost.export.workbook import header_row, print_setup, set_widths
from mesocost.present import rate_line, shown_unit

LINE_COLUMNS = ("Item", "Phase", "Qty", "Unit low", "Unit high", "Amount low", "Amount high")
WIDE = 7  # columns the notes are merged across


class _Writer:
    """Appends rows top to bottom; remembers where each figure went (for tests)."""

    def __init__(self, sheet: Worksheet, styles: Styles) -> None:
        self.sheet = sheet
        self.styles = styles
        self.row = 0
        self.figures: dict[str, int] = {}

    def next(self, gap: int = 1) -> int:
        self.row += gap
        return self.row

    def fact(self, label: str, value) -> None:
        row = self.next()
        put_text(self.sheet.cell(row, 1), label, "label")
        if isinstance(value, date):
            put_date(self.sheet.cell(row, 2), value)
        else:
            put_text(self.sheet.cell(row, 2), value)

    def amounts(self, key: str, label: str, currency: str, values, first_column: int,
                role: str = "", style: str = "text") -> int:
        row = self.next()
        put_text(self.sheet.cell(row, 1), label, "label" if role == "total" else style)
        name = self.styles.money(currency, role)
        for offset, value in enumerate(values):
            cell = self.sheet.cell(row, first_column + offset, money_value(value, currency))
            cell.style = name
        self.figures[key] = row
        return row

    def note(self, text: str, style: str = "note", height: float | None = None) -> None:
        row = self.next()
        put_text(self.sheet.cell(row, 1), text, style)
        self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=WIDE)
        # Merged wrapped cells do not grow by themselves: size the row to the text.
        lines = max(1, len(text) // 95 + 1 + text.count("\n"))
        self.sheet.row_dimensions[row].height = height or 15 * lines


def add_quote_sheet(workbook: Workbook, styles: Styles, quote: Quote, converted: Converted,
                    details: QuoteDetails, locale: str) -> dict[str, int]:
    """Write the Quote sheet; returns the row of each figure by name."""
    sheet = workbook.create_sheet("Quote")
    out = _Writer(sheet, styles)
    _header(out, quote, details, locale)
    _line_items(out, quote)
    _travel(out, quote)
    _converted(out, quote, converted)
    _milestones(out, quote)
    _notes(out, details)
    set_widths(sheet, (46, 12, 8, 13, 13, 14, 14))
    print_setup(sheet, locale, header_row=out.figures.get("line header"))
    sheet.print_area = f"A1:G{out.row}"
    return out.figures


def _header(out: _Writer, quote: Quote, details: QuoteDetails, locale: str) -> None:
    entry = quote.request.entry
    put_text(out.sheet.cell(out.next(), 1), "Quote: hair mesotherapy package", "title")
    out.sheet.row_dimensions[out.row].height = 22
    out.fact("Quote date", details.created)
    out.fact("Valid until", details.valid_until)
    out.fact("Client", details.client)
    out.fact("Clinic", entry.clinic or "(any clinic)")
    where = " · ".join(p for p in (country_name(entry.destination, locale), entry.city) if p)
    out.fact("Destination", where)
    out.fact("Protocol", f"{quote.request.protocol.title} ({quote.sessions} sessions)")
    out.fact("First session", quote.request.start)
    out.fact("Prices in", quote.currency)


def _line_items(out: _Writer, quote: Quote) -> None:
    row = out.next(2)
    header_row(out.sheet, row, LINE_COLUMNS)
    out.figures["line header"] = row
    currency = quote.currency
    priced = [line for line in quote.lines if line.kind not in ("discount", "tax")]
    for number, line in enumerate(priced, start=1):
        _line(out, f"line {number}", line, currency)
    out.amounts("subtotal", "Subtotal", currency, (quote.subtotal.low, quote.subtotal.high), 6)
    request = quote.request
    if request.discount_pct:
        out.amounts("discount", f"Discount {request.discount_pct}%", currency,
                    (-quote.discount.low, -quote.discount.high), 6)
    if request.tax_pct:
        how = "included in the prices" if request.tax_inclusive else "added"
        out.amounts("tax", f"Tax {request.tax_pct}% ({how})", currency,
                    (quote.tax.low, quote.tax.high), 6)
    out.amounts("total", "Total", currency, (quote.total.low, quote.total.high), 6, "total")
    out.amounts("typical", "Typical total (midpoint of the range)", currency,
                (quote.total.mid,), 6)
    if request.deposit_pct and quote.deposit is not None:
        out.amounts("deposit", f"Deposit {request.deposit_pct}% due on booking", currency,
                    (quote.deposit.low, quote.deposit.high), 6)


def _unit(out: _Writer, row: int, column: int, line: QuoteLine, low: bool = True) -> None:
    """A unit price with the decimals that make unit × quantity the amount shown beside it
    (an add-on converted from another currency is not a whole number of cents)."""
    currency = line.amount.currency
    unit, amount = ((line.unit.low, line.amount.low) if low
                    else (line.unit.high, line.amount.high))
    value = shown_unit(unit, amount, line.quantity, currency)
    cell = out.sheet.cell(row, column, value)
    cell.style = out.styles.money(currency, decimals=max(0, -value.as_tuple().exponent))


def _line(out: _Writer, key: str, line: QuoteLine, currency: str) -> None:
    row = out.next()
    put_text(out.sheet.cell(row, 1), line.label)
    put_text(out.sheet.cell(row, 2), line.phase)
    out.sheet.cell(row, 3, line.quantity).style = "count"
    money = out.styles.money(currency)
    if line.unit is not None:
        _unit(out, row, 4, line)
        _unit(out, row, 5, line, low=False)
    for column, value in ((6, line.amount.low), (7, line.amount.high)):
        out.sheet.cell(row, column, money_value(value, currency)).style = money
    out.figures[key] = row


def _travel(out: _Writer, quote: Quote) -> None:
    if quote.travel is None:
        return
    currency = quote.travel.cost.currency
    row = out.next(2)
    header_row(out.sheet, row, (f"Travel ({currency})", "", "Qty", "Unit", "", "Amount", ""))
    for number, line in enumerate(quote.travel.lines, start=1):
        row = out.next()
        put_text(out.sheet.cell(row, 1), line.label)
        out.sheet.cell(row, 3, line.quantity).style = "count"
        money = out.styles.money(currency)
        if line.unit is not None:
            _unit(out, row, 4, line)
        out.sheet.cell(row, 6, money_value(line.amount.low, currency)).style = money
        out.figures[f"travel {number}"] = row
    out.amounts("travel", "Travel total", currency, (quote.travel.cost.low,), 6, "total")


def _converted(out: _Writer, quote: Quote, converted: Converted) -> None:
    display = converted.currency
    row = out.next(2)
    header_row(out.sheet, row, (f"In {display} (indicative)", "", "", "Low", "Typical",
                                "High", ""))
    spans = [("converted treatment", "Treatment", converted.treatment, "")]
    if converted.travel is not None:
        spans.append(("converted travel", "Travel", converted.travel, ""))
    spans.append(("converted grand", "Total", converted.grand, "total"))
    for key, label, span, role in spans:
        out.amounts(key, label, display, (span.low, span.mid, span.high), 4, role)
    for rate in converted.rates:
        out.note(_rate_text(rate), "note", 15)


def _rate_text(rate: RateQuote) -> str:
    return rate_line(rate) + "".join(f"; {warning}" for warning in rate.warnings)


def _milestones(out: _Writer, quote: Quote) -> None:
    row = out.next(2)
    header_row(out.sheet, row, ("Paid by a milestone", "", "Session", "", "", "Total low",
                                "Total high"))
    for milestone in quote.milestones:
        key = f"milestone {milestone.session}"
        row = out.amounts(key, milestone.label, quote.currency,
                          (milestone.total.low, milestone.total.high), 6)
        out.sheet.cell(row, 3, milestone.session).style = "count"


def _notes(out: _Writer, details: QuoteDetails) -> None:
    out.next()
    if details.notes:
        put_text(out.sheet.cell(out.next(), 1), "Notes", "label")
        out.note(details.notes, "wrap")
    put_text(out.sheet.cell(out.next(), 1), "Before you book", "label")
    for text in SUITABILITY_NOTES:
        out.note(text)
    out.note(EVIDENCE_NOTE)
    out.note(ECB_CAVEAT)
