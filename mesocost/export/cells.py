"""Cell-level helpers: safe text, currency number formats, and the styles they need.

Text a person typed must stay text. openpyxl turns any string starting with "=" into a
formula, and spreadsheets treat "+", "-", "@", tab and CR at the start of what is typed
as the start of a formula. We therefore write typed text as a string cell (data type
"s", so no formula is ever stored) with the `quotePrefix` style flag set when it starts
with one of those characters: Excel and LibreOffice then show the text exactly as
typed, and keep it text if someone edits the cell. Nothing is added to the visible text.

Characters XML 1.0 cannot hold (most C0 controls, U+FFFE, U+FFFF) are removed rather than
raising openpyxl's IllegalCharacterError halfway through an export, and lone surrogates
(bytes that were not UTF-8) become U+FFFD instead of a file no spreadsheet opens.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.workbook import Workbook

from mesocost.core.money import minor_units, round_to_minor
from mesocost.core.text import FORMULA_TRIGGERS, valid_text

# FORMULA_TRIGGERS (what makes a spreadsheet read typed text as a formula) lives in
# core.text, shared with the CSV output. A leading line break is included: a CR is stored
# as LF (see clean_text).

# Symbols Excel shows with their own locale id ("[$$-409]" is Excel's US dollar). Only
# unambiguous ones: elsewhere "$" or "¥" could be several currencies, so the ISO code is
# shown instead ("[$CAD] #,##0.00"), which every spreadsheet reads the same way.
_EXCEL_SYMBOLS = {"USD": ("$", "409"), "EUR": ("€", "2"), "GBP": ("£", "809"),
                  "JPY": ("¥", "411"), "INR": ("₹", "4009"), "TRY": ("₺", "41F"),
                  "KRW": ("₩", "412")}

# XML 1.0 excludes these two non-characters (openpyxl's ILLEGAL_CHARACTERS_RE does not).
_NOT_XML = re.compile("[\ufffe\uffff]")

DATE_FORMAT = "yyyy-mm-dd"
RATE_FORMAT = "0.000000"
PERCENT_INPUT_FORMAT = "0.00"
COUNT_FORMAT = "0"


def clean_text(value: object) -> str:
    """`value` as text without the characters XML cannot hold.

    Control characters and the non-characters U+FFFE/U+FFFF are dropped; a lone
    surrogate (a byte that was not UTF-8, e.g. in a command-line argument) becomes
    U+FFFD, as a UTF-8 decoder would show it. Line ends become LF: an XML reader turns a
    bare CR into LF anyway, so writing LF makes what is read back equal to what was written.
    """
    text = valid_text("" if value is None else str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))


def needs_quote_prefix(text: str) -> bool:
    """Would a spreadsheet read this typed text as the start of a formula?"""
    return text.startswith(FORMULA_TRIGGERS)


@cache
def currency_format(currency: str, decimals: int | None = None) -> str:
    """Excel's invariant number format for `currency`: symbol and its minor units (or
    `decimals`, for a unit price shown with more).

    "[$$-409]#,##0.00" for USD, "[$¥-411]#,##0" for JPY, "[$CHF] #,##0.00" for CHF.
    """
    decimals = minor_units(currency) if decimals is None else decimals
    number = "#,##0" + ("." + "0" * decimals if decimals else "")
    known = _EXCEL_SYMBOLS.get(currency)
    tag = f"[${known[0]}-{known[1]}]" if known else f"[${currency}] "
    return f"{tag}{number};-{tag}{number}"


def money_value(amount: Decimal, currency: str) -> Decimal:
    """The stored figure: rounded once to the currency's minor units (a number, not text)."""
    return round_to_minor(amount, currency)


class Styles:
    """Named styles of one workbook, registered once and applied by name.

    Building a style per cell is what makes openpyxl exports slow; a named style is
    stored once and each cell only records its index.
    """

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._known: set[str] = set()
        base = Font(name="Calibri", size=11)
        self._define("text", NamedStyle("text", font=base))
        self._define("wrap", NamedStyle("wrap", font=base,
                                        alignment=Alignment(wrap_text=True, vertical="top")))
        self._define("header", NamedStyle(
            "header", font=Font(name="Calibri", size=11, bold=True),
            fill=PatternFill("solid", fgColor="DDE4EE"),
            alignment=Alignment(wrap_text=True, vertical="center")))
        self._define("title", NamedStyle("title", font=Font(name="Calibri", size=15,
                                                            bold=True)))
        self._define("label", NamedStyle("label", font=Font(name="Calibri", size=11,
                                                            bold=True)))
        self._define("date", NamedStyle("date", font=base, number_format=DATE_FORMAT,
                                        alignment=Alignment(horizontal="left")))
        self._define("rate", NamedStyle("rate", font=base, number_format=RATE_FORMAT))
        self._define("count", NamedStyle("count", font=base, number_format=COUNT_FORMAT))
        self._define("input", NamedStyle("input", font=Font(name="Calibri", size=11,
                                                            color="1F4E9E"),
                                         fill=PatternFill("solid", fgColor="FFF7D6")))
        self._define("note", NamedStyle("note", font=Font(name="Calibri", size=10,
                                                          italic=True),
                                        alignment=Alignment(wrap_text=True, vertical="top")))

    def _define(self, name: str, style: NamedStyle) -> None:
        self.workbook.add_named_style(style)
        self._known.add(name)

    def money(self, currency: str, role: str = "", decimals: int | None = None) -> str:
        """Name of the style for amounts in `currency` (role: "", "total" or "input"),
        with the currency's minor units or `decimals` of them."""
        name = f"money {currency} {role}".strip()
        if decimals is not None and decimals != minor_units(currency):
            name += f" {decimals}dp"
        if name not in self._known:
            bold = role == "total"
            color = "1F4E9E" if role == "input" else None
            style = NamedStyle(name, number_format=currency_format(currency, decimals),
                               font=Font(name="Calibri", size=11, bold=bold, color=color))
            if role == "input":
                style.fill = PatternFill("solid", fgColor="FFF7D6")
            self._define(name, style)
        return name


def put_text(cell: Cell, value: object, style: str = "text") -> None:
    """Write text as a text cell; a leading formula character gets quotePrefix."""
    text = clean_text(value)
    cell.value = text
    # openpyxl has just guessed "f" for "=..." text: it is text, whatever it looks like.
    cell.data_type = "s"
    cell.style = style
    if needs_quote_prefix(text):
        # A cell-level flag (not part of named styles): the leading character is text.
        cell.quotePrefix = True


def put_money(cell: Cell, amount: Decimal, currency: str, styles: Styles,
              role: str = "") -> None:
    """Write an amount, rounded to minor units, as a number with its currency format."""
    cell.value = money_value(amount, currency)
    cell.style = styles.money(currency, role)


def put_date(cell: Cell, day: date) -> None:
    cell.value = day
    cell.style = "date"


@cache
def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
