"""`mesocost rates`: the exchange rates the other commands would use, with their source.

It imports only `cli.common`, never the quote engine: `mesocost rates --rates offline` is
meant to start about as fast as babel does.
"""

from __future__ import annotations

import argparse
import sys

from mesocost.cli import common
from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.errors import InputError
from mesocost.core.i18n import _, pgettext
from mesocost.core.money import check_currency
from mesocost.core.text import terminal_text
from mesocost.present import rate_text


def _symbols(text: str) -> tuple[str, ...]:
    codes = [part for part in text.replace(" ", "").split(",") if part]
    if not codes:
        raise InputError(_("give one or more currency codes, e.g. GBP,USD"))
    return tuple(dict.fromkeys(check_currency(code) for code in codes))


symbols = common.typed(_symbols)


# --- the command ----------------------------------------------------------------------


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "rates", help=_("show exchange rates, their date and source"),
        description=_("Show the exchange rates from one base currency, with the day each "
                      "is for, where it came from and whether it is stale. {caveat}").format(
                          caveat=_(ECB_CAVEAT)))
    parser.add_argument("--base", type=common.currency, default="EUR", metavar="CODE",
                        # TRANSLATORS: %(default)s is a currency code; keep it as is.
                        help=_("base currency (default: %(default)s)"))
    parser.add_argument("--symbols", type=symbols, metavar="A,B",
                        help=_("quote currencies (default: every currency the ECB "
                               "publishes)"))
    common.add_rate_options(parser, date_flag="--date", default_mode=None)
    parser.add_argument("--refresh", action="store_true",
                        help=_("fetch live rates now and update the cache (implies --rates "
                               "live unless --rates auto is given)"))
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)


def _mode(args: argparse.Namespace) -> str:
    if not args.refresh:
        return args.rates or common.DEFAULT_RATES_MODE
    if args.rates == "offline":
        raise InputError(_("--refresh fetches live rates; it cannot be used with --rates "
                           "offline"))
    if args.rates_date is not None:
        raise InputError(_("--refresh and --date do not go together: rates for a past day "
                           "come from the bundled ECB history"))
    return args.rates or "live"


def run(args: argparse.Namespace) -> int:
    service = common.rate_service(args, _mode(args))
    if args.refresh:
        service.refresh(args.base)
    wanted = args.symbols or service.default_symbols(args.base)
    quotes = [service.rate(args.base, code) for code in wanted if code != args.base]
    common.print_rate_notices(service)
    if args.format == "json":
        write_json(args, service, quotes, sys.stdout)
    else:
        write_table(args, service, quotes, sys.stdout)
    return 0


def quote_dict(quote: RateQuote) -> dict:
    """One rate in the same keys compare's JSON rows use (rate, rate_date, ...)."""
    return {
        "pair": quote.pair, "base": quote.base, "quote": quote.quote, "rate": str(quote.rate),
        "rate_date": quote.rate_date.isoformat(), "rate_source": quote.source,
        "rate_stale": quote.stale,
        "rate_fetched_at": quote.fetched_at.isoformat() if quote.fetched_at else None,
        "warnings": list(quote.warnings),
    }


def write_json(args, service, quotes: list[RateQuote], out) -> None:
    import json

    document = {
        "base": args.base, "mode": service.mode,
        "date": args.rates_date.isoformat() if args.rates_date else None,
        "today": service.today.isoformat(),
        "rates": [quote_dict(quote) for quote in quotes],
        "notices": list(service.notices), "note": ECB_CAVEAT,
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_table(args, service, quotes: list[RateQuote], out) -> None:
    header = [_("Pair"), _("Rate"), _("Date"), _("Source"), _("Stale")]
    stale = pgettext("exchange rate", "stale")
    body = [[q.pair, rate_text(q.rate), q.rate_date.isoformat(), q.source,
             stale if q.stale else ""] for q in quotes]
    out.write(_("Exchange rates for 1 {base} (mode {mode})").format(
        base=args.base, mode=service.mode) + "\n\n")
    common.write_aligned(out, header, body, right=frozenset({1}))
    out.write("\n")
    fetched = sorted({q.fetched_at for q in quotes if q.fetched_at is not None})
    for moment in fetched:
        out.write(_("Fetched at {moment}").format(moment=moment.isoformat(timespec="seconds"))
                  + "\n")
    for warning in dict.fromkeys(w for q in quotes for w in q.warnings):
        out.write("  " + _("note: {warning}").format(warning=terminal_text(warning)) + "\n")
    out.write(_(ECB_CAVEAT) + "\n")
