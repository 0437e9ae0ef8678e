"""The clinic profile: who sends a quote, and the terms every quote of theirs carries.

A `ClinicProfile` is the seller block of a quote (name, address, phone, email, website,
tax or registration number, logo) and the clinic's defaults and terms (validity, deposit,
when the deposit is due, payment terms, cancellation policy, the reference prefix, a
page footer). It is read from `clinic.toml` (see `mesocost.storage.clinicfile`); this
module only checks values, so the window, the command line and a file share one set of
rules. Nothing here touches the disk: a logo's file is checked where it is read.

When the deposit is due is two settings, never a signed number of days:

- `deposit_due = "after_acceptance"`: `deposit_due_days` days after the client accepts the
  quote (0: on acceptance). Acceptance can come on any day up to the end of validity, so
  the quote prints the latest possible due date (validity end + days), and never a day
  after the first session.
- `deposit_due = "before_first_session"`: `deposit_due_days` days before the first session.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.errors import InputError, shown
from mesocost.core.i18n import _, ngettext
from mesocost.core.money import ZERO, check_percent, check_whole

AFTER_ACCEPTANCE = "after_acceptance"
BEFORE_FIRST_SESSION = "before_first_session"
DEPOSIT_DUE_RULES = (AFTER_ACCEPTANCE, BEFORE_FIRST_SESSION)

MAX_VALIDITY_DAYS = 3650  # the same limit as --validity-days
MAX_DEPOSIT_DUE_DAYS = 365
MAX_LINE = 200  # one-line text: a name, a phone number, an address line
MAX_TEXT = 2000  # paragraphs: payment terms, cancellation policy
MAX_FOOTER = 200  # printed in the page footer, which holds about 255 characters
MAX_PREFIX = 12
MAX_PATH = 1000

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


class ClinicProfile(NamedTuple):
    """The seller of a quote and the terms their quotes carry. Empty text is "not given".

    Attributes:
        name: the clinic (or agency) as it signs its quotes.
        address: postal address; several lines allowed.
        phone, email, website: how a client reaches the clinic.
        tax_id: tax or company registration number.
        logo: a PNG or JPEG file (checked when the profile is read); "" for none.
        validity_days: how long a quote stands (default for --validity-days).
        deposit_pct: the deposit, a percentage of the quote's lowest total (default for
            --deposit); 0 for no deposit.
        deposit_due: AFTER_ACCEPTANCE or BEFORE_FIRST_SESSION (see the module docstring).
        deposit_due_days: days after acceptance, or before the first session.
        payment_terms: how and when the client pays; several lines allowed.
        cancellation_policy: cancellation and refund terms; several lines allowed.
        quote_prefix: starts every reference ("Q" gives Q-20261102-TR-AL).
        footer: one line printed at the foot of every page.
    """

    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    tax_id: str = ""
    logo: str = ""
    validity_days: int = 30
    deposit_pct: Decimal = ZERO
    deposit_due: str = AFTER_ACCEPTANCE
    deposit_due_days: int = 0
    payment_terms: str = ""
    cancellation_policy: str = ""
    quote_prefix: str = "Q"
    footer: str = ""


PROFILE_KEYS = ClinicProfile._fields
_LINES = frozenset({"address", "payment_terms", "cancellation_policy"})  # may hold line breaks
_WHOLE = {"validity_days": (1, MAX_VALIDITY_DAYS),
          "deposit_due_days": (0, MAX_DEPOSIT_DUE_DAYS)}


def parse_profile(raw: Mapping[str, object], *where: str) -> ClinicProfile:
    """Check a profile table (a parsed clinic.toml) key by key.

    Missing keys take their defaults; `schema = 1` is allowed, any other unknown key is
    refused. The logo is only checked to be text here (its file is checked by storage).

    Raises:
        InputError: "WHERE: KEY: what is wrong".
    """
    unknown = sorted(str(key) for key in raw if key not in PROFILE_KEYS and key != "schema")
    if unknown:
        raise InputError(_("unknown key (expected one of {keys})").format(
            keys=", ".join(PROFILE_KEYS)), *where, shown(unknown[0]))
    schema = raw.get("schema", 1)
    if isinstance(schema, bool) or schema != 1:
        raise InputError(_("mesocost reads schema {schema} files, got {value!r}").format(
            schema=1, value=schema), *where, "schema")
    values = {key: check_value(key, raw[key], *where, key)
              for key in PROFILE_KEYS if key in raw}
    return ClinicProfile(**values)


def check_value(key: str, value: object, *where: str) -> object:
    """One profile value as a file holds it (text, whole number, percentage), checked.

    Raises:
        InputError: naming `where` and what is wrong.
    """
    if key in _WHOLE:
        return check_whole(value, *_WHOLE[key], *where)
    if key == "deposit_pct":
        if isinstance(value, float):  # TOML 12.5: its shortest text, never the binary float
            value = repr(value)
        if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
            raise InputError(_("must be a percentage (e.g. 30 or \"12.5\"), got {value!r}")
                             .format(value=value), *where)
        return check_percent(value, *where)
    if not isinstance(value, str):
        raise InputError(_("must be text, got {value!r}").format(value=value), *where)
    return _check_text(key, value, *where)


def _check_text(key: str, value: str, *where: str) -> str:
    text = value.strip()
    if key == "deposit_due":
        if text not in DEPOSIT_DUE_RULES:
            raise InputError(_("must be {first} or {second}, got {value!r}").format(
                first=AFTER_ACCEPTANCE, second=BEFORE_FIRST_SESSION, value=value), *where)
        return text
    if key == "quote_prefix":
        if not text or len(text) > MAX_PREFIX or not _PREFIX.fullmatch(text):
            raise InputError(ngettext(
                "must be 1 to {count} letter, digit or '-', starting with a letter, "
                "got {value!r}",
                "must be 1 to {count} letters, digits or '-', starting with a letter, "
                "got {value!r}", MAX_PREFIX).format(count=MAX_PREFIX, value=value), *where)
        return text
    longest = (MAX_TEXT if key in _LINES else MAX_FOOTER if key == "footer"
               else MAX_PATH if key == "logo" else MAX_LINE)
    if len(text) > longest:
        raise InputError(ngettext("is {count} character long; at most {longest} fit a quote",
                                  "is {count} characters long; at most {longest} fit a quote",
                                  len(text)).format(count=len(text), longest=longest),
                         *where)
    if key not in _LINES and len(text.splitlines()) > 1:
        raise InputError(_("must be one line"), *where)
    if key == "email" and text and not _EMAIL.fullmatch(text):
        raise InputError(_("not an email address: {value!r}").format(value=value), *where)
    if key == "website" and any(char.isspace() for char in text):
        raise InputError(_("a web address has no spaces: {value!r}").format(value=value),
                         *where)
    return text


def parse_setting(key: str, text: str) -> object:
    """A value typed as `mesocost clinic set KEY VALUE`, as the profile holds it.

    Raises:
        InputError: "KEY: what is wrong" (an unknown key lists the known ones).
    """
    if key not in PROFILE_KEYS:
        raise InputError(_("unknown key {key!r} (expected one of {keys})").format(
            key=shown(key), keys=", ".join(PROFILE_KEYS)))
    if key in _WHOLE:
        try:
            number: object = int(text.strip())
        except ValueError:
            raise InputError(_("must be a whole number, got {value!r}").format(value=text),
                             key) from None
        return check_value(key, number, key)
    return check_value(key, text, key)


def quote_reference(prefix: str, created: date, destination: str, client: str) -> str:
    """A dated reference until the quote register numbers quotes: "Q-20261102-TR-AL".

    Prefix, quote date, destination code, and the client's initials (up to three, letters
    and digits only; left out when the name has none): two quotes for different clients on
    one day differ, and nothing in it can start a spreadsheet formula.
    """
    initials = "".join(word[0] for word in re.findall(r"\w+", client) if word[0].isalnum())
    parts = [prefix or "Q", created.strftime("%Y%m%d"), destination]
    if initials:
        parts.append(initials[:3].upper())
    return "-".join(parts)
