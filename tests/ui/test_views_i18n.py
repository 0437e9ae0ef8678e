"""The destinations, schedule, quote and quotes views in the pseudo-language, and the quote
builder's document language.

In `qps` every translated string shows as "[Ŝéššîöñ~~~]". Each view is built as the other
tests in tests/ui build it, then every text a person reads is collected: labels, buttons,
actions and their tooltips, group boxes, placeholders, accessible names, headers, combo
items that are prose, prose cells, the previews' HTML, refusals, status messages, dialogs.
Prose that shows no pseudo segment, or English beside one, was not marked. Data is left
out: numbers, money and dates, ISO codes, quote numbers, CLDR country and currency names,
catalog, protocol and client texts, each language's own name, file paths.

The quote's documents are written in its document language, never the window's: the
builder's "Document language" decides the workbook's words, and the register keeps it.
"""

from __future__ import annotations

import getpass
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QTableWidget,
    QWidget,
)

from mesocost.core import i18n as markers
from mesocost.core.catalog import PriceEntry
from mesocost.core.geo import country_name
from mesocost.core.travel import TravelCosts
from mesocost.i18n import LANGUAGES, PSEUDO, known_codes, language, pseudo, use_interface_language
from mesocost.present import line_label
from mesocost.register.store import Register
from mesocost.storage.userdata import UserCatalog, effective_entries
from tests.register.conftest import make_document
from tests.ui.pseudowalk import PSEUDO_SEGMENT, unmarked

WAIT_MS = 15000

QT_OWN = ("qt_", "_q_", "ScrollLeftButton", "ScrollRightButton")
NO_BUTTON = QDialogButtonBox.StandardButton.NoButton


# --- the walk -------------------------------------------------------------------------------


@pytest.fixture
def pseudo_interface():
    use_interface_language(PSEUDO)
    yield
    markers.install(markers.ENGLISH)


def catalog_data(entries, locale: str = "en_US") -> set[str]:
    """What the catalog and the languages contribute that is data, not words."""
    found = {"mesocost", "✕", "PRP", *known_codes(),
             *(native for native, _locale, _rtl in LANGUAGES.values())}
    for entry in entries:
        found.update(filter(None, (entry.label, entry.city, entry.clinic, entry.source,
                                   entry.includes, country_name(entry.destination, locale))))
    return found


def header_texts(model) -> list[str]:
    texts = []
    for section in range(model.columnCount(QModelIndex())):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                texts.append(value)
    return texts


# What each kind of widget shows besides its tooltip and accessible name (first match).
SHOWN = (
    (QLabel, lambda w: [w.text()]),
    (QAbstractButton, lambda w: [w.text()]),
    (QGroupBox, lambda w: [w.title()]),
    (QLineEdit, lambda w: [w.placeholderText()]),
    (QTableWidget, lambda w: [w.horizontalHeaderItem(c).text()
                              for c in range(w.columnCount())]),
    (QTableView, lambda w: header_texts(w.model()) if w.model() is not None else []),
    (QAbstractSpinBox, lambda w: [f"{w.prefix()}{w.suffix()}".strip()]  # "30 days"
     if hasattr(w, "suffix") else []),
)


def widget_texts(widget: QWidget, prose_combos: tuple[QComboBox, ...]
                 ) -> list[tuple[str, str]]:
    """(what, text) a widget shows besides its tooltip and accessible name."""
    kind = type(widget).__name__
    if isinstance(widget, QComboBox):
        return ([(f"{kind} item", widget.itemText(i)) for i in range(widget.count())]
                if widget in prose_combos else [])
    for shape, shown in SHOWN:
        if isinstance(widget, shape):
            return [(kind, text) for text in shown(widget)]
    return []


