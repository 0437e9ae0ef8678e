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

Dates and amounts are numbers with a number format (`Formats`): an English document keeps
the forms it always had, whatever its locale; a document in another language shows them
as its locale writes them (CLDR), in every spreadsheet (see `Formats`).
"""

from __future__ import annotations

import locale as _system_locale
import re
from datetime import date
from decimal import Decimal
from functools import cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.workbook import Workbook

from mesocost.core.i18n import ENGLISH, Language
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


# --- a document's formats ------------------------------------------------------------------
# Spreadsheet files always write number formats with "," for grouping and "." for decimals,
# and a spreadsheet shows them with its own locale's marks, and "/" as its own date
# separator. A format that starts with a locale modifier ("[$-407]": German, by Windows
# locale id) is shown as that locale writes numbers by LibreOffice whatever its own locale
# (Excel keeps the reader's marks and uses the modifier for month and day names); a date's
# separators are escaped literals, so its order and marks are the locale's everywhere.

# Marks that only steer direction in CLDR patterns (a cell's view sets its direction).
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"))
_SPACES = {ord("\u00a0"): " ", ord("\u202f"): " ", ord("\u2009"): " "}


def machine_forms(language: Language) -> bool:
    """Does a document in `language` keep the forms every mesocost document had before
    translation (ISO dates, symbol-tagged amounts)? English and the pseudo-language (English
    made visible) do, whatever the locale; so do sentences (`present.day_text`)."""
    return language.code in ("en", "qps")


@cache
def _windows_ids() -> dict[str, int]:
    """"de_DE" → 0x407: Windows locale ids, which spreadsheets write in number formats."""
    ids: dict[str, int] = {}
    for number, name in sorted(_system_locale.windows_locale.items()):
        ids.setdefault(name, number)
    return ids


@cache
def _locale_tag(locale: str) -> str:
    """"[$-407]" for de_DE (its language's main territory for "de"); "" when unknown."""
    from babel import Locale

    parsed = Locale.parse(locale)
    ids = _windows_ids()
    number = ids.get(f"{parsed.language}_{parsed.territory}") if parsed.territory else None
    if number is None:  # "de" → de_DE: the language's likely territory (CLDR)
        from babel.core import get_global

        likely = Locale.parse(get_global("likely_subtags").get(parsed.language,
                                                               parsed.language))
        number = ids.get(f"{likely.language}_{likely.territory}", ids.get(parsed.language))
    return f"[$-{number:X}]" if number else ""


def _literal(text: str) -> str:
    """`text` shown as itself inside a number format (quoted; a quote mark escaped)."""
    return '\\"'.join(f'"{part}"' if part else "" for part in text.split('"'))


def _clean_pattern_text(text: str) -> str:
    return text.translate(_BIDI_MARKS).translate(_SPACES).replace("'", "")


@cache
def _date_forms(locale: str) -> tuple[str, str]:
    """(the spreadsheet's date format, the same as a babel pattern) for `locale`: CLDR's
    short date with the year written in full ("dd.MM.yy" → dd.mm.yyyy)."""
    from babel.dates import get_date_format, tokenize_pattern, untokenize_pattern

    excel, tokens = [], []
    for kind, value in tokenize_pattern(get_date_format("short", locale=locale).pattern):
        if kind == "chars":
            text = _clean_pattern_text(value)
            excel.append("".join(f"\\{char}" for char in text))
            tokens.append(("chars", text))
            continue
        letter, count = value
        if letter in "yYu":
            excel.append("yyyy")
            tokens.append(("field", ("y", 4)))
        elif letter in "ML":
            excel.append("m" * min(count, 4))
            tokens.append(("field", ("M", count)))
        elif letter == "d":
            excel.append("d" * min(count, 2))
            tokens.append(("field", ("d", count)))
        elif letter in "Eec":
            excel.append("dddd" if count >= 4 else "ddd")
            tokens.append(("field", ("E", count)))
    return "".join(excel), untokenize_pattern(tokens)


@cache
def _currency_parts(currency: str, locale: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """((prefix, suffix), (negative prefix, negative suffix)) an amount in `currency` is
    written between in `locale` (CLDR's standard currency pattern and symbol)."""
    from babel import Locale
    from babel.numbers import get_currency_symbol

    symbol = _clean_pattern_text(get_currency_symbol(currency, locale=locale))
    if not symbol or any(char in symbol for char in '"[]-;'):
        symbol = currency
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    positive, _semicolon, negative = pattern.partition(";")

    def around(part: str) -> tuple[str, str]:
        number = re.search(r"[#0][#0,.]*", part)
        if number is None:
            return "", ""
        prefix, suffix = part[:number.start()], part[number.end():]
        return (_clean_pattern_text(prefix).replace("\xa4", symbol),
                _clean_pattern_text(suffix).replace("\xa4", symbol))

    shown = around(positive)
    if negative:
        return shown, around(negative)
    return shown, ("-" + shown[0], shown[1])


def _grouped(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


class Formats:
    """How one document formats its dates and amounts: the invariant forms (`INVARIANT`:
    ISO dates, "[$$-409]#,##0.00") or a locale's (`Formats("de_DE")`: 31.01.2027,
    1.234,50 €), from CLDR's patterns and currency symbols."""

    def __init__(self, locale: str | None = None) -> None:
        self.locale = locale
        self._tag = _locale_tag(locale) if locale else ""

    def __repr__(self) -> str:
        return f"Formats({self.locale!r})"

    @property
    def date(self) -> str:
        """A date cell's number format."""
        return self._tag + _date_forms(self.locale)[0] if self.locale else DATE_FORMAT

    @property
    def rate(self) -> str:
        return self._tag + RATE_FORMAT

    @property
    def percent(self) -> str:
        return self._tag + "0.00%"

    @property
    def whole(self) -> str:
        """Whole numbers, grouped (a chart's axis)."""
        return self._tag + "#,##0"

    def currency(self, currency: str, decimals: int | None = None) -> str:
        """An amount cell's number format, with the currency's minor units or `decimals`."""
        if not self.locale:
            return currency_format(currency, decimals)
        decimals = minor_units(currency) if decimals is None else decimals
        number = _grouped(decimals)
        (prefix, suffix), (minus, minus_suffix) = _currency_parts(currency, self.locale)
        return (f"{self._tag}{_literal(prefix)}{number}{_literal(suffix)};"
                f"{self._tag}{_literal(minus)}{number}{_literal(minus_suffix)}")

    def dated(self, sentence: str) -> str:
        """A date cell's format that reads as `sentence`, its "{date}" the date ("due by
        {date}" → '"due by "yyyy-mm-dd')."""
        before, field, after = sentence.partition("{date}")
        if not field:  # a translation without the date: the date after it
            before, after = sentence + " ", ""
        date_format = _date_forms(self.locale)[0] if self.locale else DATE_FORMAT
        return f"{self._tag}{_literal(before)}{date_format}{_literal(after)}"

    def date_text(self, day: date) -> str:
        """`day` as its cell shows it (for sizing columns)."""
        if not self.locale:
            return day.isoformat()
        from babel.dates import format_date

        return format_date(day, _date_forms(self.locale)[1], locale=self.locale)

    def money_text(self, value: Decimal | int | float, currency: str,
                   decimals: int | None = None) -> str:
        """An amount as its cell shows it (for sizing columns): "1.234,50 €"."""
        places = minor_units(currency) if decimals is None else decimals
        magnitude = abs(Decimal(str(value)))
        if not self.locale:
            match = re.match(r"\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\](\s?)",
                             currency_format(currency, decimals))
            tag = (match.group(1) + match.group(2)) if match else ""
            return f"{'-' if value < 0 else ''}{tag}{magnitude:,.{places}f}"
        from babel.numbers import format_decimal

        number = format_decimal(magnitude, _grouped(places), locale=self.locale)
        (prefix, suffix), negative = _currency_parts(currency, self.locale)
        if value < 0:
            prefix, suffix = negative
        return f"{prefix}{number}{suffix}"


INVARIANT = Formats()


def document_formats(locale: str, language: Language = ENGLISH) -> Formats:
    """The formats of a document in `language` whose figures follow `locale` (the caller's
    document locale): `INVARIANT` for English and the pseudo-language, and for a locale
    CLDR does not know."""
    if machine_forms(language):
        return INVARIANT
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return INVARIANT
    return Formats(locale)


def money_value(amount: Decimal, currency: str) -> Decimal:
    """The stored figure: rounded once to the currency's minor units (a number, not text)."""
    return round_to_minor(amount, currency)


class Styles:
    """Named styles of one workbook, registered once and applied by name.

    Building a style per cell is what makes openpyxl exports slow; a named style is
    stored once and each cell only records its index.
    """

    def __init__(self, workbook: Workbook, formats: Formats = INVARIANT) -> None:
        self.workbook = workbook
        self.formats = formats
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
        self._define("date", NamedStyle("date", font=base, number_format=formats.date,
                                        alignment=Alignment(horizontal="left")))
        self._define("rate", NamedStyle("rate", font=base, number_format=formats.rate))
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
            style = NamedStyle(name, number_format=self.formats.currency(currency, decimals),
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
