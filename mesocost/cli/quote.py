"""`mesocost quote preview`: one destination's package quote, printed and (optionally)
written as an Excel workbook, without saving it. The register's actions (`quote new`,
`list`, `show`, ...) live in `mesocost.cli.saved` and share the options defined here."""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from mesocost.cli import common, options
from mesocost.core.catalog import PriceEntry
from mesocost.core.clinic import ClinicProfile, quote_reference
from mesocost.core.comparison import Converted, price_request
from mesocost.core.conversion import ECB_CAVEAT
from mesocost.core.engine import Quote, QuoteLine, QuoteRequest
from mesocost.core.errors import InputError
from mesocost.core.geo import check_country, country_name
from mesocost.core.money import Money, format_money
from mesocost.core.protocol import EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.core.text import terminal_text
from mesocost.export.details import QuoteDetails
from mesocost.present import rate_line, shown_unit, unit_text


def _validity_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= days <= 3650:
        raise argparse.ArgumentTypeError(f"must be between 1 and 3650 days, got {days}")
    return days


def register(commands: argparse._SubParsersAction) -> None:
    actions = common.command_group(commands, "quote", "package quotes: preview, or save, "
                                   "track and export numbered quotes in the register")
    preview = actions.add_parser(
        "preview", help="print a quote (and write it as a workbook) without saving it",
        description="Price the protocol at one destination for a client and print the "
                    "quote; --xlsx also writes it as an Excel workbook.")
    add_quote_inputs(preview)
    preview.add_argument("--xlsx", metavar="FILE",
                         help="also write the quote as an Excel workbook")
    common.add_force_option(preview)
    preview.set_defaults(run=run_preview)
    from mesocost.cli import saved

    saved.register_actions(actions)


def add_quote_inputs(parser: argparse.ArgumentParser) -> None:
    """What a quote is made of: destination, client, terms, protocol, money, rates (the
    options `quote preview` and `quote new` share)."""
    parser.add_argument("--destination", required=True, metavar="CODE",
                        help="country code of the catalog entry (e.g. TR, GB)")
    parser.add_argument("--clinic", default="", metavar="NAME",
                        help="the clinic's catalog entry (default: the country's entry)")
    parser.add_argument("--client", required=True, metavar="NAME")
    parser.add_argument("--notes", default="", metavar="TEXT", help="printed on the quote")
    parser.add_argument("--validity-days", type=_validity_days, metavar="N",
                        help="days the quote stands (default: the clinic profile's, else 30)")
    parser.add_argument("--deposit", type=options.percent, metavar="PCT",
                        help="deposit, a percentage of the lowest total (default: the "
                             "clinic profile's, else none)")
    parser.add_argument("--profile", metavar="FILE",
                        help="the clinic profile to quote as (default: clinic.toml in the "
                             "user config folder, if there is one)")
    parser.add_argument("--quote-date", type=common.iso_date, metavar="YYYY-MM-DD",
                        help="date printed on the quote (default: today)")
    options.add_catalog_options(parser)
    options.add_protocol_options(parser)
    options.add_money_options(parser)
    options.add_quote_options(parser)
    common.add_rate_options(parser)


def find_entry(entries: tuple[PriceEntry, ...], destination: str, clinic: str) -> PriceEntry:
    """The catalog entry for destination + clinic (case-insensitive), or InputError."""
    code = check_country(destination, "--destination")
    wanted = (code, clinic.strip().casefold())
    for entry in entries:
        if entry.key == wanted:
            return entry
    known = sorted({e.label for e in entries if e.destination == code})
    hint = f" (catalog has: {', '.join(known)})" if known else " (not in the catalog)"
    what = f"{code} / clinic {clinic!r}" if clinic else code
    raise InputError(f"no catalog entry for {what}{hint}", "--destination")


class PreparedQuote(NamedTuple):
    """A quote's inputs read from the command line, ready to price."""

    request: QuoteRequest
    currency: str
    locale: str
    rates: object  # the RateService: a rate lookup with notices
    details: QuoteDetails
    profile: ClinicProfile | None
    profile_path: str | None


def prepare(args: argparse.Namespace, *, outputs: tuple[str | None, ...] = ()
            ) -> PreparedQuote:
    """Read the profile, catalog and options into a request and its details; refuse any
    output among `outputs` that would overwrite an input, before any work."""
    from mesocost.storage.clinicfile import find_profile

    # The profile (and its logo) are inputs too: read them first, write over neither.
    profile, profile_path = find_profile(args.profile)
    for output in outputs:
        if output is not None:
            common.check_output(args, output, **{
                "the clinic profile": profile_path,
                "the logo": profile.logo if profile else None})
    rates = common.rate_service(args)
    locale, currency = options.resolve_locale_and_currency(args, rates)
    entry = find_entry(options.load_entries(args.catalog), args.destination, args.clinic)
    # The command line wins over the profile's defaults.
    deposit = (args.deposit if args.deposit is not None
               else profile.deposit_pct if profile else Decimal(0))
    validity = (args.validity_days if args.validity_days is not None
                else profile.validity_days if profile else 30)
    request = options.template_request(args, entry)._replace(deposit_pct=deposit)
    created = args.quote_date or date.today()
    reference = quote_reference(profile.quote_prefix if profile else "Q", created,
                                entry.destination, args.client)
    details = QuoteDetails(client=args.client, created=created, validity_days=validity,
                           notes=args.notes, profile=profile, reference=reference)
    return PreparedQuote(request, currency, locale, rates, details, profile, profile_path)


