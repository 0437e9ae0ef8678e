"""The window in other languages: every word marked, the language setting, Qt's own words,
right to left.

The pseudo-language walk builds the window in `qps` (every translated string shows as
"[Ŝéššîöñ~~~]"), visits every view and reads every text a person sees: a text that is
prose but shows no pseudo segment, or shows English beside one, was not marked. Data
(numbers, money, dates, ISO codes, country and currency names, catalog and protocol
names, file paths, each language's own name) is not translated and is left out.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeView,
    QWidget,
)

from mesocost.core import i18n as markers
from mesocost.core.geo import country_name
from mesocost.i18n import LANGUAGES, known_codes, use_interface_language
from mesocost.ui.app import build_window, speak_in_qt, use_window_language
from mesocost.ui.main_window import VIEWS
from tests.ui.pseudowalk import unmarked

# Views whose texts are marked by the window's own modules (main_window, compare_view, ...);
# the others are marked in their own modules.
WINDOW_VIEWS = ("compare",)
OTHER_VIEWS = tuple(view for view in VIEWS if view not in WINDOW_VIEWS)

# Widgets Qt makes and names itself, translated by Qt's own catalogue.
QT_OWN = ("qt_", "ScrollLeftButton", "ScrollRightButton")
NO_BUTTON = QDialogButtonBox.StandardButton.NoButton


@pytest.fixture(autouse=True)
def _english_around_each_test():
    """Each test starts and ends in English, whatever ran before it."""
    markers.install(markers.ENGLISH)
    yield
    markers.install(markers.ENGLISH)


@pytest.fixture
def pseudo():
    use_interface_language("qps")
    yield
    markers.install(markers.ENGLISH)


@pytest.fixture
def window(qtbot, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("MESOCOST_DB", str(tmp_path / "register.sqlite3"))
    window = build_window(settings, rates_mode="offline")
    qtbot.addWidget(window)
    yield window
    window.register.close()


def data_texts(window) -> set[str]:
    """The window's data: catalog and country names, protocol titles, languages' own
    names and codes."""
    found = {"mesocost", "✕", *known_codes(),
             *(native for native, _locale, _rtl in LANGUAGES.values())}
    locale = window.workspace.inputs.locale
    for entry in window.workspace.entries:
        found.update(filter(None, (entry.label, entry.city, entry.clinic, entry.source,
                                   country_name(entry.destination, locale))))
    for protocol in window.workspace.find_protocol.protocols.values():
        found.add(protocol.title)
    return found


def owner(thing: QObject, roots: dict[str, QWidget]) -> str:
    """The view a widget or action belongs to ("window" for the window's own)."""
    current = thing
    while current is not None:
        for name, root in roots.items():
            if current is root:
                return name
        current = current.parent()
    return "window"


def qt_own(widget: QWidget) -> bool:
    """Whether Qt made the widget and translates its words itself (the tab bar's scroll
    buttons, OK and Cancel), or it only shows an action's (a tool bar's buttons)."""
    if widget.objectName().startswith(QT_OWN):
        return True
    if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
        return True  # read as the action
    box = widget.parent()
    return isinstance(box, QDialogButtonBox) and box.standardButton(widget) != NO_BUTTON


# Each kind of widget and how to read its own texts (the first kind that fits).
KIND_TEXTS = (
    ((QLabel, QAbstractButton), lambda widget: [widget.text()]),
    (QGroupBox, lambda widget: [widget.title()]),
    (QLineEdit, lambda widget: [widget.placeholderText()]),
    (QTabWidget, lambda widget: [widget.tabText(i) for i in range(widget.count())]),
    (QComboBox, lambda widget: [widget.itemText(i) for i in range(widget.count())]),
    ((QTableView, QTreeView),
     lambda widget: headers(widget.model()) if widget.model() is not None else []),
    (QAbstractSpinBox,  # "8 sessions": the words around the number
     lambda widget: [f"{widget.prefix()}{widget.suffix()}".strip()]
     if hasattr(widget, "suffix") else []),
)


def widget_texts(widget: QWidget) -> list[str]:
    """The texts of one widget that depend on its kind."""
    for kinds, read in KIND_TEXTS:
        if isinstance(widget, kinds):
            return read(widget)
    return []


def texts_of(root: QWidget) -> list[tuple[QObject, str, str]]:
    """(object, what, text) for every text a person sees in `root` and its children."""
    found: list[tuple[QObject, str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if qt_own(widget):
            continue
        kind = type(widget).__name__
        if widget.isWindow():
            found.append((widget, f"{kind} window title", widget.windowTitle()))
        found.append((widget, f"{kind} tooltip", widget.toolTip()))
        found.append((widget, f"{kind} accessible name", widget.accessibleName()))
        found += [(widget, kind, text) for text in widget_texts(widget)]
    for action in root.findChildren(QAction):
        if action.isSeparator():
            continue
        found.append((action, "QAction text", action.text()))
        found.append((action, "QAction tooltip", action.toolTip()))
        if action.menu() is not None:
            found.append((action, "menu title", action.menu().title()))
    return found


def headers(model: QAbstractItemModel) -> list[str]:
    texts = []
    for section in range(model.columnCount(QModelIndex())):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                texts.append(value)
    return texts


def menu_texts(window) -> list[tuple[QObject, str, str]]:
    found = []

    def walk(menu, path):
        for action in menu.actions():
            if action.isSeparator():
                continue
            found.append((action, f"menu {path}", action.text()))
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {action.text()}")

    walk(window.menuBar(), "bar")
    return found


def chart_texts(window) -> list[tuple[QObject, str, str]]:
    chart = window.compare_view.chart
    return [(chart, "chart title", chart.chart.title()),
            (chart, "chart series", chart.span.label()),
            (chart, "chart series", chart.typical.name()),
            (chart, "chart series", chart.home.name())]


def visit_every_view(qtbot, window) -> dict[str, QWidget]:
    views = {}
    for name in VIEWS:
        window.show_view(name)
        views[name] = window.tabs.widget(VIEWS.index(name))
    window.settle()
    quotes = window.quotes_view
    qtbot.waitUntil(lambda: not quotes.loading, timeout=15000)
    window.show_view("compare")
    return views


def failures_by_view(window, views, extra=()) -> dict[str, list[str]]:
    data = data_texts(window)
    found: dict[str, list[str]] = {}
    seen = set()
    for thing, what, text in [*texts_of(window), *menu_texts(window), *extra]:
        why = unmarked(text, data)
        key = (id(thing), what, text)
        if why is None or key in seen:
            continue
        seen.add(key)
        found.setdefault(owner(thing, views), []).append(f"{what}: {text!r} ({why})")
    return found


# --- the pseudo-language walk ---------------------------------------------------------------

def test_the_window_and_the_compare_view_show_every_text_translated(qtbot, pseudo, window):
    views = visit_every_view(qtbot, window)
    window.workspace.flush()
    found = failures_by_view(window, views, chart_texts(window))
    mine = {name: texts for name, texts in found.items()
            if name == "window" or name in WINDOW_VIEWS}
    assert not mine, "\n".join(f"[{name}] {text}" for name, texts in mine.items()
                               for text in texts)
    assert window.windowTitle().startswith("[")
    assert window.rates_label.text() and "~]" in window.rates_label.text()


@pytest.mark.parametrize("view", OTHER_VIEWS)
def test_the_other_views_show_every_text_translated(qtbot, pseudo, window, view):
    views = visit_every_view(qtbot, window)
    found = failures_by_view(window, views).get(view, [])
    assert not found, "\n".join(found)


def test_the_rates_dialog_and_the_about_box_are_translated(qtbot, pseudo, window,
                                                          monkeypatch):
    from mesocost.ui.rates_dialog import ManualRatesDialog

    dialog = ManualRatesDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    data = data_texts(window)
    missing = [f"{what}: {text!r} ({why})" for _thing, what, text in texts_of(dialog)
               if (why := unmarked(text, data))]
    dialog.rate.setText("abc")
    dialog.add_rate()
    missing += [f"refusal: {why}" for why in [unmarked(dialog.message.text(), data)] if why]
    assert not missing, "\n".join(missing)

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(
        (title, text)))
    window.show_about()
    (title, text), = shown
    assert not unmarked(title, data)
    for paragraph in re.split(r"<br>|</?p>|</?small>|</?b>|<h3>.*?</h3>", text):
        if "Qt " in paragraph or not paragraph.strip():
            continue  # the versions line: names and numbers
        assert not unmarked(paragraph, data), paragraph


def test_a_rates_failure_in_the_window_names_the_translated_menu(qtbot, pseudo, window):
    window.workspace.set_inputs(currency="XAF")
    window.workspace.flush()
    error = window.workspace.error or ""
    if not error:
        pytest.skip("the bundled rates convert into XAF")
    assert "▸" in error and "~]" in error.split("▸")[-1]


# --- the language setting ---------------------------------------------------------------

def test_the_saved_language_applies_unless_lang_or_the_environment_say_otherwise(
        settings, monkeypatch):
    monkeypatch.delenv("MESOCOST_LANG", raising=False)
    try:
        settings.set("interface_language", "de")
        assert use_window_language(settings).code == "de"
        assert markers.interface().code == "de"
        assert use_window_language(settings, "fr").code == "fr"  # --lang fr
        monkeypatch.setenv("MESOCOST_LANG", "tr")
        assert use_window_language(settings).code == "tr"
        monkeypatch.delenv("MESOCOST_LANG")
        settings.set("interface_language", "")  # the system's
        monkeypatch.setenv("LANGUAGE", "fr_FR")
        assert use_window_language(settings).code == "fr"
    finally:
        markers.install(markers.ENGLISH)


def test_the_language_menu_saves_the_choice_and_offers_a_restart(qtbot, window, settings,
                                                                 monkeypatch):
    from PySide6.QtCore import QProcess

    started = []
    monkeypatch.setattr(QProcess, "startDetached",
                        lambda program, arguments: started.append([program, *arguments]))
    names = [action.text() for action in window.language_menu.actions()]
    assert names[0].startswith("System language") and names[1:] == [
        native for native, _locale, _rtl in LANGUAGES.values()]
    window.restart_command = ["python", "-m", "mesocost", "gui"]
    window.language_actions["de"].trigger()
    assert settings.get("interface_language") == "de"
    assert window.language_actions["de"].isChecked()
    box = window.language_box
    assert box is not None and "Deutsch" in box.text() and "next start" in box.text()
    restart = next(button for button in box.buttons() if "Restart" in button.text())
    restart.click()
    assert started == [["python", "-m", "mesocost", "gui"]]
    assert not window.isVisible()


def test_the_language_menu_says_when_lang_wins_over_the_setting(qtbot, window, settings,
                                                                monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en_US")  # the system's language
    window.language_override = "--lang"
    window.language_actions["fr"].trigger()
    assert settings.get("interface_language") == "fr"
    assert "--lang" in window.language_box.text()
    assert not any("Restart" in button.text() for button in window.language_box.buttons())
    window.language_actions["en"].trigger()  # the language it speaks: nothing to restart
    window.language_override = None
    window.language_actions[""].trigger()
    assert settings.get("interface_language") == ""
    assert "English" in window.statusBar().currentMessage()


# --- Qt's own words, right to left ---------------------------------------------------------

def test_qt_speaks_the_interface_language_too(qapp):
    try:
        speak_in_qt(qapp, use_interface_language("de"))
        assert QApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
        assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
    finally:
        speak_in_qt(qapp, markers.ENGLISH)
        markers.install(markers.ENGLISH)
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_arabic_lays_the_window_out_right_to_left(qtbot, qapp, window_settings_factory,
                                                  tmp_path):
    from mesocost.ui.app import _screenshot

    try:
        speak_in_qt(qapp, use_interface_language("ar"))
        window = build_window(window_settings_factory(), rates_mode="offline")
        qtbot.addWidget(window)
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.compare_view.table.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert markers.interface().isolate("EUR") == "\u2068EUR\u2069"
        target = tmp_path / "ar.png"
        assert _screenshot(qapp, window, str(target), (1200, 760)) == 0
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        speak_in_qt(qapp, markers.ENGLISH)
        markers.install(markers.ENGLISH)
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


@pytest.fixture
def window_settings_factory(tmp_path, qapp):
    from mesocost.ui.settings import Settings

    return lambda: Settings.at(str(tmp_path / "settings.ini"))
