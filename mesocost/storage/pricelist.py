"""Price lists kept in spreadsheets: an empty template, importing xlsx/csv, writing TOML.

Rows are validated exactly as catalog entries are (`core.catalog.parse_entry`); each
rejected row is reported with its spreadsheet row number and the reason, and the valid
rows become a TOML catalog that `mesocost compare --catalog FILE` reads.

Workbooks from elsewhere are untrusted: openpyxl parses them with defusedxml (installed
as a dependency), so DTDs and entity expansion are refused; the zip's declared sizes are
checked before anything is inflated; and the file size is capped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from mesocost.core.catalog import PriceEntry, parse_entry
from mesocost.core.errors import InputError, MesocostError
from mesocost.core.geo import known_countries
from mesocost.core.i18n import N_, _, ngettext
from mesocost.core.money import known_currencies
from mesocost.core.text import valid_text
from mesocost.storage.atomic import write_text_atomic, write_with
from mesocost.storage.reading import read_capped
from mesocost.storage.sheetio import (
    DECIMAL_MARKS,
    DecimalMark,
    csv_decimal_mark,
    date_as_text,
    decode_csv,
    number_as_text,
    read_decimal,
    visible_sheet,
)

COLUMNS = ("country", "city", "clinic", "currency", "low", "high", "includes", "source",
           "as_of", "notes")
REQUIRED = ("country", "currency", "low", "high")
# What each column holds, on the template's help sheet (translated when it is written).
COLUMN_HELP = {
    "country": N_("ISO 3166-1 two-letter code of the destination (TR, GB, US...). Required."),
    "city": N_("Optional."),
    "clinic": N_("Optional; one row per destination + clinic."),
    "currency": N_("ISO 4217 code the prices are quoted in (USD, GBP, EUR...). Required."),
    "low": N_("Lowest price of ONE session, a number above zero. Required."),
    "high": N_("Highest price of one session, at least low. Required."),
    "includes": N_("What a session includes (optional)."),
    "source": N_("Where the price comes from: a URL, a brochure, a phone call (optional)."),
    "as_of": N_("When the price was seen, YYYY-MM-DD (optional)."),
    "notes": N_("Anything else (optional)."),
}
MAX_FILE_BYTES = 10 * 1024 * 1024
# Inflated size allowed for the whole zip, and per member ratio: a zip bomb declares
# gigabytes from a few kilobytes.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ROWS = 50_000
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that did not pass validation: its spreadsheet row number and why."""

    row: int
    reason: str

    def __str__(self) -> str:
        # "row N" locates the reason, as a file or field does in an error: not translated.
        return f"row {self.row}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    entries: tuple[PriceEntry, ...]
    rejected: tuple[Rejected, ...] = field(default=())
    # What was guessed about the file (an encoding that was not UTF-8), said once.
    notes: tuple[str, ...] = field(default=())


# --- template -------------------------------------------------------------------------


def write_template(path: Path, *, force: bool = False) -> None:
    """An empty, documented price-list workbook with validation for currency and country
    (`force` replaces a read-only file)."""
    workbook = _template_workbook()
    write_with(Path(path), workbook.save, force=force)


def _template_workbook():
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Prices"
    for column, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, column, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        sheet.column_dimensions[cell.column_letter].width = 14 if name != "source" else 30
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet("Lists")
    countries, currencies = sorted(known_countries()), sorted(known_currencies())
    for row, code in enumerate(countries, start=2):
        lists.cell(row, 1, code)
    for row, code in enumerate(currencies, start=2):
        lists.cell(row, 2, code)
    lists["A1"], lists["B1"] = "country", "currency"
    lists.sheet_state = "hidden"
    _list_validation(sheet, DataValidation, f"Lists!$A$2:$A${len(countries) + 1}",
                     f"A2:A{MAX_ROWS}", _("Pick a country code from the list."))
    _list_validation(sheet, DataValidation, f"Lists!$B$2:$B${len(currencies) + 1}",
                     f"D2:D{MAX_ROWS}", _("Pick a currency code from the list."))
    prices = DataValidation(type="decimal", operator="greaterThan", formula1="0",
                            allow_blank=True, showErrorMessage=True,
                            error=_("A price per session above zero."))
    sheet.add_data_validation(prices)
    prices.add(f"E2:F{MAX_ROWS}")
    _help_sheet(workbook)
    workbook.properties.title = "mesocost price list"
    workbook.properties.creator = "mesocost"
    return workbook