def run_preview(args: argparse.Namespace) -> int:
    from mesocost.export.xlsx import export_quote

    prepared = prepare(args, outputs=(args.xlsx,))
    # Add-ons priced and converted exactly as `compare` prices them.
    quote, converted = price_request(prepared.request, prepared.currency, prepared.rates)
    if args.xlsx is not None:
        export_quote(args.xlsx, quote, converted, prepared.details, locale=prepared.locale,
                     force=args.force)
    common.print_rate_notices(prepared.rates)  # once, on stderr: why auto fell back
    write_quote(quote, converted, prepared.details, prepared.locale, sys.stdout)
    return 0


def _money(amount: Decimal, currency: str, locale: str) -> str:
    return format_money(Money._trusted(amount, currency), locale)


def _range(low: Decimal, high: Decimal, currency: str, locale: str) -> str:
    return f"{_money(low, currency, locale)} – {_money(high, currency, locale)}"


def _units(line: QuoteLine, currency: str, locale: str) -> str:
    """"$44.688 – $67.032": the unit prices with the decimals that make unit × quantity
    equal the amount shown beside them (present.shown_unit)."""
    return " – ".join(
        unit_text(shown_unit(unit, amount, line.quantity, currency), currency, locale)
        for unit, amount in ((line.unit.low, line.amount.low),
                             (line.unit.high, line.amount.high)))


def _line_items(quote: Quote, locale: str, out) -> None:
    """Item, quantity, unit price and amount of every line, then the totals, aligned (the
    table writer keeps catalog and typed text terminal-safe)."""
    native = quote.currency
    body = [[line.label, str(line.quantity) if line.unit else "",
             _units(line, native, locale) if line.unit else "",
             _range(line.amount.low, line.amount.high, native, locale)]
            for line in quote.lines]
    body.append(["Total", "", "", _range(quote.total.low, quote.total.high, native, locale)])
    if quote.travel is not None:
        cost = quote.travel.cost
        body.append(["Travel", "", "", _money(cost.low, cost.currency, locale)])
    table = io.StringIO()
    common.write_aligned(table, ["Item", "Qty", "Unit price", "Amount"], body,
                         right=frozenset({1, 2, 3}))
    out.write("".join(f"  {row}" for row in table.getvalue().splitlines(keepends=True)))


def _payments(quote: Quote, details, locale: str, out) -> None:
    """The deposit with its due date and the balance per trip or phase (core.payments)."""
    plan = details.payment_plan(quote)
    body = []
    if plan.deposit_pct:
        body.append([f"Deposit {plan.deposit_pct}% of the lowest total",
                     _money(plan.deposit, plan.currency, locale),
                     f"due by {plan.deposit_due.isoformat()}"])
    for instalment in plan.instalments:
        first, last = instalment.sessions[0], instalment.sessions[-1]
        which = f"session {first}" if first == last else f"sessions {first}–{last}"
        body.append([f"Balance, {instalment.label} ({which})",
                     _range(instalment.amount.low, instalment.amount.high, plan.currency,
                            locale), f"due {instalment.due.isoformat()}"])
    table = io.StringIO()
    common.write_aligned(table, ["Payments", "Amount", "When"], body, right=frozenset({1}))
    out.write("\n" + "".join(f"  {row}" for row in table.getvalue().splitlines(keepends=True)))


def write_quote(quote: Quote, converted: Converted, details, locale: str, out) -> None:
    """The quote as plain text, figures formatted from the engine's values; typed and
    catalog text without control characters or escape sequences."""
    entry, request = quote.request.entry, quote.request
    where = " · ".join(p for p in (country_name(entry.destination, locale), entry.city,
                                   entry.clinic) if p)
    out.write(f"Quote for {terminal_text(details.client)}, {details.created.isoformat()} "
              f"(valid until {details.valid_until.isoformat()})\n")
    profile = details.profile
    seller = (f"from {profile.name}" if profile is not None and profile.name
              else "seller details missing: run mesocost clinic init" if profile is None
              else "seller name missing: run mesocost clinic set name NAME")
    out.write(terminal_text(f"Reference {details.reference} · {seller}") + "\n")
    out.write(terminal_text(f"{where}: {request.protocol.title}, {quote.sessions} sessions "
                            f"from {request.start.isoformat()}") + "\n\n")
    _line_items(quote, locale, out)
    _payments(quote, details, locale, out)
    grand = converted.grand
    out.write(f"\nIn {converted.currency}: {_money(grand.low, grand.currency, locale)} – "
              f"{_money(grand.mid, grand.currency, locale)} – "
              f"{_money(grand.high, grand.currency, locale)} (low – typical – high)\n")
    for rate in converted.rates:
        if rate.base != rate.quote:
            out.write(terminal_text(rate_line(rate)) + "\n")
    if details.notes:
        out.write(f"\nNotes: {terminal_text(details.notes, keep_lines=True)}\n")
    out.write("\n" + "\n".join((*SUITABILITY_NOTES, EVIDENCE_NOTE, ECB_CAVEAT)) + "\n")
