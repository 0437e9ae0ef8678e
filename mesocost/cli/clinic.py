"""`mesocost clinic init|show|set`: the clinic profile every quote's seller block and terms
come from (`clinic.toml` in the user config folder, or --profile FILE)."""

from __future__ import annotations

import argparse
import os
import sys

from mesocost.cli import common
from mesocost.core.clinic import ClinicProfile
from mesocost.core.errors import InputError
from mesocost.core.i18n import _
from mesocost.core.text import terminal_text


def register(commands: argparse._SubParsersAction) -> None:
    actions = common.command_group(commands, "clinic",
                                   _("the clinic profile quotes are sent under"))
    init = actions.add_parser(
        "init", help=_("write a commented clinic profile to fill in"),
        description=_("Write a commented clinic.toml template in the user config folder "
                      "(or --profile FILE). An existing profile is kept unless --force."))
    _profile_option(init)
    init.add_argument("--force", action="store_true",
                      help=_("replace an existing profile with the template (even "
                             "read-only)"))
    init.set_defaults(run=run_init)
    show = actions.add_parser(
        "show", help=_("check the clinic profile and print it"),
        description=_("Read and check the clinic profile (every key, the logo file too) "
                      "and print it."))
    _profile_option(show)
    show.add_argument("--format", choices=("table", "toml"), default="table")
    show.set_defaults(run=run_show)
    setter = actions.add_parser(
        "set", help=_("set one key of the clinic profile"),
        description=_("Check VALUE for KEY, then rewrite the profile atomically (created "
                      "from the template if missing). Keys: {keys}. An empty VALUE clears "
                      "a text key.").format(keys=", ".join(ClinicProfile._fields)))
    setter.add_argument("key", metavar="KEY", help=_("the key to set"))
    setter.add_argument("value", metavar="VALUE", help=_("its new value"))
    _profile_option(setter)
    setter.set_defaults(run=run_set)


def _profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", metavar="FILE",
                        help=_("the profile file (default: clinic.toml in the user config "
                               "folder)"))


def _path(args: argparse.Namespace) -> str:
    from mesocost.storage.clinicfile import default_profile_path

    return args.profile if args.profile is not None else default_profile_path()


def run_init(args: argparse.Namespace) -> int:
    from mesocost.storage.clinicfile import init_profile

    path = _path(args)
    init_profile(path, force=args.force)
    print(terminal_text(_("wrote {path}: fill it in, or use `mesocost clinic set KEY VALUE`"
                          ).format(path=path)))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from mesocost.storage.clinicfile import load_profile, profile_rows, profile_toml

    path = _path(args)
    if not os.path.lexists(path):
        raise InputError(_("no clinic profile here: run `mesocost clinic init`"), path)
    profile = load_profile(path)
    if args.format == "toml":
        sys.stdout.write(terminal_text(profile_toml(profile), keep_lines=True))
        return 0
    print(terminal_text(_("clinic profile {path}").format(path=path)))
    body = [[key, _shown(value)] for key, value in profile_rows(profile)]
    common.write_aligned(sys.stdout, [_("key"), _("value")], body)
    return 0


def _shown(value: str) -> str:
    """One line per key in the table: line breaks shown as " / ", empty as "(not set)"."""
    if not value:
        return _("(not set)")
    return " / ".join(line.strip() for line in value.splitlines() if line.strip())


def run_set(args: argparse.Namespace) -> int:
    from mesocost.storage.clinicfile import set_value

    path = _path(args)
    profile = set_value(path, args.key, args.value)
    shown = _shown(str(getattr(profile, args.key)))
    print(terminal_text(f"{path}: {args.key} = {shown}"))
    return 0
