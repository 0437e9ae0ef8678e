"""The home screen: inputs on the left, the comparison table and chart on the right."""

from __future__ import annotations

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mesocost.core.currencies import KNOWN_CURRENCIES
from mesocost.core.dates import EARLIEST_DAY, LATEST_DAY
from mesocost.core.geo import known_countries
from mesocost.core.i18n import _, interface, ngettext
from mesocost.planning import PROTOCOL_CUSTOM, PROTOCOL_SESSIONS, ComparisonResult, PhaseSpec
from mesocost.present import course_text
from mesocost.ui.chart import RangeChart
from mesocost.ui.compare_model import COLUMN_INDEX, ComparisonModel

# Dates a session can be planned on: the range the engine and the CLI accept.
FIRST_DAY, LAST_DAY = EARLIEST_DAY, LATEST_DAY
MAX_NAME_PIXELS = 220  # destination and clinic columns: wider names elide


def searchable(combo: QComboBox) -> QComboBox:
    """An editable combo whose completer matches anywhere in the text ("euro" → EUR)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return compact(combo)


def compact(combo: QComboBox, characters: int = 14) -> QComboBox:
    """A combo as wide as its layout gives it, not as its longest item (small windows)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


def currency_items(locale: str, keep: str = "") -> list[tuple[str, str]]:
    """(code, "EUR — Euro") for currencies in use (plus `keep`, e.g. a saved choice),
    named in the UI locale (from the small per-locale table: no CLDR load at start)."""
    from mesocost.storage.namecache import currencies_in_use, currency_names

    names = currency_names(locale)
    wanted = currencies_in_use(locale) | {keep}
    return [(code, f"{code} — {names.get(code, code)}") for code in sorted(KNOWN_CURRENCIES)
            if code in wanted]


def count_affixes(spin: QSpinBox, template) -> None:
    """Put a counted word around a spin box's number: `template(n)` is a translated
    "{count} sessions", split at "{count}" into prefix and suffix (the word may come first
    in some languages); follows the value, so "1 session" but "2 sessions"."""
    def follow(value: int) -> None:
        prefix, _count, suffix = template(value).partition("{count}")
        spin.setPrefix(prefix)
        spin.setSuffix(suffix)

    follow(spin.value())
    spin.valueChanged.connect(follow)


def country_items(locale: str) -> list[tuple[str, str]]:
    from mesocost.storage.namecache import territory_names

    names = territory_names(locale)
    items = [(code, f"{names.get(code, code)} ({code})") for code in known_countries()]
    return sorted(items, key=lambda item: item[1].casefold())