def _list_validation(sheet, validation_type, source: str, cells: str, error: str) -> None:
    check = validation_type(type="list", formula1=source, allow_blank=True,
                            showErrorMessage=True, error=error)
    sheet.add_data_validation(check)
    check.add(cells)


def _help_sheet(workbook) -> None:
    from openpyxl.styles import Alignment, Font

    # Sheet names stay English: Excel refuses some characters in them ("[", "]").
    sheet = workbook.create_sheet("How to fill in")
    sheet["A1"] = _("One row per destination (and clinic). Prices are per session.")
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = _("Import with: {command}").format(
        command="mesocost catalog import FILE.xlsx --output catalog.toml")
    for row, name in enumerate(COLUMNS, start=4):  # column names are the file's: English
        sheet.cell(row, 1, name).font = Font(bold=True)
        sheet.cell(row, 2, _(COLUMN_HELP[name])).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 80


# --- reading ----------------------------------------------------------------------------


def import_price_list(path: Path, *, decimal: str | None = None,
                      sheet: str | None = None) -> ImportResult:
    """Read an .xlsx or .csv price list; validate every row like a catalog entry.

    Args:
        path: the file.
        decimal: the decimal mark prices are written with ("." or ","); None reads a
            `;`-separated CSV with decimal commas and anything else with decimal points,
            and refuses a price that could be read either way (see storage.sheetio).
        sheet: the worksheet to read; None for the one its owner sees (the active sheet
            if visible, else the first visible one). A hidden sheet is never read.

    Raises:
        InputError: one line for a file that cannot be read at all (missing, too big,
            not a workbook or CSV, hostile XML, unknown or missing columns).
    """
    path = Path(path)
    # Read once, capped on what is read (a device or pipe reports no size), and parsed
    # from memory: what is checked is what is parsed.
    data = read_capped(path, MAX_FILE_BYTES)
    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise InputError(_("decimal mark must be . or , (got {value!r})").format(
            value=decimal), "--decimal")
    notes: list[str] = []
    if path.suffix.lower() == ".csv":
        if sheet is not None:
            raise InputError(_("a CSV file has no sheets: --sheet is for workbooks"),
                             str(path))
        rows = _csv_rows(data, path, decimal, notes)
    elif data.startswith(_ZIP_MAGIC):
        rows = _xlsx_rows(data, path, DecimalMark(decimal or ".", decimal is not None), sheet)
    else:
        raise InputError(_("not an Excel workbook (.xlsx) or CSV file"), str(path))
    result = _validate(rows, str(path))
    return ImportResult(result.entries, result.rejected, tuple(notes))


# A row as read: its spreadsheet row number and {column: value}; or a rejection.
_Row = tuple[int, dict[str, object] | None, str | None]


def _csv_rows(data: bytes, path: Path, decimal: str | None, notes: list[str]
              ) -> Iterator[_Row]:
    text, note = decode_csv(data, str(path))
    if note:
        notes.append(note)
    if "\x00" in text:
        raise InputError(_("not a CSV file (binary content)"), str(path))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    decimals = csv_decimal_mark(delimiter, decimal)
    try:
        header = next(reader, None)
        columns = _columns(header, str(path))
        for number, values in enumerate(reader, start=2):
            if len(values) > len(columns):
                yield number, None, ngettext(
                    "{values} values for {count} column", "{values} values for {count} columns",
                    len(columns)).format(values=len(values), count=len(columns))
                continue
            yield number, *_prices_read(dict(zip(columns, values, strict=False)), decimals)
    except csv.Error as error:
        raise InputError(_("not a readable CSV file: {reason}").format(reason=error),
                         str(path)) from None


