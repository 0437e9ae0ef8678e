"""The quote view: one destination's package quote for a client, previewed live and
exported as the same workbook `mesocost quote preview --xlsx` writes.

Every figure comes from the engine (`price_request`: `build_quote` + `convert_quote`, the
CLI's call), with the workspace's protocol,
start date, maintenance months, travel choice, display currency and rate service — the
same request the CLI builds from the same inputs, so the same Quote and Converted.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mesocost.core.catalog import PriceEntry
from mesocost.core.clinic import quote_reference
from mesocost.core.comparison import Converted, price_request
from mesocost.core.conversion import ECB_CAVEAT
from mesocost.core.engine import AddOn, Quote, QuoteRequest
from mesocost.core.errors import InputError, MesocostError
from mesocost.core.i18n import N_, _, interface, ngettext
from mesocost.core.money import check_currency, to_decimal
from mesocost.core.protocol import EVIDENCE_NOTE, SUITABILITY_NOTES, Protocol
from mesocost.export.details import QuoteDetails
from mesocost.planning import protocol_for, template_request
from mesocost.present import line_label, number_text, part_name, rate_line_with_warnings
from mesocost.ui.builder_register import RegisterLink
from mesocost.ui.labels import (
    date_text,
    entry_label,
    money_text,
    range_text,
    typical_range_text,
)
from mesocost.ui.workers import Cancelled

log = logging.getLogger(__name__)

EXPORT_FOLDER_KEY = "last_export_folder"


class ClientContact(NamedTuple):
    """How to reach the client: kept for the quote register, not printed on the quote."""

    email: str = ""
    phone: str = ""


# --- typed numbers --------------------------------------------------------------------


def parse_amount(text: str, locale: str, *where: str) -> Decimal:
    """A number as a person types it in `locale` ("1,234.50" in en_US, "1.234,50" in de_DE).

    Raises:
        InputError: for empty text or anything that is not a finite number.
    """
    from babel.numbers import NumberFormatError, parse_decimal

    stripped = text.strip()
    if not stripped:
        raise InputError(_("enter a number"), *where)
    try:
        number = parse_decimal(stripped, locale=locale, strict=True)
    except NumberFormatError:
        raise InputError(_("not a number: {text}").format(text=repr(stripped)),
                         *where) from None
    return to_decimal(number, *where)  # refuses NaN and infinity


def parse_percent(text: str, locale: str, what: str) -> Decimal:
    """A percentage as typed ("10", "12.5 %"); empty means 0. The range is the engine's
    to check (QuoteRequest)."""
    stripped = text.strip().removesuffix("%").strip()
    return parse_amount(stripped, locale, what) if stripped else Decimal(0)


def amount_input_text(value: Decimal, locale: str) -> str:
    """An add-on amount as the person would type it back ("1,234.5")."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale, decimal_quantization=False)


# --- add-ons --------------------------------------------------------------------------

# Headers marked here, translated where shown (headerData).
ADD_ON_COLUMNS = (N_("Add-on"), N_("Low"), N_("High"), N_("Currency"), N_("Per session"))
_NAME, _LOW, _HIGH, _CURRENCY, _PER_SESSION = range(5)


