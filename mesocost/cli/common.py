"""What every command shares and nothing heavy: option types, rate options, aligned tables.

Kept apart from `options` (which builds quote requests and so imports the engine) so that
`mesocost rates` starts without loading the quote engine.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TextIO

from mesocost.core.dates import parse_day
from mesocost.core.errors import InputError, MesocostError
from mesocost.core.i18n import _, interface
from mesocost.core.money import check_currency
from mesocost.core.text import display_width, pad, terminal_text

DEFAULT_RATES_MODE = "offline"  # reproducible, never touches the network; the GUI uses auto


def typed(parse: Callable[[str], object]) -> Callable[[str], object]:
    """Wrap a parser so argparse reports its InputError as a one-line usage error."""
    def convert(text: str):
        try:
            return parse(text)
        except MesocostError as error:
            raise argparse.ArgumentTypeError(error.message) from None
    convert.__name__ = parse.__name__.strip("_")
    return convert


def _iso_date(text: str) -> date:
    # YYYY-MM-DD from 1999-01-01 to 2099-12-31: see mesocost.core.dates for why.
    return parse_day(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)  # a duration, not money: float is fine here
    except ValueError:
        raise InputError(_("not a number of seconds: {text}").format(text=repr(text))
                         ) from None
    if not 0 < value <= 600:
        raise InputError(_("must be between 0 and 600 seconds, got {value}").format(
            value=text))
    return value


iso_date = typed(_iso_date)
seconds = typed(_seconds)
currency = typed(check_currency)


def add_rate_options(parser: argparse.ArgumentParser, *, date_flag: str = "--rates-date",
                     default_mode: str | None = DEFAULT_RATES_MODE) -> None:
    """--rates offline|auto|live, --rate BASE:QUOTE=RATE, the history date, --rates-timeout."""
    from mesocost.rates.service import DEFAULT_DEADLINE_S, MODES

    parser.add_argument("--rates", choices=MODES, default=default_mode,
                        help=_("where exchange rates come from: offline (bundled ECB "
                               "rates, no network), auto (live, else cache, else bundled) "
                               "or live (default: {mode})").format(mode=DEFAULT_RATES_MODE))
    parser.add_argument("--rate", action="append", default=[], metavar="BASE:QUOTE=RATE",
                        help=_("pin a rate by hand, e.g. GBP:EUR=1.17 (repeatable)"))
    parser.add_argument(date_flag, dest="rates_date", type=iso_date, metavar="YYYY-MM-DD",
                        help=_("convert at the ECB rates of this day (nearest earlier "
                               "working day)"))
    parser.add_argument("--rates-timeout", type=seconds, default=DEFAULT_DEADLINE_S,
                        metavar="SECONDS",
                        # TRANSLATORS: %(default)g is the number of seconds; keep it as is.
                        help=_("longest wait for live rates (default: %(default)g)"))


def rate_service(args: argparse.Namespace, mode: str | None = None):
    """The RateService the parsed rate options describe."""
    from mesocost.rates.service import RateService, parse_manual_rate

    manual = dict(parse_manual_rate(text) for text in args.rate)
    return RateService(mode or args.rates or DEFAULT_RATES_MODE, manual=manual,
                       on=args.rates_date, deadline_s=args.rates_timeout)


def print_rate_notices(service, out: TextIO | None = None) -> None:
    """Say once, on stderr, what the rate service had to say (e.g. why auto fell back)."""
    out = out or sys.stderr
    for notice in service.notices:  # may quote a server's words: no escape sequences
        print(f"mesocost: {terminal_text(notice)}", file=out)


def command_group(commands: argparse._SubParsersAction, name: str, help_text: str
                  ) -> argparse._SubParsersAction:
    """A command whose work is split into required actions (`quote preview`, ...)."""
    parser = commands.add_parser(name, help=help_text)
    actions = parser.add_subparsers(dest=f"{name}_command", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    return actions


# What the command reads, by option name: an output may never be one of them (the
# option is looked up on the parsed arguments; commands without it just lack it).
INPUT_OPTIONS = ("catalog", "protocol", "profile")


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """--force, for every command that writes a file."""
    parser.add_argument("--force", action="store_true",
                        help=_("replace the output file even if it is read-only"))


def _document_language(text: str) -> str:
    # en, tr, de, fr, ar or the pseudo-language qps ("de_DE" read as "de", as for --lang).
    from mesocost.i18n import check_code

    return check_code(text)


document_language_code = typed(_document_language)


def add_document_language_option(parser: argparse.ArgumentParser, *,
                                 with_locale: bool = True) -> None:
    """--document-language CODE, for every command that writes what the patient reads
    (`with_locale`: the command has a --locale that can override the language's)."""
    if with_locale:
        text = _("the language of the files written for the patient: en, tr, de, fr or ar "
                 "(default: the language of messages, {code}); a language given here also "
                 "sets how their numbers and dates are written, unless --locale is given")
    else:
        text = _("the language of the files written for the patient: en, tr, de, fr or ar "
                 "(default: the language of messages, {code})")
    parser.add_argument("--document-language", type=document_language_code, metavar="CODE",
                        help=text.format(code=interface().code))


def check_output(args: argparse.Namespace, path: str, **inputs: str | None) -> None:
    """Before any work: refuse an output that is one of the command's inputs (--catalog,
    --protocol FILE, the price list...), a folder, a device, or read-only without --force.

    Raises:
        ExportError: one line.
    """
    from mesocost.storage.atomic import check_output as check

    named = {f"--{name}": getattr(args, name, None) for name in INPUT_OPTIONS}
    named.update(inputs)
    check(path, inputs=named, force=getattr(args, "force", False))


def write_aligned(out: TextIO, header: Sequence[str], body: Sequence[Sequence[str]],
                  right: frozenset[int] = frozenset()) -> None:
    """A plain-text table: columns as wide as their widest cell on screen (a CJK character
    takes two columns, a combining accent none), `right` ones right-aligned. Cells are
    printed without control characters or escape sequences: a catalog cannot repaint the
    terminal."""
    lines = [[terminal_text(cell) for cell in line] for line in [header, *body]]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        cells = [pad(cell, width, right=i in right)
                 for i, (cell, width) in enumerate(zip(line, widths, strict=True))]
        out.write("  ".join(cells).rstrip() + "\n")
