"""The words argparse itself prints, listed for the message catalogue.

argparse translates through its module-level gettext functions, which the CLI points at
mesocost's (`mesocost.cli._use_language`); `pybabel extract` only sees strings marked in
this package, so the ones a user can meet are repeated here. Nothing imports this module.
"""

from mesocost.core.i18n import N_, ngettext

USER_FACING = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


def _plurals(count: int) -> str:
    # Marks argparse's one plural message for extraction; never called.
    return ngettext("expected %s argument", "expected %s arguments", count)