class AddOnsModel(QAbstractTableModel):
    """The quote's add-ons, editable in place. An edit is checked the way the engine checks
    an `AddOn`: a refused edit emits `invalid(message)` and leaves the model unchanged.

    An add-on's currency may be left empty: it is then priced in the display currency, as
    `mesocost compare --add-on NAME=PRICE` does (the engine resolves it).
    """

    invalid = Signal(str)

    def __init__(self, locale: str, parent=None) -> None:
        super().__init__(parent)
        self._locale = locale
        self._display = ""
        self._add_ons: list[AddOn] = []

    def set_locale(self, locale: str, display_currency: str) -> None:
        if (locale, display_currency) != (self._locale, self._display):
            self._locale, self._display = locale, display_currency
            self._all_changed()

    def add_ons(self) -> tuple[AddOn, ...]:
        return tuple(self._add_ons)

    def append(self, add_on: AddOn) -> None:
        row = len(self._add_ons)
        self.beginInsertRows(QModelIndex(), row, row)
        self._add_ons.append(add_on)
        self.endInsertRows()

    def remove(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._add_ons):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._add_ons[row]
                self.endRemoveRows()

    def _all_changed(self) -> None:
        if self._add_ons:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._add_ons) - 1, len(ADD_ON_COLUMNS) - 1))

    # --- Qt model API ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._add_ons)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(ADD_ON_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(ADD_ON_COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section == _CURRENCY:
            return _("Empty: priced in the display currency")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == _PER_SESSION:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        add_on = self._add_ons[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return add_on
        if column == _PER_SESSION:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if add_on.per_session else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(add_on)[column]
        if role == Qt.ItemDataRole.EditRole:
            return self._texts(add_on)[column] if column != _CURRENCY else add_on.currency or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (_LOW, _HIGH):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _texts(self, add_on: AddOn) -> tuple[str, str, str, str]:
        currency = add_on.currency or (
            _("{currency} (display)").format(currency=self._display) if self._display else "")
        return (add_on.name, amount_input_text(add_on.low, self._locale),
                amount_input_text(add_on.high, self._locale), currency)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row, column = index.row(), index.column()
        current = self._add_ons[row]
        try:
            changed = self._edited(current, column, value, role)
        except InputError as error:
            self.invalid.emit(str(error))
            return False
        if changed is None or changed == current:
            return False
        self._add_ons[row] = changed
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(ADD_ON_COLUMNS) - 1))
        return True

    def _edited(self, add_on: AddOn, column: int, value: Any, role: int) -> AddOn | None:
        """The add-on with one field changed (checked by AddOn), or None for no change."""
        where = _add_on_where(add_on.name)
        if column == _PER_SESSION:
            if role != Qt.ItemDataRole.CheckStateRole:
                return None
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return add_on._replace(per_session=checked)
        if role != Qt.ItemDataRole.EditRole:
            return None
        text = str(value)
        if column == _NAME:
            if not text.strip():
                raise InputError(_("an add-on needs a name"), where)
            return add_on._replace(name=text.strip())
        if column == _CURRENCY:
            return add_on._replace(currency=parse_currency(text, where))
        if column == _LOW:
            return add_on._replace(low=parse_amount(text, self._locale, where, _("low")))
        return add_on._replace(high=parse_amount(text, self._locale, where, _("high")))


def _add_on_where(name: str) -> str:
    """Where an add-on's mistake is: "add-on 'PRP'"."""
    return _("add-on {name}").format(name=repr(name))


def parse_currency(text: str, *where: str) -> str | None:
    """An ISO 4217 code as typed ("eur" → "EUR"); empty means the display currency."""
    code = text.strip().split(" ")[0]
    return check_currency(code, *where, _("currency")) if code else None


def make_add_on(name: str, low: str, high: str, per_session: bool, currency: str,
                locale: str) -> AddOn:
    """An add-on from the form's fields (high empty: the same as low; currency empty: the
    display currency).

    Raises:
        InputError: naming the field at fault.
    """
    name = name.strip()
    if not name:
        raise InputError(_("an add-on needs a name"))
    where = _add_on_where(name)
    low_value = parse_amount(low, locale, where, _("low"))
    high_value = parse_amount(high, locale, where, _("high")) if high.strip() else low_value
    return AddOn(name=name, low=low_value, high=high_value, per_session=per_session,
                 currency=parse_currency(currency, where))


# --- the preview ----------------------------------------------------------------------
# The preview is the window's: it speaks the interface language. The quote's documents
# (workbook, PDF, calendar) are written in its document language instead.


def _row(label: str, value: str, strong: bool = False) -> str:
    cells = f"<td>{escape(label)}</td><td align='right'>{escape(value)}</td>"
    if strong:
        cells = f"<td><b>{escape(label)}</b></td><td align='right'><b>{escape(value)}</b></td>"
    return f"<tr>{cells}</tr>"


def _html(template: str, **values: object) -> str:
    """A translated sentence as HTML: its text escaped, each value kept in its own
    direction (right-to-left interfaces) and escaped."""
    isolate = interface().isolate
    return escape(template, quote=False).format(
        **{name: escape(isolate(value)) for name, value in values.items()})


def percent_text(value: Decimal) -> str:
    """"30%": a percentage as the interface language writes one."""
    # TRANSLATORS: a percentage, e.g. "30%" ("%30" in Turkish).
    return _("{number}%").format(number=number_text(value, interface()))


def _payments_html(quote: Quote, details: QuoteDetails, locale: str) -> str:
    """The deposit with its due date and the balance per trip or phase: the same plan the
    quote sheet and `quote preview` print (core.payments)."""
    plan = details.payment_plan(quote)
    isolate = interface().isolate
    rows = []
    if plan.deposit_pct:
        label = _("Deposit {percent} of the lowest total, due by {date}").format(
            percent=isolate(percent_text(plan.deposit_pct)),
            date=isolate(date_text(plan.deposit_due, locale)))
        rows.append(_row(label, money_text(plan.deposit, plan.currency, locale)))
    for instalment in plan.instalments:
        first, last = instalment.sessions[0], instalment.sessions[-1]
        due = isolate(date_text(instalment.due, locale))
        if first == last:
            label = _("Balance, {part} (session {number}), due {date}").format(
                part=part_name(plan, instalment), number=isolate(first), date=due)
        else:
            label = _("Balance, {part} (sessions {first}–{last}), due {date}").format(
                part=part_name(plan, instalment), first=isolate(first),
                last=isolate(last), date=due)
        rows.append(_row(label, range_text(instalment.amount, locale)))
    heading = escape(_("Payments"), quote=False)
    return (f"<p><b>{heading}</b></p><table width='100%' cellspacing='0' cellpadding='3'>"
            f"{''.join(rows)}</table>")


