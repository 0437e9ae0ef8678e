"""The register's `quote` actions: new, list, show, status, revise, duplicate, requote,
delete, export. Every action takes --db (else MESOCOST_DB, else the default file in the
user data folder). SQLAlchemy loads only when one of these runs."""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import TextIO

from mesocost.cli import common, options
from mesocost.core.errors import InputError
from mesocost.core.i18n import _, pgettext
from mesocost.core.text import terminal_text
from mesocost.present import status_word

STATUS_CHOICES = ("sent", "accepted", "declined")
LIST_STATUSES = ("draft", "sent", "accepted", "declined", "expired", "deleted")


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL",
                        help=_("the register: a SQLite file or a postgresql:// URL "
                               "(default: $MESOCOST_DB, else register.sqlite3 in the user "
                               "data folder)"))


def _number(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", metavar="NUMBER",
                        help=_("the quote's number, e.g. MC-2026-0001"))


def register_actions(actions: argparse._SubParsersAction) -> None:
    from mesocost.cli.quote import add_quote_inputs

    new = actions.add_parser(
        "new", help=_("price a quote and save it as a numbered draft"),
        description=_("Price the protocol for a client, save it in the register as a draft "
                      "and print its number."))
    add_quote_inputs(new)
    new.add_argument("--email", default="", metavar="ADDRESS",
                     help=_("the client's e-mail"))
    new.add_argument("--phone", default="", metavar="NUMBER", help=_("the client's phone"))
    common.add_document_language_option(new)
    add_db_option(new)
    new.set_defaults(run=run_new)

    listing = actions.add_parser("list", help=_("list the register's quotes, newest first"))
    listing.add_argument("--status", choices=LIST_STATUSES,
                         help=_("only quotes with this status"))
    listing.add_argument("--client", metavar="TEXT",
                         help=_("only clients whose name, e-mail or phone contains TEXT"))
    listing.add_argument("--since", type=common.iso_date, metavar="YYYY-MM-DD",
                         help=_("only quotes dated on or after this day"))
    listing.add_argument("--format", choices=("table", "json"), default="table")
    add_db_option(listing)
    listing.set_defaults(run=run_list)

    show = actions.add_parser("show", help=_("print a saved quote, its status and history"))
    _number(show)
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.add_argument("--locale", type=options.locale, metavar="LOC",
                      help=_("formatting locale (default: the quote's own)"))
    add_db_option(show)
    show.set_defaults(run=run_show)

    status = actions.add_parser("status", help=_("mark a quote sent, accepted or declined"))
    _number(status)
    status.add_argument("status", choices=STATUS_CHOICES, help=_("the new status"))
    add_db_option(status)
    status.set_defaults(run=run_status)

    for name, text in (("revise", _("a new draft NUMBER-Rn of a sent quote, linked to it")),
                       ("duplicate", _("a new draft with a new number and the same "
                                       "content"))):
        parser = actions.add_parser(name, help=text)
        _number(parser)
        add_db_option(parser)
        parser.set_defaults(run=run_revise if name == "revise" else run_duplicate)

    requote = actions.add_parser(
        "requote", help=_("price a saved quote again at today's rates and catalog"),
        description=_("Price a saved quote again with today's rates and catalog and show, "
                      "line by line, what changed and why. The saved quote is not "
                      "changed."))
    _number(requote)
    options.add_catalog_options(requote)
    common.add_rate_options(requote)
    add_db_option(requote)
    requote.set_defaults(run=run_requote)

    delete = actions.add_parser("delete", help=_("delete a quote's client data (its number "
                                                 "stays retired)"))
    _number(delete)
    delete.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    add_db_option(delete)
    delete.set_defaults(run=run_delete)

    _register_export(actions)


