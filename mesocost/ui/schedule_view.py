"""The schedule view: dated sessions, milestone subtotals, trips and aftercare.

It follows the workspace's `resultChanged`. The sessions are the comparison's schedule
(the chosen protocol from the chosen start date, maintenance included); the milestones
and trips are those the engine priced for one destination, picked in a combo (the
cheapest by default). Milestone totals stay in the clinic's currency, as the engine gives
them. The reading panel carries the seed article's aftercare reminders, who should ask a
clinician first, and what the evidence says (`mesocost.core.protocol`), in the
interface language (the seed texts are marked `N_` there and translated here).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mesocost.core.comparison import ComparisonRow
from mesocost.core.engine import Quote
from mesocost.core.i18n import N_, _, interface, ngettext, pgettext
from mesocost.core.protocol import AFTERCARE, EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.planning import ComparisonResult
from mesocost.present import plan_text
from mesocost.ui.labels import date_text, entry_label, money_text, weekday_text
from mesocost.ui.record_model import Column, RecordTableModel

# Headers and tips marked here; RecordTableModel translates them when shown.
SESSION_COLUMNS = (
    Column("#", numeric=True),
    Column(N_("Date")),
    Column(N_("Day")),
    Column(N_("Phase")),
    Column(N_("Maintenance"), tip=N_("Maintenance sessions after the course (as many as the "
                                     "maintenance months ask for)")),
    Column(N_("Milestone"), tip=N_("Where the engine gives a subtotal (see Cost up to a "
                                   "milestone)")),
)
MILESTONE_COLUMNS = (
    Column(N_("Up to session"), numeric=True),
    Column(N_("Low"), numeric=True),
    Column(N_("Typical"), numeric=True, tip=N_("The midpoint of the low–high range")),
    Column(N_("High"), numeric=True),
    Column(N_("Milestone")),
)
TRIP_COLUMNS = (
    Column(N_("Trip"), numeric=True),
    Column(N_("First session")),
    Column(N_("Nights"), numeric=True),
    Column(N_("Sessions"), tip=N_("Sessions that fit one stay share a trip")),
)


def _table(model: RecordTableModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class ScheduleView(QWidget):
    """Dated sessions, milestone subtotals and trips of one destination, plus aftercare.

    Args:
        workspace: the window's `Workspace`; the view follows its `resultChanged`.
        context: the window's `AppContext` (kept for messages; this view exports nothing).
    """

    def __init__(self, workspace, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.context = context
        self._result: ComparisonResult | None = None

        self.destination = QComboBox(self)
        self.destination.setToolTip(_("Whose milestones and trips to show"))
        self.destination.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.plan = QLabel(self)
        self.plan.setWordWrap(True)
        self.plan.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        self.sessions_model = RecordTableModel(SESSION_COLUMNS, self)
        self.sessions_table = _table(self.sessions_model, self)
        self.milestones_model = RecordTableModel(MILESTONE_COLUMNS, self)
        self.milestones_table = _table(self.milestones_model, self)
        # Milestone labels are sentences: wrap them rather than cut them off.
        self.milestones_table.setWordWrap(True)
        self.milestones_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.trips_model = RecordTableModel(TRIP_COLUMNS, self)
        self.trips_table = _table(self.trips_model, self)
        self.trips_summary = QLabel(self)
        self.trips_summary.setWordWrap(True)
        self.notes = QTextBrowser(self)
        self.notes.setOpenLinks(False)
        self.notes.setHtml(notes_html())

        self.sessions_box = QGroupBox(_("Sessions"), self)
        box = QVBoxLayout(self.sessions_box)
        box.addWidget(self.sessions_table)
        self.milestones_box = QGroupBox(_("Cost up to a milestone"), self)
        box = QVBoxLayout(self.milestones_box)
        box.addWidget(self.milestones_table)
        self.trips_box = QGroupBox(_("Trips"), self)
        box = QVBoxLayout(self.trips_box)
        box.addWidget(self.trips_summary)
        box.addWidget(self.trips_table)
        notes_box = QGroupBox(_("Before and after each session"), self)
        box = QVBoxLayout(notes_box)
        box.addWidget(self.notes)

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.sessions_box)
        left.addWidget(self.milestones_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.trips_box)
        right.addWidget(notes_box)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        columns = QSplitter(Qt.Orientation.Horizontal, self)
        columns.addWidget(left)
        columns.addWidget(right)
        columns.setStretchFactor(0, 1)
        columns.setStretchFactor(1, 1)
        columns.setChildrenCollapsible(False)

        top = QHBoxLayout()
        label = QLabel(_("&Destination:"), self)
        label.setBuddy(self.destination)
        top.addWidget(label)
        top.addWidget(self.destination)
        top.addSpacing(12)
        top.addWidget(self.plan, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(columns, 1)

        self.destination.currentIndexChanged.connect(self._show_destination)
        workspace.resultChanged.connect(self.show_result)
        workspace.failed.connect(self._show_failure)
        if workspace.result is not None:
            self.show_result(workspace.result)

    # --- following the workspace ------------------------------------------------------

    def show_result(self, result: ComparisonResult) -> None:
        """Show a new comparison, keeping the chosen destination when it is still there."""
        kept = self.selected_row()
        self._result = result
        self.message.hide()
        locale = result.inputs.locale
        language = interface()
        self.plan.setText(_("{plan}, first session {date}").format(
            plan=plan_text(result.template, language),
            date=language.isolate(date_text(result.inputs.start, locale))))
        keys = [row.entry.key for row in result.rows]
        wanted = keys.index(kept.entry.key) if kept and kept.entry.key in keys else 0
        blocked = self.destination.blockSignals(True)
        self.destination.clear()
        for row in result.rows:
            self.destination.addItem(entry_label(row.entry, locale))
        self.destination.setCurrentIndex(wanted if result.rows else -1)
        self.destination.blockSignals(blocked)
        self._show_destination()

    def _show_failure(self, reason: str) -> None:
        self.message.setText(_("Not updated: {reason}").format(reason=reason))
        self.message.show()

    def selected_row(self) -> ComparisonRow | None:
        """The comparison row whose milestones and trips are shown."""
        index = self.destination.currentIndex()
        if self._result is None or not 0 <= index < len(self._result.rows):
            return None
        return self._result.rows[index]

    def select_destination(self, destination: str, clinic: str = "") -> None:
        """Pick a destination by country code (and clinic), as the combo would."""
        wanted = (destination, clinic.strip().casefold())
        rows = self._result.rows if self._result is not None else ()
        for index, row in enumerate(rows):
            if row.entry.key == wanted:
                self.destination.setCurrentIndex(index)
                return
        raise KeyError(f"{destination} / {clinic!r} is not in the comparison")

    # --- filling the tables -----------------------------------------------------------

    def _show_destination(self, *_args) -> None:
        row = self.selected_row()
        if row is None or self._result is None:
            for model in (self.sessions_model, self.milestones_model, self.trips_model):
                model.set_records((), ())
            return
        locale = self._result.inputs.locale
        self._fill_sessions(row.quote, locale)
        self._fill_milestones(row.quote, locale)
        self._fill_trips(row.quote, locale)

    def _fill_sessions(self, quote: Quote, locale: str) -> None:
        # A milestone's label: the protocol file's, or the engine's "full course" (marked
        # N_): translated where a catalogue has it, else shown as written.
        labels = {milestone.session: _(milestone.label) for milestone in quote.milestones}
        yes, no = _("yes"), _("no")
        self.sessions_model.set_records(quote.schedule, [
            (str(s.number), date_text(s.day, locale), weekday_text(s.day, locale),
             pgettext("phase", s.phase),
             yes if s.maintenance else no, labels.get(s.number, ""))
            for s in quote.schedule
        ])
        maintenance = sum(1 for s in quote.schedule if s.maintenance)
        isolate = interface().isolate
        if maintenance:
            title = ngettext("Sessions ({count}, {maintenance} of them maintenance)",
                             "Sessions ({count}, {maintenance} of them maintenance)",
                             maintenance).format(count=isolate(quote.sessions),
                                                 maintenance=isolate(maintenance))
        else:
            title = _("Sessions ({count})").format(count=isolate(quote.sessions))
        self.sessions_box.setTitle(title)

    def _fill_milestones(self, quote: Quote, locale: str) -> None:
        texts = []
        for milestone in quote.milestones:
            span = milestone.total
            texts.append((str(milestone.session),
                          money_text(span.low, span.currency, locale),
                          money_text(span.mid, span.currency, locale),
                          money_text(span.high, span.currency, locale),
                          _(milestone.label)))
        self.milestones_model.set_records(quote.milestones, texts)
        self.milestones_box.setTitle(
            _("Cost up to a milestone ({currency}, after discount and tax)").format(
                currency=interface().isolate(quote.currency)))

    def _fill_trips(self, quote: Quote, locale: str) -> None:
        travel = quote.travel
        if travel is None:
            self.trips_model.set_records((), ())
            self.trips_table.hide()
            where = entry_label(quote.request.entry, locale)
            if not quote.request.include_travel:
                self.trips_summary.setText(_("Travel is left out of the comparison."))
            else:
                self.trips_summary.setText(
                    _("No travel costs are entered for {destination}, so no trips are "
                      "grouped. Add travel to its catalog entry to see which sessions share "
                      "a stay.").format(destination=interface().isolate(where)))
            return
        self.trips_table.show()
        self.trips_model.set_records(travel.trips, [
            (str(number), date_text(trip.first_day, locale), str(trip.nights),
             ", ".join(str(s) for s in trip.sessions))
            for number, trip in enumerate(travel.trips, start=1)
        ])
        cost = travel.cost
        isolate = interface().isolate
        trips = ngettext("{count} trip", "{count} trips", len(travel.trips)).format(
            count=isolate(len(travel.trips)))
        nights = ngettext("{count} night", "{count} nights", travel.nights).format(
            count=isolate(travel.nights))
        self.trips_summary.setText(_("{trips}, {nights}: {cost} for travel and stay.").format(
            trips=trips, nights=nights,
            cost=isolate(money_text(cost.low, cost.currency, locale))))


def notes_html() -> str:
    """The reading panel: aftercare, who should ask a clinician first, the evidence (the
    seed texts, marked N_ in core.protocol, in the interface language)."""
    def items(texts) -> str:
        return "".join(f"<li>{escape(_(text))}</li>" for text in texts)

    after = escape(_("After every session"), quote=False)
    ask = escape(_("Ask a clinician first"), quote=False)
    evidence = escape(_("What the evidence says"), quote=False)
    return (
        f"<h4>{after}</h4>"
        f"<ul>{items(AFTERCARE)}</ul>"
        f"<h4>{ask}</h4>"
        f"<ul>{items(SUITABILITY_NOTES)}</ul>"
        f"<h4>{evidence}</h4>"
        f"<p>{escape(_(EVIDENCE_NOTE))}</p>"
    )