def quote_html(quote: Quote, converted: Converted, details: QuoteDetails, locale: str,
               problem: str = "") -> str:
    """The quote as the preview shows it: formatted engine figures, typed text escaped,
    words in the interface language."""
    language = interface()
    request, entry, native = quote.request, quote.request.entry, quote.currency
    parts = []
    if problem:
        warning = _("<b>Not updated:</b> {problem}<br>The figures below are for the last "
                    "inputs that could be priced.").format(problem=escape(problem))
        parts.append(f"<p style='color:#b00020'>{warning}</p>")
    client = details.client or _("(no client yet)")
    heading = _html(_("Quote for {client}"), client=client)
    parts.append(f"<h3>{heading}</h3>")
    if details.profile and details.profile.name:
        seller = _html(_("From {seller}"), seller=details.profile.name)
    else:
        seller = escape(_("Seller details missing: run {command} to add your clinic's name, "
                          "address and terms"), quote=False).format(
            command="<code>mesocost clinic init</code>")
    reference = _html(_("Reference {reference}"), reference=details.reference)
    parts.append(f"<p>{seller}<br>{reference}</p>")
    validity = _html(_("{date}, valid until {valid_until}"),
                     date=date_text(details.created, locale),
                     valid_until=date_text(details.valid_until, locale))
    course = _html(ngettext("{protocol}, {count} session from {start}",
                            "{protocol}, {count} sessions from {start}", quote.sessions),
                   protocol=_(request.protocol.title), count=quote.sessions,
                   start=date_text(request.start, locale))
    prices = _html(_("Prices in {currency}"), currency=native)
    parts.append(f"<p>{validity}<br><b>{escape(entry_label(entry, locale))}</b>: {course}<br>"
                 f"{prices}</p>")

    rows = [_row(line_label(line, quote, language), range_text(line.amount, locale))
            for line in quote.lines if line.kind not in ("discount", "tax")]
    rows.append(_row(_("Subtotal"), range_text(quote.subtotal, locale)))
    for line in quote.lines:
        if line.kind in ("discount", "tax"):
            rows.append(_row(line_label(line, quote, language),
                             range_text(line.amount, locale)))
    rows.append(_row(_("Total"), range_text(quote.total, locale), strong=True))
    rows.append(_row(_("Typical total (midpoint)"),
                     money_text(quote.total.mid, native, locale)))
    parts.append(f"<table width='100%' cellspacing='0' cellpadding='3'>{''.join(rows)}</table>")
    parts.append(_payments_html(quote, details, locale))

    if quote.travel is not None:
        travel = quote.travel
        rows = [_row(line_label(line, quote, language),
                     money_text(line.amount.low, line.amount.currency, locale))
                for line in travel.lines]
        rows.append(_row(_("Travel"), money_text(travel.cost.low, travel.cost.currency, locale),
                         strong=True))
        heading = _html(_("Travel ({currency})"), currency=travel.cost.currency)
        parts.append(f"<h4>{heading}</h4>"
                     f"<table width='100%' cellspacing='0' cellpadding='3'>{''.join(rows)}"
                     "</table>")

    heading = _html(_("In {currency}, indicative (low – typical – high)"),
                    currency=converted.currency)
    parts.append(f"<h4>{heading}</h4>")
    rows = [_row(_("Treatment"), typical_range_text(converted.treatment, locale))]
    if converted.travel is not None:
        rows.append(_row(_("Travel"), typical_range_text(converted.travel, locale)))
    rows.append(_row(_("Total"), typical_range_text(converted.grand, locale), strong=True))
    parts.append(f"<table width='100%' cellspacing='0' cellpadding='3'>{''.join(rows)}</table>")
    notes = list(dict.fromkeys(rate_line_with_warnings(rate, language)
                               for rate in converted.rates if rate.base != rate.quote))
    notes.append(_(ECB_CAVEAT))
    parts.append("".join(f"<p style='color:#555'>{escape(text)}</p>" for text in notes))

    # A milestone's label: the protocol file's, or the engine's "full course" (marked
    # N_): translated where a catalogue has it, else shown as written.
    rows = [_row(_("Up to session {number}: {milestone}").format(
                     number=language.isolate(m.session), milestone=_(m.label)),
                 range_text(m.total, locale))
            for m in quote.milestones]
    heading = escape(_("Cost up to a milestone"), quote=False)
    parts.append(f"<h4>{heading}</h4>"
                 f"<table width='100%' cellspacing='0' cellpadding='3'>{''.join(rows)}</table>")
    if details.notes:
        body = escape(details.notes).replace("\n", "<br>")
        heading = escape(_("Notes"), quote=False)
        parts.append(f"<h4>{heading}</h4><p>{body}</p>")
    items = "".join(f"<li>{escape(_(text))}</li>"
                    for text in (*SUITABILITY_NOTES, EVIDENCE_NOTE))
    heading = escape(_("Before you book"), quote=False)
    parts.append(f"<h4>{heading}</h4><ul>{items}</ul>")
    return "".join(parts)


