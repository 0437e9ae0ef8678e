"""The Quotes view end to end: a register in a temporary file, the whole window over it.

Saving from the quote builder, reopening a draft, sent quotes read-only and revised,
duplicate, delete (confirmed), re-quote after the rates moved, exports, and the register
read off the GUI thread without SQLAlchemy at start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mesocost.register.store import Register
from mesocost.ui import register_access
from mesocost.ui.app import build_window
from mesocost.ui.labels import typical_range_text
from mesocost.ui.quotes_model import COLUMN_INDEX
from tests.register.conftest import make_document

WAIT_MS = 15000


@pytest.fixture
def register_path(tmp_path, monkeypatch):
    """The register every window of the test opens: MESOCOST_DB wins over the setting."""
    path = tmp_path / "register.sqlite3"
    monkeypatch.setenv("MESOCOST_DB", str(path))
    return path


def seed(path, *clients, **fields):
    """Quotes saved straight into the register (dated today, so none has expired)."""
    fields.setdefault("created", date.today())
    with Register.open(str(path)) as register:
        return [register.create(make_document(client=client, **fields)).number
                for client in clients]


@pytest.fixture
def window(qtbot, settings, register_path):
    window = build_window(settings, rates_mode="offline")
    qtbot.addWidget(window)
    yield window
    window.register.close()


def quotes(qtbot, window):
    """The register view, shown and loaded."""
    window.show_view("quotes")
    view = window.quotes_view
    qtbot.waitUntil(lambda: not view.loading and view.loads > 0, timeout=WAIT_MS)
    return view


def listed(view, key="number"):
    column = COLUMN_INDEX[key]
    return [view.proxy.index(row, column).data() for row in range(view.proxy.rowCount())]


def reloaded(qtbot, view, before):
    """Wait for the list read after a change (the view reads it again on `changed`)."""
    qtbot.waitUntil(lambda: view.loads > before and not view.loading, timeout=WAIT_MS)


def active(qtbot, window, widget):
    """Keys go through the window's shortcuts only while it is shown and active."""
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    widget.setFocus()


def fill_builder(window, client="Ada Lovelace", destination="TR"):
    builder = window.quote_view
    builder.select_destination(destination)
    builder.client.setText(client)
    builder.email.setText("ada@example.com")
    builder.flush()
    return builder


def save(qtbot, window):
    builder = window.quote_view
    assert builder.save_action.isEnabled(), builder.save_action.toolTip()
    builder.save_action.trigger()
    qtbot.waitUntil(lambda: not builder.register_link.saving, timeout=WAIT_MS)
    return builder.register_link.loaded


# --- start-up and loading -------------------------------------------------------------


def test_sqlalchemy_is_not_loaded_at_first_paint_only_when_the_register_is_shown(
        tmp_path, register_path):
    seed(register_path, "Ada Lovelace")
    code = (
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from mesocost.ui.app import build_window\n"
        "from mesocost.ui.settings import Settings\n"
        f"window = build_window(Settings.at({str(tmp_path / 's.ini')!r}), "
        "rates_mode='offline')\n"
        "window.show()\n"
        "for _ in range(3): app.processEvents()\n"
        "at_start = 'sqlalchemy' in sys.modules\n"
        "window.show_view('quotes')\n"
        "window.settle()\n"
        "print(json.dumps([at_start, 'sqlalchemy' in sys.modules, "
        "window.quotes_view.model.rowCount()]))\n"
        "window.close()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [False, True, 1]


def test_the_list_is_read_off_the_gui_thread_and_the_window_stays_responsive(
        qtbot, settings, register_path, monkeypatch):
    seed(register_path, "Ada Lovelace", "Grace Hopper")
    threads = []

    def slow_open(target):
        threads.append(threading.current_thread())
        time.sleep(0.6)  # a busy database, a slow server
        return Register.open(target)

    original_list = Register.list

    def recording_list(self, **options):
        threads.append(threading.current_thread())
        return original_list(self, **options)

    monkeypatch.setattr(register_access, "_open", slow_open)
    monkeypatch.setattr(Register, "list", recording_list)
    window = build_window(settings, rates_mode="offline")
    qtbot.addWidget(window)

    started = time.monotonic()
    window.show_view("quotes")
    view = window.quotes_view
    assert time.monotonic() - started < 0.4  # showing the view did not wait
    assert view.loading and view.message.text() == "Loading the register…"
    ticks = []
    QTimer.singleShot(50, lambda: ticks.append(view.loading))
    qtbot.waitUntil(lambda: bool(ticks), timeout=2000)
    assert ticks == [True]  # the event loop ran while the register was opening

    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT_MS)
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    assert view.message.isHidden()
    assert view.selected_number() == f"MC-{date.today().year}-0002"  # the newest
    window.register.close()


