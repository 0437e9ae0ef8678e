"""What spreadsheet programs really write: decimal commas, Windows encodings, hidden sheets.

A price list saved as CSV by a European Excel is `;`-separated with decimal commas
(`ES;Madrid;Clínica;EUR;90,50;180,00`), by Excel on Windows in Windows-1252 rather than
UTF-8, and a workbook may hold hidden sheets (lookup lists) before the one its owner
sees. These helpers read such files as their owner meant them, and say so when they had
to guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import NamedTuple

from mesocost.core.errors import InputError
from mesocost.core.i18n import _

DECIMAL_MARKS = (".", ",")
# Spaces a spreadsheet groups thousands with (French: "1 234,50", often a no-break space).
_SPACES = " \u00a0\u202f"
_PLAIN_NUMBER = re.compile(rf"^[+-]?[0-9.,{_SPACES}]+$")
# Digits in groups of three after the first, all split by the same separator.
_GROUPS = re.compile(r"^[0-9]{1,3}(?:(?P<sep>[., \u00a0\u202f])[0-9]{3})?(?:(?P=sep)[0-9]{3})*$")


class DecimalMark(NamedTuple):
    """How a file writes decimals: `mark` ("." or ","), and whether the user said so.

    Said (`--decimal`): the other mark groups thousands ("1.234,50" with a comma). Guessed
    from the file (a `;`-separated CSV is read with a decimal comma): a value whose only
    separator is the other mark in thousands position ("25.000") could be read either way
    and is refused with a reason, never guessed.
    """

    mark: str
    explicit: bool = False

    @property
    def name(self) -> str:
        return "decimal comma" if self.mark == "," else "decimal point"


def csv_decimal_mark(delimiter: str, asked: str | None) -> DecimalMark:
    """The decimal mark of a CSV: the one asked for, else "," for `;`-separated files
    (what Excel writes where the comma is the decimal mark), else "."."""
    if asked is not None:
        return DecimalMark(asked, explicit=True)
    return DecimalMark("," if delimiter == ";" else ".")


def read_decimal(text: str, decimals: DecimalMark) -> str:
    """A number as a spreadsheet wrote it → the plain form `Decimal` reads.

    "90,50" → "90.50" and "1.234,50" → "1234.50" with a decimal comma; "1,234.50" →
    "1234.50" with a decimal point; spaces may group thousands either way ("1 234,50").
    Text that is not made of digits and separators (a word, "1e3") is returned as it is,
    for the catalog's own check to judge.

    Raises:
        InputError: the separators do not fit the decimal mark, or the value could be
            read two ways (the reason names --decimal).
    """
    number = text.strip()
    if not _PLAIN_NUMBER.match(number):
        return number
    sign = number[0] if number[0] in "+-" else ""
    number = number.lstrip("+-")
    mark, other = decimals.mark, "," if decimals.mark == "." else "."
    if not decimals.explicit and mark not in number and number.count(other) == 1:
        # Guessed mark, and the value uses the other one once: "90.50" can only be a
        # decimal point; "25.000" could be either and is refused below.
        groups = _GROUPS.match(number)
        if groups is None or groups["sep"] != other:
            mark, other = other, mark
    whole, has_mark, fraction = number.rpartition(mark) if mark in number else (
        number, "", "")
    if whole.count(mark) or (has_mark and not fraction.isdigit()):
        raise InputError(_not_a_number(text, decimals))
    if whole and not whole.isdigit():
        groups = _GROUPS.match(whole)
        if groups is None or groups["sep"] not in (other, *_SPACES):
            raise InputError(_not_a_number(text, decimals))
        ambiguous = (groups["sep"] == other and not has_mark and not decimals.explicit
                     and whole.count(other) == 1)
        if ambiguous:
            message = (
                _("{value!r} could be read two ways in a file with a decimal comma "
                  "(thousands, or decimals): pass --decimal {mark} for thousands or "
                  "--decimal {other} for decimals") if decimals.mark == "," else
                _("{value!r} could be read two ways in a file with a decimal point "
                  "(thousands, or decimals): pass --decimal {mark} for thousands or "
                  "--decimal {other} for decimals"))
            raise InputError(message.format(value=text.strip(), mark=mark, other=other))
        whole = re.sub(f"[{re.escape(other)}{_SPACES}]", "", whole)
    return sign + whole + ("." + fraction if has_mark else "")


def _not_a_number(text: str, decimals: DecimalMark) -> str:
    comma = decimals.mark == ","
    if decimals.explicit:
        message = (_("not a number with a decimal comma: {value!r}") if comma
                   else _("not a number with a decimal point: {value!r}"))
    else:
        message = (_("not a number with a decimal comma: {value!r} (pass --decimal . if the "
                     "file uses decimal points)") if comma
                   else _("not a number with a decimal point: {value!r} (pass --decimal , if "
                          "the file uses decimal commas)"))
    return message.format(value=text.strip())


def number_as_text(value: int | float | Decimal) -> str:
    """A number a spreadsheet stored in a text column, with all its digits: a clinic
    called 2024 is "2024" (not "2024.0"), 1234567 is not "1.23457e+06"."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral() else value, "f")
    return str(value)


def date_as_text(value: date) -> str:
    """A date a spreadsheet made of what was typed in a text column, as ISO text."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    return value.isoformat()


# --- text encodings ----------------------------------------------------------------------


class DecodedText(NamedTuple):
    text: str
    note: str | None = None


def decode_csv(data: bytes, where: str) -> DecodedText:
    """CSV bytes as text: UTF-8 (a byte-order mark is dropped), else Windows-1252 — what
    Excel's plain "CSV" save writes on Windows — with a note naming the first line that
    is not UTF-8.

    Raises:
        InputError: neither UTF-8 nor Windows-1252 (one line, naming the line).
    """
    try:
        return DecodedText(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(_('line {line} is not UTF-8 text (nor Windows-1252): save the file '
                           'as "CSV UTF-8" and import it again').format(line=line),
                         where) from None
    return DecodedText(text, _("line {line} is not UTF-8: read the file as Windows-1252 "
                               "(Excel's \"CSV\" on Windows); if names look wrong, save it "
                               'as "CSV UTF-8" and import it again').format(line=line))


# --- sheets ------------------------------------------------------------------------------


def visible_sheet(workbook, name: str | None, where: str):
    """The worksheet its owner sees: the one named, else the active sheet if it is a
    visible worksheet, else the first visible one. A hidden sheet is never read.

    Raises:
        InputError: no sheet of that name, that sheet is hidden, or none is visible.
    """
    sheets = list(workbook.worksheets)  # worksheets only: a chart sheet holds no rows
    visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
    if name is not None:
        found = next((sheet for sheet in sheets if sheet.title == name), None)
        if found is None:
            found = next((s for s in sheets if s.title.casefold() == name.casefold()), None)
        if found is None:
            known = ", ".join(repr(sheet.title) for sheet in visible) or _("none visible")
            raise InputError(_("no sheet named {name!r} (sheets: {sheets})").format(
                name=name, sheets=known), where, "--sheet")
        if found.sheet_state != "visible":
            raise InputError(_("sheet {name!r} is hidden: unhide it in the spreadsheet to "
                               "import it").format(name=found.title), where, "--sheet")
        return found
    try:
        active = workbook.active
    except (IndexError, AttributeError):
        active = None
    if active in visible:
        return active
    if not visible:
        raise InputError(_("no visible sheet to read"), where)
    return visible[0]