def _xlsx_rows(data: bytes, path: Path, decimals: DecimalMark, sheet_name: str | None
               ) -> Iterator[_Row]:
    """Rows of the sheet its owner sees (or the one named): cached values of formulas,
    and formulas that have none. Prices typed as text are read with `decimals`."""
    _check_zip(data, path)
    values_book = _open_workbook(data, path, data_only=True)
    formulas_book = _open_workbook(data, path, data_only=False)
    try:
        sheet = visible_sheet(values_book, sheet_name, str(path))
        values = sheet.iter_rows(values_only=True)
        formulas = formulas_book[sheet.title].iter_rows(values_only=True)
        header = next(values, None)
        next(formulas, None)
        columns = _columns(header, str(path))
        for number, (row, raw) in enumerate(zip(values, formulas, strict=False), start=2):
            record, problem = _workbook_row(columns, row, raw)
            yield number, *(_prices_read(record, decimals) if record is not None
                            else (record, problem))
    except MesocostError:
        raise
    except Exception as error:  # a broken sheet part surfaces only while iterating
        raise _unreadable(error, path) from None
    finally:
        values_book.close()
        formulas_book.close()


def _workbook_row(columns: list[str], row: tuple, raw: tuple
                  ) -> tuple[dict[str, object] | None, str | None]:
    record: dict[str, object] = {}
    for index, name in enumerate(columns):
        value = row[index] if index < len(row) else None
        formula = raw[index] if index < len(raw) else None
        if value is None and isinstance(formula, str) and formula.startswith("="):
            return None, f"{name}: " + _(
                "formula {formula} has no saved result (open and save the file in Excel or "
                "LibreOffice first)").format(formula=formula)
        record[name] = value
    return record, None


def _prices_read(record: dict[str, object], decimals: DecimalMark
                 ) -> tuple[dict[str, object] | None, str | None]:
    """Prices typed as text ("90,50", "1.234,50") in the plain form a catalog reads."""
    for name in ("low", "high"):
        value = record.get(name)
        if isinstance(value, str):
            try:
                record[name] = read_decimal(value, decimals)
            except InputError as error:
                return None, f"{name}: {error.message}"
    return record, None


def _check_zip(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise InputError(_("not an Excel workbook (damaged or not a zip file)"), str(path)) \
            from None
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if total > MAX_UNZIPPED_BYTES or total / packed > MAX_RATIO:
        raise InputError(ngettext("refused: the workbook would inflate to {count} byte "
                                  "(a zip bomb?)",
                                  "refused: the workbook would inflate to {count} bytes "
                                  "(a zip bomb?)", total).format(count=total), str(path))


def _open_workbook(data: bytes, path: Path, data_only: bool):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as error:  # openpyxl raises many kinds for a bad file; all mean one thing
        raise _unreadable(error, path) from None


def _unreadable(error: Exception, path: Path) -> InputError:
    from defusedxml import DefusedXmlException

    # openpyxl wraps what the XML parser refused in a ValueError: look down the chain.
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return InputError(_("refused: the workbook contains unsafe XML (entities or a DTD)"),
                          str(path))
    return InputError(_("not a readable Excel workbook ({kind})").format(
        kind=type(error).__name__), str(path))


def _columns(header: object, where: str) -> list[str]:
    if not header:
        raise InputError(_("empty: the first row must name the columns ({columns})").format(
            columns=", ".join(COLUMNS)), where)
    names = [str(cell).strip().lower() if cell is not None else "" for cell in header]
    while names and not names[-1]:
        names.pop()
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise InputError(_("unknown column {name!r} (expected {columns})").format(
            name=unknown[0], columns=", ".join(COLUMNS)), where)
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise InputError(_("missing column {name!r}").format(name=missing[0]), where)
    return names


def _validate(rows: Iterator[_Row], where: str) -> ImportResult:
    entries: list[PriceEntry] = []
    rejected: list[Rejected] = []
    seen: dict[tuple[str, str], int] = {}
    for number, record, problem in rows:
        if number > MAX_ROWS + 1:
            raise InputError(ngettext("more than {count} row", "more than {count} rows",
                                      MAX_ROWS).format(count=MAX_ROWS), where)
        if problem is not None:
            rejected.append(Rejected(number, problem))
            continue
        if record is None or _blank(record):
            continue
        try:
            entry = parse_entry(_as_entry_fields(record))
        except MesocostError as error:
            rejected.append(Rejected(number, str(error)))
            continue
        if entry.key in seen:
            rejected.append(Rejected(number, _("duplicate of row {row} (same country and "
                                               "clinic)").format(row=seen[entry.key])))
            continue
        seen[entry.key] = number
        entries.append(entry)
    return ImportResult(tuple(entries), tuple(rejected))


def _blank(record: Mapping[str, object]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip())
               for value in record.values())


