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
from mesocost.core.i18n import _, interface, ngettext, pgettext
from mesocost.core.money import Money, format_money
from mesocost.core.protocol import EVIDENCE_NOTE, SUITABILITY_NOTES
from mesocost.core.text import terminal_text
from mesocost.export.details import QuoteDetails
from mesocost.present import line_label, part_name, rate_line, shown_unit, unit_text


def _validity_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {text}").format(text=repr(text))) from None
    if not 1 <= days <= 3650:
        raise argparse.ArgumentTypeError(
            _("must be between 1 and 3650 days, got {days}").format(days=days))
    return days


def register(commands: argparse._SubParsersAction) -> None:
    actions = common.command_group(commands, "quote", _(
        "package quotes: preview, or save, track and export numbered quotes in the "
        "register"))
    preview = actions.add_parser(
        "preview", help=_("print a quote (and write it as a workbook) without saving it"),
        description=_("Price the protocol at one destination for a client and print the "
                      "quote; --xlsx also writes it as an Excel workbook."))
    add_quote_inputs(preview)
    preview.add_argument("--xlsx", metavar="FILE",
                         help=_("also write the quote as an Excel workbook"))
    common.add_document_language_option(preview)
    common.add_force_option(preview)
    preview.set_defaults(run=run_preview)
    from mesocost.cli import saved

    saved.register_actions(actions)


def add_quote_inputs(parser: argparse.ArgumentParser) -> None:
    """What a quote is made of: destination, client, terms, protocol, money, rates (the
    options `quote preview` and `quote new` share)."""
    parser.add_argument("--destination", required=True, metavar="CODE",
                        help=_("country code of the catalog entry (e.g. TR, GB)"))
    parser.add_argument("--clinic", default="", metavar="NAME",
                        help=_("the clinic's catalog entry (default: the country's entry)"))
    parser.add_argument("--client", required=True, metavar="NAME",
                        help=_("the client's name"))
    parser.add_argument("--notes", default="", metavar="TEXT",
                        help=_("printed on the quote"))
    parser.add_argument("--validity-days", type=_validity_days, metavar="N",
                        help=_("days the quote stands (default: the clinic profile's, "
                               "else 30)"))
    parser.add_argument("--deposit", type=options.percent, metavar="PCT",
                        help=_("deposit, a percentage of the lowest total (default: the "
                               "clinic profile's, else none)"))
    parser.add_argument("--profile", metavar="FILE",
                        help=_("the clinic profile to quote as (default: clinic.toml in "
                               "the user config folder, if there is one)"))
    parser.add_argument("--quote-date", type=common.iso_date, metavar="YYYY-MM-DD",
                        help=_("date printed on the quote (default: today)"))
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
    known = ", ".join(sorted({e.label for e in entries if e.destination == code}))
    if clinic and known:
        message = _("no catalog entry for {country} / clinic {clinic} (catalog has: "
                    "{entries})")
    elif clinic:
        message = _("no catalog entry for {country} / clinic {clinic} (not in the catalog)")
    elif known:
        message = _("no catalog entry for {country} (catalog has: {entries})")
    else:
        message = _("no catalog entry for {country} (not in the catalog)")
    raise InputError(message.format(country=code, clinic=repr(clinic), entries=known),
                     "--destination")


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
    prepared = prepare(args, outputs=(args.xlsx,))
    # Add-ons priced and converted exactly as `compare` prices them.
    quote, converted = price_request(prepared.request, prepared.currency, prepared.rates)
    if args.xlsx is not None:
        from mesocost.export.xlsx import export_quote

        language = options.document_language(args)
        export_quote(args.xlsx, quote, converted, prepared.details, locale=language.locale,
                     force=args.force, language=language)
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
    body = [[line_label(line, quote, interface()), str(line.quantity) if line.unit else "",
             _units(line, native, locale) if line.unit else "",
             _range(line.amount.low, line.amount.high, native, locale)]
            for line in quote.lines]
    body.append([pgettext("sum of a quote", "Total"), "", "",
                 _range(quote.total.low, quote.total.high, native, locale)])
    if quote.travel is not None:
        cost = quote.travel.cost
        body.append([_("Travel"), "", "", _money(cost.low, cost.currency, locale)])
    table = io.StringIO()
    common.write_aligned(table, [_("Item"), _("Qty"), _("Unit price"), _("Amount")], body,
                         right=frozenset({1, 2, 3}))
    out.write("".join(f"  {row}" for row in table.getvalue().splitlines(keepends=True)))