class PhaseRow(QWidget):
    """One custom phase: N sessions every M days|months, with a remove button."""

    def __init__(self, spec: PhaseSpec, on_change, on_remove, parent=None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.sessions = QSpinBox(minimum=1, maximum=200, value=spec.sessions)
        self.sessions.setAccessibleName(_("Sessions in this phase"))
        self.every = QSpinBox(minimum=1, maximum=366, value=spec.every)
        self.every.setAccessibleName(_("Interval"))
        self.unit = QComboBox()
        for unit in ("days", "months"):
            self.unit.addItem(unit, unit)
        self._name_units(self.every.value())
        self.unit.setCurrentIndex(max(0, self.unit.findData(spec.unit)))
        self.unit.setAccessibleName(_("Interval unit"))
        remove = QToolButton(text="✕", toolTip=_("Remove this phase"))
        remove.setAccessibleName(_("Remove phase"))
        # TRANSLATORS: between two numbers of a custom phase: "4 × every 15 days".
        for widget in (self.sessions, QLabel(_("× every")), self.every, self.unit, remove):
            layout.addWidget(widget)
        self.sessions.valueChanged.connect(on_change)
        self.every.valueChanged.connect(self._name_units)
        self.every.valueChanged.connect(on_change)
        self.unit.currentIndexChanged.connect(on_change)
        remove.clicked.connect(lambda: on_remove(self))

    def _name_units(self, every: int) -> None:
        """"days" or "day" (and each language's own plural forms) for the interval."""
        # TRANSLATORS: the unit after "every N" in a custom phase.
        self.unit.setItemText(0, ngettext("day", "days", every))
        self.unit.setItemText(1, ngettext("month", "months", every))

    def spec(self) -> PhaseSpec:
        return PhaseSpec(self.sessions.value(), self.every.value(), self.unit.currentData())


class InputsPanel(QWidget):
    """What to compare: home, currency, protocol, maintenance, first session, travel."""

    def __init__(self, workspace, protocols: dict, parent=None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        inputs = workspace.inputs
        locale = inputs.locale
        self.home = searchable(QComboBox())
        self.home.addItem(_("None (no home baseline)"), "")
        for code, text in country_items(locale):
            self.home.addItem(text, code)
        self.home.setCurrentIndex(max(0, self.home.findData(inputs.home_country or "")))
        self.home.setAccessibleName(_("Home country"))
        self.home.setToolTip(_("Where you live: the baseline every destination is measured "
                               "against (difference and break-even travel cost)"))


        self.currency = searchable(QComboBox())
        for code, text in currency_items(locale, keep=inputs.currency):
            self.currency.addItem(text, code)
        self.currency.setCurrentIndex(max(0, self.currency.findData(inputs.currency)))
        self.currency.setAccessibleName(_("Display currency"))


        self.protocol = compact(QComboBox())
        for name, protocol in protocols.items():
            # The bundled protocol's title is in the catalogue (core.protocol_words); a
            # file's own title, untranslated, is followed by its course in words.
            shown = _(protocol.title)
            if shown == protocol.title and interface().code != "en":
                shown = f"{protocol.title} — {course_text(protocol, interface())}"
            self.protocol.addItem(shown, name)
            self.protocol.setItemData(self.protocol.count() - 1, protocol.title,
                                      Qt.ItemDataRole.ToolTipRole)
        self.protocol.addItem(_("A number of sessions"), PROTOCOL_SESSIONS)
        self.protocol.addItem(_("Custom phases"), PROTOCOL_CUSTOM)
        self.protocol.setCurrentIndex(max(0, self.protocol.findData(inputs.protocol)))
        self.protocol.setAccessibleName(_("Protocol"))


        self.sessions = QSpinBox(minimum=1, maximum=200, value=inputs.sessions)
        self.sessions.setAccessibleName(_("Number of sessions"))
        count_affixes(self.sessions, lambda n: ngettext("{count} session", "{count} sessions", n))


        self.phases_box = QWidget()
        self.phases_layout = QHBoxLayout(self.phases_box)
        self.phases_layout.setContentsMargins(0, 0, 0, 0)
        self.phase_rows: list[PhaseRow] = []
        for spec in inputs.custom_phases:
            self._add_phase_row(spec)
        self.add_phase = QPushButton(_("Add phase"))
        self.add_phase.setAccessibleName(_("Add phase"))
        self.phases_layout.addWidget(self.add_phase)


        self.maintenance = QSpinBox(minimum=0, maximum=120, value=inputs.maintenance_months)
        count_affixes(self.maintenance,
                      lambda n: ngettext("{count} month", "{count} months", n))
        self.maintenance.setAccessibleName(_("Maintenance months"))
        self.maintenance.setToolTip(_("Months of maintenance after the course (the article "
                                      "says \"as needed\"; quarterly sessions are assumed)"))


        self.start = QDateEdit(calendarPopup=True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.start.setDateRange(QDate(FIRST_DAY), QDate(LAST_DAY))
        self.start.setDate(QDate(inputs.start))
        self.start.setAccessibleName(_("First session date"))


        self.travel = QCheckBox(_("Include travel and stay"))
        self.travel.setChecked(inputs.include_travel)
        self.travel.setAccessibleName(_("Include travel"))

        box = QGroupBox(_("What to compare"))
        box.setLayout(self._grid())
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: palette(bright-text); background: #b03a2e;"
                                   " padding: 4px; border-radius: 3px;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addWidget(self.message)
        self._sync_protocol_widgets()
        self._connect()

    def _grid(self) -> QGridLayout:
        """Two rows of labelled inputs above the table, custom phases on a third."""
        grid = QGridLayout()
        cells = ((0, 0, _("&Home country"), self.home), (0, 2, _("&Currency"), self.currency),
                 (0, 4, _("&First session"), self.start), (1, 0, _("&Protocol"), self.protocol),
                 (1, 4, _("&Maintenance"), self.maintenance))
        for row, column, text, widget in cells:
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1)
        grid.addWidget(self.sessions, 1, 3)
        grid.addWidget(self.travel, 0, 6)
        grid.addWidget(self.phases_box, 2, 1, 1, 6)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        grid.setColumnStretch(1, 2)
        return grid

    def _connect(self) -> None:
        ws = self.workspace
        self.home.currentIndexChanged.connect(
            lambda: ws.set_inputs(home_country=self.home.currentData() or None))
        self.currency.currentIndexChanged.connect(self._currency_changed)
        self.protocol.currentIndexChanged.connect(self._protocol_changed)
        self.sessions.valueChanged.connect(lambda n: ws.set_inputs(sessions=n))
        self.add_phase.clicked.connect(self._new_phase)
        self.maintenance.valueChanged.connect(lambda n: ws.set_inputs(maintenance_months=n))
        self.start.dateChanged.connect(lambda d: ws.set_inputs(start=d.toPython()))
        self.travel.toggled.connect(lambda on: ws.set_inputs(include_travel=on))

    def _currency_changed(self) -> None:
        code = self.currency.currentData()
        if code:
            self.workspace.set_inputs(currency=code)

    def set_currency(self, code: str) -> None:
        self.currency.setCurrentIndex(self.currency.findData(code))

    def _protocol_changed(self) -> None:
        self._sync_protocol_widgets()
        self.workspace.set_inputs(protocol=self.protocol.currentData(),
                                  custom_phases=self._phases())

    def _sync_protocol_widgets(self) -> None:
        mode = self.protocol.currentData()
        self.sessions.setVisible(mode == PROTOCOL_SESSIONS)
        self.phases_box.setVisible(mode == PROTOCOL_CUSTOM)

    def _add_phase_row(self, spec: PhaseSpec) -> None:
        row = PhaseRow(spec, self._phases_changed, self._remove_phase, self.phases_box)
        self.phase_rows.append(row)
        self.phases_layout.insertWidget(len(self.phase_rows) - 1, row)

    def _new_phase(self) -> None:
        self._add_phase_row(PhaseSpec(4, 1, "months"))
        self._phases_changed()

    def _remove_phase(self, row: PhaseRow) -> None:
        if len(self.phase_rows) == 1:
            return  # a protocol needs a phase
        self.phase_rows.remove(row)
        row.deleteLater()
        self._phases_changed()

    def _phases(self) -> tuple[PhaseSpec, ...]:
        return tuple(row.spec() for row in self.phase_rows)

    def _phases_changed(self) -> None:
        self.workspace.set_inputs(custom_phases=self._phases())

    def show_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))


