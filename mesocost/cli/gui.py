"""`mesocost gui` (and `mesocost` alone): open the desktop window.

Qt is loaded only when this command runs: the module names `mesocost.ui.app` as a
string, so other commands start without PySide6 (tests/cli/test_startup.py checks it).
"""

from __future__ import annotations

import argparse
import importlib

from mesocost.cli import common, options
from mesocost.core.i18n import _

VIEWS = ("compare", "destinations", "schedule", "quote", "quotes")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "gui", help=_("open the desktop window (the default without a command)"),
        description=_("Open the desktop window on the bundled catalog plus your saved "
                      "destinations. --screenshot renders it to a PNG file and exits."))
    add_gui_options(parser)
    parser.set_defaults(run=run)


def add_gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help=_("render the window to a PNG file and exit (works off "
                               "screen)"))
    parser.add_argument("--size", metavar="WxH",
                        help=_("window size for --screenshot (default 1400x860)"))
    parser.add_argument("--view", choices=VIEWS, help=_("the view to open on"))
    parser.add_argument("--rates", choices=("offline", "auto", "live"),
                        help=_("where exchange rates come from (default: the saved "
                               "setting, auto at first)"))
    parser.add_argument("--locale", type=options.locale, metavar="LOC",
                        help=_("formatting locale (default: the saved setting, else the "
                               "environment's)"))
    parser.add_argument("--currency", type=common.currency, metavar="CODE",
                        help=_("display currency (default: the saved setting, else the "
                               "locale's)"))


def run(args: argparse.Namespace) -> int:
    return importlib.import_module("mesocost.ui.app").run(args)
