"""Starting the window: display check, application, workspace, and `--screenshot`.

Called by `mesocost` with no arguments and by `mesocost gui` (see mesocost/cli/gui.py).
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import date

from mesocost.core.errors import InputError
from mesocost.core.i18n import _, interface

log = logging.getLogger("mesocost")


def display_problem() -> str | None:
    """Why Qt could not open a window here (None if it can), checked before Qt aborts."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")) or sys.platform != "linux":
        return None
    if platform.startswith("wayland"):
        return None if os.environ.get("WAYLAND_DISPLAY") else _("no Wayland display")
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return _("no display available ({variable} is not set)").format(variable="DISPLAY")
    if os.environ.get("DISPLAY"):
        missing = _missing_xcb_libraries()
        if missing:
            return _("Qt's X11 plugin needs system libraries that are missing: {libraries} "
                     "(Debian/Ubuntu: {command})").format(
                libraries=", ".join(missing),
                command=interface().isolate("apt-get install " + " ".join(missing)))
    return None


def _missing_xcb_libraries() -> list[str]:
    import ctypes.util

    wanted = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4",
              "xcb-keysyms": "libxcb-keysyms1", "xkbcommon-x11": "libxkbcommon-x11-0"}
    return [package for library, package in wanted.items()
            if ctypes.util.find_library(library) is None]


def parse_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = (0, 0)
    if not sep or not (200 <= size[0] <= 8000 and 200 <= size[1] <= 8000):
        raise InputError(_("size must look like WIDTHxHEIGHT between 200 and 8000, got "
                           "{value}").format(value=interface().isolate(repr(text))), "--size")
    return size


def initial_inputs(settings, locale: str | None, currency: str | None):
    """The compare inputs at start: settings, else the system locale's defaults."""
    from mesocost.cli.options import default_currency, default_locale
    from mesocost.core.geo import parse_locale
    from mesocost.planning import CompareInputs, PhaseSpec

    locale = locale or settings.get("locale") or default_locale()
    currency = currency or settings.get("display_currency") or default_currency(locale)
    home = settings.get("home_country")
    if home == "-":
        home = None  # the user chose "none"
    elif not home:
        home = parse_locale(locale).territory or None
    start = settings.start_date()
    if start is None or start < date.today():
        start = date.today()
    try:
        phases = tuple(PhaseSpec(int(n), int(every), str(unit))
                       for n, every, unit in settings.get("custom_phases"))
    except (TypeError, ValueError):
        phases = None
    inputs = CompareInputs(currency=currency, locale=locale, start=start, home_country=home,
                           protocol=settings.get("protocol"), sessions=settings.get("sessions"),
                           maintenance_months=settings.get("maintenance_months"),
                           include_travel=settings.get("include_travel"))
    if phases:
        inputs = inputs._replace(custom_phases=phases)
    return inputs


def build_window(settings, *, rates_mode: str | None = None, locale: str | None = None,
                 currency: str | None = None, rate_service_factory=None):
    """The main window over the bundled catalog plus the user's saved data."""
    from mesocost.storage.tomlfiles import load_bundled_catalog
    from mesocost.storage.userdata import effective_entries, load_user_catalog
    from mesocost.ui.main_window import MainWindow
    from mesocost.ui.workspace import Workspace

    bundled = load_bundled_catalog()
    user_error = None
    try:
        user = load_user_catalog()
    except InputError as error:
        from mesocost.storage.userdata import UserCatalog

        user, user_error = UserCatalog((), {}), str(error)
    mode = rates_mode or settings.get("rates_mode")
    workspace = Workspace(initial_inputs(settings, locale, currency),
                          effective_entries(bundled, user), rates_mode=mode,
                          rate_service_factory=rate_service_factory)
    note = None
    if not currency and not settings.get("display_currency"):
        note = _fall_back_to_a_currency_with_rates(workspace)
    workspace.recompute()
    window = MainWindow(workspace, settings, bundled, user, None)
    if user_error:
        window.show_status(_("Your saved destinations could not be read: {error}").format(
            error=user_error), 0)
    elif note:
        window.show_status(note, 0)
    return window


def _fall_back_to_a_currency_with_rates(workspace) -> str | None:
    """The locale's currency if some rate source converts into it, else USD (the CLI's
    rule, `mesocost.rates.choose`); returns the note to show when it falls back."""
    from mesocost.core.errors import RatesUnavailable
    from mesocost.rates.choose import choose_display_currency

    try:
        choice = choose_display_currency(workspace.service, workspace.inputs.currency)
    except RatesUnavailable:
        return None  # no rate at all: the comparison itself will say why
    locale_currency = workspace.inputs.currency
    if choice.currency != locale_currency:
        workspace.inputs = workspace.inputs._replace(currency=choice.currency)
        isolate = interface().isolate
        return _("No exchange rate for {currency} (your locale's currency): showing "
                 "{shown}. Choose another currency above.").format(
            currency=isolate(locale_currency), shown=isolate(choice.currency))
    return None