def texts_of(root: QWidget, prose_combos: tuple[QComboBox, ...] = ()
             ) -> list[tuple[str, str]]:
    """(what, text) for every text a person sees in `root` and its children. Combo items
    are read only for `prose_combos` (the others list data: places, codes, languages)."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.objectName().startswith(QT_OWN):
            continue  # Qt's own words, in Qt's catalogue
        box = widget.parent()
        if isinstance(box, QDialogButtonBox) and box.standardButton(widget) != NO_BUTTON:
            continue  # Close, OK: Qt's own words
        kind = type(widget).__name__
        if widget.isWindow():
            found.append((f"{kind} window title", widget.windowTitle()))
        found.append((f"{kind} tooltip", widget.toolTip()))
        found.append((f"{kind} accessible name", widget.accessibleName()))
        found += widget_texts(widget, prose_combos)
    for action in root.findChildren(QAction):
        if action.isSeparator() or action.objectName().startswith(QT_OWN):
            continue
        found.append(("QAction text", action.text()))
        found.append(("QAction tooltip", action.toolTip()))
        if action.menu() is not None:
            found.append(("menu title", action.menu().title()))
    return found


def failures(texts, data: set[str]) -> list[str]:
    """The texts that look unmarked, with why; each once."""
    seen, found = set(), []
    for what, text in texts:
        why = unmarked(text, data)
        if why is not None and (what, text) not in seen:
            seen.add((what, text))
            found.append(f"{what}: {text!r} ({why})")
    return found


def lines(what: str, text: str) -> list[tuple[str, str]]:
    """A preview's plain text, one (what, line) per line."""
    return [(what, line) for line in text.splitlines() if line.strip()]


def column_texts(model, column: int, role=Qt.ItemDataRole.DisplayRole) -> list[str]:
    return [model.data(model.index(row, column), role) for row in range(model.rowCount())]


# --- the quote builder ---------------------------------------------------------------------

MADRID = PriceEntry("ES", "EUR", Decimal(90), Decimal(180), city="Madrid",
                    clinic="Clínica Ejemplo", source="clinic price list",
                    travel=TravelCosts("EUR", Decimal(180), 1, Decimal(95), 20))


@pytest.fixture
def builder(qtbot, make_workspace, context, bundled):
    from mesocost.ui.quote_view import QuoteView

    def make(register=None, **inputs):
        workspace = make_workspace(entries=(*bundled, MADRID), **inputs)
        view_context = context if register is None else context._replace(register=register)
        view = QuoteView(workspace, view_context)
        qtbot.addWidget(view)
        return view
    return make


def fill_builder(view, client="Ada"):
    view.select_destination("ES", "Clínica Ejemplo")
    view.client.setText(client)
    view.discount.setText("10")
    view.tax.setText("20")
    view.deposit.setText("30")
    view.notes.setPlainText("Bring the blood test results")
    for name, low, currency, per_session in (("PRP", "50", "USD", True),
                                            ("Kit", "20", "", False)):
        view.add_on_name.setText(name)
        view.add_on_low.setText(low)
        view.add_on_currency.setEditText(currency)
        view.add_on_per_session.setChecked(per_session)
        assert view.add_typed_add_on()
    return view.flush()


def builder_data(view) -> set[str]:
    data = catalog_data(view.workspace.entries)
    data.update({"Ada", "Kit", "Bring the blood test results", PSEUDO})
    for protocol in view.workspace.find_protocol.protocols.values():
        data.add(protocol.title)
    return data


def test_the_quote_builder_and_its_preview_are_in_the_interface_language(
        qtbot, pseudo_interface, builder):
    view = builder()
    current = fill_builder(view)
    assert current is not None
    data = builder_data(view)
    texts = texts_of(view, prose_combos=(view.tax_mode,))
    texts += [("add-on cell", text) for text in column_texts(view.add_ons, 3)]
    texts += lines("preview", view.preview_text())
    assert not failures(texts, data), "\n".join(failures(texts, data))
    # The lines are named by present.line_label in the interface language.
    quote = current[0]
    assert line_label(quote.lines[0], quote, markers.interface()) in view.preview_text()
    assert pseudo("Subtotal") in view.preview_text()

    # Refusals and a form that cannot be priced.
    view.add_on_name.setText("Serum")
    view.add_on_low.setText("abc")
    assert not view.add_typed_add_on()
    view.discount.setText("150")
    view.flush()
    assert view.message.isVisible() or view.message.text()
    refusals = [("add-on refusal", view.add_on_message.text()),
                ("message", view.message.text()),
                *lines("preview", view.preview_text())]
    data.add("Serum")
    assert not failures(refusals, data), "\n".join(failures(refusals, data))


def test_the_builder_offers_each_language_by_its_own_name(qtbot, builder):
    view = builder()
    combo = view.document_language
    assert [combo.itemText(i) for i in range(combo.count())] == [
        native for native, _locale, _rtl in LANGUAGES.values()]
    assert [combo.itemData(i) for i in range(combo.count())] == list(LANGUAGES)
    assert view.document_language_code() == "en"  # the interface language (English)