def percent_text(value: Decimal) -> str:
    """"30%": a percentage as the interface language writes one."""
    # TRANSLATORS: a percentage, e.g. "30%" ("%30" in Turkish).
    return _("{number}%").format(number=value)


def _payments(quote: Quote, details, locale: str, out) -> None:
    """The deposit with its due date and the balance per trip or phase (core.payments)."""
    plan = details.payment_plan(quote)
    body = []
    if plan.deposit_pct:
        body.append([_("Deposit {percent} of the lowest total").format(
                         percent=percent_text(plan.deposit_pct)),
                     _money(plan.deposit, plan.currency, locale),
                     _("due by {date}").format(date=plan.deposit_due.isoformat())])
    for instalment in plan.instalments:
        first, last = instalment.sessions[0], instalment.sessions[-1]
        if first == last:
            which = _("Balance, {part} (session {number})").format(
                part=part_name(plan, instalment), number=first)
        else:
            which = _("Balance, {part} (sessions {first}–{last})").format(
                part=part_name(plan, instalment), first=first, last=last)
        body.append([which, _range(instalment.amount.low, instalment.amount.high,
                                   plan.currency, locale),
                     _("due {date}").format(date=instalment.due.isoformat())])
    table = io.StringIO()
    common.write_aligned(table, [_("Payments"), _("Amount"), _("When")], body,
                         right=frozenset({1}))
    out.write("\n" + "".join(f"  {row}" for row in table.getvalue().splitlines(keepends=True)))


def _seller(reference: str, profile: ClinicProfile | None) -> str:
    if profile is None:
        text = _("Reference {reference} · seller details missing: run mesocost clinic init")
    elif not profile.name:
        text = _("Reference {reference} · seller name missing: run mesocost clinic set "
                 "name NAME")
    else:
        text = _("Reference {reference} · from {seller}")
    return text.format(reference=reference, seller=profile.name if profile else "")


def write_quote(quote: Quote, converted: Converted, details, locale: str, out) -> None:
    """The quote as plain text in the interface language, figures formatted from the
    engine's values; typed and catalog text without control characters or escape
    sequences."""
    entry, request = quote.request.entry, quote.request
    where = " · ".join(p for p in (country_name(entry.destination, locale), entry.city,
                                   entry.clinic) if p)
    out.write(_("Quote for {client}, {created} (valid until {valid_until})").format(
        client=terminal_text(details.client), created=details.created.isoformat(),
        valid_until=details.valid_until.isoformat()) + "\n")
    out.write(terminal_text(_seller(details.reference, details.profile)) + "\n")
    out.write(terminal_text(ngettext(
        "{place}: {protocol}, {count} session from {start}",
        "{place}: {protocol}, {count} sessions from {start}", quote.sessions).format(
            place=where, protocol=_(request.protocol.title), count=quote.sessions,
            start=request.start.isoformat())) + "\n\n")
    _line_items(quote, locale, out)
    _payments(quote, details, locale, out)
    grand = converted.grand
    out.write("\n" + _("In {currency}: {low} – {typical} – {high} (low – typical – high)"
                       ).format(currency=converted.currency,
                                low=_money(grand.low, grand.currency, locale),
                                typical=_money(grand.mid, grand.currency, locale),
                                high=_money(grand.high, grand.currency, locale)) + "\n")
    for rate in converted.rates:
        if rate.base != rate.quote:
            out.write(terminal_text(rate_line(rate, interface())) + "\n")
    if details.notes:
        out.write("\n" + _("Notes: {notes}").format(
            notes=terminal_text(details.notes, keep_lines=True)) + "\n")
    # The seed's texts, marked where they are defined (N_), shown in the interface language.
    notes = (*SUITABILITY_NOTES, EVIDENCE_NOTE, ECB_CAVEAT)
    out.write("\n" + "\n".join(_(text) for text in notes) + "\n")
