"""Text that stays harmless wherever it goes: files, terminals and aligned columns.

Text reaches mesocost from places that do not promise valid Unicode: command-line
arguments and file names holding bytes that are not UTF-8 arrive as lone surrogates
(Python's "surrogateescape", U+DC80–U+DCFF), which no UTF-8 file can hold. A catalog's
clinic name can hold terminal escape sequences. And a column of Chinese clinic names is
twice as wide on screen as its length says.

Public API:
    valid_text(text) -> str        lone surrogates replaced with U+FFFD (encodes as UTF-8)
    terminal_text(text, keep_lines=False) -> str
                                   no control characters or escape sequences
    display_width(text) -> int     columns a terminal gives the text (CJK 2, combining 0)
    pad(text, width, right=False) -> str
    spreadsheet_text(text) -> str  a leading formula character made harmless with "'"
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"

# What makes a spreadsheet read typed text as a formula (CSV / formula injection). A
# leading line break is included: a workbook stores CR as LF.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

_SURROGATE = re.compile("[\ud800-\udfff]")

# Escape sequences a terminal acts on (ECMA-48): CSI (colours, cursor moves, clearing the
# screen), OSC (window title, hyperlinks, clipboard), DCS/SOS/PM/APC strings, and the
# two-character ESC sequences (ESC c resets the terminal), in 7-bit and 8-bit form.
_ESCAPE = re.compile(
    r"""
      (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]?                 # CSI parameters final
    | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f]) [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?
    | \x1b [ -/]* [0-~]?                                   # ESC (intermediates) final
    """,
    re.VERBOSE,
)
# What is left of C0, DEL and C1 once sequences are gone.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WHITESPACE_CONTROL = re.compile("\r\n|[\t\n\r\x0b\x0c]")


def valid_text(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, so it always encodes as UTF-8.

    A surrogate pair written as two code points becomes the character it stands for.
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def terminal_text(text: str, keep_lines: bool = False) -> str:
    """`text` safe to print: no escape sequence or control character can reach the terminal.

    Tabs and line breaks become spaces (a table cell stays on its line) unless
    `keep_lines`, where line breaks stay (e.g. notes) and CR LF becomes LF.
    """
    text = valid_text(text)
    if text.isprintable():
        return text
    text = _ESCAPE.sub("", text)
    if keep_lines:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        return _CONTROL_KEEP_LINES.sub("", text)
    return _CONTROL.sub("", _WHITESPACE_CONTROL.sub(" ", text))


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0  # combining accents, zero-width joiners and spaces
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """How many terminal columns `text` takes: wide CJK characters 2, combining marks 0."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` display columns (on the left when `right`)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def spreadsheet_text(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows as typed and never runs as a formula:
    a leading =, +, -, @, tab or line break gets a single quote in front (OWASP's advice
    for CSV injection). Only for text: a negative number must stay a number."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
