"""The `mesocost` command line: argparse over the same core the GUI uses.

Every user mistake ends as one line on stderr and exit code 2 (a traceback only with
--debug). Sub-commands live in their own modules and register themselves here.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import sys
from collections.abc import Sequence

from mesocost import __version__
from mesocost.core.errors import MesocostError
from mesocost.core.i18n import _
from mesocost.core.text import terminal_text

EXIT_USER_ERROR = 2


class UsageError(MesocostError):
    """A command-line value argparse refused."""


class OneLineParser(argparse.ArgumentParser):
    """argparse prints usage plus a message on error; we want one line, then exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(_("{message} (see {program} --help)").format(
            message=message, program=self.prog))

    def parse_known_args(self, args=None, namespace=None):
        """argparse (3.11) reads `--client=--` as an empty list, not the text "--": a
        value typed as "--" is put back, so every text option holds text."""
        namespace, extras = super().parse_known_args(args, namespace)
        for action in self._actions:
            if (isinstance(action, argparse._StoreAction) and action.nargs is None
                    and getattr(namespace, action.dest, None) == []):
                setattr(namespace, action.dest, self._typed_dashes(action))
        return namespace, extras

    def _typed_dashes(self, action: argparse.Action):
        if action.type is None:
            return "--"
        try:
            return action.type("--")
        except (argparse.ArgumentTypeError, TypeError, ValueError) as error:
            name = "/".join(action.option_strings) or action.dest
            # argparse's own words for a refused value (argparse_messages.py lists them).
            self.error(_("argument %(argument_name)s: %(message)s")
                       % {"argument_name": name, "message": error})


# Sub-commands and the modules that define them, in the order `--help` lists them.
COMMANDS = {
    "compare": "mesocost.cli.compare",
    "schedule": "mesocost.cli.schedule",
    "rates": "mesocost.cli.rates",
    "quote": "mesocost.cli.quote",
    "register": "mesocost.cli.register_cmd",
    "clinic": "mesocost.cli.clinic",
    "catalog": "mesocost.cli.catalog",
    "gui": "mesocost.cli.gui",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `only`, just that sub-command's (start-up stays fast:
    the workbook and live-rate commands import nothing when another command runs)."""
    import importlib

    parser = OneLineParser(
        prog="mesocost",
        description=_("Honest package quotes for hair mesotherapy, compared across "
                      "destinations."),
    )
    parser.add_argument("--version", action="version", version=f"mesocost {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--debug", action="store_true", help=_("show tracebacks for errors"))
    parser.add_argument("--lang", metavar="CODE",
                        help=_("the language of messages: en, tr, de, fr or ar (default: "
                               "$MESOCOST_LANG, else the system's)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(commands)
    return parser


def _lang_in(args: Sequence[str]) -> str | None:
    """The value of a --lang given before the command (`--lang de`, `--lang=de`)."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-"):
            return None  # the command: what follows is its own
    return None


def _use_language(args: Sequence[str]) -> None:
    """Install the interface language (--lang, MESOCOST_LANG, the system's) and let
    argparse's own words ("usage:", "options") speak it too."""
    import argparse as argparse_module

    from mesocost import i18n
    from mesocost.core import i18n as markers

    i18n.use_interface_language(i18n.interface_code(_lang_in(args)))
    # argparse translates through module-level gettext functions: point them at ours
    # (mesocost/cli/argparse_messages.py lists its strings for the catalogue).
    argparse_module._ = markers._
    argparse_module.ngettext = markers.ngettext


def _command_in(args: Sequence[str]) -> str | None:
    """The sub-command named in `args`, if it is a known one (options come before it)."""
    skip = False
    for arg in args:
        if skip:  # the value of --lang
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code.

    Output never ends in a traceback: a character the console or file encoding cannot
    hold is replaced (U+FFFD, or "?" where even that cannot be encoded), and a write that
    fails (a full disk, /dev/full) is one line on stderr and exit code 2.
    """
    _replace_what_cannot_be_encoded()
    stdout = sys.stdout
    sys.stdout = _GuardedOutput(stdout)
    try:
        return _run_command(argv)
    except _OutputFailed as failure:
        _discard(stdout)
        _say(_("{program}: error: cannot write the output: {reason}").format(
            program="mesocost", reason=failure.reason))
        return EXIT_USER_ERROR
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        _discard(stdout)
        return 0
    finally:
        sys.stdout = stdout


def _run_command(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        if _command_in(args_list) is None and not {"-h", "--help", "--version"} & set(
                args_list):
            args_list.append("gui")  # `mesocost` alone (or with --lang) opens the window
        _use_language(args_list)  # before the parser: its help is written in it
        parser = build_parser(only=_command_in(args_list))
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            return EXIT_USER_ERROR
        code = args.run(args)
        sys.stdout.flush()  # a failed write shows here, not at interpreter exit
        return code
    except MesocostError as error:
        if debug:
            raise
        sys.stdout.flush()  # what was printed before, ahead of the error line
        # One line, and nothing from a file or argument can drive the terminal.
        _say(_("{program}: error: {message}").format(
            program="mesocost", message=terminal_text(str(error))))
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        _say(_("{program}: interrupted").format(program="mesocost"))
        return 130


# --- output that cannot be written -----------------------------------------------------

_REPLACE = "mesocost.replace"


def _replacement(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: U+FFFD for what the encoding cannot hold, "?" if it cannot
    hold U+FFFD either (cp1252); lone surrogates (bytes that were not UTF-8) included."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    try:
        mark = "\ufffd".encode(error.encoding) and "\ufffd"
    except (UnicodeError, LookupError):
        mark = "?"
    return mark * (error.end - error.start), error.end


codecs.register_error(_REPLACE, _replacement)


def _replace_what_cannot_be_encoded() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=_REPLACE)


class _OutputFailed(Exception):
    """stdout could not be written; carries why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.reason = error.strerror or str(error)


class _GuardedOutput:
    """stdout for one run: a failed write or flush (not a closed pipe) becomes
    _OutputFailed, which nothing on the way can mistake for a file error of its own."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _OutputFailed(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _OutputFailed(error) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _discard(stream) -> None:
    """Point a failed stream's descriptor at the null device: what is still buffered then
    goes nowhere at exit, instead of an "Exception ignored" report."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests capture into memory)
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, descriptor)
        os.close(null)


def _say(line: str) -> None:
    """A line on stderr; if even stderr cannot be written, say nothing, quietly."""
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        _discard(sys.stderr)