def test_a_register_that_cannot_be_read_is_a_message_in_the_view(qtbot, settings,
                                                                  register_path):
    register_path.write_text("these are not the quotes you are looking for")
    window = build_window(settings, rates_mode="offline")
    qtbot.addWidget(window)
    window.show_view("quotes")
    view = window.quotes_view
    qtbot.waitUntil(lambda: not view.loading and not view.message.isHidden(),
                    timeout=WAIT_MS)
    assert "not a mesocost quote register" in view.message.text()
    assert "Location…" in view.message.text()
    assert view.model.rowCount() == 0
    assert str(register_path) in view.location.text()
    assert "(from MESOCOST_DB)" in view.location.text()


# --- saving from the builder ------------------------------------------------------------


def test_saving_from_the_builder_makes_a_numbered_draft_listed_in_the_register(qtbot,
                                                                               window):
    window.workspace.set_inputs(currency="EUR")  # the patient's currency: a rate to freeze
    fill_builder(window)
    loaded = save(qtbot, window)
    year = date.today().year
    assert loaded.number == f"Q-{year}-0001" and loaded.status == "draft"
    view = quotes(qtbot, window)
    assert listed(view) == [loaded.number]
    assert listed(view, "client") == ["Ada Lovelace"]
    assert listed(view, "status") == ["Draft"]
    assert listed(view, "destination") == ["Türkiye"]
    # The saved figures are the builder's, with the rates frozen then.
    builder_total = window.quote_view.current_quote()[1].grand
    assert listed(view, "patient") == [typical_range_text(builder_total, "en_US")
                                       .split(" – ")[1]]
    qtbot.waitUntil(lambda: "Rates frozen at saving" in view.preview_text(), timeout=WAIT_MS)
    text = view.preview_text()
    assert f"{loaded.number} · Draft" in text
    assert "USD/EUR = " in text and "source ecb" in text
    assert "Quote for Ada Lovelace" in text


def test_without_a_client_the_builder_says_why_it_cannot_save(qtbot, window):
    builder = fill_builder(window, client="")
    assert not builder.save_action.isEnabled()
    assert builder.save_action.toolTip() == "Enter the client's name to save the quote"
    window.save_quote()
    assert window.statusBar().currentMessage() == "Enter the client's name to save the quote"