def _register_export(actions: argparse._SubParsersAction) -> None:
    export = actions.add_parser(
        "export", help=_("write a saved quote as Excel, PDF or .ics"),
        description=_("Write a saved quote, with its frozen figures, as a workbook, a "
                      "patient PDF and/or a calendar."))
    _number(export)
    export.add_argument("--xlsx", metavar="FILE", help=_("the quote workbook"))
    export.add_argument("--pdf", metavar="FILE", help=_("the patient's PDF"))
    export.add_argument("--ics", metavar="FILE", help=_("the sessions as a calendar file"))
    export.add_argument("--locale", type=options.locale, metavar="LOC",
                        help=_("formatting locale (default: the quote's own)"))
    export.add_argument("--document-language", type=common.document_language_code,
                        metavar="CODE",
                        help=_("the language of the files written: en, tr, de, fr or ar "
                               "(default: the quote's own); its numbers and dates follow "
                               "it unless --locale is given"))
    common.add_force_option(export)
    add_db_option(export)
    export.set_defaults(run=run_export)


def open_register(args: argparse.Namespace, *, create: bool = False):
    """The register --db names. Only `quote new` creates a register file that is not
    there, or the default one: a mistyped --db path is an error, not a new empty file."""
    from mesocost.register.store import Register

    return Register.open(args.db, create=create or not args.db)


# --- actions ----------------------------------------------------------------------------

def run_new(args: argparse.Namespace) -> int:
    from mesocost.cli.quote import prepare, write_quote
    from mesocost.register.document import Contact, freeze

    prepared = prepare(args)
    contact = Contact(_one_line(args.email, "--email"), _one_line(args.phone, "--phone"))
    # What the patient will read: stored with the quote, `quote export` writes in it.
    language = options.document_language(args)
    document, quote, converted = freeze(prepared.request, prepared.currency, prepared.rates,
                                        prepared.details, contact=contact,
                                        locale=language.locale, language=language.code)
    with open_register(args, create=True) as register:
        saved = register.create(document)
    common.print_rate_notices(prepared.rates)
    print(saved.number)
    write_quote(quote, converted, saved.document.details, prepared.locale, sys.stdout)
    return 0


def _one_line(text: str, option: str) -> str:
    text = text.strip()
    if len(text.splitlines()) > 1 or len(text) > 200:
        raise InputError(_("must be one line of at most 200 characters"), option)
    return text