# --- the view -------------------------------------------------------------------------


class QuoteView(QWidget):
    """A client's package quote at one destination: a form, a live preview and an export.

    Inputs are the destination (a catalog entry), the client (name, and email/phone kept
    for the register), the quote date and validity, add-ons (each in its own currency,
    the clinic's by default; the engine converts them), discount %, tax % (added, or
    included in the prices), deposit % and notes. The protocol, start date, maintenance
    months, travel choice, display currency, locale and rate service are the workspace's.
    Any change re-prices on the next turn of the event loop (a 0 ms single-shot timer), so
    several changes cost one pricing; `flush()` prices now.

    Register seam (for a later "Save to register"):
        current_quote() -> tuple[Quote, Converted, QuoteDetails] | None
            The quote being previewed, its figures in the display currency and what was
            typed about it; None while the inputs cannot be priced (the message says why).
            The client may still be empty: the register decides whether it may save.
        client_contact() -> ClientContact
            The client's email and phone (not part of the printed quote); read it when
            saving (typing in these fields does not re-price or emit).
        quoteChanged(object)
            Emitted with current_quote()'s value each time it changes (None included).

    Actions:
        export_action: "Export quote to Excel…" — asks for a file, then writes the quote
            workbook off the GUI thread through `context.tasks`. Enabled when there is a
            quote and a client name.

    Languages: the form and the preview speak the interface language; the quote's
    documents (its workbook here, its PDF and calendar from the Quotes view) are written
    in the document language chosen in the form (`document_language`, default the
    interface language when mesocost has it as a document language, else English), which
    is saved with the quote in the register and restored when it is reopened.

    Args:
        workspace: the window's `Workspace` (inputs, entries, rate service, result).
        context: the window's `AppContext` (tasks, settings, messages).
    """

    quoteChanged = Signal(object)

    def __init__(self, workspace, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.context = context
        self._entries: tuple[PriceEntry, ...] = ()
        self._current: tuple[Quote, Converted, QuoteDetails] | None = None
        self._last: tuple[Quote, Converted, QuoteDetails] | None = None  # last priced
        self._last_html = ""
        self._labels_locale = ""
        self._exporting = False

        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.recompute)

        self.export_action = QAction(_("Export quote to E&xcel…"), self)
        self.export_action.setToolTip(_("Write this quote as an Excel workbook"))
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self.export)
        # Save to register / reopen a draft / revise (mesocost.ui.builder_register).
        self.register_link = RegisterLink(self)
        self.save_action = self.register_link.save_action

        self.profile, self.profile_problem = _clinic_profile()
        self._build_form()
        self._apply_profile_defaults()
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._form_area)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([480, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(self.register_link.banner)
        layout.addWidget(splitter)

        workspace.resultChanged.connect(self._schedule)
        workspace.failed.connect(self._schedule)
        workspace.entriesChanged.connect(self._entries_changed)
        self._fill_destinations()
        self.recompute()

    # --- the form -------------------------------------------------------------------

    def _build_form(self) -> None:
        locale = self.workspace.inputs.locale
        form_widget = QWidget(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.destination = QComboBox(form_widget)
        self.destination.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.destination.setMinimumContentsLength(16)
        self.client = QLineEdit(form_widget)
        self.client.setPlaceholderText(_("Client's name (printed on the quote)"))
        self.email = QLineEdit(form_widget)
        self.email.setPlaceholderText(_("Kept with the quote, not printed"))
        self.phone = QLineEdit(form_widget)
        self.phone.setPlaceholderText(_("Kept with the quote, not printed"))
        self.document_language = QComboBox(form_widget)
        self.document_language.setToolTip(_(
            "The language the patient reads: the quote's workbook, PDF and calendar are "
            "written in it. The window keeps its own language."))
        for code, name in document_language_choices():
            self.document_language.addItem(name, code)
        self.set_document_language(default_document_language())
        self.quote_date = QDateEdit(QDate.currentDate(), form_widget)
        self.quote_date.setCalendarPopup(True)
        self.quote_date.setDisplayFormat("yyyy-MM-dd")
        self.validity = QSpinBox(form_widget)
        self.validity.setRange(1, 3650)
        self.validity.setValue(30)
        self._validity_suffix(self.validity.value())
        self.validity.valueChanged.connect(self._validity_suffix)
        self.discount = QLineEdit(form_widget)
        self.tax = QLineEdit(form_widget)
        self.tax_mode = QComboBox(form_widget)
        self.tax_mode.addItem(_("added to the prices"), False)
        self.tax_mode.addItem(_("included in the prices"), True)
        self.deposit = QLineEdit(form_widget)
        for field in (self.discount, self.tax, self.deposit):
            field.setPlaceholderText("0")
            field.setMaximumWidth(90)
        self.notes = QPlainTextEdit(form_widget)
        self.notes.setPlaceholderText(_("Printed on the quote"))
        self.notes.setFixedHeight(64)

        tax_row = QHBoxLayout()
        tax_row.addWidget(self.tax)
        tax_row.addWidget(QLabel("%", form_widget))
        tax_row.addWidget(self.tax_mode, 1)
        discount_row = QHBoxLayout()
        discount_row.addWidget(self.discount)
        discount_row.addWidget(QLabel("%", form_widget))
        discount_row.addStretch(1)
        deposit_row = QHBoxLayout()
        deposit_row.addWidget(self.deposit)
        # "%" on its own, as on the rows above: "% of" in a message would read as a
        # printf field to gettext's tools.
        deposit_row.addWidget(QLabel("%", form_widget))
        deposit_row.addWidget(QLabel(_("of the lowest total (due date: clinic profile)"),
                                     form_widget))
        deposit_row.addStretch(1)

        form.addRow(_("&Destination:"), self.destination)
        form.addRow(_("&Client:"), self.client)
        form.addRow(_("&Email:"), self.email)
        form.addRow(_("&Phone:"), self.phone)
        form.addRow(_("Document &language:"), self.document_language)
        form.addRow(_("Quote &date:"), self.quote_date)
        form.addRow(_("&Valid for:"), self.validity)
        # Rows holding a layout get their label made here, so its mnemonic has a buddy.
        for text, buddy, row in ((_("Dis&count:"), self.discount, discount_row),
                                 (_("&Tax:"), self.tax, tax_row),
                                 (_("De&posit:"), self.deposit, deposit_row)):
            label = QLabel(text, form_widget)
            label.setBuddy(buddy)
            form.addRow(label, row)
        form.addRow(_("&Notes:"), self.notes)

        self.add_ons = AddOnsModel(locale, self)
        self.add_ons_box = self._build_add_ons(form_widget)

        self.message = QLabel(form_widget)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        export_button = QToolButton(form_widget)
        export_button.setDefaultAction(self.export_action)
        export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        save_button = QToolButton(form_widget)
        save_button.setDefaultAction(self.save_action)
        save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        buttons = QHBoxLayout()
        buttons.addWidget(save_button)
        buttons.addWidget(export_button)
        buttons.addStretch(1)

        column = QVBoxLayout(form_widget)
        column.addLayout(form)
        column.addWidget(self.add_ons_box)
        column.addWidget(self.message)
        column.addLayout(buttons)
        column.addStretch(1)

        self._form_area = QScrollArea(self)
        self._form_area.setWidgetResizable(True)
        self._form_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self._form_area.setWidget(form_widget)

        self.destination.currentIndexChanged.connect(self._schedule)
        for line in (self.client, self.discount, self.tax, self.deposit):
            line.textChanged.connect(self._schedule)
        self.quote_date.dateChanged.connect(self._schedule)
        self.validity.valueChanged.connect(self._schedule)
        self.tax_mode.currentIndexChanged.connect(self._schedule)
        self.notes.textChanged.connect(self._schedule)

    def _build_add_ons(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Add-ons"), parent)
        self.add_ons_table = QTableView(box)
        self.add_ons_table.setModel(self.add_ons)
        self.add_ons_table.verticalHeader().setVisible(False)
        self.add_ons_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.add_ons_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.Stretch)
        self.add_ons_table.setMinimumHeight(80)
        self.add_ons_table.setMaximumHeight(120)

        self.add_on_name = QLineEdit(box)
        self.add_on_name.setPlaceholderText(_("name, e.g. {example}").format(example="PRP"))
        self.add_on_low = QLineEdit(box)
        self.add_on_low.setPlaceholderText(_("low"))
        self.add_on_high = QLineEdit(box)
        self.add_on_high.setPlaceholderText(_("high"))
        self.add_on_high.setToolTip(_("Leave empty when the price is not a range"))
        for field in (self.add_on_low, self.add_on_high):
            field.setMinimumWidth(60)
            field.setMaximumWidth(110)
        self.add_on_currency = QComboBox(box)
        self.add_on_currency.setEditable(True)
        self.add_on_currency.setToolTip(_("The currency of the add-on's price; the engine "
                                           "converts it into the clinic's"))
        self.add_on_currency.setMinimumContentsLength(4)
        self.add_on_per_session = QCheckBox(_("per session"), box)
        self.add_on_button = QPushButton(_("&Add"), box)
        self.remove_add_on_button = QPushButton(_("&Remove selected"), box)

        entry_row = QHBoxLayout()
        entry_row.addWidget(self.add_on_name, 2)
        entry_row.addWidget(self.add_on_low, 1)
        entry_row.addWidget(self.add_on_high, 1)
        entry_row.addWidget(self.add_on_currency)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_on_per_session)
        buttons_row.addWidget(self.add_on_button)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.remove_add_on_button)
        self.add_on_message = QLabel(box)
        self.add_on_message.setWordWrap(True)
        self.add_on_message.setStyleSheet("color: #b00020;")
        self.add_on_message.hide()
        layout = QVBoxLayout(box)
        layout.addWidget(self.add_ons_table)
        layout.addLayout(entry_row)
        layout.addLayout(buttons_row)
        layout.addWidget(self.add_on_message)

        self.add_on_button.clicked.connect(self.add_typed_add_on)
        for field in (self.add_on_name, self.add_on_low, self.add_on_high):
            field.returnPressed.connect(self.add_typed_add_on)
        self.remove_add_on_button.clicked.connect(self._remove_selected_add_ons)
        self.add_ons.invalid.connect(self._show_add_on_problem)
        self.add_ons.dataChanged.connect(self._add_ons_changed)
        self.add_ons.rowsInserted.connect(self._add_ons_changed)
        self.add_ons.rowsRemoved.connect(self._add_ons_changed)
        return box

    def add_typed_add_on(self) -> bool:
        """Add the add-on typed in the entry row; a mistake is shown and nothing changes."""
        try:
            add_on = make_add_on(self.add_on_name.text(), self.add_on_low.text(),
                                 self.add_on_high.text(), self.add_on_per_session.isChecked(),
                                 self.add_on_currency.currentText(),
                                 self.workspace.inputs.locale)
        except InputError as error:
            self._show_add_on_problem(str(error))
            return False
        self.add_ons.append(add_on)
        for field in (self.add_on_name, self.add_on_low, self.add_on_high):
            field.clear()
        self.add_on_per_session.setChecked(False)
        self.add_on_name.setFocus()
        return True

    def _offer_add_on_currencies(self, clinic: str, display: str) -> None:
        """The entry row offers the clinic's currency first (its price lists), then the
        display currency; any other code may be typed."""
        offered = list(dict.fromkeys((clinic, display)))
        combo = self.add_on_currency
        if [combo.itemText(i) for i in range(combo.count())] == offered:
            return
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItems(offered)
        combo.setCurrentIndex(0)
        combo.blockSignals(blocked)

    def _remove_selected_add_ons(self) -> None:
        rows = [index.row() for index in self.add_ons_table.selectionModel().selectedRows()]
        self.add_ons.remove(rows)

    def _show_add_on_problem(self, text: str) -> None:
        self.add_on_message.setText(text)
        self.add_on_message.show()

    def _add_ons_changed(self, *_args) -> None:
        self.add_on_message.hide()
        self._schedule()

    # --- destinations ---------------------------------------------------------------

    def _entries_changed(self, *_args) -> None:
        self._fill_destinations()
        self._schedule()

    def _fill_destinations(self) -> None:
        """List the workspace's entries, keeping the chosen one when it is still there."""
        kept = self.selected_entry()
        locale = self.workspace.inputs.locale
        # A reopened quote's destination stays choosable when the catalog lost it.
        self._entries = tuple(self.workspace.entries) + self.register_link.missing_entry()
        keys = [entry.key for entry in self._entries]
        blocked = self.destination.blockSignals(True)
        self.destination.clear()
        for entry in self._entries:
            self.destination.addItem(entry_label(entry, locale))
        wanted = keys.index(kept.key) if kept is not None and kept.key in keys else 0
        self.destination.setCurrentIndex(wanted if self._entries else -1)
        self.destination.blockSignals(blocked)
        self._labels_locale = locale

    def selected_entry(self) -> PriceEntry | None:
        index = self.destination.currentIndex()
        return self._entries[index] if 0 <= index < len(self._entries) else None

    def select_destination(self, destination: str, clinic: str = "") -> None:
        """Choose the catalog entry for a country code (and clinic), as the CLI's
        `--destination`/`--clinic` do.

        Raises:
            InputError: when the catalog has no such entry.
        """
        from mesocost.cli.quote import find_entry

        entry = find_entry(self._entries, destination, clinic)
        self.destination.setCurrentIndex(self._entries.index(entry))

    # --- pricing --------------------------------------------------------------------

    def _schedule(self, *_args) -> None:
        self._pending.start()

    def flush(self) -> tuple[Quote, Converted, QuoteDetails] | None:
        """Price now if a change is waiting (tests, exports)."""
        if self._pending.isActive():
            self.recompute()
        return self._current

    def _protocol(self) -> Protocol:
        result, inputs = self.workspace.result, self.workspace.inputs
        if result is not None and result.inputs == inputs:
            return result.template.protocol
        return protocol_for(inputs, self.workspace.find_protocol)

    def _request(self, entry: PriceEntry) -> QuoteRequest:
        """The engine's request from the form and the workspace (InputError if refused);
        a reopened draft keeps its own protocol, start, maintenance and travel choice."""
        inputs = self.workspace.inputs
        locale = inputs.locale
        saved = self.register_link.saved_request()
        plan = saved or template_request(inputs, entry, self._protocol())
        return QuoteRequest(
            entry=entry, protocol=plan.protocol, start=plan.start,
            maintenance_months=plan.maintenance_months, add_ons=self.add_ons.add_ons(),
            discount_pct=parse_percent(self.discount.text(), locale, _("discount")),
            tax_pct=parse_percent(self.tax.text(), locale, _("tax")),
            tax_inclusive=bool(self.tax_mode.currentData()),
            include_travel=plan.include_travel,
            deposit_pct=parse_percent(self.deposit.text(), locale, _("deposit")),
        )

    def details(self) -> QuoteDetails:
        client = self.client.text().strip()
        created = self.quote_date.date().toPython()
        entry = self.selected_entry()
        reference = quote_reference(self.profile.quote_prefix if self.profile else "Q",
                                    created, entry.destination if entry else "", client)
        profile = self.profile
        saved = self.register_link.saved_identity()
        if saved is not None:  # a reopened quote keeps its seller and its number
            profile, reference = saved
        return QuoteDetails(client=client, created=created,
                            validity_days=self.validity.value(),
                            notes=self.notes.toPlainText().strip(), profile=profile,
                            reference=reference)

    def _apply_profile_defaults(self) -> None:
        """The clinic profile's validity and deposit, as `quote preview` applies them."""
        if self.profile_problem and self.context is not None:
            self.context.show_status(_("Clinic profile not used: {problem}").format(
                problem=self.profile_problem), 0)
        if self.profile is None:
            return
        self.validity.setValue(self.profile.validity_days)
        if self.profile.deposit_pct:
            self.deposit.setText(str(self.profile.deposit_pct))

    def client_contact(self) -> ClientContact:
        return ClientContact(self.email.text().strip(), self.phone.text().strip())

    def _validity_suffix(self, days: int) -> None:
        # TRANSLATORS: after the number of days in the "Valid for" box; keep the space.
        self.validity.setSuffix(ngettext(" day", " days", days))

    # --- the document language ------------------------------------------------------

    def document_language_code(self) -> str:
        """The code of the language the quote's documents are written in ("de")."""
        return self.document_language.currentData() or "en"

    def set_document_language(self, code: str) -> None:
        """Choose the documents' language by code; a code this window does not offer (a
        saved quote's) is added, so the quote keeps it."""
        index = self.document_language.findData(code)
        if index < 0:
            self.document_language.addItem(code, code)
            index = self.document_language.count() - 1
        self.document_language.setCurrentIndex(index)

    def recompute(self) -> tuple[Quote, Converted, QuoteDetails] | None:
        """Price the form now; show the quote, or why it cannot be priced."""
        self._pending.stop()
        inputs = self.workspace.inputs
        if self._labels_locale != inputs.locale:
            self._fill_destinations()
        self.add_ons.set_locale(inputs.locale, inputs.currency)
        entry = self.selected_entry()
        previous = self._current
        problem = ""
        currency = self.register_link.pricing_currency()
        if self.register_link.loaded is not None and self.register_link.loaded.read_only:
            try:  # a sent (accepted, declined) quote: exactly what the patient was sent
                self._current = self.register_link.saved_figures()
            except MesocostError as error:
                problem = str(error)
        elif entry is None:
            problem = _("the catalog is empty: add a destination")
        else:
            self._offer_add_on_currencies(entry.currency, currency)
            try:
                # The CLI's own pricing call: add-ons resolved and converted, then the
                # quote converted into the display currency with the workspace's rates.
                quote, converted = price_request(self._request(entry), currency,
                                                 self.workspace.service)
            except MesocostError as error:
                problem = str(error)
            else:
                self._current = (quote, converted, self.details())
        if problem:
            self._current = None
        self._show(problem)
        if self._current != previous:
            self.quoteChanged.emit(self._current)
        return self._current

    def _show(self, problem: str) -> None:
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
        scroll = self.preview.verticalScrollBar().value()
        if self._current is not None:
            quote, converted, details = self._current
            self._last = (quote, converted, details)
            html = quote_html(quote, converted, details, self.workspace.inputs.locale)
        elif self._last is not None:
            quote, converted, details = self._last
            html = quote_html(quote, converted, details, self.workspace.inputs.locale, problem)
        else:
            html = f"<p style='color:#b00020'>{escape(problem)}</p>"
        if html != self._last_html:
            self._last_html = html
            self.preview.setHtml(html)
            self.preview.verticalScrollBar().setValue(scroll)
        self._update_export_action()

    def _update_export_action(self) -> None:
        ready = self._current is not None and bool(self._current[2].client)
        self.export_action.setEnabled(ready and not self._exporting)
        if self._current is None:
            tip = _("Nothing to export: the inputs cannot be priced")
        elif not self._current[2].client:
            tip = _("Enter the client's name to export the quote")
        else:
            tip = _("Write this quote as an Excel workbook")
        self.export_action.setToolTip(tip)
        self.register_link.update_action()

    def load_document(self, document, number: str, status: str = "draft") -> None:
        """Open a saved quote: a draft to edit (saving updates `number`); any other status
        read-only with its saved figures (saving then offers "Revise as a new draft")."""
        self.register_link.load_document(document, number, status)

    def current_quote(self) -> tuple[Quote, Converted, QuoteDetails] | None:
        """The previewed quote, its converted figures and its details (None if none)."""
        return self._current

    def preview_text(self) -> str:
        return self.preview.toPlainText()

    # --- export ---------------------------------------------------------------------

    def export(self) -> None:
        """Ask where to save the workbook, then write it in the background."""
        current = self.flush()
        if current is None or not current[2].client:
            return
        quote, _converted, details = current
        name = _file_name(details.client, quote.request.entry.destination, details.created)
        start = os.path.join(self.context.last_folder(EXPORT_FOLDER_KEY), name)
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export quote to Excel"), start, _("Excel workbook (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.context.remember_folder(EXPORT_FOLDER_KEY, path)
        self.export_to(path)

    def export_to(self, path: str | os.PathLike):
        """Write the current quote to `path` off the GUI thread (a Future; None if there
        is nothing to export). Success is said in the status bar, a failure in a message."""
        current = self.flush()
        if current is None:
            return None
        quote, converted, details = current
        locale = self.workspace.inputs.locale
        code = self.document_language_code()
        target = Path(path)

        def task(cancel):
            from mesocost.export.xlsx import export_quote
            from mesocost.i18n import language

            if cancel.is_set():
                raise Cancelled
            # The patient's language, chosen in the form; the figures' locale is the
            # workspace's, as the preview's.
            export_quote(target, quote, converted, details, locale=locale,
                         language=language(code, locale))
            return target

        self._exporting = True
        self._update_export_action()
        return self.context.tasks.start(_("Exporting the quote…"), task, self._exported,
                                        self._export_failed)

    def _exported(self, path: Path) -> None:
        self._exporting = False
        self._update_export_action()
        self.context.show_status(
            _("Quote saved to {path}").format(path=interface().isolate(path)), 5000)

    def _export_failed(self, error: BaseException) -> None:
        self._exporting = False
        self._update_export_action()
        if isinstance(error, MesocostError):
            self.context.show_error(_("Could not export the quote"), str(error))
            return
        log.error("quote export failed", exc_info=error)
        sys.excepthook(type(error), error, error.__traceback__)  # a bug: the error reporter


def document_language_choices() -> list[tuple[str, str]]:
    """(code, the language's own name) the builder offers for a quote's documents; the
    pseudo-language too while the window runs in it (a tester's session)."""
    from mesocost.i18n import LANGUAGES, PSEUDO

    choices = [(code, name) for code, (name, _locale, _rtl) in LANGUAGES.items()]
    if interface().code == PSEUDO:
        choices.append((PSEUDO, PSEUDO))
    return choices


def default_document_language() -> str:
    """The interface language when documents can be written in it, else English."""
    from mesocost.i18n import LANGUAGES

    code = interface().code
    return code if code in LANGUAGES else "en"


def _file_name(client: str, destination: str, created: date) -> str:
    """"quote-Ada-Lovelace-TR-2026-11-26.xlsx": only characters safe in any file system."""
    safe = "".join(c if c.isalnum() else "-" for c in client).strip("-")
    safe = "-".join(part for part in safe.split("-") if part)[:40] or "client"
    return f"quote-{safe}-{destination}-{created.isoformat()}.xlsx"


def _clinic_profile():
    """(profile, problem): the clinic profile quotes are written as (clinic.toml in the
    user config folder), or None and why not."""
    from mesocost.storage.clinicfile import find_profile

    try:
        return find_profile(None)[0], ""
    except MesocostError as error:
        return None, str(error)
