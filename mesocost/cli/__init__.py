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


def build_parser() -> argparse.ArgumentParser:
    from mesocost.cli import catalog, compare, quote, rates, schedule

    parser = OneLineParser(
        prog="mesocost",
        description="Honest package quotes for hair mesotherapy, compared across destinations.",
    )
    parser.add_argument("--version", action="version", version=f"mesocost {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for module in (compare, schedule, rates, quote, catalog):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        parser = build_parser()
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
