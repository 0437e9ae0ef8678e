"""The Quotes view: the quote register listed, searched, and acted on.

Every register call runs off the GUI thread (`RegisterAccess.run`): the first one opens
the register (SQLAlchemy is imported then, not at the window's start), and a busy
database never freezes the window. The view shows "Loading…" until the rows arrive, and
a register that cannot be opened as a message in the view, with what to do.

Selecting a quote previews it as saved: its lines and totals priced with the rates
frozen in it (`QuoteDocument.priced()`), those rates, and its history. Actions: open in
the quote builder (Enter; a draft to edit, any other status read-only), duplicate,
revise, mark sent / accepted / declined, re-quote at today's catalog and rates, export
as Excel / PDF / calendar, delete (Delete: the client's data goes, the number stays
retired). After each change the list is read again and the selection kept.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from concurrent.futures import Future
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mesocost.core.errors import InputError, MesocostError
from mesocost.core.i18n import N_, _, interface, ngettext, pgettext
from mesocost.present import rate_provenance, status_title, status_word
from mesocost.ui.labels import date_text
from mesocost.ui.quotes_model import (
    ALL,
    COLUMN_INDEX,
    STATUSES,
    QuotesFilter,
    QuotesModel,
)
from mesocost.ui.workers import Cancelled

log = logging.getLogger(__name__)

EXPORT_FOLDER_KEY = "last_export_folder"
# kind -> (menu text, dialog title, file filter, extension); texts translated where shown.
# The file is written in the quote's document language (stored with it).
EXPORTS = {
    "xlsx": (N_("&Excel workbook…"), N_("Export the quote as an Excel workbook"),
             N_("Excel workbook (*.xlsx)"), ".xlsx"),
    "pdf": (N_("&PDF for the patient…"), N_("Export the quote as a PDF"),
            N_("PDF document (*.pdf)"), ".pdf"),
    "ics": (N_("&Calendar of the sessions (.ics)…"), N_("Export the sessions as a calendar"),
            N_("Calendar (*.ics)"), ".ics"),
}
EMPTY_TEXT = N_("No quotes yet. Price one in the Quote view and choose Save to register: "
                "it gets a number and appears here.")


def _list_everything(register) -> list:
    """Every quote, deleted ones too: the status filter then works without a reload."""
    return register.list() + register.list(status="deleted")


def _iso(value: object) -> str:
    """`value` (a number, code, name or path put into a sentence) kept in its own
    direction when the interface runs right to left (unchanged otherwise)."""
    return interface().isolate(value)


class QuotesView(QWidget):
    """The register's quotes: a searchable, sortable table, a preview and the actions.

    Signals:
        openRequested(object): a `SavedQuote` to open in the quote builder (the main
            window shows the builder with it).

    Args:
        workspace: the window's `Workspace` (locale, catalog and rates for re-quoting).
        context: the window's `AppContext`; `context.register` is the register.
    """

    openRequested = Signal(object)

    def __init__(self, workspace, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.context = context
        self.register = context.register
        self._started = False
        self._loading: Future | None = None
        self._reload = False  # a change landed while loading: read the list again
        self._select_after: str | None = None
        self._last_row = 0
        self._preview_number = ""
        self.loads = 0  # lists read (tests; a reload should not be silent)

        self.model = QuotesModel(workspace.inputs.locale, self)
        self.proxy = QuotesFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build_header()
        self._build_table()
        self._build_actions()
        self._build_layout()
        self.register.changed.connect(self._register_changed)
        self.register.locationChanged.connect(self._location_changed)
        self._update_actions()

    # --- building -------------------------------------------------------------------

    def _build_header(self) -> None:
        self.location = QLabel(self)
        self.location.setAccessibleName(_("Register location"))
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location_button = QToolButton(self)
        self.location_button.setText(_("&Location…"))
        self.location_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.location_button)
        menu.addAction(_("Choose a register &file…"), self.choose_location_file)
        menu.addAction(_("Use a &server URL…"), self.choose_location_url)
        self.location_button.setMenu(menu)
        self._location_changed(self.register.shown())

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search client, number or destination"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search quotes"))
        self.search.textChanged.connect(self._search_changed)
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName(_("Show quotes with status"))
        self.status_filter.addItem(_("All but deleted"), ALL)
        for status in STATUSES:
            self.status_filter.addItem(status_title(status), status)
        self.status_filter.currentIndexChanged.connect(self._status_changed)
        self.count = QLabel(self)
        self.count.setAccessibleName(_("Quotes shown"))

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Saved quotes"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMN_INDEX["number"], Qt.SortOrder.DescendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        # Enter (where the platform activates with it) and double-click open the quote.
        self.table.activated.connect(lambda _index: self.open_in_builder())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The client's name takes what is left; long names are elided, never the figures.
        header.setSectionResizeMode(COLUMN_INDEX["client"], QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName(_("Saved quote preview"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Register message"))
        self.message.hide()

    def _action(self, text: str, slot: Callable[[], Any], tip: str,
                shortcut: QKeySequence | str | None = None,
                on: QWidget | None = None) -> QAction:
        """An action of this view; its shortcut works while `on` (the view, or the
        table) has the focus, so the same key elsewhere in the window is not ours."""
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(_("{tip} ({shortcut})").format(tip=tip, shortcut=keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        (on or self).addAction(action)
        return action

    def _build_actions(self) -> None:
        table = self.table
        self.refresh_action = self._action(_("Re&load"), self.refresh,
                                           _("Read the register again"), "F5")
        self.find_action = self._action(_("&Find"), self.search.setFocus,
                                        _("Search the quotes"), QKeySequence.StandardKey.Find)
        self.open_action = self._action(
            _("&Open in quote builder"), self.open_in_builder,
            _("Open the quote in the Quote view: a draft to edit, any other read-only"),
            Qt.Key.Key_Return, on=table)
        self.open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return),
                                       QKeySequence(Qt.Key.Key_Enter)])
        self.duplicate_action = self._action(
            _("D&uplicate"), self.duplicate, _("A new draft with a new number and the same "
                                               "content, dated today"), "Ctrl+D")
        self.revise_action = self._action(
            _("&Revise"), self.revise, _("A new draft NUMBER-R1 from a sent quote, linked to "
                                         "it; the original stays as sent"))
        marks = {"sent": (_("Mark sent"), _("Record that the quote is sent")),
                 "accepted": (_("Mark accepted"), _("Record that the quote is accepted")),
                 "declined": (_("Mark declined"), _("Record that the quote is declined"))}
        self.status_actions = {
            status: self._action(text, lambda s=status: self.set_status(s), tip)
            for status, (text, tip) in marks.items()}
        self.requote_action = self._action(
            _("Re-&quote…"), self.requote, _("Price the quote again with today's catalog and "
                                             "rates, and see what moved and why"))
        self.export_actions = {
            kind: self._action(_(text), lambda k=kind: self.export(k), _(title))
            for kind, (text, title, _filter, _ext) in EXPORTS.items()}
        self.export_menu = QMenu(_("E&xport"), self)
        for action in self.export_actions.values():
            self.export_menu.addAction(action)
        self.delete_action = self._action(
            _("&Delete…"), self.delete, _("Remove the client's data; the number stays "
                                          "retired"),
            QKeySequence.StandardKey.Delete, on=table)

    def _build_layout(self) -> None:
        toolbar = QToolBar(_("Quote actions"), self)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.open_action, self.duplicate_action, self.revise_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in self.status_actions.values():
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.requote_action)
        self.export_button = QToolButton(self)
        self.export_button.setText(_("E&xport"))
        self.export_button.setMenu(self.export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setToolTip(_("Write the quote as Excel, PDF or a calendar"))
        toolbar.addWidget(self.export_button)
        toolbar.addSeparator()
        toolbar.addAction(self.delete_action)

        top = QHBoxLayout()
        heading = escape(_("Quote register"), quote=False)
        title = QLabel(f"<b>{heading}</b>", self)
        top.addWidget(title)
        top.addWidget(self.location, 1)
        top.addWidget(self.location_button)
        reload_button = QToolButton(self)
        reload_button.setDefaultAction(self.refresh_action)
        top.addWidget(reload_button)

        filters = QHBoxLayout()
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search)
        status_label = QLabel(_("S&tatus:"), self)
        status_label.setBuddy(self.status_filter)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addWidget(status_label)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.count, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        # The table's eight columns need ~950 px for a name to show whole at 1360 px.
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([950, 400])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(toolbar)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.table)
        self.setTabOrder(self.table, self.preview)

    # --- loading --------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> Future | None:
        """Read the register the first time the view is shown (later: `refresh`)."""
        if self._started:
            return self._loading
        return self.refresh()

    @property
    def loading(self) -> bool:
        return self._loading is not None

    def refresh(self, select: str | None = None) -> Future | None:
        """Read the list again off the GUI thread; `select` (a number) is selected after,
        else the current quote stays selected."""
        self._started = True
        self._select_after = select or self._select_after or self.selected_number()
        if self._loading is not None:
            self._reload = True  # after the read under way: it may predate the change
            return self._loading
        if self.model.rowCount() == 0:
            self._show_message(_("Loading the register…"))
        self._loading = self.register.run(self, _list_everything, self._listed,
                                          self._list_failed)
        return self._loading

    def _listed(self, summaries: list) -> None:
        self._loading = None
        self.loads += 1
        if self._reload:
            self._reload = False
            self.refresh()
            return
        keep, self._select_after = self._select_after, None
        self.model.set_locale(self.workspace.inputs.locale)
        self.model.set_summaries(summaries)
        self._show_message(_(EMPTY_TEXT) if not summaries else "", error=False)
        self._select(keep)
        self._update_count()
        self._update_actions()

    def _list_failed(self, error: BaseException) -> None:
        self._loading = None
        self._reload = False
        if not isinstance(error, MesocostError):
            log.error("reading the register failed", exc_info=error)
        self._show_message(_("The register cannot be read: {error}. Choose another location "
                             "(Location…), or fix it and reload (F5).").format(
                                 error=_message(error)), error=True)

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setVisible(bool(text))

    def _select(self, number: str | None) -> None:
        """Select quote `number` if shown, else the row where the selection was."""
        row = self.proxy.proxy_row_of(number) if number else -1
        if row < 0 and self.proxy.rowCount():
            row = min(self._last_row, self.proxy.rowCount() - 1)
        if row < 0:
            self._show_preview(None)
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _register_changed(self, change) -> None:
        """Saved, changed or deleted (here or in the builder): read the list again."""
        if self._started:
            self.refresh(change if isinstance(change, str) else change.number)

    # --- filtering ------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_filter()

    def _status_changed(self, _index: int) -> None:
        self.proxy.set_status(self.status_filter.currentData())
        self._after_filter()

    def set_status_filter(self, status: str) -> None:
        self.status_filter.setCurrentIndex(self.status_filter.findData(status))

    def _after_filter(self) -> None:
        if not self.table.selectionModel().hasSelection() and self.proxy.rowCount():
            self._select(None)
        self._update_count()
        self._update_actions()

    def _update_count(self) -> None:
        total = sum(1 for s in self.model.summaries() if s.status != "deleted")
        shown = self.proxy.rowCount()
        isolate = interface().isolate
        if shown != total:
            text = ngettext("{shown} of {total} quote", "{shown} of {total} quotes",
                            total).format(shown=isolate(shown), total=isolate(total))
        else:
            text = ngettext("{count} quote", "{count} quotes", total).format(
                count=isolate(total))
        self.count.setText(text)

    # --- selection and preview ------------------------------------------------------

    def selected_summary(self):
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), index.parent()):
            return None
        return self.proxy.summary(index.row())

    def selected_number(self) -> str | None:
        summary = self.selected_summary()
        return summary.number if summary is not None else None

    def select_number(self, number: str) -> bool:
        """Select quote `number` (tests, the window); False when it is not shown."""
        row = self.proxy.proxy_row_of(number)
        if row >= 0:
            self._select(number)
        return row >= 0

    def _current_changed(self, current, _previous) -> None:
        if current.isValid():
            self._last_row = current.row()
        self._update_actions()
        summary = self.selected_summary()
        if summary is None:
            self._show_preview(None)
            return
        number = summary.number
        self._preview_number = number
        self.register.run(self, lambda register: register.get(number),
                          self._show_preview, self._preview_failed)

    def _show_preview(self, saved) -> None:
        if saved is None:
            self._preview_number = ""
            text = escape(_("Select a quote to see it as saved."), quote=False)
            self.preview.setHtml(f"<p style='color:#555'>{text}</p>")
            return
        if saved.number != self._preview_number:
            return  # the selection moved on while this one was read
        self.preview.setHtml(saved_quote_html(saved, self.workspace.inputs.locale))

    def _preview_failed(self, error: BaseException) -> None:
        self.preview.setHtml(f"<p style='color:#b00020'>{escape(_message(error))}</p>")

    def preview_text(self) -> str:
        return self.preview.toPlainText()

    def _context_menu(self, position) -> None:
        # From the keyboard (Menu key, Shift+F10) the position may be off any row: the
        # menu is for the selected quote either way.
        if self.selected_summary() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.duplicate_action)
        menu.addAction(self.revise_action)
        menu.addSeparator()
        for action in self.status_actions.values():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.requote_action)
        menu.addMenu(self.export_menu)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _update_actions(self) -> None:
        """Offer what the register allows for the selected quote's status."""
        summary = self.selected_summary()
        status = summary.status if summary is not None else None
        stored = summary.stored_status if summary is not None else None
        usable = summary is not None and stored != "deleted"
        for action in (self.open_action, self.duplicate_action, self.requote_action,
                       self.delete_action, *self.export_actions.values()):
            action.setEnabled(usable)
        self.export_menu.setEnabled(usable)
        self.export_button.setEnabled(usable)
        self.revise_action.setEnabled(usable and stored != "draft")
        allowed = _next_statuses(stored, expired=status == "expired")
        for name, action in self.status_actions.items():
            action.setEnabled(usable and name in allowed)

    # --- actions --------------------------------------------------------------------

    def _number(self, number: str | None) -> str | None:
        number = number or self.selected_number()
        if number is None:
            self.context.show_status(_("Select a quote first"), 4000)
        return number

    def _change(self, number: str, work: Callable, done: Callable[[Any], str]) -> Future:
        """Run a change on the register; the list follows through `changed`."""
        def succeeded(result) -> None:
            self.context.show_status(done(result), 8000)

        def failed(error: BaseException) -> None:
            self._action_failed(_("Could not change {number}").format(number=_iso(number)), error)

        return self.register.run(self, work, succeeded, failed, changes=True)

    def _action_failed(self, title: str, error: BaseException) -> None:
        if isinstance(error, MesocostError):
            self.context.show_error(title, str(error))
            return
        log.error("%s", title, exc_info=error)
        sys.excepthook(type(error), error, error.__traceback__)  # a bug: the error reporter

    def duplicate(self, number: str | None = None) -> Future | None:
        number = self._number(number)
        if number is None:
            return None
        return self._change(number, lambda register: register.duplicate(number),
                            lambda saved: _("{number} duplicated as {new_number} (draft)")
                            .format(number=_iso(number), new_number=_iso(saved.number)))

    def revise(self, number: str | None = None) -> Future | None:
        number = self._number(number)
        if number is None:
            return None
        return self._change(number, lambda register: register.revise(number),
                            lambda saved: _("{number} revised as {new_number} (draft)")
                            .format(number=_iso(number), new_number=_iso(saved.number)))

    def set_status(self, status: str, number: str | None = None) -> Future | None:
        number = self._number(number)
        if number is None:
            return None
        return self._change(number, lambda register: register.set_status(number, status),
                            lambda saved: _("{number} marked {status}").format(
                                number=_iso(number), status=status_word(saved.summary.status)))

    def delete(self, number: str | None = None) -> Future | None:
        """Ask, then delete: the client's data goes, the number stays retired."""
        number = self._number(number)
        if number is None:
            return None
        row = self.model.row_of(number)
        name = self.model.summary(row).client if row >= 0 else ""
        question = (_("Delete quote {number} for {client}?") if name
                    else _("Delete quote {number}?"))
        consequence = _("The client's name, email, phone and the quote's notes are removed "
                        "from the register for good. The quote stays listed under Deleted, "
                        "and its number {number} stays retired: no other quote will ever get "
                        "it.")
        answer = QMessageBox.question(
            self, _("Delete quote"),
            question.format(number=_iso(number), client=_iso(name)) + "\n\n"
            + consequence.format(number=_iso(number)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return None

        def work(register):
            register.delete(number)
            return number  # what `changed` carries for a deleted quote

        return self._change(number, work,
                            lambda _n: _("{number} deleted: client data removed, number "
                                         "retired").format(number=_iso(number)))

    def open_in_builder(self, number: str | None = None) -> Future | None:
        """Read the quote, then ask the window to open it in the quote builder."""
        number = self._number(number)
        if number is None:
            return None
        return self.register.run(self, lambda register: register.get(number),
                                 self.openRequested.emit,
                                 lambda error: self._action_failed(
                                     _("Could not open {number}").format(number=_iso(number)),
                                     error))

    def requote(self, number: str | None = None) -> Future | None:
        """Read the quote, then show it beside the same quote priced today."""
        number = self._number(number)
        if number is None:
            return None
        return self.register.run(self, lambda register: register.get(number),
                                 self._show_requote,
                                 lambda error: self._action_failed(
                                     _("Could not re-quote {number}").format(number=_iso(number)),
                                     error))

    def _show_requote(self, saved):
        """Price today (on the GUI thread: the workspace's rate service is its own, and
        pricing one quote takes milliseconds) and show the dialog; returns it."""
        from mesocost.ui.requote_dialog import RequoteDialog, price_today

        title = _("Could not re-quote {number}").format(number=_iso(saved.number))
        if saved.summary.stored_status == "deleted":
            self.context.show_error(title, _("it was deleted: there is nothing to re-quote"))
            return None
        try:
            report, note, labels = price_today(saved.document, self.workspace.entries,
                                               self.workspace.service)
        except MesocostError as error:
            self._action_failed(title, error)
            return None
        self.requote_dialog = RequoteDialog(saved.number, report,
                                            self.workspace.inputs.locale, note, self,
                                            labels=labels)
        self.requote_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.requote_dialog.open()
        return self.requote_dialog

    # --- exports --------------------------------------------------------------------

    def export(self, kind: str, number: str | None = None) -> Future | None:
        """Ask where to write (default name: the number), then write in the background."""
        number = self._number(number)
        if number is None:
            return None
        _text, title, file_filter, extension = EXPORTS[kind]
        folder = self.context.last_folder(EXPORT_FOLDER_KEY)
        path, _chosen = QFileDialog.getSaveFileName(
            self, _(title), os.path.join(folder, f"{number}{extension}"), _(file_filter))
        if not path:
            return None
        if not path.lower().endswith(extension):
            path += extension
        self.context.remember_folder(EXPORT_FOLDER_KEY, path)
        return self.export_to(kind, path, number)

    def export_to(self, kind: str, path: str | os.PathLike, number: str | None = None
                  ) -> Future | None:
        """Write quote `number` (or the selected one) as `kind` ("xlsx", "pdf", "ics")
        to `path`, off the GUI thread; the status bar says where, a message why not."""
        number = self._number(number)
        if number is None:
            return None
        if kind == "pdf":
            # Fonts are registered with Qt once, here on the GUI thread; the worker
            # then only lays out and paints (QTextDocument and QPdfWriter are reentrant).
            from mesocost.pdf.qtapp import font_family

            try:
                font_family()
            except MesocostError as error:
                self._action_failed(_("Could not export the quote"), error)
                return None
        target, register, where = Path(path), self.register, self.register.target

        def task(cancel):
            saved = register.opened(where).get(number)
            if saved.summary.stored_status == "deleted":
                raise InputError(_("was deleted: its client data is gone, so it is not "
                                   "exported"), number)
            if cancel.is_set():
                raise Cancelled
            _write(kind, target, saved)
            return target

        return self.context.tasks.start(
            _("Exporting {number}…").format(number=_iso(number)), task,
            lambda written: self.context.show_status(
                _("{number} written to {path}").format(number=_iso(number),
                                                       path=_iso(written)), 8000),
            lambda error: self._action_failed(_("Could not export the quote"), error))

    # --- location -------------------------------------------------------------------

    def _location_changed(self, shown: str) -> None:
        from_environment = self.register.from_environment()
        self.location.setText(_("{location} (from MESOCOST_DB)").format(location=_iso(shown))
                              if from_environment else shown)
        self.location.setToolTip(_("Where the quotes are kept. MESOCOST_DB, when set, "
                                   "chooses it; otherwise Location… does."))
        self.location_button.setEnabled(not from_environment)
        if from_environment:
            self.location_button.setToolTip(_("MESOCOST_DB is set: it chooses the register"))

    def choose_location_file(self) -> None:
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Quote register file"), self.register.target,
            _("SQLite register (*.sqlite3)"), options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.set_location(path)

    def choose_location_url(self) -> None:
        url, ok = QInputDialog.getText(
            self, _("Quote register on a server"),
            _("PostgreSQL URL, e.g. {example}\n(a password is used this session only: keep "
              "it in ~/.pgpass or the environment)").format(
                  example="postgresql://user@host/mesocost"),
            QLineEdit.EchoMode.Normal, "")
        if ok and url.strip():
            self.set_location(url)

    def set_location(self, target: str) -> Future | None:
        """Use another register and read it."""
        self.register.set_location(target)
        self.model.set_summaries([])
        self._preview_number = ""
        return self.refresh()


# --- helpers --------------------------------------------------------------------------


def _next_statuses(stored: str | None, *, expired: bool) -> tuple[str, ...]:
    """What the register lets a quote become (see store.NEXT_STATUS); an expired quote
    cannot be sent or accepted any more, only declined."""
    following = {"draft": ("sent",), "sent": ("accepted", "declined")}.get(stored or "", ())
    if expired:
        following = tuple(status for status in following if status == "declined")
    return following


def _write(kind: str, path: Path, saved) -> None:
    """Write a saved quote's file (in the worker thread): its own figures, locale and
    document language (the patient's, chosen in the builder and stored with it)."""
    document = saved.document
    quote, converted = document.priced()
    locale = document.locale
    # mesocost.i18n.language(document.language, locale): MissingCatalogue (a
    # MesocostError, shown) when its catalogue is not compiled.
    language = document.document_language()
    if kind == "xlsx":
        from mesocost.export.xlsx import export_quote

        export_quote(path, quote, converted, document.details, locale=locale,
                     language=language)
    elif kind == "pdf":
        from mesocost.pdf.quote_pdf import write_quote_pdf

        write_quote_pdf(path, quote, converted, document.details, locale=locale,
                        number=saved.number, status=saved.summary.status, language=language)
    elif kind == "ics":
        from mesocost.export.calendar import write_quote_calendar

        write_quote_calendar(path, saved.number, document.details, quote, locale,
                             language=language)
    else:
        raise ValueError(f"unknown export {kind!r}")


def _message(error: BaseException) -> str:
    if isinstance(error, MesocostError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def saved_quote_html(saved, locale: str) -> str:
    """A saved quote as the preview shows it: number, status, links, its figures priced
    with its frozen rates (the builder's preview), those rates, and its history."""
    from mesocost.i18n import LANGUAGES
    from mesocost.ui.quote_view import quote_html

    summary, document = saved.summary, saved.document
    parts = [f"<h2>{escape(saved.number)} · {escape(status_title(summary.status))}</h2>"]
    code = document.language or "en"
    name = LANGUAGES[code][0] if code in LANGUAGES else code
    written = _("Excel, PDF and calendar written in {language}").format(
        language=interface().isolate(name))
    parts.append(f"<p>{escape(written, quote=False)}</p>")
    links = []
    if saved.revises:
        links.append(_("Revises {number}").format(number=_iso(saved.revises)))
    if saved.revisions:
        links.append(_("Revised as {numbers}").format(
            numbers=", ".join(_iso(number) for number in saved.revisions)))
    if summary.stored_status == "deleted":
        links.append(_("Deleted: the client's data was removed; the number stays retired"))
    if links:
        parts.append(f"<p>{'<br>'.join(escape(link, quote=False) for link in links)}</p>")
    try:
        quote, converted = document.priced()
    except MesocostError as error:
        parts.append(f"<p style='color:#b00020'>{escape(str(error))}</p>")
    else:
        parts.append(quote_html(quote, converted, document.details, locale))
    parts.append(_frozen_rates_html(document))
    parts.append(_history_html(saved, locale))
    return "".join(parts)


def _frozen_rates_html(document) -> str:
    rows = []
    for rate in document.rates:
        if rate.base == rate.quote:
            continue
        text = rate_provenance(rate, interface())
        rows.append(f"<li>{escape(text, quote=False)}</li>")
    heading = escape(_("Rates frozen at saving"), quote=False)
    if not rows:
        none = escape(_("None needed: one currency."), quote=False)
        return f"<h4>{heading}</h4><p>{none}</p>"
    return f"<h4>{heading}</h4><ul>{''.join(rows)}</ul>"


def _history_html(saved, locale: str) -> str:
    from datetime import datetime

    items = []
    for change in saved.history:
        try:
            when = datetime.fromisoformat(change.at).astimezone()
            at = f"{date_text(when.date(), locale)} {when:%H:%M}"
        except ValueError:
            at = change.at
        items.append(f"<li>{escape(at)} · {escape(change.user)} · "
                     f"{escape(_history_what(change))}</li>")
    heading = escape(_("History"), quote=False)
    return f"<h4>{heading}</h4><ul>{''.join(items)}</ul>"


# The register's event details (stored in English) read back as sentences.
_HISTORY_DETAILS = (
    (re.compile(r"^revises (?P<number>\S+)$"), N_("revises {number}")),
    (re.compile(r"^revised as (?P<number>\S+)$"), N_("revised as {number}")),
    (re.compile(r"^duplicate of (?P<number>\S+)$"), N_("duplicate of {number}")),
)


def _history_what(change) -> str:
    """What an event did, in the interface language: a status change with its statuses,
    a known action or detail; else the stored text as it is."""
    if change.action == "status":
        return _("{old_status} → {new_status}").format(
            old_status=status_word(change.from_status or ""),
            new_status=status_word(change.to_status or ""))
    for pattern, text in _HISTORY_DETAILS:
        match = pattern.match(change.detail or "")
        if match:
            return _(text).format(number=_iso(match["number"]))
    if change.detail:
        return change.detail
    actions = {"created": pgettext("quote history", "created"),
               "edited": pgettext("quote history", "edited"),
               "revised": pgettext("quote history", "revised"),
               "duplicated": pgettext("quote history", "duplicated"),
               "deleted": pgettext("quote history", "deleted")}
    return actions.get(change.action, change.action)
