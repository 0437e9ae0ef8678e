"""`mesocost schedule`: the dated sessions of a protocol, with aftercare reminders."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from mesocost.cli import options
from mesocost.core.protocol import build_schedule
from mesocost.core.text import terminal_text


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("schedule", help="list the dated sessions of a protocol")
    options.add_protocol_options(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    protocol = options.load_protocol(args)
    start = args.start or date.today()
    sessions = build_schedule(protocol, start, args.maintenance_months)
    milestones = {m.session: m.label for m in protocol.milestones}
    if args.format == "json":
        json.dump({
            "protocol": protocol.name, "title": protocol.title, "start": start.isoformat(),
            "sessions": [{"number": s.number, "date": s.day.isoformat(), "phase": s.phase,
                          "maintenance": s.maintenance, "milestone": milestones.get(s.number),
                          "aftercare": list(s.aftercare)} for s in sessions],
        }, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    # Titles, phases and milestones may come from a protocol file: printed terminal-safe.
    print(terminal_text(f"{protocol.title} — {protocol.describe()}"))
    for s in sessions:
        note = f"  ← {milestones[s.number]}" if s.number in milestones else ""
        print(terminal_text(f"{s.number:>3}  {s.day.isoformat()}  {s.day:%a}  {s.phase}{note}"))
    print("\nAfter every session:")
    for reminder in sessions[0].aftercare if sessions else ():
        print(f"  - {reminder}")
    return 0