def test_a_reopened_draft_is_saved_again_under_its_number(qtbot, window, register_path):
    seed(register_path, "Ayşe Yılmaz", discount_pct=Decimal(10))
    view = quotes(qtbot, window)
    number = view.selected_number()
    active(qtbot, window, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter opens in the builder
    builder = window.quote_view
    qtbot.waitUntil(lambda: builder.register_link.loaded is not None, timeout=WAIT_MS)
    assert window.tabs.currentWidget() is builder
    assert builder.client.text() == "Ayşe Yılmaz"
    assert builder.email.text() == "ayse@example.com"
    assert builder.discount.text() == "10"
    assert "Editing" in builder.register_link.banner_text.text()
    # The saved quote's own plan, seller and number are kept, not the compare view's.
    quote, _converted, details = builder.current_quote()
    assert quote.request.start == date(2026, 12, 1)
    assert details.reference == number and details.profile.name == "Klinik Ankara"
    assert "Reference " + number in builder.preview_text()

    before = view.loads
    builder.client.setText("Ayşe Demir")
    builder.flush()
    loaded = save(qtbot, window)
    assert loaded.number == number
    reloaded(qtbot, view, before)
    assert listed(view) == [number]
    assert listed(view, "client") == ["Ayşe Demir"]
    with Register.open(str(register_path)) as register:
        saved = register.get(number)
    assert saved.document.details.client == "Ayşe Demir"
    assert [change.action for change in saved.history] == ["created", "edited"]


def test_a_sent_quote_is_read_only_in_the_builder_and_saving_it_revises(qtbot, window):
    fill_builder(window)
    number = save(qtbot, window).number
    view = quotes(qtbot, window)
    assert view.status_actions["sent"].isEnabled()
    assert not view.status_actions["accepted"].isEnabled()
    assert not view.revise_action.isEnabled()  # a draft is changed, not revised

    before = view.loads
    view.status_actions["sent"].trigger()
    reloaded(qtbot, view, before)
    assert listed(view, "status") == ["Sent"]
    assert view.revise_action.isEnabled() and view.status_actions["accepted"].isEnabled()

    # The builder had it open: it follows, read-only, and saving now means revising.
    builder = window.quote_view
    link = builder.register_link
    assert link.loaded.status == "sent" and link.loaded.read_only
    assert not builder._form_area.widget().isEnabled()
    assert builder.save_action.text() == "&Revise as a new draft…"
    assert "cannot change" in link.banner_text.text()
    before = view.loads
    builder.save_action.trigger()
    qtbot.waitUntil(lambda: link.loaded.number == f"{number}-R1", timeout=WAIT_MS)
    assert not link.loaded.read_only and builder._form_area.widget().isEnabled()
    reloaded(qtbot, view, before)
    assert listed(view) == [f"{number}-R1", number]
    assert listed(view, "status") == ["Draft", "Sent"]


def test_revise_and_duplicate_from_the_register_view(qtbot, window, register_path):
    first, second = seed(register_path, "Ada Lovelace", "Grace Hopper")
    view = quotes(qtbot, window)
    assert view.select_number(first)
    before = view.loads
    view.set_status("sent")
    reloaded(qtbot, view, before)
    assert view.selected_number() == first  # the selection stays

    before = view.loads
    view.revise_action.trigger()
    reloaded(qtbot, view, before)
    assert view.selected_number() == f"{first}-R1"
    assert "revised as" in window.statusBar().currentMessage()

    before = view.loads
    view.duplicate(second)
    reloaded(qtbot, view, before)
    year = date.today().year
    third = f"MC-{year}-0003"
    assert view.selected_number() == third
    assert listed(view) == [third, second, f"{first}-R1", first]
    assert listed(view, "client")[0] == "Grace Hopper"


def test_a_refused_change_is_a_message_saying_what_to_do(qtbot, window, register_path,
                                                         monkeypatch):
    (number,) = seed(register_path, "Ada Lovelace")
    view = quotes(qtbot, window)
    errors = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: errors.append((title, text)))
    view.revise(number)  # a draft is edited, not revised: the register says so
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert errors == [(f"Could not change {number}",
                       f"{number}: is a draft: change it instead of revising it")]


def test_delete_asks_then_removes_the_client_and_retires_the_number(qtbot, window,
                                                                    register_path,
                                                                    monkeypatch):
    first, _second = seed(register_path, "Ada Lovelace", "Grace Hopper")
    view = quotes(qtbot, window)
    asked = []

    def answer(choice):
        def question(parent, title, text, *buttons):
            asked.append(text)
            return choice
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert view.select_number(first)
    assert view.delete() is None  # cancelled: nothing happens
    assert listed(view, "client") == ["Grace Hopper", "Ada Lovelace"]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    active(qtbot, window, view.table)
    before = view.loads
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    reloaded(qtbot, view, before)
    assert f"Delete quote {first} for Ada Lovelace?" in asked[-1]
    assert "removed from the register" in asked[-1] and "stays retired" in asked[-1]
    assert listed(view, "client") == ["Grace Hopper"]
    view.search.setText("ada")
    assert view.proxy.rowCount() == 0
    view.search.clear()
    view.set_status_filter("deleted")
    assert listed(view) == [first] and listed(view, "client") == ["(removed)"]
    assert not view.delete_action.isEnabled() and not view.duplicate_action.isEnabled()
    with Register.open(str(register_path)) as register:
        assert register.get(first).document.details.client == ""
        assert register.create(make_document(created=date.today())).number == \
            f"MC-{date.today().year}-0003"  # the deleted number is never given again


