"""`mesocost catalog`: a price-list template for spreadsheets, and importing one."""

from __future__ import annotations

import argparse
import os
import sys

from mesocost.cli import common
from mesocost.core.errors import InputError
from mesocost.core.i18n import _, ngettext
from mesocost.core.text import terminal_text


def register(commands: argparse._SubParsersAction) -> None:
    actions = common.command_group(commands, "catalog", _("price-list template and import"))
    template = actions.add_parser(
        "template", help=_("write an empty price-list workbook to fill in"),
        description=_("Write an empty, documented price-list sheet with drop-down lists "
                      "for country and currency."))
    template.add_argument("file", metavar="FILE.xlsx", help=_("the workbook to write"))
    common.add_force_option(template)
    template.set_defaults(run=run_template)
    importer = actions.add_parser(
        "import", help=_("turn a filled-in price list (xlsx or csv) into a catalog file"),
        description=_("Validate every row like a catalog entry, report the rejected ones "
                      "with their row numbers, and write the valid ones as a TOML catalog."))
    importer.add_argument("file", metavar="FILE.xlsx|FILE.csv",
                          help=_("the filled-in price list"))
    importer.add_argument("--output", required=True, metavar="catalog.toml",
                          help=_("the catalog file to write"))
    importer.add_argument("--strict", action="store_true",
                          help=_("any rejected row fails the whole import; nothing is "
                                 "written"))
    importer.add_argument("--decimal", choices=(".", ","), metavar=". or ,",
                          help=_("the decimal mark prices are written with; the other mark "
                                 "then groups thousands (1.234,50). Default: a comma in a "
                                 ";-separated CSV, a point otherwise, and a price that "
                                 "reads two ways (25.000) is rejected"))
    importer.add_argument("--sheet", metavar="NAME",
                          help=_("the worksheet to read (default: the active sheet if "
                                 "visible, else the first visible one)"))
    common.add_force_option(importer)
    importer.set_defaults(run=run_import)


def run_template(args: argparse.Namespace) -> int:
    from mesocost.storage.pricelist import write_template

    common.check_output(args, args.file)
    write_template(args.file, force=args.force)
    print(_("wrote {path}: fill in one row per destination, then `mesocost catalog import "
            "{path} --output catalog.toml`").format(path=args.file))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from mesocost.storage.pricelist import import_price_list, write_catalog

    common.check_output(args, args.output, **{"the price list": args.file})
    result = import_price_list(args.file, decimal=args.decimal, sheet=args.sheet)
    for note in result.notes:
        print(terminal_text(f"mesocost: {args.file}: {note}"), file=sys.stderr)
    for rejected in result.rejected:
        print(terminal_text(_("{program}: rejected {path}: {row}").format(
            program="mesocost", path=args.file, row=rejected)), file=sys.stderr)
    rejected = len(result.rejected)
    if rejected and args.strict:
        raise InputError(ngettext("{count} row rejected; nothing written (--strict)",
                                  "{count} rows rejected; nothing written (--strict)",
                                  rejected).format(count=rejected), str(args.file))
    if not result.entries:
        raise InputError(_("no valid rows; nothing written"), str(args.file))
    write_catalog(args.output, result.entries, os.path.basename(args.file), force=args.force)
    count = len(result.entries)
    if rejected:
        text = ngettext("wrote {path}: {count} entry, {rejected} rejected",
                        "wrote {path}: {count} entries, {rejected} rejected", count)
    else:
        text = ngettext("wrote {path}: {count} entry", "wrote {path}: {count} entries", count)
    print(text.format(path=args.output, count=count, rejected=rejected))
    return 0
