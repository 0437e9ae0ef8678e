"""`mesocost rates`: the exchange rates the other commands would use, with their source.

Also home of the rate options every converting command shares (`--rates`, `--rate`,
`--rates-date`, `--rates-timeout`), so that this command does not import the quote
engine: `mesocost rates --rates offline` is meant to start about as fast as babel.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal

from mesocost.core.conversion import ECB_CAVEAT, RateQuote
from mesocost.core.errors import InputError, MesocostError
from mesocost.core.money import check_currency

DEFAULT_MODE = "offline"  # reproducible and never touches the network; the GUI uses auto


# --- option types (argparse reports their errors as one usage line) ------------------


def _typed(parse):
    def convert(text: str):
        try:
            return parse(text)
        except MesocostError as error:
            raise argparse.ArgumentTypeError(error.message) from None
    convert.__name__ = parse.__name__.strip("_")
    return convert


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a real date in YYYY-MM-DD form: {text!r}") from None


def _seconds(text: str) -> float:
    try:
        value = float(text)  # a duration, not money: float is fine here
    except ValueError:
        raise InputError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 600:
        raise InputError(f"must be between 0 and 600 seconds, got {text}")
    return value


def _symbols(text: str) -> tuple[str, ...]:
    codes = [part for part in text.replace(" ", "").split(",") if part]
    if not codes:
        raise InputError("give one or more currency codes, e.g. GBP,USD")
    return tuple(dict.fromkeys(check_currency(code) for code in codes))


iso_date = _typed(_iso_date)
seconds = _typed(_seconds)
symbols = _typed(_symbols)
currency = _typed(check_currency)


# --- shared rate options ----------------------------------------------------------------


def add_rate_source_options(parser: argparse.ArgumentParser, *, date_flag: str = "--rates-date",
                            default_mode: str | None = DEFAULT_MODE) -> None:
    """Add --rates, --rate, the historical-date flag and --rates-timeout to `parser`."""
    from mesocost.rates.service import DEFAULT_DEADLINE_S, MODES

    parser.add_argument("--rates", choices=MODES, default=default_mode,
                        help="where exchange rates come from: offline (bundled ECB rates, "
                             "no network), auto (live, else cache, else bundled) or live "
                             f"(default: {DEFAULT_MODE})")
    parser.add_argument("--rate", action="append", default=[], metavar="BASE:QUOTE=RATE",
                        help="pin a rate by hand, e.g. GBP:EUR=1.17 (repeatable)")
    parser.add_argument(date_flag, dest="rates_date", type=iso_date, metavar="YYYY-MM-DD",
                        help="convert at the ECB rates of this day (nearest earlier working day)")
    parser.add_argument("--rates-timeout", type=seconds, default=DEFAULT_DEADLINE_S,
                        metavar="SECONDS",
                        help="longest wait for live rates (default: %(default)g)")


def service_from_args(args: argparse.Namespace, mode: str | None = None):
    """The RateService the parsed rate options describe."""
    from mesocost.rates.service import RateService, parse_manual_rate

    manual = dict(parse_manual_rate(text) for text in args.rate)
    return RateService(mode or args.rates or DEFAULT_MODE, manual=manual, on=args.rates_date,
                       deadline_s=args.rates_timeout)


def print_notices(service, out=None) -> None:
    """Tell the person once, on stderr, what the service had to say (e.g. a fallback)."""
    out = out or sys.stderr
    for notice in service.notices:
        print(f"mesocost: {notice}", file=out)


# --- the command ----------------------------------------------------------------------


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "rates", help="show exchange rates, their date and source",
        description="Show the exchange rates from one base currency, with the day each is "
                    "for, where it came from and whether it is stale. " + ECB_CAVEAT)
    parser.add_argument("--base", type=currency, default="EUR", metavar="CODE",
                        help="base currency (default: %(default)s)")
    parser.add_argument("--symbols", type=symbols, metavar="A,B",
                        help="quote currencies (default: every currency the ECB publishes)")
    add_rate_source_options(parser, date_flag="--date", default_mode=None)
    parser.add_argument("--refresh", action="store_true",
                        help="fetch live rates now and update the cache (implies --rates "
                             "live unless --rates auto is given)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)


def _mode(args: argparse.Namespace) -> str:
    if not args.refresh:
        return args.rates or DEFAULT_MODE
    if args.rates == "offline":
        raise InputError("--refresh fetches live rates; it cannot be used with --rates offline")
    if args.rates_date is not None:
        raise InputError("--refresh and --date do not go together: rates for a past day "
                         "come from the bundled ECB history")
    return args.rates or "live"


def run(args: argparse.Namespace) -> int:
    service = service_from_args(args, _mode(args))
    if args.refresh:
        service.refresh(args.base)
    wanted = args.symbols or service.default_symbols(args.base)
    quotes = [service.rate(args.base, code) for code in wanted if code != args.base]
    print_notices(service)
    if args.format == "json":
        write_json(args, service, quotes, sys.stdout)
    else:
        write_table(args, service, quotes, sys.stdout)
    return 0


def rate_text(rate: Decimal) -> str:
    """Six decimals, or six significant digits for rates below 1 (EUR per IDR)."""
    places = 6 if rate >= 1 else 5 - rate.adjusted()
    return f"{rate:.{places}f}"


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
    header = ["Pair", "Rate", "Date", "Source", "Stale"]
    body = [[q.pair, rate_text(q.rate), q.rate_date.isoformat(), q.source,
             "stale" if q.stale else ""] for q in quotes]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    out.write(f"Exchange rates for 1 {args.base} (mode {service.mode})\n\n")
    for line in [header, *body]:
        cells = [cell.rjust(w) if i == 1 else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(line, widths, strict=True))]
        out.write("  ".join(cells).rstrip() + "\n")
    out.write("\n")
    fetched = sorted({q.fetched_at for q in quotes if q.fetched_at is not None})
    for moment in fetched:
        out.write(f"Fetched at {moment.isoformat(timespec='seconds')}\n")
    for warning in dict.fromkeys(w for q in quotes for w in q.warnings):
        out.write(f"  note: {warning}\n")
    out.write(ECB_CAVEAT + "\n")