# --- re-quote ---------------------------------------------------------------------------


def test_requote_after_the_rates_moved_shows_both_patient_figures(qtbot, window,
                                                                  register_path):
    (number,) = seed(register_path, "Ada Lovelace")  # priced at USD/EUR 0.92
    window.workspace.set_manual_rates({("USD", "EUR"): Decimal("1.1")})
    view = quotes(qtbot, window)
    view.requote_action.trigger()
    qtbot.waitUntil(lambda: getattr(view, "requote_dialog", None) is not None,
                    timeout=WAIT_MS)
    dialog = view.requote_dialog
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"Re-quote {number}: saved and today"
    # $800 – $2,400 at 0.92 when saved; at 1.1 today.
    assert dialog.patient_before.text() == "€736.00 – €1,472.00 – €2,208.00"
    assert dialog.patient_after.text() == "€880.00 – €1,760.00 – €2,640.00"
    rates = [[dialog.rates_table.item(0, c).text() for c in range(4)]]
    assert rates == [["USD/EUR", "0.920000 · 2026-10-30 · ecb", rates[0][2], "+19.57 %"]]
    assert rates[0][2].startswith("1.100000 · ") and rates[0][2].endswith(" · manual")
    table = dialog.lines_table
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 4)]
            for r in range(table.rowCount())}
    assert rows["Total"][:2] == ["$800.00 – $2,400.00", "$800.00 – $2,400.00"]
    assert rows["Patient, in EUR (indicative)"] == ["€736.00 – €2,208.00",
                                                    "€880.00 – €2,640.00", ""]
    assert "USD/EUR rate moved from 0.92" in dialog.reasons.text()


def test_requote_of_a_destination_gone_from_the_catalog_says_so(qtbot, settings,
                                                                register_path,
                                                                make_workspace):
    (number,) = seed(register_path, "Ada Lovelace")
    window = build_window(settings, rates_mode="offline")
    qtbot.addWidget(window)
    window.workspace.set_entries([e for e in window.workspace.entries
                                  if e.destination != "TR"])
    view = quotes(qtbot, window)
    view.requote(number)
    qtbot.waitUntil(lambda: getattr(view, "requote_dialog", None) is not None,
                    timeout=WAIT_MS)
    dialog = view.requote_dialog
    qtbot.addWidget(dialog)
    assert "no longer in the catalog" in dialog.note.text()
    assert dialog.patient_before.text() == "€736.00 – €1,472.00 – €2,208.00"
    window.register.close()


# --- exports ----------------------------------------------------------------------------


def wait_for_file(qtbot, path):
    qtbot.waitUntil(lambda: path.exists() and path.stat().st_size > 0, timeout=WAIT_MS)
    return path


def test_exports_write_excel_pdf_and_calendar_files(qtbot, window, register_path,
                                                    tmp_path):
    import openpyxl

    (number,) = seed(register_path, "Ada Lovelace")
    view = quotes(qtbot, window)
    view.export_to("xlsx", tmp_path / "out.xlsx")
    xlsx = wait_for_file(qtbot, tmp_path / "out.xlsx")
    cells = [str(cell.value) for row in openpyxl.load_workbook(xlsx).active.iter_rows()
             for cell in row if cell.value is not None]
    assert any("Ada Lovelace" in text for text in cells)
    assert any(number in text for text in cells)

    view.export_to("ics", tmp_path / "out.ics")
    ics = wait_for_file(qtbot, tmp_path / "out.ics").read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == 8
    assert number in ics

    view.export_to("pdf", tmp_path / "out.pdf")
    pdf = wait_for_file(qtbot, tmp_path / "out.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: "out.pdf" in window.statusBar().currentMessage(),
                    timeout=WAIT_MS)