def run_list(args: argparse.Namespace) -> int:
    with open_register(args) as register:
        rows = register.list(status=args.status, client=args.client, since=args.since)
    if args.format == "json":
        json.dump([_summary_dict(row) for row in rows], sys.stdout, indent=2,
                  ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print(_("No quotes match.") if (args.status or args.client or args.since)
              else _("The register is empty: save a quote with mesocost quote new."))
        return 0
    locale = options.default_locale()
    body = [[row.number, status_word(row.status), row.client, _where(row), _range(
        row.total_low, row.total_high, row.currency, locale),
        _money(row.patient_mid, row.patient_currency, locale),
        row.quote_date.isoformat(), row.valid_until.isoformat()] for row in rows]
    header = [_("Number"), _("Status"), _("Client"), _("Destination"),
              pgettext("sum of a quote", "Total"), _("Patient (typical)"), _("Created"),
              _("Expires")]
    common.write_aligned(sys.stdout, header, body, right=frozenset({4, 5}))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from mesocost.cli.quote import write_quote

    with open_register(args) as register:
        saved = register.get(args.number)
    document = saved.document
    quote, converted = document.priced()
    if args.format == "json":
        json.dump(_saved_dict(saved, quote, converted), sys.stdout, indent=2,
                  ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    summary = saved.summary
    parts = [summary.number, status_word(summary.status)]
    if saved.revises:
        parts.append(_("revises {number}").format(number=saved.revises))
    if saved.revisions:
        parts.append(_("revised as {numbers}").format(numbers=", ".join(saved.revisions)))
    print(terminal_text(" · ".join(parts)))
    contact = " · ".join(part for part in (document.contact.email, document.contact.phone)
                         if part)
    if contact:
        print(terminal_text(_("Contact: {contact}").format(contact=contact)))
    print()
    write_quote(quote, converted, document.details, args.locale or document.locale,
                sys.stdout)
    print("\n" + _("History:"))
    for change in saved.history:
        print(terminal_text(f"  {change.at[:19].replace('T', ' ')} UTC  {change.user}  "
                            f"{_change_text(change)}"))
    return 0


def run_status(args: argparse.Namespace) -> int:
    with open_register(args) as register:
        saved = register.set_status(args.number, args.status)
    print(f"{saved.number}: {status_word(saved.summary.status)}")
    return 0


def run_revise(args: argparse.Namespace) -> int:
    with open_register(args) as register:
        saved = register.revise(args.number)
    print(saved.number)
    return 0


def run_duplicate(args: argparse.Namespace) -> int:
    with open_register(args) as register:
        saved = register.duplicate(args.number)
    print(saved.number)
    return 0


def run_requote(args: argparse.Namespace) -> int:
    from mesocost.core.comparison import price_request
    from mesocost.core.requote import compare_quotes, current_request

    with open_register(args) as register:
        saved = register.get(args.number)
    document = saved.document
    if saved.summary.stored_status == "deleted":
        raise InputError(_("was deleted: there is nothing to re-quote"), args.number)
    request, note = current_request(document.request, options.load_entries(args.catalog))
    rates = common.rate_service(args)
    today = price_request(request, document.currency, rates)
    report = compare_quotes(document.priced(), today)
    common.print_rate_notices(rates)
    write_requote(saved.number, report, document.locale, sys.stdout, note)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with open_register(args) as register:
        saved = register.get(args.number)
        if saved.summary.stored_status == "deleted":
            raise InputError(_("was already deleted"), args.number)
        if not args.yes:
            _confirm_delete(saved.number, saved.summary.client)
        register.delete(saved.number)
    print(_("{number}: deleted (client data removed; the number stays retired)").format(
        number=saved.number))
    return 0


def _confirm_delete(number: str, client: str) -> None:
    if not sys.stdin.isatty():
        raise InputError(_("deleting removes the client's data for good: add --yes to "
                           "confirm"), number)
    answer = input(terminal_text(_("Delete {number} ({client})? Its client data is removed "
                                   "for good. [y/N] ").format(number=number, client=client)))
    # TRANSLATORS: the short and long answers that confirm a question ending in [y/N].
    yes = {"y", "yes", pgettext("answer", "y").casefold(), pgettext("answer", "yes").casefold()}
    if answer.strip().casefold() not in yes:
        raise InputError(_("not deleted"), number)


def run_export(args: argparse.Namespace) -> int:
    import importlib

    outputs = [path for path in (args.xlsx, args.pdf, args.ics) if path is not None]
    if not outputs:
        raise InputError(_("name at least one of --xlsx FILE, --pdf FILE, --ics FILE"))
    if len({str(path) for path in outputs}) != len(outputs):
        raise InputError(_("--xlsx, --pdf and --ics must name different files"))
    for path in outputs:
        common.check_output(args, path)
    with open_register(args) as register:
        saved = register.get(args.number)
    if saved.summary.stored_status == "deleted":
        raise InputError(_("was deleted: its client data is gone, so it is not exported"),
                         args.number)
    document = saved.document
    quote, converted = document.priced()
    # The quote's own language and locale, unless --document-language / --locale.
    language = options.document_language(args, saved=document.language,
                                         saved_locale=document.locale)
    locale = language.locale
    if args.xlsx:
        from mesocost.export.xlsx import export_quote

        export_quote(args.xlsx, quote, converted, document.details, locale=locale,
                     force=args.force, language=language)
    if args.pdf:
        # Qt loads only here (the import contract keeps it out of the CLI's modules).
        pdf = importlib.import_module("mesocost.pdf.quote_pdf")
        pdf.write_quote_pdf(args.pdf, quote, converted, document.details, locale=locale,
                            force=args.force, number=saved.number,
                            status=saved.summary.status, language=language)
    if args.ics:
        from mesocost.export.calendar import write_quote_calendar

        write_quote_calendar(args.ics, saved.number, saved.document.details, quote, locale,
                             force=args.force, language=language)
    for path in outputs:
        print(_("wrote {path}").format(path=terminal_text(str(path))))
    return 0


# --- text -------------------------------------------------------------------------------

def _money(amount, currency: str, locale: str) -> str:
    from mesocost.present import money_text

    return money_text(amount, currency, locale)


def _range(low, high, currency: str, locale: str) -> str:
    return f"{_money(low, currency, locale)} – {_money(high, currency, locale)}"


def _where(row) -> str:
    return f"{row.destination} · {row.clinic}" if row.clinic else row.destination


def _change_text(change) -> str:
    if change.action == "status":
        return f"{status_word(change.from_status)} → {status_word(change.to_status)}"
    if change.detail:
        return change.detail  # "revised as …", "duplicate of …" (the register's words)
    return pgettext("quote history", "created") if change.action == "created" else (
        change.action)


def write_requote(number: str, report, locale: str, out: TextIO, note: str = "") -> None:
    """The saved figures beside today's, line by line, with why each one moved."""
    out.write(_("{number}: saved figures and today's").format(number=number) + "\n")
    if note:
        out.write(terminal_text(note) + "\n")
    # A line's reasons are core.requote's constants (marked where they are defined).
    body = [[line.label, _span(line.before, locale), _span(line.after, locale),
             ", ".join(_(reason) for reason in line.reasons) or _("unchanged")]
            for line in report.lines]
    body.append([pgettext("sum of a quote", "Total"), _span(report.total_before, locale),
                 _span(report.total_after, locale), ""])
    body.append([_("Indicative, in {currency}").format(
                     currency=report.patient_after.currency),
                 _span(report.patient_before, locale), _span(report.patient_after, locale),
                 ""])
    table = io.StringIO()
    common.write_aligned(table, [_("Item"), _("Saved"), _("Today"), _("Why")], body,
                         right=frozenset({1, 2}))
    out.write("".join(f"  {row}" for row in table.getvalue().splitlines(keepends=True)))
    out.write("\n")
    if report.reasons:
        for reason in report.reasons:
            out.write(terminal_text(f"- {reason}") + "\n")
    else:
        out.write(_("Nothing changed: today's catalog and rates give the saved figures.")
                  + "\n")


def _span(span, locale: str) -> str:
    return "—" if span is None else _range(span.low, span.high, span.currency, locale)


# --- JSON -------------------------------------------------------------------------------

def _summary_dict(row) -> dict:
    return {
        "number": row.number, "status": row.status, "client": row.client,
        "destination": row.destination, "clinic": row.clinic,
        "total": {"currency": row.currency, "low": str(row.total_low),
                  "high": str(row.total_high)},
        "patient_total": {"currency": row.patient_currency, "low": str(row.patient_low),
                          "mid": str(row.patient_mid), "high": str(row.patient_high)},
        "created": row.quote_date.isoformat(), "expires": row.valid_until.isoformat(),
        "revision": row.revision,
    }


def _saved_dict(saved, quote, converted) -> dict:
    from mesocost.present import converted_dict

    document = saved.document
    return {
        **_summary_dict(saved.summary),
        "email": document.contact.email, "phone": document.contact.phone,
        "notes": document.details.notes, "locale": document.locale,
        "language": document.language,
        "revises": saved.revises, "revisions": list(saved.revisions),
        "lines": [{"kind": line.kind, "label": line.label, "quantity": line.quantity,
                   "low": str(line.amount.low), "high": str(line.amount.high)}
                  for line in quote.lines],
        "converted": converted_dict(converted),
        "history": [change._asdict() for change in saved.history],
    }
