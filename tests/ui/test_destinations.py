"""The destinations table: bundled rows read-only but for travel, edits validated as typed,
every change undoable and handed to the workspace, saved atomically, price lists imported."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from mesocost.core.catalog import PriceEntry
from mesocost.core.travel import TravelCosts
from mesocost.storage.userdata import (
    UserCatalog,
    effective_entries,
    load_user_catalog,
    user_catalog_path,
)
from mesocost.ui.destinations import (
    AS_OF,
    CITY,
    CLINIC,
    COLUMNS,
    CURRENCY,
    DESTINATION,
    HIGH,
    LOW,
    MAX_STAY,
    NIGHTS,
    PER_NIGHT,
    PER_TRIP,
    SOURCE,
    DestinationRow,
    DestinationsModel,
    DestinationsView,
)

DISPLAY, EDIT, TIP = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                      Qt.ItemDataRole.ToolTipRole)
ROW = Qt.ItemDataRole.UserRole
ES = PriceEntry("ES", "EUR", Decimal("90"), Decimal("180.50"), city="Madrid",
                clinic="Clínica Ejemplo", includes="session, vitamins cocktail",
                source="clinic price list", as_of=date(2026, 11, 1))
TR, GB, US, MINE = 0, 1, 2, 3  # rows: the bundled three, then ES


@pytest.fixture
def user():
    return UserCatalog((ES,), {})


@pytest.fixture
def make_model(make_workspace, bundled, user):
    def make(catalog=user, **inputs):
        workspace = make_workspace(effective_entries(bundled, catalog), **inputs)
        model = DestinationsModel(workspace, bundled, catalog)
        problems: list[str] = []
        model.rejected.connect(problems.append)
        model.problems = problems
        return model
    return make


def cell(model, row, column, role=DISPLAY):
    return model.data(model.index(row, column), role)


def edit(model, row, column, text):
    return model.setData(model.index(row, column), text, EDIT)


def result_row(workspace, destination):
    result = workspace.flush()
    return next(row for row in result.rows if row.entry.destination == destination)


# --- the model, without widgets -------------------------------------------------------------


def test_rows_roles_and_texts(make_model):
    model = make_model()
    assert (model.rowCount(), model.columnCount()) == (4, len(COLUMNS))
    assert [cell(model, row, DESTINATION) for row in range(4)] == [
        "TR · Türkiye", "GB · United Kingdom", "US · United States", "ES · Spain"]
    assert cell(model, TR, LOW) == "100.00" and cell(model, GB, HIGH) == "400.00"
    assert cell(model, MINE, HIGH) == "180.50" and cell(model, MINE, HIGH, EDIT) == "180.50"
    assert cell(model, MINE, AS_OF) == "Nov 1, 2026" and cell(model, MINE, AS_OF, EDIT) == \
        "2026-11-01"
    assert cell(model, MINE, CLINIC) == "Clínica Ejemplo"
    assert cell(model, TR, PER_TRIP) == "" and cell(model, TR, PER_TRIP, EDIT) == ""
    row = cell(model, TR, CITY, ROW)
    assert isinstance(row, DestinationRow) and row.bundled and row.entry.destination == "TR"
    assert not cell(model, MINE, CITY, ROW).bundled
    tip = cell(model, GB, LOW, TIP)
    assert tip.startswith("Published price from Hair mesotherapy article, section 6")
    assert tip.endswith("read-only; travel is yours to edit")
    assert model.headerData(LOW, Qt.Orientation.Horizontal, DISPLAY) == "Low\nper session"


def test_amounts_show_in_the_workspace_locale(make_model, bundled):
    model = make_model(UserCatalog((ES._replace(per_session_high=Decimal("1234.5")),), {}),
                       locale="de_DE")
    assert cell(model, MINE, HIGH) == "1.234,50"
    assert cell(model, MINE, HIGH, EDIT) == "1234,5"
    assert cell(model, GB, DESTINATION) == "GB · Vereinigtes Königreich"


def test_flags_bundled_prices_are_read_only_travel_is_editable_everywhere(make_model):
    model = make_model()
    editable = Qt.ItemFlag.ItemIsEditable
    for column in range(len(COLUMNS)):
        travel = column in (PER_TRIP, NIGHTS, PER_NIGHT, MAX_STAY)
        assert bool(model.flags(model.index(TR, column)) & editable) == travel
        assert model.flags(model.index(MINE, column)) & editable
    assert not edit(model, GB, LOW, "120")
    assert "read-only" in model.problems[-1]
    assert model.row(GB).entry.per_session_low == Decimal(150)


def test_a_valid_edit_updates_the_row_the_workspace_and_its_totals(make_model):
    model = make_model()
    workspace = model.workspace
    before = result_row(workspace, "ES").quote.total
    assert before.low == Decimal(720)  # 8 sessions x 90 EUR
    assert edit(model, MINE, LOW, "100")
    assert model.row(MINE).entry.per_session_low == Decimal(100)
    assert cell(model, MINE, LOW) == "100.00"
    assert next(e for e in workspace.entries if e.destination == "ES").per_session_low == 100
    assert result_row(workspace, "ES").quote.total.low == Decimal(800)
    assert model.undo_stack.count() == 1 and not model.undo_stack.isClean()


def test_travel_on_a_bundled_row_is_priced(make_model):
    model = make_model()
    workspace = model.workspace
    assert result_row(workspace, "TR").converted.travel is None
    assert edit(model, TR, PER_TRIP, "180")
    assert model.row(TR).travel == TravelCosts("EUR", Decimal(180), 1, Decimal(0), 0)
    assert cell(model, TR, PER_TRIP) == "180.00 EUR"
    assert result_row(workspace, "TR").converted.travel.low == Decimal(180) * 8
    assert edit(model, TR, PER_TRIP, "200 GBP")  # a code after the amount sets the currency
    assert model.row(TR).travel.currency == "GBP"
    assert edit(model, TR, MAX_STAY, "20") and edit(model, TR, NIGHTS, "2")
    assert model.row(TR).travel[1:] == (Decimal(200), 2, Decimal(0), 20)
    for column in (PER_TRIP, NIGHTS, MAX_STAY):  # every travel cell cleared: no travel
        assert edit(model, TR, column, "")
    assert model.row(TR).travel is None
    assert result_row(workspace, "TR").converted.travel is None


@pytest.mark.parametrize(("column", "text", "reason"), [
    (LOW, "abc", "Low / session: not a number: 'abc'"),
    (LOW, "-5", "Low / session: must be above zero, got -5"),
    (LOW, "200", "Low / session: low (200) is above high (180.50)"),
    (HIGH, "50", "Low / session: low (90) is above high (50)"),
    (LOW, "1e400", "Low / session: 1E+400 is above the largest accepted amount"),
    (LOW, "", "Low / session: is required"),
    (CURRENCY, "XYZ", "Currency: unknown currency code 'XYZ'"),
    (DESTINATION, "XX", "Destination: unknown country code 'XX'"),
    (AS_OF, "2026-02-30", "As of: not a date (YYYY-MM-DD): '2026-02-30'"),
    (PER_TRIP, "-5", "Travel / trip: must not be negative, got -5"),
    (PER_TRIP, "12 XYZ", "Travel currency: unknown currency code 'XYZ'"),
    (NIGHTS, "2.5", "Nights / trip: must be a whole number, got '2.5'"),
    (MAX_STAY, "99999", "Longest stay (days): must be between 0 and 3660, got 99999"),
])
def test_a_bad_value_is_refused_with_a_reason_and_the_model_unchanged(
        make_model, column, text, reason):
    model = make_model()
    before = model.rows()
    entries = model.workspace.entries
    assert not edit(model, MINE, column, text)
    assert model.rows() == before and model.workspace.entries == entries
    assert model.undo_stack.count() == 0
    assert len(model.problems) == 1
    assert model.problems[0].startswith(f"ES · Madrid · Clínica Ejemplo: {reason}")
    assert "\n" not in model.problems[0]


def test_two_rows_with_the_same_destination_and_clinic_are_refused(make_model):
    model = make_model()
    assert edit(model, MINE, DESTINATION, "TR")  # the clinic in TR: a new key, fine...
    assert not edit(model, MINE, CLINIC, " ")  # ...but TR with no clinic is bundled
    assert model.problems == ["TR · Madrid · Clínica Ejemplo: Clinic: a published row "
                              "already has destination TR and no clinic: give this one "
                              "another clinic name"]
    assert model.row(MINE).entry.clinic == "Clínica Ejemplo"
    (copy,) = model.duplicate_rows([MINE])
    assert not edit(model, copy, CLINIC, "CLÍNICA EJEMPLO")  # case does not make it new
    assert "another row already has" in model.problems[-1]


def test_decimal_input_follows_the_locale(make_model):
    german = make_model(locale="de_DE")
    assert edit(german, MINE, LOW, "90,50")
    assert german.row(MINE).entry.per_session_low == Decimal("90.50")
    assert not edit(german, MINE, LOW, "90.55")  # a German "90.55" is not ninety and a bit
    assert "did you mean" in german.problems[-1]
    american = make_model()
    assert edit(american, MINE, HIGH, "1,234.50")
    assert american.row(MINE).entry.per_session_high == Decimal("1234.50")
    french = make_model(locale="fr_FR")
    assert edit(french, MINE, HIGH, "1 234,5")
    assert french.row(MINE).entry.per_session_high == Decimal("1234.5")


def test_undo_and_redo_restore_an_edit_an_add_and_a_remove(make_model):
    model = make_model()
    stack, original = model.undo_stack, model.rows()
    original_entries = model.workspace.entries
    assert edit(model, MINE, CITY, "Barcelona")
    added = model.add_row()
    assert model.rowCount() == 5 and model.row(added).entry.clinic == "New clinic"
    assert model.remove_rows([MINE])
    assert model.rowCount() == 4 and model.row(MINE).entry.clinic == "New clinic"
    stack.undo()
    assert model.row(MINE).entry.city == "Barcelona" and model.rowCount() == 5
    stack.undo()
    assert model.rowCount() == 4
    stack.undo()
    assert model.rows() == original and model.workspace.entries == original_entries
    assert stack.isClean()
    for _ in range(3):
        stack.redo()
    assert [row.entry.clinic for row in model.rows()] == ["", "", "", "New clinic"]


def test_a_new_row_passes_validation_and_says_where_its_prices_come_from(make_model):
    model = make_model(home_country="DE")
    row = model.row(model.add_row())
    assert (row.entry.destination, row.entry.currency) == ("DE", "USD")
    assert (row.entry.per_session_low, row.entry.per_session_high) == (45, 500)
    assert "Worldwide range" in row.entry.source
    second = model.row(model.add_row())
    assert second.entry.clinic == "New clinic 2"


def test_bundled_rows_cannot_be_removed_and_a_users_override_gives_them_back(make_model,
                                                                           bundled):
    mine_tr = PriceEntry("TR", "USD", Decimal(120), Decimal(250), source="my call")
    model = make_model(UserCatalog((mine_tr,), {("TR", ""): TravelCosts(
        "EUR", Decimal(90), 1, Decimal(0), 0)}))
    assert not model.row(TR).bundled and model.row(TR).entry.source == "my call"
    assert not model.remove_rows([GB])
    assert "published prices stay" in model.problems[-1]
    assert model.rowCount() == 3 and model.undo_stack.count() == 0
    assert model.remove_rows([TR])
    assert model.row(TR).bundled and model.row(TR).entry == bundled[0]
    assert model.row(TR).travel.per_trip == 90  # the user's travel stays
    model.undo_stack.undo()
    assert model.row(TR).entry.source == "my call"


def test_duplicate_makes_an_editable_copy_even_of_a_bundled_row(make_model):
    model = make_model()
    (copy,) = model.duplicate_rows([GB])
    row = model.row(copy)
    assert not row.bundled and row.entry.clinic == "Copy"
    assert row.entry.per_session_low == 150
    assert edit(model, copy, LOW, "160")
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert model.rowCount() == 4


def test_import_adds_new_rows_and_updates_same_key_rows_in_one_command(make_model):
    model = make_model()
    assert edit(model, MINE, PER_TRIP, "120")
    cheaper = ES._replace(per_session_low=Decimal(80))
    new = PriceEntry("DE", "EUR", Decimal(70), Decimal(140), clinic="Haarpraxis")
    summary = model.import_entries([cheaper, new, ES._replace(clinic="CLÍNICA EJEMPLO",
                                                             per_session_low=Decimal(85))])
    assert summary == (1, 1, 0)  # of two rows for the same clinic, the later wins
    assert model.row(MINE).entry.per_session_low == 85
    assert model.row(MINE).entry.clinic == "CLÍNICA EJEMPLO"
    assert model.row(MINE).travel.per_trip == 120  # the price list has no travel: kept
    assert model.row(4).entry.clinic == "Haarpraxis"
    assert model.import_entries([new]) == (0, 0, 1)  # nothing new: no command
    assert model.undo_stack.count() == 2
    model.undo_stack.undo()
    assert model.rowCount() == 4 and model.row(MINE).entry.per_session_low == 90


def test_user_catalog_holds_own_rows_and_travel_to_bundled_rows(make_model):
    model = make_model()
    assert edit(model, GB, PER_TRIP, "95")
    assert edit(model, MINE, PER_NIGHT, "60")
    catalog = model.user_catalog()
    assert [entry.clinic for entry in catalog.entries] == ["Clínica Ejemplo"]
    assert catalog.entries[0].travel.per_night == 60
    assert set(catalog.travel) == {("GB", "")}


# --- the view ---------------------------------------------------------------------------------


@pytest.fixture
def make_view(qtbot, make_workspace, bundled, context, user):
    def make(catalog=user, **inputs):
        workspace = make_workspace(effective_entries(bundled, catalog), **inputs)
        view = DestinationsView(workspace, context, bundled, catalog)
        qtbot.addWidget(view)
        view.resize(1200, 700)
        return view
    return make


def test_the_view_shows_the_table_with_accessible_names(make_view):
    view = make_view()
    assert view.table.accessibleName() == "Destinations and prices"
    assert view.filter_edit.accessibleName() == "Filter destinations"
    assert view.table.model().rowCount() == 4
    assert view.undo_action.shortcut().toString() == "Ctrl+Z"
    assert [k.toString() for k in view.redo_action.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert view.add_action.shortcut().toString() == "Ctrl+N"
    assert view.save_action.shortcut().toString() == "Ctrl+S"
    assert view.remove_action.shortcut().toString() == "Del"
    assert not view.is_modified() and not view.save_action.isEnabled()


def test_filter_and_numeric_sort(make_view):
    view = make_view(UserCatalog((ES, ES._replace(clinic="B", per_session_low=Decimal("1000"),
                                                  per_session_high=Decimal("1000"))), {}))
    view.filter_edit.setText("spain")
    assert view.proxy.rowCount() == 2
    view.filter_edit.clear()
    view.table.sortByColumn(LOW, Qt.SortOrder.AscendingOrder)
    lows = [view.proxy.index(r, LOW).data(EDIT) for r in range(view.proxy.rowCount())]
    assert lows == ["90", "100", "150", "200", "1000"]  # numbers, not text ("1000" < "90")


def test_a_refused_edit_shows_in_the_message_bar_and_status_bar(make_view, recorder):
    view = make_view()
    view.show()
    assert not view.model.setData(view.model.index(MINE, LOW), "abc", EDIT)
    assert view.message_bar.isVisible()
    assert view.message.text() == "ES · Madrid · Clínica Ejemplo: Low / session: not a " \
                                  "number: 'abc'"
    assert recorder.statuses[-1] == view.message.text()
    assert view.model.setData(view.model.index(MINE, LOW), "95", EDIT)
    assert not view.message_bar.isVisible()  # the next change clears it


def test_add_selects_the_new_row_and_remove_refuses_bundled_rows(make_view, qtbot):
    view = make_view()
    view.show()
    view.add_action.trigger()
    assert view.model.rowCount() == 5 and view.selected_rows() == [4]
    assert view.is_modified() and view.save_action.isEnabled()
    view.table.selectionModel().select(
        view.proxy.index(GB, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    view.remove_action.trigger()
    assert view.model.rowCount() == 5 and "published prices stay" in view.message.text()
    view.select_rows([4])
    view.remove_action.trigger()
    assert view.model.rowCount() == 4
    view.undo_action.trigger()
    assert view.model.rowCount() == 5


def test_save_writes_the_file_atomically_and_reload_gives_the_same_rows(make_view, bundled,
                                                                        make_workspace,
                                                                        recorder):
    view = make_view()
    assert view.model.setData(view.model.index(TR, PER_TRIP), "250", EDIT)
    assert view.model.setData(view.model.index(MINE, CLINIC), "Clínica Ñandú 東京", EDIT)
    view.add_destination()
    assert view.save_action.isEnabled()
    view.save_action.trigger()
    assert recorder.errors == []
    path = user_catalog_path()
    assert os.listdir(os.path.dirname(path)) == ["catalog.toml"]  # no temporary left over
    assert not view.is_modified() and not view.save_action.isEnabled()
    saved = load_user_catalog()
    workspace = make_workspace(effective_entries(bundled, saved))
    again = DestinationsModel(workspace, bundled, saved)
    assert again.rows() == view.model.rows()
    assert again.effective_entries() == view.workspace.entries


def test_a_failed_save_is_reported_and_stays_modified(make_view, recorder, tmp_path,
                                                      monkeypatch):
    monkeypatch.setenv("MESOCOST_DATA_DIR", str(tmp_path / "file-not-folder"))
    (tmp_path / "file-not-folder").write_text("x")
    view = make_view()
    view.add_destination()
    assert not view.save()
    assert recorder.errors and recorder.errors[0][0] == \
        "Could not save your destinations"
    assert view.is_modified()


@pytest.mark.parametrize(("answer", "expected", "saved"), [
    (QMessageBox.StandardButton.Cancel, False, False),
    (QMessageBox.StandardButton.Discard, True, False),
    (QMessageBox.StandardButton.Save, True, True),
])
def test_maybe_save_asks_only_when_modified(make_view, monkeypatch, answer, expected, saved):
    view = make_view()
    asked = []
    monkeypatch.setattr(view, "ask_to_save", lambda: asked.append(1) or answer)
    assert view.maybe_save() and asked == []
    view.add_destination()
    assert view.maybe_save() is expected
    assert os.path.exists(user_catalog_path()) is saved


def test_import_of_a_csv_with_one_bad_row_reports_it_and_adds_the_rest(make_view, qtbot,
                                                                       tmp_path):
    prices = tmp_path / "prices.csv"
    prices.write_text(
        "country,city,clinic,currency,low,high,source\n"
        "DE,Berlin,Haarpraxis,EUR,70,140,call\n"
        "XX,Nowhere,Bad,EUR,70,140,call\n"
        "ES,Madrid,Clínica Ejemplo,EUR,85,170,new list\n", encoding="utf-8")
    view = make_view()
    view.import_price_list(str(prices))
    qtbot.waitUntil(lambda: view.import_report is not None, timeout=5000)
    report = view.import_report
    assert "2 rows accepted (1 added, 1 updated)" in report.summary.text()
    assert "1 rejected" in report.summary.text()
    assert report.rejected_list.count() == 1
    assert report.rejected_list.item(0).text().startswith("row 3: ")
    assert "unknown country code 'XX'" in report.rejected_list.item(0).text()
    assert view.model.rowCount() == 5 and view.model.row(MINE).entry.per_session_low == 85
    assert view.undo_stack.count() == 1  # one undoable command for the whole import
    view.undo_action.trigger()
    assert view.model.rowCount() == 4 and view.model.row(MINE).entry.per_session_low == 90
    report.close()


def test_an_unreadable_price_list_is_one_error(make_view, qtbot, tmp_path, recorder):
    bad = tmp_path / "prices.csv"
    bad.write_text("colour,shape\nred,round\n", encoding="utf-8")
    view = make_view()
    view.import_price_list(str(bad))
    qtbot.waitUntil(lambda: bool(recorder.errors), timeout=5000)
    title, text = recorder.errors[0]
    assert title == "Could not import the price list" and "unknown column" in text
    assert view.model.rowCount() == 4 and view.undo_stack.count() == 0


def test_the_delegate_edits_codes_with_a_searchable_combo(make_view, qtbot):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    view = make_view()
    view.show()
    index = view.proxy.index(MINE, CURRENCY)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.findChild(QComboBox)
    assert editor is not None and editor.currentData() == "EUR"
    editor.setCurrentIndex(editor.findData("GBP"))
    view.table.commitData(editor)
    assert view.model.row(MINE).entry.currency == "GBP"
    view.table.closeEditor(editor, view.table.itemDelegate().EndEditHint.NoHint)
    index = view.proxy.index(MINE, AS_OF)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    line = view.table.findChild(QLineEdit, "") or view.table.focusWidget()
    assert isinstance(line, QLineEdit) and line.placeholderText() == "YYYY-MM-DD"
    assert line.text() == "2026-11-01"


def test_the_source_column_takes_the_room_left_so_travel_shows(make_view):
    view = make_view()
    view.show()
    header = view.table.horizontalHeader()
    right_edge = header.sectionViewportPosition(MAX_STAY) + header.sectionSize(MAX_STAY)
    assert right_edge <= view.table.viewport().width()
    assert header.sectionSize(SOURCE) >= 80


def test_the_import_action_asks_for_the_file_and_remembers_its_folder(make_view, qtbot,
                                                                      tmp_path, monkeypatch,
                                                                      settings):
    from PySide6.QtWidgets import QFileDialog

    prices = tmp_path / "lists" / "prices.csv"
    prices.parent.mkdir()
    prices.write_text("country,currency,low,high\nDE,EUR,70,140\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(prices), "")))
    view = make_view()
    view.import_action.trigger()
    qtbot.waitUntil(lambda: view.import_report is not None, timeout=5000)
    assert "1 row accepted (1 added, 0 updated) · 0 rejected" in view.import_report.summary.text()
    assert settings.get("last_import_folder") == str(prices.parent)
    view.import_report.close()