def test_export_offers_the_number_as_file_name(qtbot, window, register_path, tmp_path,
                                               monkeypatch):
    (number,) = seed(register_path, "Ada Lovelace")
    view = quotes(qtbot, window)
    offered = []

    def ask(parent, title, start, file_filter, *args, **kwargs):
        offered.append((title, start, file_filter))
        return str(tmp_path / "chosen"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    view.export_actions["xlsx"].trigger()
    assert offered[0][1].endswith(f"{number}.xlsx")
    assert offered[0][2] == "Excel workbook (*.xlsx)"
    wait_for_file(qtbot, tmp_path / "chosen.xlsx")  # the extension is added


# --- location and screenshot -----------------------------------------------------------


def test_the_saved_location_never_keeps_a_password(qtbot, settings, monkeypatch, tmp_path):
    monkeypatch.delenv("MESOCOST_DB", raising=False)
    from mesocost.ui.register_access import RegisterAccess

    access = RegisterAccess(settings)
    assert access.target.endswith("register.sqlite3")  # the default file
    access.set_location("postgresql://coordinator:s3cret@db.example/mesocost")
    assert settings.get("register_location") == "postgresql://coordinator@db.example/mesocost"
    assert access.target == "postgresql://coordinator:s3cret@db.example/mesocost"  # session
    assert access.shown() == "postgresql://coordinator:***@db.example/mesocost"
    monkeypatch.setenv("MESOCOST_DB", str(tmp_path / "env.sqlite3"))
    assert access.target == str(tmp_path / "env.sqlite3") and access.from_environment()


def test_twenty_quotes_render_with_readable_columns(qtbot, window, register_path,
                                                    tmp_path):
    clients = ["Ayşe Yılmaz", "Ada Lovelace", "Grace Hopper", "Jean-Baptiste Poquelin",
               "María José Carreño Quiñones", "Nguyễn Thị Minh Khai"] * 4
    numbers = seed(register_path, *clients[:20], discount_pct=Decimal(5))
    window.resize(1360, 760)
    window.show()
    view = quotes(qtbot, window)
    assert view.model.rowCount() == 20 and len(numbers) == 20
    qtbot.waitUntil(lambda: "Rates frozen" in view.preview_text(), timeout=WAIT_MS)
    image = window.grab()
    assert image.save(str(tmp_path / "quotes.png"))
    table = view.table
    for key in ("number", "status", "total", "patient", "created", "expires"):
        column = COLUMN_INDEX[key]
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), key
    assert table.columnWidth(COLUMN_INDEX["client"]) >= 120


def test_another_location_is_read_and_remembered(qtbot, settings, monkeypatch, tmp_path):
    monkeypatch.delenv("MESOCOST_DB", raising=False)
    other = tmp_path / "team.sqlite3"
    (number,) = seed(other, "Grace Hopper")
    window = build_window(settings, rates_mode="offline")
    qtbot.addWidget(window)
    view = quotes(qtbot, window)
    assert view.model.rowCount() == 0 and view.location_button.isEnabled()
    assert view.message.text().startswith("No quotes yet")
    before = view.loads
    view.set_location(str(other))
    reloaded(qtbot, view, before)
    assert listed(view) == [number] and view.location.text() == str(other)
    assert settings.get("register_location") == str(other)
    window.register.close()


def test_only_the_statuses_the_register_allows_are_offered():
    from mesocost.register.store import NEXT_STATUS
    from mesocost.ui.quotes_view import _next_statuses

    # The view mirrors the register's rule (it must not import SQLAlchemy to know it).
    assert {s: _next_statuses(s, expired=False) for s in NEXT_STATUS} == NEXT_STATUS
    assert _next_statuses("draft", expired=False) == ("sent",)
    assert _next_statuses("sent", expired=False) == ("accepted", "declined")
    assert _next_statuses("sent", expired=True) == ("declined",)  # too late to accept
    assert _next_statuses("draft", expired=True) == ()
    assert _next_statuses("accepted", expired=False) == ()