def test_the_default_document_language_is_the_interface_language(qtbot, builder):
    try:
        use_interface_language("de")
        assert builder().document_language_code() == "de"
    finally:
        markers.install(markers.ENGLISH)
    try:  # the pseudo-language: offered to a tester, but documents default to English
        use_interface_language(PSEUDO)
        view = builder()
        assert view.document_language_code() == "en"
        assert view.document_language.findData(PSEUDO) >= 0
    finally:
        markers.install(markers.ENGLISH)


def workbook_texts(path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if isinstance(cell.value, str)]


def export_workbook(qtbot, view, path):
    future = view.export_to(path)
    qtbot.waitUntil(future.done, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not view._exporting, timeout=WAIT_MS)
    assert future.exception() is None
    return workbook_texts(path)


def rate_warnings(converted) -> set[str]:
    return {warning for rate in converted.rates for warning in rate.warnings}


def test_the_document_language_chooses_the_workbooks_words(qtbot, pseudo_interface, builder,
                                                           tmp_path, recorder):
    view = builder()
    quote, converted, _details = fill_builder(view)
    label = pseudo("Subtotal")

    # The window speaks qps, the patient English: the workbook has no pseudo word (but the
    # rate service's warnings: see the next test).
    assert view.document_language_code() == "en"
    english = export_workbook(qtbot, view, tmp_path / "en.xlsx")
    assert "Subtotal" in english and label not in english
    warnings = rate_warnings(converted)
    assert not [text for text in english if PSEUDO_SEGMENT.search(text)
                and not any(warning in text for warning in warnings)]

    view.set_document_language(PSEUDO)
    wrapped = export_workbook(qtbot, view, tmp_path / "qps.xlsx")
    assert label in wrapped and "Subtotal" not in wrapped
    assert line_label(quote.lines[0], quote, language(PSEUDO)) in wrapped
    assert not recorder.errors


def test_a_rate_warning_in_an_english_document_is_english(qtbot, pseudo_interface, builder,
                                                          tmp_path):
    view = builder()
    fill_builder(view)
    english = export_workbook(qtbot, view, tmp_path / "en.xlsx")
    assert not [text for text in english if PSEUDO_SEGMENT.search(text)]


# --- the register: saved with the quote, exported in it ---------------------------------------


@pytest.fixture
def register(tmp_path, monkeypatch, settings):
    """The register the views open (MESOCOST_DB wins over the setting)."""
    from mesocost.ui.register_access import RegisterAccess

    path = tmp_path / "register.sqlite3"
    monkeypatch.setenv("MESOCOST_DB", str(path))
    access = RegisterAccess(settings)
    access.path = path
    yield access
    access.close()


def wait(qtbot, future):
    qtbot.waitUntil(future.done, timeout=WAIT_MS)
    return future.result()


def saved_by(qtbot, view):
    """Save from the builder and wait until the builder has the saved quote open."""
    saved = wait(qtbot, view.register_link.save())
    qtbot.waitUntil(lambda: not view.register_link.saving
                    and view.register_link.loaded is not None
                    and view.register_link.loaded.number == saved.number, timeout=WAIT_MS)
    return saved


def test_the_document_language_is_saved_and_restored(qtbot, builder, register):
    view = builder(register=register)
    fill_builder(view)
    view.set_document_language("de")
    saved = saved_by(qtbot, view)
    assert saved.document.language == "de"
    assert view.document_language_code() == "de"

    view.register_link.new_quote()  # a new patient: back to the default
    assert view.document_language_code() == "en"
    with Register.open(str(register.path)) as opened:
        again = opened.get(saved.number)
    view.register_link.load_saved(again)
    assert view.document_language_code() == "de"
    # Saved again, the draft keeps it.
    view.set_document_language("fr")
    resaved = saved_by(qtbot, view)
    assert (resaved.number, resaved.document.language) == (saved.number, "fr")


def loaded(qtbot, view):
    view.ensure_loaded()
    qtbot.waitUntil(lambda: not view.loading and view.loads > 0, timeout=WAIT_MS)


def seed(path, *documents):
    with Register.open(str(path)) as opened:
        return [opened.create(document).number for document in documents]


def test_the_quotes_view_exports_in_the_quotes_language(qtbot, register, make_workspace,
                                                        context, tmp_path):
    from dataclasses import replace

    from mesocost.ui.quotes_view import QuotesView

    english, qps = seed(register.path, make_document(created=date.today()),
                        replace(make_document(created=date.today()), language=PSEUDO))
    view = QuotesView(make_workspace(), context._replace(register=register))
    qtbot.addWidget(view)
    loaded(qtbot, view)
    for number, wrapped in ((english, False), (qps, True)):
        texts = []
        for kind in ("xlsx", "ics"):
            target = tmp_path / f"{number}.{kind}"
            wait(qtbot, view.export_to(kind, target, number))
            qtbot.waitUntil(lambda t=target: t.exists() and t.stat().st_size > 0,
                            timeout=WAIT_MS)
            texts += (workbook_texts(target) if kind == "xlsx"
                      else [target.read_text(encoding="utf-8")])
        found = [text for text in texts if PSEUDO_SEGMENT.search(text)]
        assert bool(found) == wrapped, (number, found[:3])
        assert (pseudo("Subtotal") in texts) == wrapped


