"""The schedule view shows the engine's schedule, milestone subtotals and trips as they are."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QWidget

from mesocost.core.catalog import PriceEntry
from mesocost.core.money import Money, format_money
from mesocost.core.protocol import AFTERCARE, EVIDENCE_NOTE, SUITABILITY_NOTES, build_schedule
from mesocost.core.travel import TravelCosts
from mesocost.ui.context import AppContext
from mesocost.ui.record_model import RECORD_ROLE
from mesocost.ui.schedule_view import ScheduleView
from mesocost.ui.workers import TaskRunner
from tests.ui.conftest import START

# What babel's medium en_US format gives for the standard protocol from 2027-01-31: every
# 15 days × 4, then monthly × 4 keeping the 17th (the month step's anchor).
STANDARD_DATES = ["Jan 31, 2027", "Feb 15, 2027", "Mar 2, 2027", "Mar 17, 2027",
                  "Apr 17, 2027", "May 17, 2027", "Jun 17, 2027", "Jul 17, 2027"]


@pytest.fixture
def context(qtbot, settings):
    host = QWidget()
    qtbot.addWidget(host)
    return AppContext(settings, TaskRunner(host), lambda title, text: None,
                      lambda text, ms=0: None)


def make_view(qtbot, workspace, context):
    view = ScheduleView(workspace, context)
    qtbot.addWidget(view)
    return view


def column(model, number):
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def money(amount, currency):
    return format_money(Money._trusted(amount, currency), "en_US")


def test_lists_the_dated_sessions_of_the_standard_protocol(qtbot, make_workspace, context):
    workspace = make_workspace()
    view = make_view(qtbot, workspace, context)
    model = view.sessions_model
    expected = build_schedule(workspace.result.template.protocol, START)

    assert model.rowCount() == 8
    assert column(model, 0) == [str(n) for n in range(1, 9)]
    assert column(model, 1) == STANDARD_DATES
    assert column(model, 3) == ["initial"] * 4 + ["monthly"] * 4
    assert column(model, 4) == ["no"] * 8
    sessions = [model.data(model.index(row, 0), RECORD_ROLE) for row in range(8)]
    assert tuple(sessions) == expected  # UserRole: the engine's own Session records
    assert [s.day for s in sessions] == [s.day for s in expected]
    milestone_labels = column(model, 5)
    assert "regrowth" in milestone_labels[2] and "regrowth" in milestone_labels[5]
    assert milestone_labels[7] == "full course"


def test_maintenance_months_add_maintenance_rows(qtbot, make_workspace, context):
    workspace = make_workspace()
    view = make_view(qtbot, workspace, context)
    workspace.set_inputs(maintenance_months=6)
    qtbot.waitUntil(lambda: view.sessions_model.rowCount() == 10, timeout=2000)

    model = view.sessions_model
    expected = build_schedule(workspace.result.template.protocol, START, 6)
    assert [model.data(model.index(r, 0), RECORD_ROLE) for r in range(10)] == list(expected)
    assert column(model, 4) == ["no"] * 8 + ["yes"] * 2
    assert column(model, 3)[8:] == ["maintenance", "maintenance"]
    assert column(model, 1)[8:] == ["Oct 17, 2027", "Jan 17, 2028"]  # quarterly after Jul 17
    assert "2 of them maintenance" in view.sessions_box.title()


def test_milestones_show_the_engines_subtotals_of_the_chosen_destination(
        qtbot, make_workspace, context):
    workspace = make_workspace(discount_pct=Decimal(10))
    view = make_view(qtbot, workspace, context)
    cheapest = workspace.result.rows[0]
    assert view.selected_row() is cheapest  # the default: the cheapest row

    def shown():
        model = view.milestones_model
        return [tuple(model.data(model.index(r, c)) for c in range(5))
                for r in range(model.rowCount())]

    def expected(row):
        return [(str(m.session), money(m.total.low, m.total.currency),
                 money(m.total.mid, m.total.currency), money(m.total.high, m.total.currency),
                 m.label) for m in row.quote.milestones]

    assert [m.session for m in cheapest.quote.milestones] == [3, 6, 8]
    assert shown() == expected(cheapest)
    # TR: 100–300 USD a session, 10 % off: 3 sessions = $270.00 – $810.00.
    assert shown()[0][1:4] == ("$270.00", "$540.00", "$810.00")

    view.select_destination("GB")
    gb = next(row for row in workspace.result.rows if row.entry.destination == "GB")
    assert view.selected_row() is gb
    assert shown() == expected(gb)
    assert shown()[2][1].startswith("£")
    assert "GBP" in view.milestones_box.title()

    workspace.set_inputs(maintenance_months=6)  # a new result keeps the chosen destination
    qtbot.waitUntil(lambda: view.sessions_model.rowCount() == 10, timeout=2000)
    assert view.selected_row().entry.destination == "GB"
    assert shown()[-1][0] == "10"


def test_trips_are_grouped_as_the_engine_groups_them(qtbot, make_workspace, context, bundled):
    travel = TravelCosts("GBP", Decimal(180), 1, Decimal(95), 20)
    madrid = PriceEntry("ES", "EUR", Decimal(90), Decimal(180), city="Madrid",
                        clinic="Clínica Ejemplo", travel=travel)
    workspace = make_workspace(entries=(*bundled, madrid))
    view = make_view(qtbot, workspace, context)

    view.select_destination("ES", "Clínica Ejemplo")
    quote = view.selected_row().quote
    trips = quote.travel.trips
    model = view.trips_model
    assert model.rowCount() == len(trips) == 6  # sessions 15 days apart share a 20-day stay
    assert [model.data(model.index(r, 0), RECORD_ROLE) for r in range(6)] == list(trips)
    assert column(model, 3)[:2] == ["1, 2", "3, 4"]
    assert column(model, 2) == [str(trip.nights) for trip in trips]
    assert view.trips_summary.text() == (
        f"6 trips, {quote.travel.nights} nights: "
        f"{money(quote.travel.cost.low, 'GBP')} for travel and stay.")

    view.select_destination("TR")  # no travel costs in the bundled catalog
    assert view.trips_model.rowCount() == 0
    assert "No travel costs" in view.trips_summary.text()


def test_reading_panel_has_aftercare_clinician_and_evidence_notes(
        qtbot, make_workspace, context):
    view = make_view(qtbot, make_workspace(), context)
    text = view.notes.toPlainText()
    for note in (*AFTERCARE, *SUITABILITY_NOTES, EVIDENCE_NOTE):
        assert note in text
    assert "Ask a clinician first" in text


def test_a_refused_input_is_said_and_the_last_schedule_stays(qtbot, make_workspace, context):
    workspace = make_workspace()
    view = make_view(qtbot, workspace, context)
    workspace.set_inputs(protocol="custom", custom_phases=())
    workspace.flush()
    assert not view.message.isHidden()
    assert "Not updated" in view.message.text()
    assert view.sessions_model.rowCount() == 8
