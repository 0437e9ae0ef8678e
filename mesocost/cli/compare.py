"""`mesocost compare`: the same package priced at every destination, side by side."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from mesocost.cli import common, options
from mesocost.core.comparison import ComparisonRow, compare
from mesocost.core.conversion import ECB_CAVEAT
from mesocost.core.geo import country_name
from mesocost.core.i18n import _, interface, ngettext
from mesocost.core.text import spreadsheet_text, terminal_text
from mesocost.present import plan_text, protocol_dict, rate_line, row_dict, span_range_text


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "compare", help=_("compare package totals across destinations"),
        description=_("Price the protocol at every destination of the catalog, convert "
                      "into one currency and sort by typical total."))
    options.add_catalog_options(parser)
    options.add_protocol_options(parser)
    options.add_money_options(parser)
    options.add_quote_options(parser)
    common.add_rate_options(parser)
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument("--xlsx", metavar="FILE",
                        help=_("also write the comparison as an Excel workbook"))
    common.add_document_language_option(parser)
    common.add_force_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.xlsx is not None:
        common.check_output(args, args.xlsx)  # before any work: never over an input
    rates = common.rate_service(args)
    locale, currency = options.resolve_locale_and_currency(args, rates)
    entries = options.load_entries(args.catalog)
    template = options.template_request(args, entries[0]).with_add_on_currency(currency)
    rows = compare(entries, template, currency, rates)
    if args.xlsx is not None:
        # Written before anything is printed: a failed export is then the only output.
        from mesocost.export.xlsx import export_comparison

        language = options.document_language(args)
        export_comparison(args.xlsx, rows, template, currency, locale=language.locale,
                          created=date.today(), force=args.force, language=language)
    common.print_rate_notices(rates)  # once, on stderr: why auto fell back, if it did
    writer = {"table": write_table, "json": write_json, "csv": write_csv}[args.format]
    writer(rows, template, currency, locale, sys.stdout)
    return 0


def comparison_document(rows, template, currency: str, locale: str) -> dict:
    sessions = rows[0].quote.sessions if rows else template.protocol.course_sessions
    return {
        "currency": currency, "locale": locale, "start": template.start.isoformat(),
        "protocol": protocol_dict(template.protocol, sessions),
        "rows": [row_dict(row, locale) for row in rows],
        "note": ECB_CAVEAT,
    }


def write_json(rows, template, currency, locale, out) -> None:
    json.dump(comparison_document(rows, template, currency, locale), out, indent=2,
              ensure_ascii=False)
    out.write("\n")


CSV_COLUMNS = (
    "destination", "name", "city", "clinic", "currency", "sessions", "per_session_low",
    "per_session_high", "total_low", "total_mid", "total_high", "trips", "travel_currency",
    "travel_cost", "display_currency", "converted_low", "converted_mid", "converted_high",
    "grand_low", "grand_mid", "grand_high", "rate", "rate_date", "rate_source", "rate_stale",
    "warnings",
)


# Columns of figures: written as they are, so a negative amount stays a number. Every
# other column is text a catalog supplies, made safe for a spreadsheet and a terminal.
CSV_NUMBER_COLUMNS = frozenset({
    "sessions", "per_session_low", "per_session_high", "total_low", "total_mid", "total_high",
    "trips", "travel_cost", "converted_low", "converted_mid", "converted_high", "grand_low",
    "grand_mid", "grand_high", "rate",
})


def _csv_cell(column: str, value) -> object:
    if column in CSV_NUMBER_COLUMNS or not isinstance(value, str):
        return value
    return spreadsheet_text(terminal_text(value, keep_lines=True))


def write_csv(rows, template, currency, locale, out) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        data = row_dict(row, locale)
        travel = data["travel"] or {}
        conv = data["converted"]
        writer.writerow(_csv_cell(column, value) for column, value in zip(CSV_COLUMNS, [
            data["destination"], data["name"], data["city"], data["clinic"], data["currency"],
            data["sessions"], data["per_session"]["low"], data["per_session"]["high"],
            data["total"]["low"], data["total"]["mid"], data["total"]["high"],
            travel.get("trips", ""), travel.get("currency", ""), travel.get("cost", ""),
            conv["currency"], conv["low"], conv["mid"], conv["high"],
            conv["grand"]["low"], conv["grand"]["mid"], conv["grand"]["high"],
            conv["rate"], conv["rate_date"], conv["rate_source"], conv["rate_stale"],
            " | ".join(data["warnings"]),
        ], strict=True))


def _table_cells(row: ComparisonRow, locale: str) -> list[str]:
    quote, entry, conv = row.quote, row.entry, row.converted
    name = country_name(entry.destination, locale)
    where = " · ".join(p for p in (name, entry.city, entry.clinic) if p)
    travel = "–"
    if quote.travel is not None:
        trips = len(quote.travel.trips)
        travel = ngettext("{count} trip, {cost}", "{count} trips, {cost}", trips).format(
            count=trips, cost=span_range_text(conv.travel, locale).split(" – ")[0])
    return [
        where, str(quote.sessions), span_range_text(quote.per_session, locale),
        span_range_text(quote.total, locale), span_range_text(conv.grand, locale, typical=True),
        travel,
    ]


def write_table(rows, template, currency, locale, out) -> None:
    header = [_("Destination"), _("Sessions"), _("Per session"), _("Package (local currency)"),
              _("Total in {currency}: low – typical – high").format(currency=currency),
              _("Travel")]
    body = [_table_cells(row, locale) for row in rows]
    out.write(terminal_text(_heading(template)) + "\n\n")
    common.write_aligned(out, header, body, right=frozenset({1, 2, 3, 4, 5}))
    out.write("\n")
    rates = _rates_used(rows)
    rate_warnings = {warning for rate in rates for warning in rate.warnings}
    for rate in rates:
        out.write(terminal_text(rate_line(rate, interface())) + "\n")
        for warning in rate.warnings:
            out.write("  " + _("note: {warning}").format(warning=terminal_text(warning))
                      + "\n")
    for row in rows:
        for warning in row.warnings:
            if warning not in rate_warnings:
                out.write(terminal_text(_("Warning ({destination}): {warning}").format(
                    destination=row.entry.label, warning=warning)) + "\n")
    out.write(_(ECB_CAVEAT) + "\n")


def _heading(template) -> str:
    """"Protocol: 4 every 15 days, then 4 monthly (8 sessions) + 4 maintenance …"."""
    return _("Protocol {name}: {plan}; first session {start}").format(
        name=template.protocol.name, plan=plan_text(template, interface()),
        start=template.start.isoformat())


def _rates_used(rows):
    seen = {}
    for row in rows:
        for rate in row.converted.rates:
            if rate.base != rate.quote:
                seen.setdefault(rate.pair, rate)
    return list(seen.values())