# --- destinations -----------------------------------------------------------------------------


def test_the_destinations_view_is_in_the_interface_language(qtbot, pseudo_interface,
                                                            make_workspace, bundled, context,
                                                            recorder, monkeypatch):
    from mesocost.ui.destinations import (
        AS_OF,
        CITY,
        LOW,
        PER_TRIP,
        DestinationsView,
        ImportReport,
        ImportSummary,
    )

    catalog = UserCatalog((MADRID,), {})
    workspace = make_workspace(effective_entries(bundled, catalog))
    view = DestinationsView(workspace, context, bundled, catalog)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    model, mine = view.model, len(bundled)
    data = catalog_data((*bundled, MADRID))
    refusals: list[str] = []
    model.rejected.connect(refusals.append)

    tips = [("cell tooltip", model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole))
            for row in (0, mine) for column in (LOW, PER_TRIP)]
    assert model.setData(model.index(mine, CITY), "Sevilla")  # an undoable edit
    data.update({"Sevilla", model.row(mine).entry.label})
    assert not model.setData(model.index(mine, LOW), "abc")  # refused: said in a bar
    assert not model.setData(model.index(mine, PER_TRIP), "1,5")  # refused, a travel cell
    assert not model.setData(model.index(0, LOW), "5")  # a published price
    model.remove_rows([0])  # published rows stay: said why
    assert len(refusals) == 4
    texts = [*texts_of(view), *tips, ("message bar", view.message.text()),
             ("undo", view.undo_action.text()), ("redo", view.redo_action.text()),
             *[("refusal", text) for text in refusals],
             *[("status", text) for text in recorder.statuses]]

    from PySide6.QtWidgets import QStyleOptionViewItem

    editor = view.table.itemDelegate().createEditor(
        view.table.viewport(), QStyleOptionViewItem(),
        view.proxy.mapFromSource(model.index(mine, AS_OF)))
    texts += [("editor placeholder", editor.placeholderText()),
              ("editor name", editor.accessibleName())]

    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(
        (box.windowTitle(), box.text(), box.informativeText()))
        or QMessageBox.StandardButton.Cancel)
    assert not view.maybe_save()
    texts += [("unsaved box", text) for text in asked[0]]

    report = ImportReport("/tmp/prices.csv", 2, ImportSummary(1, 1, 1), ["row 3: no price"],
                          view)
    qtbot.addWidget(report)
    texts += texts_of(report)
    view.add_destination()
    texts.append(("status", recorder.statuses[-1]))
    new_row = model.row(model.rowCount() - 1).entry
    texts += [("new row clinic", new_row.clinic), ("new row source", new_row.source)]
    assert not failures(texts, data), "\n".join(failures(texts, data))


# --- schedule ---------------------------------------------------------------------------------


def test_the_schedule_view_is_in_the_interface_language(qtbot, pseudo_interface,
                                                        make_workspace, bundled, context):
    from mesocost.ui.schedule_view import ScheduleView

    workspace = make_workspace(entries=(*bundled, MADRID), maintenance_months=6)
    view = ScheduleView(workspace, context)
    qtbot.addWidget(view)
    view.select_destination("ES", "Clínica Ejemplo")
    data = catalog_data(workspace.entries)
    texts = [*texts_of(view), ("plan", view.plan.text()),
             ("trips", view.trips_summary.text()),
             *[("maintenance cell", text) for text in column_texts(view.sessions_model, 4)],
             *[("milestone cell", text) for text in column_texts(view.milestones_model, 4)],
             *lines("reading panel", view.notes.toPlainText())]
    view.select_destination("TR")  # no travel costs: said why there are no trips
    texts.append(("trips", view.trips_summary.text()))
    workspace.set_inputs(protocol="custom", custom_phases=())
    workspace.flush()
    texts.append(("failure", view.message.text()))
    assert "yes" not in column_texts(view.sessions_model, 4)
    assert not failures(texts, data), "\n".join(failures(texts, data))