class CompareView(QWidget):
    """Inputs, the sortable comparison table and the range chart."""

    def __init__(self, workspace, context, parent=None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.context = context
        self.inputs = InputsPanel(workspace, workspace.find_protocol.protocols, self)
        self.model = ComparisonModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName(_("Comparison table"))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Widths are fitted when the rows or the currency change, from the first rows only:
        # fitting on every re-price would format every cell of a 200-row table.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(40)
        self._fitted_for: tuple | None = None
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        # The engine's own order (typical grand total, cheapest first) until a click.
        header.setSortIndicator(COLUMN_INDEX["grand"], Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.chart = RangeChart(self)
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: palette(mid);")
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.inputs)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.note)
        workspace.resultChanged.connect(self.show_result)
        workspace.failed.connect(self.inputs.show_message)
        if workspace.result is not None:
            self.show_result(workspace.result)

    def show_result(self, result: ComparisonResult) -> None:
        self.inputs.show_message(None)
        with QSignalBlocker(self.table.horizontalHeader()):
            self.model.set_result(result)
        shape = (len(result.rows), result.inputs.currency, result.inputs.locale,
                 result.inputs.home_country)
        # A column of dashes says nothing: show clinics only when some row names one.
        self.table.setColumnHidden(COLUMN_INDEX["clinic"],
                                   not any(row.entry.clinic for row in result.rows))
        if shape != self._fitted_for:
            self._fitted_for = shape
            self.table.resizeColumnsToContents()
            for key in ("destination", "clinic"):  # long names elide; the tooltip has all
                column = COLUMN_INDEX[key]
                self.table.setColumnWidth(column, min(self.table.columnWidth(column),
                                                      MAX_NAME_PIXELS))
        self.chart.set_result(result)
        notes = [_("Typical = the midpoint of each range. Converted figures are indicative "
                   "(hover a figure for its rate, date and source).")]
        if result.home is None and result.inputs.home_country:
            notes.append(_("No destination in the catalog is in {country}: add your home "
                           "clinic's prices to compare against home.").format(
                country=interface().isolate(result.inputs.home_country)))
        self.note.setText(" ".join(notes))
