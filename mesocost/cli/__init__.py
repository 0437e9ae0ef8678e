"""The `mesocost` command line: argparse over the same core the GUI uses.

Every user mistake ends as one line on stderr and exit code 2 (a traceback only with
--debug). Sub-commands live in their own modules and register themselves here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mesocost import __version__
from mesocost.core.errors import MesocostError

EXIT_USER_ERROR = 2


class UsageError(MesocostError):
    """A command-line value argparse refused."""


class OneLineParser(argparse.ArgumentParser):
    """argparse prints usage plus a message on error; we want one line, then exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see {self.prog} --help)")


# Sub-commands and the modules that define them, in the order `--help` lists them.
COMMANDS = {
    "compare": "mesocost.cli.compare",
    "schedule": "mesocost.cli.schedule",
    "rates": "mesocost.cli.rates",
    "quote": "mesocost.cli.quote",
    "catalog": "mesocost.cli.catalog",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `only`, just that sub-command's (start-up stays fast:
    the workbook and live-rate commands import nothing when another command runs)."""
    import importlib

    parser = OneLineParser(
        prog="mesocost",
        description="Honest package quotes for hair mesotherapy, compared across destinations.",
    )
    parser.add_argument("--version", action="version", version=f"mesocost {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(commands)
    return parser


def _command_in(args: Sequence[str]) -> str | None:
    """The sub-command named in `args`, if it is a known one (options come before it)."""
    for arg in args:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        parser = build_parser(only=_command_in(args_list))
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            return EXIT_USER_ERROR
        return args.run(args)
    except MesocostError as error:
        if debug:
            raise
        print(f"mesocost: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("mesocost: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