# --- the register's view, the re-quote dialog, a saved quote in the builder ---------------------


def test_the_quotes_view_is_in_the_interface_language(qtbot, pseudo_interface, register,
                                                      make_workspace, context, recorder,
                                                      monkeypatch, builder):
    from mesocost.ui.quotes_model import COLUMN_INDEX
    from mesocost.ui.quotes_view import QuotesView

    with Register.open(str(register.path)) as opened:
        draft = opened.create(make_document(created=date.today())).number
        sent = opened.create(make_document(client="Ada Lovelace",
                                           created=date.today())).number
        opened.set_status(sent, "sent")
        revised = opened.revise(sent).number
        gone = opened.create(make_document(client="Bob", created=date.today())).number
        opened.delete(gone)
        old = opened.create(make_document(client="Old", created=date(2025, 1, 2))).number
    workspace = make_workspace()
    # Today's rates moved: the re-quote has reasons to give.
    workspace.set_manual_rates({("USD", "EUR"): Decimal("1.1")})
    view = QuotesView(workspace, context._replace(register=register))
    qtbot.addWidget(view)
    loaded(qtbot, view)
    view.set_status_filter("")
    data = catalog_data(workspace.entries)
    data.update({"Ayşe Yılmaz", "Ada Lovelace", "Old", "Klinik Ankara",
                 "Türkiye · Klinik Ankara", getpass.getuser(), "ayse@example.com"})

    model = view.model
    cells = [("status cell", text) for text in column_texts(model, COLUMN_INDEX["status"])]
    for key in ("status", "patient", "number", "client"):
        cells += [(f"{key} tooltip", text) for text in column_texts(
            model, COLUMN_INDEX[key], Qt.ItemDataRole.ToolTipRole) if text]
    texts = [*texts_of(view, prose_combos=(view.status_filter,)), *cells,
             ("count", view.count.text())]

    previews = []
    for number in (draft, sent, revised, old):
        assert view.select_number(number)
        qtbot.waitUntil(lambda n=number: n in view.preview_text()
                        and "~]" in view.preview_text(), timeout=WAIT_MS)
        previews += lines(f"preview of {number}", view.preview_text())
    view.set_status_filter("deleted")
    assert view.select_number(gone)
    qtbot.waitUntil(lambda: gone in view.preview_text(), timeout=WAIT_MS)
    previews += lines(f"preview of {gone}", view.preview_text())
    view.set_status_filter("")
    texts += previews
    assert any(pseudo("History") in text for _what, text in previews)

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *rest: asked.append(
        (title, text)) or QMessageBox.StandardButton.Cancel)
    view.delete(sent)
    texts += [("delete question", text) for text in asked[0]]
    view.duplicate(draft)
    qtbot.waitUntil(lambda: len(recorder.statuses) == 1, timeout=WAIT_MS)
    view.set_status("sent", draft)
    qtbot.waitUntil(lambda: len(recorder.statuses) == 2, timeout=WAIT_MS)
    texts += [("status", text) for text in recorder.statuses]

    view.requote(sent)
    qtbot.waitUntil(lambda: getattr(view, "requote_dialog", None) is not None,
                    timeout=WAIT_MS)
    dialog = view.requote_dialog
    qtbot.addWidget(dialog)
    texts += texts_of(dialog)
    for table, columns in ((dialog.lines_table, (0, 3)), (dialog.rates_table, (3,))):
        texts += [("requote cell", table.item(row, column).text())
                  for row in range(table.rowCount()) for column in columns]
    assert dialog.reasons.text()

    builder_view = builder(register=register)  # a sent quote reopened: read-only
    with Register.open(str(register.path)) as opened:
        builder_view.register_link.load_saved(opened.get(sent))
    texts += [("banner", builder_view.register_link.banner_text.text()),
              ("save action", builder_view.save_action.text()),
              ("save tooltip", builder_view.save_action.toolTip()),
              *lines("builder preview", builder_view.preview_text())]
    data.update(builder_data(builder_view))
    assert not failures(texts, data), "\n".join(failures(texts, data))


def test_english_stays_as_it_was(qtbot, builder):
    """The interface in English: the words the window always showed (no pseudo)."""
    view = builder()
    fill_builder(view)
    assert view.validity.suffix() == " days"
    view.validity.setValue(1)
    assert view.validity.suffix() == " day"  # ngettext: "1 days" was wrong
    text = view.preview_text()
    assert "Deposit 30% of the lowest total, due by" in text
    assert "Quote for Ada" in text and "~]" not in text
