"""Re-quote: a saved quote's figures beside the same quote priced today, and why they moved.

`price_today` prices the saved request again with today's catalog entry for its
destination (the saved entry, with a note, when the catalog lost it) and the window's
rates; `mesocost.core.requote.compare_quotes` lines the two up. `RequoteDialog` only shows
the report: line by line before and after with the reasons, the totals, the patient's
figures in their currency, and every rate pair before and after — in the interface
language (the engine's English line labels are named again with `present.line_label`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mesocost.core.i18n import _, interface
from mesocost.present import rate_text
from mesocost.ui.labels import money_text, typical_range_text

if TYPE_CHECKING:
    from mesocost.core.catalog import PriceEntry
    from mesocost.core.conversion import RateLookup, RateQuote
    from mesocost.core.engine import Quote, Span
    from mesocost.core.requote import RequoteReport
    from mesocost.register.document import QuoteDocument

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def price_today(document: QuoteDocument, entries: Sequence[PriceEntry],
                rate_for: RateLookup) -> tuple[RequoteReport, str, dict[str, str]]:
    """(the report, a note, the lines' labels in the interface language by the engine's
    label) for `document` priced again with today's catalog and rates.

    Raises:
        MesocostError: a rate is missing today, or today's entry is refused.
    """
    from mesocost.core.comparison import price_request
    from mesocost.core.requote import compare_quotes, current_request

    request, note = current_request(document.request, entries)
    today = price_request(request, document.currency, rate_for)
    saved = document.priced()
    labels = {**line_labels(saved[0]), **line_labels(today[0])}  # today's name wins
    return compare_quotes(saved, today), note, labels


def line_labels(quote: Quote) -> dict[str, str]:
    """Each line's label as the engine writes it (what `LineChange.label` holds) → as
    the interface language names it."""
    from mesocost.present import line_label

    lines = quote.lines + (quote.travel.lines if quote.travel is not None else ())
    return {line.label: line_label(line, quote, interface()) for line in lines}


def span_text(span: Span | None, locale: str) -> str:
    if span is None:
        return "—"
    return (f"{money_text(span.low, span.currency, locale)} – "
            f"{money_text(span.high, span.currency, locale)}")


def rate_cell(rate: RateQuote | None) -> str:
    """"0.92 · 2026-10-30 · ecb" (— when the pair is used on one side only)."""
    if rate is None:
        return "—"
    cell = f"{rate_text(rate.rate)} · {rate.rate_date.isoformat()} · {rate.source}"
    return _("{rate} (stale)").format(rate=cell) if rate.stale else cell


def rate_change(before: RateQuote | None, after: RateQuote | None) -> str:
    if before is None or after is None:
        return _("newly needed") if before is None else _("no longer needed")
    if before.rate == after.rate:
        return _unchanged()
    return f"{(after.rate / before.rate - 1) * 100:+.2f} %"


def _unchanged() -> str:
    """"unchanged": a rate or a quote line that did not move."""
    return _("unchanged")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int],
           parent: QWidget, name: str) -> QTableWidget:
    """A read-only table of texts, sized to show every row without scrolling."""
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column in numeric:
                item.setTextAlignment(_RIGHT)
            table.setItem(row, column, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.resizeRowsToContents()
    # As tall as its rows (a long quote scrolls past 360 px): no empty band below them.
    height = header.sizeHint().height() + sum(table.rowHeight(r) for r in range(len(rows)))
    table.setFixedHeight(min(height + 2 * table.frameWidth() + 2, 360))
    return table


class RequoteDialog(QDialog):
    """The re-quote report of one saved quote (read-only; Close or Esc leaves)."""

    def __init__(self, number: str, report: RequoteReport, locale: str, note: str = "",
                 parent: QWidget | None = None, *,
                 labels: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self._labels = dict(labels or {})
        self.setWindowTitle(_("Re-quote {number}: saved and today").format(number=number))
        self.setAccessibleName(_("Re-quote of {number}").format(number=number))
        intro = QLabel(_("<b>{number}</b>: the figures saved with the quote (its rates "
                         "frozen at saving) beside the same quote priced now with today's "
                         "catalog and the window's rates.").format(
                             number=interface().isolate(escape(number))), self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if note:
            self.note = QLabel(note, self)
            self.note.setWordWrap(True)
            self.note.setStyleSheet("color: #a15c00;")
            layout.addWidget(self.note)
        layout.addWidget(self._patient_figures(report, locale))
        self.lines_table = self._lines_table(report, locale)
        layout.addWidget(self.lines_table)
        self.rates_table = _table(
            (_("Rate"), _("Saved"), _("Today"), _("Change")),
            [(c.pair, rate_cell(c.before), rate_cell(c.after), rate_change(c.before, c.after))
             for c in report.rates], {1, 2, 3}, self, _("Exchange rates, saved and today"))
        if report.rates:
            layout.addWidget(self.rates_table)
        else:
            self.rates_table.hide()
        self.reasons = QLabel(self._reasons_html(report), self)
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.reasons)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(max(self.sizeHint().width(), 820), self.sizeHint().height())

    def _patient_figures(self, report: RequoteReport, locale: str) -> QWidget:
        """Both patient-currency figures side by side: what a coordinator reads first."""
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 4, 0, 4)
        currency = report.patient_after.currency
        caption = QLabel(_("Patient's total in {currency} (low – typical – high):").format(
            currency=interface().isolate(currency)), box)
        self.patient_before = QLabel(typical_range_text(report.patient_before, locale), box)
        self.patient_after = QLabel(typical_range_text(report.patient_after, locale), box)
        self.patient_before.setAccessibleName(_("Patient's total as saved"))
        self.patient_after.setAccessibleName(_("Patient's total today"))
        self.patient_after.setStyleSheet("font-weight: bold;")
        grid.addWidget(caption, 0, 0, 1, 2)
        grid.addWidget(QLabel(_("Saved:"), box), 1, 0)
        grid.addWidget(self.patient_before, 1, 1)
        grid.addWidget(QLabel(_("Today:"), box), 2, 0)
        grid.addWidget(self.patient_after, 2, 1)
        grid.setColumnStretch(1, 1)
        return box

    def _lines_table(self, report: RequoteReport, locale: str) -> QTableWidget:
        # Reasons are the core's marked constants: translated here, where shown.
        rows = [(self._labels.get(line.label, line.label), span_text(line.before, locale),
                 span_text(line.after, locale),
                 ", ".join(_(reason) for reason in line.reasons) or _unchanged())
                for line in report.lines]
        rows.append((_("Total"), span_text(report.total_before, locale),
                     span_text(report.total_after, locale), ""))
        rows.append((_("Patient, in {currency} (indicative)").format(
                        currency=interface().isolate(report.patient_after.currency)),
                     span_text(report.patient_before, locale),
                     span_text(report.patient_after, locale), ""))
        table = _table((_("Item"), _("Saved"), _("Today"), _("Why")), rows, {1, 2}, self,
                       _("Quote lines, saved and today"))
        for row in range(len(rows) - 2, len(rows)):  # the totals stand out
            for column in range(table.columnCount()):
                item = table.item(row, column)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        return table

    @staticmethod
    def _reasons_html(report: RequoteReport) -> str:
        if not report.reasons and not report.changed:
            return _("Nothing changed: today's catalog and rates give the saved figures.")
        items = "".join(f"<li>{escape(reason)}</li>" for reason in report.reasons)
        heading = escape(_("Why the figures moved"), quote=False)
        return f"<b>{heading}</b><ul>{items}</ul>" if items else ""