def _as_entry_fields(record: Mapping[str, object]) -> dict[str, object]:
    """Spreadsheet cells → the mapping parse_entry validates (same rules as a catalog)."""
    fields: dict[str, object] = {}
    for name, value in record.items():
        if value is None or name == "":
            continue
        key = "destination" if name == "country" else name
        fields[key] = _cell_value(name, value)
    return fields


def _cell_value(name: str, value: object) -> object:
    if isinstance(value, bool):
        return value  # parse_entry refuses it with a clear reason
    if name not in ("low", "high", "as_of"):
        # A number or date a spreadsheet made of what was typed in a text column (a
        # clinic called 2024, a city typed as a number): keep it as text, every digit.
        if isinstance(value, int | float | Decimal):
            return number_as_text(value)
        if isinstance(value, date):
            return date_as_text(value)
    if isinstance(value, datetime):
        return value.date()
    return value.strip() if isinstance(value, str) else value


# --- writing TOML -------------------------------------------------------------------------


def catalog_toml(entries: tuple[PriceEntry, ...], source: str) -> str:
    """A catalog file `load_catalog` reads back: prices as strings (exact decimals)."""
    imported = _("Imported by mesocost from {source}").format(source=source)
    lines = [f"# {_toml_comment(imported)}", "", "schema = 1"]
    for entry in entries:
        lines += ["", "[[entries]]"]
        for key, value in entry_fields(entry):
            lines.append(f"{key} = {toml_string(value)}")
    return "\n".join(lines) + "\n"


def entry_fields(entry: PriceEntry) -> Iterator[tuple[str, str]]:
    """A catalog entry's fields as written in a TOML catalog (the import's and the window's
    saved file): amounts as plain decimal strings ("1500", never "1.5E+3"), text only when
    given."""
    yield "destination", entry.destination
    yield "currency", entry.currency
    yield "low", format(entry.per_session_low, "f")
    yield "high", format(entry.per_session_high, "f")
    for name in ("city", "clinic", "includes", "source", "notes"):
        value = getattr(entry, name)
        if value:
            yield name, value
    if entry.as_of is not None:
        yield "as_of", entry.as_of.isoformat()


def toml_string(value: str, *, multiline: bool = False) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, lone
    surrogates replaced with U+FFFD. With `multiline`, text with line breaks becomes a
    multi-line basic string whose lines read as they are printed (an address)."""
    if multiline and "\n" in value:
        lines = (toml_string(line)[1:-1] for line in value.split("\n"))
        return '"""\n' + "\n".join(lines) + '"""'
    out = ['"']
    for char in valid_text(value):  # a lone surrogate cannot be written as UTF-8
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _toml_comment(text: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in text)


def write_catalog(path: Path, entries: tuple[PriceEntry, ...], source: str, *,
                  force: bool = False) -> None:
    """Write the entries as a TOML catalog, atomically (`force`: even over a read-only file)."""
    write_text_atomic(Path(path), catalog_toml(entries, source), force=force)