# --- the interface language -------------------------------------------------------------

# Qt's own translations (standard buttons, file dialogs, context menus), installed on the
# application: kept here, since a QTranslator collected by Python stops translating.
_QT_TRANSLATORS: list = []


def use_window_language(settings, explicit: str | None = None):
    """Install the window's interface language and return it (a Language).

    One rule, `mesocost.i18n.interface_code`: --lang, else MESOCOST_LANG, else the choice
    saved in the window (Settings ▸ Language), else the system's. The CLI installed the
    same choice without the saved one before the command ran; this adds the saved one.
    A saved language whose catalogue is not compiled falls back to that choice, rather
    than refusing to open the window.
    """
    from mesocost import i18n

    code = i18n.interface_code(explicit, settings.get("interface_language"))
    try:
        return i18n.use_interface_language(code)
    except i18n.MissingCatalogue as error:
        fallback = i18n.interface_code(explicit)
        if fallback == code:
            raise
        log.warning("saved interface language %s not available: %s", code, error)
        return i18n.use_interface_language(fallback)


def language_override(explicit: str | None = None) -> str | None:
    """What chooses the interface language over the saved setting: "--lang" or
    "MESOCOST_LANG" (None: the saved setting applies)."""
    from mesocost.i18n import ENVIRONMENT

    if explicit:
        return "--lang"
    return ENVIRONMENT if os.environ.get(ENVIRONMENT, "").strip() else None


def speak_in_qt(app, language) -> None:
    """Qt's own words in `language` (its `qtbase_<code>.qm`, where Qt ships one) and the
    layout mirrored for a right-to-left language. Call before any widget is built."""
    from PySide6.QtCore import QLibraryInfo, Qt, QTranslator

    from mesocost.i18n import LANGUAGES

    for translator in _QT_TRANSLATORS:
        app.removeTranslator(translator)
    _QT_TRANSLATORS.clear()
    if language.code in LANGUAGES and language.code != "en":
        translator = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language.code}", folder):
            app.installTranslator(translator)
            _QT_TRANSLATORS.append(translator)
        else:
            log.info("no Qt translation qtbase_%s in %s", language.code, folder)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if language.right_to_left
                           else Qt.LayoutDirection.LeftToRight)


def restart_command() -> list[str] | None:
    """How to start this window again (the Language menu's "Restart now"), or None when
    it cannot be told (a frozen bundle)."""
    if getattr(sys, "frozen", False):
        return None
    return [sys.executable, "-m", "mesocost", *sys.argv[1:]]


def run(args) -> int:
    """Open the window (or render it to PNG with --screenshot). Returns the exit code."""
    from mesocost.ui.settings import Settings

    settings = Settings()
    explicit = getattr(args, "lang", None)
    language = use_window_language(settings, explicit)  # before any text is made
    problem = display_problem()
    if problem:
        raise InputError(_("cannot open the window: {problem}. Use the command line "
                           "({help}), or render off screen with {offscreen}").format(
            problem=problem, help="mesocost compare --help",
            offscreen="QT_QPA_PLATFORM=offscreen mesocost gui --screenshot FILE.png"))
    size = parse_size(args.size) if args.size else (1400, 860)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mesocost.ui.errors import ErrorReporter, setup_logging

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("mesocost")
    app.setOrganizationName("mesocost")
    speak_in_qt(app, language)  # before any widget: Qt's words and the layout direction
    window = build_window(settings, rates_mode=args.rates, locale=args.locale,
                          currency=args.currency)
    window.language_override = language_override(explicit)
    window.restart_command = restart_command()
    reporter = ErrorReporter(lambda: window, setup_logging())
    reporter.install()
    if args.view:
        window.show_view(args.view)
    if args.screenshot:
        return _screenshot(app, window, args.screenshot, size)
    if window.workspace.rates_mode != "offline":
        QTimer.singleShot(0, window.workspace.refresh_rates)  # after the first paint
    window.show()
    return app.exec()


def _screenshot(app, window, path: str, size: tuple[int, int]) -> int:
    from PySide6.QtCore import QBuffer, QIODevice

    from mesocost.storage.atomic import write_bytes_atomic

    window.resize(*size)
    window.show()
    for _turn in range(3):
        app.processEvents()
    window.workspace.flush()
    window.settle()  # the register view's rows, read in a worker thread
    app.processEvents()
    image = window.grab()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    write_bytes_atomic(path, bytes(buffer.data()))
    window.destinations_view.undo_stack.setClean()  # nothing to ask: no edits were made
    window.close()
    return 0
