"""The quote builder's tie to the quote register: save, reopen a draft, revise.

`RegisterLink` belongs to one `QuoteView`. "Save to register" freezes the builder's
quote (`register.document.freeze`: priced with the workspace's rates, which are kept in
the document) and saves it as a new numbered draft, or updates the draft reopened with
`load_document`. A quote that is no longer a draft is shown read-only with its saved
figures; saving it is "Revise as a new draft" (NUMBER-R1), which is then edited.

A reopened draft keeps its own protocol, start, maintenance, travel choice and patient
currency (`saved_request`, `pricing_currency`): changing its client or discount must not
re-plan it with whatever the compare view shows now.

The quote's document language (the builder's "Document language") is saved with it
(`freeze(..., language=code)`) and set again when it is reopened.
"""

from __future__ import annotations

import logging
import sys
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from mesocost.core.errors import MesocostError
from mesocost.core.i18n import _, interface
from mesocost.present import status_word
from mesocost.register.document import Contact, QuoteDocument, freeze

if TYPE_CHECKING:
    from mesocost.core.catalog import PriceEntry
    from mesocost.core.engine import QuoteRequest
    from mesocost.ui.quote_view import QuoteView

log = logging.getLogger(__name__)


def _iso(value: object) -> str:
    """`value` (a number, code, name or path put into a sentence) kept in its own
    direction when the interface runs right to left (unchanged otherwise)."""
    return interface().isolate(value)


class LoadedQuote(NamedTuple):
    """A register quote open in the builder. A draft is edited (saving updates it); any
    other status is shown as saved, read-only (a sent quote never changes: revise it)."""

    number: str
    status: str  # as stored: an expired draft is still a draft, and may be changed
    document: QuoteDocument

    @property
    def read_only(self) -> bool:
        return self.status != "draft"


