"""Rates set by hand: when no source has a pair, or a clinic quotes its own rate.

The rates live for this session only: a rate typed today is dated today, and carrying it
into next month's quotes unseen would be the kind of stale figure mesocost exists to
avoid.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from mesocost.core.errors import MesocostError
from mesocost.core.i18n import _, interface
from mesocost.present import rate_text
from mesocost.ui.compare_view import currency_items, searchable

PAIR_ROLE = 256  # Qt.UserRole: the (base, quote) of a listed rate


class ManualRatesDialog(QDialog):
    """Add and remove rates set by hand; OK hands them to the workspace."""

    def __init__(self, workspace, parent=None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.locale = workspace.inputs.locale
        self.setWindowTitle(_("Rates set by hand"))
        self.rates: dict[tuple[str, str], Decimal] = dict(workspace.manual_rates)
        self.base = searchable(QComboBox())
        self.quote = searchable(QComboBox())
        for combo in (self.base, self.quote):
            for code, text in currency_items(self.locale):
                combo.addItem(text, code)
        self.base.setAccessibleName(_("From currency"))
        self.quote.setAccessibleName(_("To currency"))
        display = workspace.inputs.currency
        self.quote.setCurrentIndex(max(0, self.quote.findData(display)))
        self.base.setCurrentIndex(max(0, self.base.findData("EUR" if display == "USD" else
                                                             "USD")))
        self.rate = QLineEdit(placeholderText=_("how many of the second for one of the "
                                                "first"))
        self.rate.setAccessibleName(_("Rate"))
        add = QPushButton(_("&Add"))
        add.clicked.connect(self.add_rate)
        self.listing = QListWidget()
        self.listing.setAccessibleName(_("Rates set by hand"))
        remove = QPushButton(_("&Remove selected"))
        remove.clicked.connect(self.remove_selected)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b03a2e;")
        grid = QGridLayout()
        for column, (text, widget) in enumerate((("1 ×", self.base), ("=", self.rate),
                                                  ("×", self.quote))):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, 2 * column)
            grid.addWidget(widget, 0, 2 * column + 1)
        grid.addWidget(add, 0, 6)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("A rate set by hand wins over live and ECB rates for its "
                                  "pair (and its inverse), for this session. Figures it "
                                  "converts are labelled “{source}”.").format(source="manual"),
                                wordWrap=True))
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.listing)
        layout.addWidget(remove)
        layout.addWidget(buttons)
        self._refresh_listing()

    def add_rate(self) -> bool:
        """Add the typed pair; a bad value says why and changes nothing."""
        base, quote = self.base.currentData(), self.quote.currentData()
        try:
            rate = parse_decimal(self.rate.text().strip(), locale=self.locale, strict=True)
        except NumberFormatError:
            return self._refuse(_("not a number: {text}").format(
                text=interface().isolate(repr(self.rate.text()))))
        candidate = {pair: value for pair, value in self.rates.items()
                     if pair != (quote, base)}  # one direction per pair
        candidate[(base, quote)] = rate
        try:
            probe = type(self.workspace.service)("offline")
            probe.set_manual(candidate)
        except MesocostError as error:
            return self._refuse(str(error))
        self.rates = probe.manual
        self.rate.clear()
        self.message.clear()
        self._refresh_listing()
        return True

    def remove_selected(self) -> None:
        for item in self.listing.selectedItems():
            self.rates.pop(tuple(item.data(PAIR_ROLE)), None)
        self._refresh_listing()

    def _refuse(self, text: str) -> bool:
        self.message.setText(text)
        return False

    def _refresh_listing(self) -> None:
        self.listing.clear()
        for (base, quote), rate in sorted(self.rates.items()):
            item = QListWidgetItem(f"1 {base} = {rate_text(rate)} {quote}")
            item.setData(PAIR_ROLE, [base, quote])
            self.listing.addItem(item)

    def accept(self) -> None:
        try:
            self.workspace.set_manual_rates(self.rates)
        except MesocostError as error:
            self._refuse(str(error))
            return
        super().accept()
