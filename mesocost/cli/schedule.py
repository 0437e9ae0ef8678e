"""`mesocost schedule`: the dated sessions of a protocol, with aftercare reminders, and
(--ics) the same sessions as a calendar file."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from mesocost.cli import common, options
from mesocost.core.i18n import _, interface, pgettext
from mesocost.core.protocol import build_schedule
from mesocost.core.text import terminal_text
from mesocost.present import course_text


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "schedule", help=_("list the dated sessions of a protocol"),
        description=_("List the dated sessions of a protocol with the aftercare after "
                      "each; --ics also writes them as a calendar file."))
    options.add_protocol_options(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--ics", metavar="FILE",
                        help=_("also write the sessions as a calendar file (.ics) with "
                               "reminders"))
    common.add_document_language_option(parser, with_locale=False)
    common.add_force_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.ics is not None:
        common.check_output(args, args.ics)  # before any work: never over --protocol FILE
    protocol = options.load_protocol(args)
    start = args.start or date.today()
    sessions = build_schedule(protocol, start, args.maintenance_months)
    if args.ics is not None:  # written first: a failure is the only line, after no table
        _write_calendar(args, protocol.title, sessions)
    if args.format == "json":
        milestones = {m.session: m.label for m in protocol.milestones}
        json.dump({
            "protocol": protocol.name, "title": protocol.title, "start": start.isoformat(),
            "sessions": [{"number": s.number, "date": s.day.isoformat(), "phase": s.phase,
                          "maintenance": s.maintenance, "milestone": milestones.get(s.number),
                          "aftercare": list(s.aftercare)} for s in sessions],
        }, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    # Titles, phases and milestones may come from a protocol file: printed terminal-safe.
    # The bundled protocol's words are in the catalogue (core.protocol_words); a file's
    # own words show as written.
    milestones = {m.session: _(m.label) for m in protocol.milestones}
    print(terminal_text(f"{_(protocol.title)} — {course_text(protocol, interface())}"))
    for s in sessions:
        note = f"  ← {milestones[s.number]}" if s.number in milestones else ""
        print(terminal_text(f"{s.number:>3}  {s.day.isoformat()}  {_weekday(s.day)}  "
                            f"{pgettext('phase', s.phase)}{note}"))
    print("\n" + _("After every session:"))
    # The seed's aftercare (core.protocol.AFTERCARE, marked there), in the interface language.
    for reminder in sessions[0].aftercare if sessions else ():
        print(f"  - {_(reminder)}")
    return 0


def _weekday(day: date) -> str:
    """"Mon": the day of the week, abbreviated, in the interface language."""
    return (pgettext("weekday, abbreviated", "Mon"), pgettext("weekday, abbreviated", "Tue"),
            pgettext("weekday, abbreviated", "Wed"), pgettext("weekday, abbreviated", "Thu"),
            pgettext("weekday, abbreviated", "Fri"), pgettext("weekday, abbreviated", "Sat"),
            pgettext("weekday, abbreviated", "Sun"))[day.weekday()]


def _write_calendar(args: argparse.Namespace, title: str, sessions) -> None:
    # Imported here: icalendar costs a tenth of a second, and only --ics needs it.
    from mesocost.export.calendar import write_schedule_ics

    write_schedule_ics(args.ics, sessions, force=args.force, title=title,
                       language=options.document_language(args))
