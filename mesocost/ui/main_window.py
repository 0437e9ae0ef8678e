"""The main window: four views over one workspace, toolbar, menus and status bar."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from mesocost import __version__
from mesocost.core.errors import MesocostError
from mesocost.core.i18n import _, interface, pgettext
from mesocost.rates.service import MODES
from mesocost.ui.compare_view import CompareView
from mesocost.ui.context import AppContext
from mesocost.ui.labels import plain_text
from mesocost.ui.register_access import RegisterAccess
from mesocost.ui.settings import Settings
from mesocost.ui.workers import TaskRunner
from mesocost.ui.workspace import Workspace, mode_name

VIEWS = ("compare", "destinations", "schedule", "quote", "quotes")


class MainWindow(QMainWindow):
    """Compare · Destinations · Schedule · Quote · Quote register."""

    def __init__(self, workspace: Workspace, settings: Settings, bundled, user_catalog,
                 parent=None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.setWindowTitle(_("mesocost — hair mesotherapy package quotes"))
        # Set by app.run(): what chooses the language over the saved one ("--lang",
        # "MESOCOST_LANG"), and how to start again in a newly chosen language.
        self.language_override: str | None = None
        self.restart_command: list[str] | None = None
        self.tasks = TaskRunner(self)
        # The quote register opens on first use, in a worker thread (not at start-up).
        self.register = RegisterAccess(settings, self)
        self.context = AppContext(settings, self.tasks, self.show_error, self.show_status,
                                  self.register)
        self._build_views(bundled, user_catalog)
        self._build_actions()
        self._build_status_bar()
        self.restore_state()

    # --- building -------------------------------------------------------------------

    def _build_views(self, bundled, user_catalog) -> None:
        from mesocost.ui.destinations import DestinationsView

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.compare_view = CompareView(self.workspace, self.context, self)
        # The destinations view owns the catalog's undo stack and edit actions: built now.
        self.destinations_view = DestinationsView(self.workspace, self.context, bundled,
                                                  user_catalog, self)
        # Schedule, quote and register are built when first shown: the window opens sooner.
        self._schedule_view = self._quote_view = self._quotes_view = None
        for view, title in ((self.compare_view, _("&Compare")),
                            (self.destinations_view, _("&Destinations")),
                            (QWidget(), _("&Schedule")), (QWidget(), _("&Quote")),
                            (QWidget(), _("Quote re&gister"))):
            self.tabs.addTab(view, title)
        self.tabs.currentChanged.connect(self._build_when_shown)
        self.setCentralWidget(self.tabs)

    @property
    def schedule_view(self):
        if self._schedule_view is None:
            from mesocost.ui.schedule_view import ScheduleView

            self._schedule_view = ScheduleView(self.workspace, self.context, self)
            self._replace_tab(VIEWS.index("schedule"), self._schedule_view)
        return self._schedule_view

    @property
    def quote_view(self):
        if self._quote_view is None:
            from mesocost.ui.quote_view import QuoteView

            self._quote_view = QuoteView(self.workspace, self.context, self)
            self._replace_tab(VIEWS.index("quote"), self._quote_view)
            self._quote_view.export_action.changed.connect(self._follow_quote_export)
            self._follow_quote_export()
        return self._quote_view

    @property
    def quotes_view(self):
        if self._quotes_view is None:
            from mesocost.ui.quotes_view import QuotesView

            self._quotes_view = QuotesView(self.workspace, self.context, self)
            self._replace_tab(VIEWS.index("quotes"), self._quotes_view)
            self._quotes_view.openRequested.connect(self.open_saved_quote)
        return self._quotes_view

    def _replace_tab(self, index: int, view: QWidget) -> None:
        placeholder, title = self.tabs.widget(index), self.tabs.tabText(index)
        current = self.tabs.currentIndex()
        with QSignalBlocker(self.tabs):
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, view, title)
            self.tabs.setCurrentIndex(current)
        placeholder.deleteLater()

    def _build_when_shown(self, index: int) -> None:
        if index == VIEWS.index("schedule"):
            self.schedule_view  # noqa: B018  (building it is the point)
        elif index == VIEWS.index("quote"):
            self.quote_view  # noqa: B018
        elif index == VIEWS.index("quotes"):
            self.quotes_view.ensure_loaded()

    def export_quote(self) -> None:
        """The toolbar's "Export quote": the quote view asks what it needs, then writes."""
        self.show_view("quote")
        if self.quote_view.export_action.isEnabled():
            self.quote_view.export_action.trigger()
        else:
            self.show_status(self.quote_view.export_action.toolTip(), 6000)

    def save_quote(self) -> None:
        """The toolbar's "Save quote": the builder's quote into the register."""
        self.show_view("quote")
        if self.quote_view.save_action.isEnabled():
            self.quote_view.save_action.trigger()
        else:
            self.show_status(self.quote_view.save_action.toolTip(), 6000)

    def open_saved_quote(self, saved) -> None:
        """A quote from the register, in the builder: a draft to edit, else read-only."""
        self.show_view("quote")
        self.quote_view.load_document(saved.document, saved.number,
                                      saved.summary.stored_status)

    def settle(self, timeout_s: float = 10.0) -> None:
        """Wait (processing events) until the register's list has arrived, if the
        register view is open: a screenshot then shows the rows, not "Loading…"."""
        import time

        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + timeout_s
        while (self._quotes_view is not None and self._quotes_view.loading
               and time.monotonic() < deadline):
            QApplication.processEvents()
            time.sleep(0.01)
        QApplication.processEvents()

    def _follow_quote_export(self) -> None:
        source = self.quote_view.export_action
        self.export_quote_action.setToolTip(source.toolTip())

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        tip = tip or plain_text(text)
        keys = action.shortcut().toString()
        if keys:  # a standard key may have no binding on this platform
            # TRANSLATORS: a tooltip and the key that does the same, "Quit (Ctrl+Q)".
            tip = _("{tip} ({shortcut})").format(tip=tip, shortcut=interface().isolate(keys))
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        dest = self.destinations_view
        self.refresh_action = self._action(_("&Refresh rates"), self.refresh_rates, "Ctrl+R",
                                           _("Fetch live exchange rates now"))
        self.export_action = self._action(_("&Export comparison to Excel…"),
                                          self.export_comparison, "Ctrl+E")
        self.export_quote_action = self._action(_("Export &quote to Excel…"),
                                                self.export_quote,
                                                tip=_("Write the quote as an Excel workbook"))
        self.save_quote_action = self._action(_("Save quote to re&gister"), self.save_quote,
                                              "Ctrl+Shift+S", _("Save the quote as a numbered "
                                                                "draft in the quote register"))
        self.quit_action = self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.about_action = self._action(_("&About mesocost"), self.show_about, "F1")
        dest.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        dest.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

        menu = self.menuBar()
        file_menu = menu.addMenu(_("&File"))
        for action in (self.export_action, self.export_quote_action, self.save_quote_action,
                       dest.import_action, dest.save_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu(_("&Edit"))
        for action in (dest.undo_action, dest.redo_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        for action in (dest.add_action, dest.duplicate_action, dest.remove_action):
            edit_menu.addAction(action)
        rates_menu = menu.addMenu(_("&Rates"))
        rates_menu.addAction(self.refresh_action)
        self.manual_rates_action = self._action(_("Set a rate by &hand…"),
                                                self.edit_manual_rates,
                                                tip=_("Pin an exchange rate for this session"))
        rates_menu.addAction(self.manual_rates_action)
        settings_menu = menu.addMenu(_("&Settings"))
        self.language_menu = settings_menu.addMenu(_("&Language"))
        self._build_language_menu()
        help_menu = menu.addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

        toolbar = QToolBar(pgettext("toolbar", "Main"), self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.refresh_action)
        toolbar.addWidget(QLabel(" {} ".format(_("Rates:"))))
        self.rates_mode = QComboBox(self)
        for mode in MODES:
            self.rates_mode.addItem(mode_name(mode), mode)
        self.rates_mode.setCurrentIndex(max(0, self.rates_mode.findData(
            self.workspace.rates_mode)))
        self.rates_mode.setAccessibleName(_("Rates mode"))
        self.rates_mode.setToolTip(
            _("{offline}: bundled ECB rates only · {auto}: live, else cached, else ECB · "
              "{live}: live rates only").format(**{mode: mode_name(mode) for mode in MODES}))
        self.rates_mode.currentIndexChanged.connect(
            lambda: self._rates_mode_changed(self.rates_mode.currentData()))
        toolbar.addWidget(self.rates_mode)
        toolbar.addSeparator()
        toolbar.addAction(self.export_action)
        toolbar.addAction(self.export_quote_action)
        toolbar.addAction(self.save_quote_action)
        toolbar.addSeparator()
        toolbar.addAction(dest.add_action)
        toolbar.addAction(dest.save_action)
        self.addToolBar(toolbar)

    def _build_language_menu(self) -> None:
        """Settings ▸ Language: the system's, or a language by its own name ("Deutsch")."""
        from mesocost.i18n import LANGUAGES, system_code

        group = QActionGroup(self)
        group.setExclusive(True)
        saved = self.settings.get("interface_language")
        if saved not in LANGUAGES:
            saved = ""
        choices = [("", _("System language ({language})").format(
            language=LANGUAGES[system_code()][0]))]
        choices += [(code, native) for code, (native, _locale, _rtl) in LANGUAGES.items()]
        self.language_actions: dict[str, QAction] = {}
        for code, text in choices:
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(code == saved)
            group.addAction(action)
            self.language_menu.addAction(action)
            action.triggered.connect(lambda _checked=False, code=code: self.choose_language(code))
            self.language_actions[code] = action
        self.language_box: QMessageBox | None = None

    def _build_status_bar(self) -> None:
        self.rates_label = QLabel(self)
        self.rates_label.setAccessibleName(_("Exchange rate status"))
        self.statusBar().addPermanentWidget(self.rates_label)
        self.workspace.ratesStatusChanged.connect(self.rates_label.setText)
        self.rates_label.setText(self.workspace.rates_status())

    # --- actions --------------------------------------------------------------------

    def _rates_mode_changed(self, mode: str) -> None:
        self.settings.set("rates_mode", mode)
        self.workspace.set_rates_mode(mode)

    def refresh_rates(self) -> None:
        if self.workspace.rates_mode == "offline":
            self.show_status(_("Offline mode uses the bundled ECB rates: choose {auto} or "
                               "{live} to fetch live rates").format(
                auto=mode_name("auto"), live=mode_name("live")), 6000)
            return
        self.workspace.refresh_rates()

    def choose_language(self, code: str) -> None:
        """Save the interface language ("" = the system's); it applies at the next start,
        which the message box offers to make now."""
        from mesocost.i18n import LANGUAGES, system_code

        self.settings.set("interface_language", code)
        self.settings.sync()
        self.language_actions.get(code, self.language_actions[""]).setChecked(True)
        target = code or system_code()
        name = LANGUAGES[target][0]
        if self.language_override:
            self._language_message(_(
                "Saved. {override} chooses the language of this window and wins over this "
                "setting: start mesocost without it to see the window in {language}.").format(
                override=interface().isolate(self.language_override), language=name))
        elif target == interface().code:
            self.show_status(_("The window is in {language} already.").format(language=name),
                             6000)
        else:
            self._language_message(
                _("mesocost will be in {language} from its next start.").format(language=name),
                offer_restart=self.restart_command is not None)

    def _language_message(self, text: str, offer_restart: bool = False) -> None:
        """The Language menu's answer, without blocking (tests read `language_box`)."""
        box = QMessageBox(QMessageBox.Icon.Information, _("Language"), text,
                          QMessageBox.StandardButton.NoButton, self)
        if offer_restart:
            box.setInformativeText(_("Restart now? You are asked first about changes not "
                                     "yet saved."))
            restart = box.addButton(_("&Restart now"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
            box.buttonClicked.connect(
                lambda button: self.restart() if button is restart else None)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        self.language_box = box
        box.open()

    def restart(self) -> bool:
        """Close (asking about unsaved changes) and start again, in the saved language."""
        from PySide6.QtCore import QProcess

        command = self.restart_command
        if not command or not self.close():
            return False
        return QProcess.startDetached(command[0], command[1:])

    def edit_manual_rates(self) -> None:
        from mesocost.ui.rates_dialog import ManualRatesDialog

        ManualRatesDialog(self.workspace, self).exec()

    def export_comparison(self) -> None:
        result = self.workspace.flush()
        if result is None:
            self.show_error(_("Nothing to export"),
                            self.workspace.error or _("No comparison yet"))
            return
        folder = self.context.last_folder("last_export_folder")
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("Export comparison"), f"{folder}/mesocost-comparison.xlsx",
            _("Excel workbook ({patterns})").format(patterns="*.xlsx"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.context.remember_folder("last_export_folder", path)
        self.export_comparison_to(path, result)

    def export_comparison_to(self, path: str, result=None):
        """Write the comparison workbook off the GUI thread; returns the Future."""
        from mesocost.export.xlsx import export_comparison

        result = result or self.workspace.flush()
        inputs = result.inputs

        def task(cancel):
            from mesocost.ui.workers import Cancelled

            if cancel.is_set():
                raise Cancelled
            export_comparison(path, result.rows, result.template, inputs.currency,
                              locale=inputs.locale, created=date.today(),
                              home_country=inputs.home_country)
            return path

        return self.tasks.start(
            _("Exporting the comparison…"), task,
            lambda written: self.show_status(_("Comparison written to {path}").format(
                path=interface().isolate(written)), 8000),
            lambda error: self.show_error(_("Export failed"), _message(error)))

    def show_about(self) -> None:
        import babel
        import openpyxl
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        text = (
            f"<h3>mesocost {__version__}</h3>"
            "<p>{}</p>".format(_(
                "Honest package quotes for hair mesotherapy: per-session price ranges × "
                "protocol × travel, converted with dated, sourced exchange rates."))
            + "<p><b>{}</b><br>{}<br>{}</p>".format(
                _("Data sources"),
                _("Prices: the hair mesotherapy article, section 6 (Turkey 100–300 USD, "
                  "United Kingdom 150–400 GBP, United States 200–500 USD per session); "
                  "protocol: section 4; regrowth: section 7."),
                _("Exchange rates: ECB euro reference rates (bundled, for information "
                  "purposes only), live rates via forex-python when online."))
            + "<p>{}</p>".format(_("Evidence for hair mesotherapy is limited; decide with a "
                                   "clinician."))
            + f"<p><small>Qt {qVersion()} · PySide6 {pyside_version} · babel "
            f"{babel.__version__} · openpyxl {openpyxl.__version__}<br>"
            + _("Settings: {path}").format(path=interface().isolate(self.settings.path))
            + "</small></p>")
        QMessageBox.about(self, _("About mesocost"), text)

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def show_status(self, text: str, timeout_ms: int = 5000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # --- state ----------------------------------------------------------------------

    def show_view(self, name: str) -> None:
        self.tabs.setCurrentIndex(VIEWS.index(name))
        self._build_when_shown(VIEWS.index(name))

    def restore_state(self) -> None:
        geometry = self.settings.get("window_geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 760)  # fits a 1366 × 768 laptop screen
        state = self.settings.get("window_state")
        if state:
            self.restoreState(state)
        splitter = self.settings.get("splitter_state")
        if splitter:
            self.compare_view.splitter.restoreState(splitter)
        view = self.settings.get("current_view")
        if view in VIEWS:
            self.show_view(view)

    def save_state(self) -> None:
        s, inputs = self.settings, self.workspace.inputs
        s.set("window_geometry", bytes(self.saveGeometry().data()))
        s.set("window_state", bytes(self.saveState().data()))
        s.set("splitter_state", bytes(self.compare_view.splitter.saveState().data()))
        s.set("current_view", VIEWS[self.tabs.currentIndex()])
        s.set("display_currency", inputs.currency)
        s.set("home_country", inputs.home_country or "-")
        s.set("protocol", inputs.protocol)
        s.set("sessions", inputs.sessions)
        s.set("custom_phases", [list(p) for p in inputs.custom_phases])
        s.set("maintenance_months", inputs.maintenance_months)
        s.set("start", inputs.start.isoformat())
        s.set("include_travel", inputs.include_travel)
        s.set("rates_mode", self.workspace.rates_mode)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.destinations_view.maybe_save():
            event.ignore()
            return
        self.save_state()
        self.register.close()
        event.accept()


def _message(error: BaseException) -> str:
    if isinstance(error, MesocostError):
        return str(error)
    return f"{type(error).__name__}: {error}"
