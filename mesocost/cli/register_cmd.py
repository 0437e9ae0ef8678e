"""`mesocost register export FILE.xlsx` and `mesocost register backup FILE`."""

from __future__ import annotations

import argparse
from datetime import date

from mesocost.cli import common, options
from mesocost.cli.saved import add_db_option, open_register
from mesocost.core.i18n import _, ngettext
from mesocost.core.text import terminal_text


def register(commands: argparse._SubParsersAction) -> None:
    actions = common.command_group(commands, "register",
                                   _("the quote register as a whole: export, backup"))
    export = actions.add_parser(
        "export", help=_("every quote as one row of a workbook"),
        description=_("Write the register as an Excel workbook: one row per quote (deleted "
                      "ones left out)."))
    export.add_argument("file", metavar="FILE.xlsx", help=_("the workbook to write"))
    export.add_argument("--locale", type=options.locale, metavar="LOC",
                        help=_("paper size by locale (default: the environment's)"))
    common.add_document_language_option(export)
    common.add_force_option(export)
    add_db_option(export)
    export.set_defaults(run=run_export)

    backup = actions.add_parser(
        "backup", help=_("a consistent copy of the register (SQLite)"),
        description=_("Copy a SQLite register while others may be using it (SQLite's "
                      "online backup). A PostgreSQL register is backed up with pg_dump."))
    backup.add_argument("file", metavar="FILE", help=_("the copy to write"))
    common.add_force_option(backup)
    add_db_option(backup)
    backup.set_defaults(run=run_backup)


def run_export(args: argparse.Namespace) -> int:
    from mesocost.export.register_sheet import export_register

    common.check_output(args, args.file)
    with open_register(args) as register:
        rows = register.list()
    language = options.document_language(args)
    export_register(args.file, rows, today=date.today(), locale=language.locale,
                    force=args.force, language=language)
    print(ngettext("wrote {path} ({count} quote)", "wrote {path} ({count} quotes)",
                   len(rows)).format(path=terminal_text(args.file), count=len(rows)))
    return 0


def run_backup(args: argparse.Namespace) -> int:
    common.check_output(args, args.file)
    with open_register(args) as register:
        register.backup(args.file, force=args.force)
    print(_("wrote {path}").format(path=terminal_text(args.file)))
    return 0