class RegisterLink(QObject):
    """Save / revise actions, the "which saved quote is open" banner, and the state the
    builder prices with while a saved quote is open."""

    def __init__(self, view: QuoteView) -> None:
        super().__init__(view)
        self.view = view
        self.loaded: LoadedQuote | None = None
        self.saving = False
        self.save_action = QAction(_("&Save to register"), view)
        self.save_action.setEnabled(False)
        self.save_action.triggered.connect(self.save)
        self.revise_action = QAction(_("&Revise as a new draft"), view)
        self.revise_action.setToolTip(_("A sent quote never changes: make a new draft "
                                        "NUMBER-R1 from it, linked to it, and edit that"))
        self.revise_action.triggered.connect(self.revise)
        self.new_quote_action = QAction(_("Start a &new quote"), view)
        self.new_quote_action.setToolTip(_("Stop editing the saved quote: the next save "
                                           "makes a new number"))
        self.new_quote_action.triggered.connect(self.new_quote)
        if self.register is not None:
            self.register.changed.connect(self._register_changed)
        self.banner = self._build_banner()

    @property
    def register(self):
        context = self.view.context
        return context.register if context is not None else None

    def _build_banner(self) -> QWidget:
        banner = QWidget(self.view)
        # One or two lines of text: never the space the form and preview need.
        banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.banner_text = QLabel(banner)
        # One line (a wrapped label asks for four lines' height); narrow: clipped, and
        # the tooltip has it whole.
        self.banner_text.setMinimumWidth(120)
        self.banner_text.setAccessibleName(_("Saved quote"))
        row = QHBoxLayout(banner)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.banner_text, 1)
        self.banner_buttons = {}
        for action in (self.revise_action, self.new_quote_action):
            button = QToolButton(banner)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            row.addWidget(button)
            self.banner_buttons[action] = button
        banner.hide()
        return banner

    # --- what the builder prices with -----------------------------------------------

    def saved_request(self) -> QuoteRequest | None:
        """The reopened quote's request (its protocol, start, ... are kept), or None."""
        return self.loaded.document.request if self.loaded is not None else None

    def pricing_currency(self) -> str:
        """The patient's currency: the workspace's, or a reopened quote's own."""
        if self.loaded is not None:
            return self.loaded.document.currency
        return self.view.workspace.inputs.currency

    def saved_figures(self):
        """(quote, converted, details) of a read-only quote as saved; None otherwise.

        Raises:
            MesocostError: the saved document cannot be priced (damaged).
        """
        if self.loaded is None or not self.loaded.read_only:
            return None
        document = self.loaded.document
        return (*document.priced(), document.details)

    def saved_identity(self):
        """(clinic profile, number) a reopened quote keeps whatever the clinic.toml says
        now: its seller and its register number as reference; None for a new quote."""
        if self.loaded is None:
            return None
        return self.loaded.document.details.profile, self.loaded.number

    def missing_entry(self) -> tuple[PriceEntry, ...]:
        """The reopened quote's destination when the catalog no longer has it."""
        if self.loaded is None:
            return ()
        saved = self.loaded.document.request.entry
        keys = {entry.key for entry in self.view.workspace.entries}
        return () if saved.key in keys else (saved,)

    # --- opening --------------------------------------------------------------------

    def load_document(self, document: QuoteDocument, number: str,
                      status: str = "draft") -> None:
        view = self.view
        self.loaded = LoadedQuote(number, status, document)
        view._fill_destinations()
        keys = [entry.key for entry in view._entries]
        view.destination.setCurrentIndex(keys.index(document.request.entry.key))
        self._fill_form(document)
        self._show_state()
        view.recompute()

    def load_saved(self, saved) -> None:
        """Open a register `SavedQuote` (its stored status decides: draft or read-only)."""
        self.load_document(saved.document, saved.number, saved.summary.stored_status)

    def _fill_form(self, document: QuoteDocument) -> None:
        from mesocost.ui.quote_view import amount_input_text

        view = self.view
        locale = view.workspace.inputs.locale
        request, details = document.request, document.details
        view.client.setText(details.client)
        view.email.setText(document.contact.email)
        view.phone.setText(document.contact.phone)
        view.quote_date.setDate(QDate(details.created))
        view.validity.setValue(details.validity_days)
        view.add_ons.remove(range(view.add_ons.rowCount()))
        for add_on in request.add_ons:
            view.add_ons.append(add_on)
        for field, value in ((view.discount, request.discount_pct),
                             (view.tax, request.tax_pct), (view.deposit, request.deposit_pct)):
            field.setText(amount_input_text(value, locale) if value else "")
        view.tax_mode.setCurrentIndex(view.tax_mode.findData(request.tax_inclusive))
        view.notes.setPlainText(details.notes)
        view.set_document_language(document.language)

    def new_quote(self) -> None:
        """Forget the saved quote: the form is a new quote again (client details cleared,
        the document language back to its default)."""
        from mesocost.ui.quote_view import default_document_language

        view = self.view
        self.loaded = None
        for field in (view.client, view.email, view.phone):
            field.clear()
        view.notes.clear()
        view.set_document_language(default_document_language())
        view._fill_destinations()
        self._show_state()
        view.recompute()

    def _show_state(self) -> None:
        loaded = self.loaded
        self.banner.setVisible(loaded is not None)
        # A read-only quote's fields cannot be typed into: nothing suggests it may change.
        self.view._form_area.widget().setEnabled(loaded is None or not loaded.read_only)
        self.banner_buttons[self.revise_action].setVisible(loaded is not None
                                                           and loaded.read_only)
        if loaded is not None:
            self.banner_text.setText(_banner_text(loaded))
            self.banner_text.setToolTip(self.banner_text.text())
        self.update_action()

    # --- saving ---------------------------------------------------------------------

    def update_action(self) -> None:
        """Enable "Save to register" and say why not (the builder calls this on reprice)."""
        loaded, register, current = self.loaded, self.register, self.view.current_quote()
        action = self.save_action
        if loaded is not None and loaded.read_only:
            action.setText(_("&Revise as a new draft…"))
            action.setEnabled(register is not None and not self.saving)
            action.setToolTip(self.revise_action.toolTip())
            return
        action.setText(_("&Save to register"))
        ready = current is not None and bool(current[2].client)
        action.setEnabled(ready and register is not None and not self.saving)
        if register is None:
            tip = _("No quote register in this window")
        elif current is None:
            tip = _("Nothing to save: the inputs cannot be priced")
        elif not current[2].client:
            tip = _("Enter the client's name to save the quote")
        elif loaded is not None:
            tip = _("Update draft {number} in the register ({location})").format(
                number=_iso(loaded.number), location=_iso(register.shown()))
        else:
            tip = _("Save as a new numbered draft in the register ({location})").format(
                location=_iso(register.shown()))
        action.setToolTip(tip)

    def document(self) -> QuoteDocument | None:
        """The quote as the register saves it: priced now with the workspace's rates,
        which are frozen into it (None when the form cannot be priced).

        Raises:
            MesocostError: a rate is missing or an input is refused.
        """
        view = self.view
        current, entry = view.flush(), view.selected_entry()
        if current is None or entry is None:
            return None
        document, _quote, _converted = freeze(
            view._request(entry), self.pricing_currency(), view.workspace.service,
            view.details(), contact=Contact(*view.client_contact()),
            locale=view.workspace.inputs.locale, language=view.document_language_code())
        return document

    def save(self):
        """Save: a new numbered draft, or the reopened draft updated; a quote that is no
        longer a draft is revised instead. Returns the Future (None: nothing to save)."""
        if self.register is None or self.saving:
            return None
        if self.loaded is not None and self.loaded.read_only:
            return self.revise()
        current = self.view.flush()
        if current is None or not current[2].client:
            self.view.context.show_status(self.save_action.toolTip(), 6000)
            return None
        try:
            document = self.document()
        except MesocostError as error:
            self.view.context.show_error(_("Could not save the quote"), str(error))
            return None
        number = self.loaded.number if self.loaded is not None else None
        if number is None:
            return self._run(lambda opened: opened.create(document))
        return self._run(lambda opened: opened.update_draft(number, document))

    def revise(self):
        """A new draft revision of the open quote (sent, accepted, ...), then edit it."""
        if self.register is None or self.loaded is None or self.saving:
            return None
        number = self.loaded.number
        return self._run(lambda opened: opened.revise(number))

    def _run(self, work):
        self.saving = True
        self.update_action()
        return self.register.run(self, work, self._saved, self._failed, changes=True)

    def _saved(self, saved) -> None:
        self.saving = False
        was = self.loaded.number if self.loaded is not None else None
        self.load_saved(saved)
        text = (_("Quote updated {number} ({status}) in {location}") if was == saved.number
                else _("Quote saved as {number} ({status}) in {location}"))
        self.view.context.show_status(text.format(
            number=_iso(saved.number), status=status_word(saved.summary.status),
            location=_iso(self.register.shown())), 8000)

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.update_action()
        if isinstance(error, MesocostError):
            self.view.context.show_error(_("Could not save the quote"), str(error))
            return
        log.error("saving to the register failed", exc_info=error)
        sys.excepthook(type(error), error, error.__traceback__)  # a bug: the error reporter

    def _register_changed(self, change) -> None:
        """Another view changed the register: follow the quote open here (marked sent:
        read-only from now on; deleted: no longer a saved quote)."""
        loaded = self.loaded
        if loaded is None or self.saving:
            return
        if isinstance(change, str):
            if change == loaded.number:
                self.new_quote()
                self.view.context.show_status(
                    _("{number} was deleted: the builder no longer edits it").format(
                        number=_iso(change)), 8000)
            return
        if change.number == loaded.number and change.summary.stored_status != loaded.status:
            self.load_saved(change)


def _banner_text(loaded: LoadedQuote) -> str:
    isolate = interface().isolate
    number = isolate(escape(loaded.number))
    if loaded.read_only:
        text = _("<b>{number}</b> is {status}: shown as saved, with its frozen rates. It "
                 "cannot change; revise it for a new draft.")
        return text.format(number=number, status=escape(status_word(loaded.status)))
    text = _("Editing <b>{number}</b> (draft): saving updates it. Its protocol, start and "
             "currency ({currency}) are kept; prices and rates are today's.")
    return text.format(number=number, currency=isolate(escape(loaded.document.currency)))
