"""Destinations: the catalog as an editable table — the bundled rows and the user's own.

Bundled rows hold the seed article's published prices: their price and text cells are
read-only, but the travel cells (the patient's own trip) are editable on every row. The
user's rows are editable throughout. Every change is a `QUndoCommand` on one
`QUndoStack`; after each change the model hands the effective catalog to
`Workspace.set_entries`, so every view re-prices on the next turn of the event loop.

What a person types is validated as typed: amounts through babel's `parse_decimal` in
the window's locale ("90,50" in de_DE, "1,234.50" in en_US), then the whole row through
the core's `parse_entry` / `parse_travel`, the same checks a catalog file gets. A refused
value leaves the model unchanged and the model says why in one line (`rejected`), which
the view shows in a message bar and in the status bar — never a modal box per keystroke.

Words are the interface language's (`mesocost.core.i18n`); the catalog's own texts (clinic,
city, source...) are data and shown as typed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QPalette,
    QRegularExpressionValidator,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mesocost.core.catalog import WORLDWIDE_BAND_USD, PriceEntry, parse_entry
from mesocost.core.errors import InputError, MesocostError
from mesocost.core.geo import country_name, parse_locale
from mesocost.core.i18n import N_, _, interface, ngettext, pgettext
from mesocost.core.money import ZERO, check_amount, minor_units
from mesocost.core.travel import TravelCosts, parse_travel
from mesocost.storage.userdata import UserCatalog, effective_entries

# --- columns --------------------------------------------------------------------------


class Column(NamedTuple):
    """A column. `title`, `tip` and `header` are English source texts marked with N_;
    read them through `shown_title`, `shown_tip` and `heading` (the interface language)."""

    key: str        # the catalog field (PriceEntry / TravelCosts names as in the TOML file)
    title: str
    tip: str
    travel: bool = False
    amount: bool = False
    header: str = ""  # the header's text, on two lines where the title is long

    @property
    def heading(self) -> str:
        return _(self.header or self.title)

    @property
    def shown_title(self) -> str:
        return _(self.title)

    @property
    def shown_tip(self) -> str:
        return _(self.tip)


COLUMNS = (
    Column("destination", N_("Destination"),
           N_("Country of the clinic (ISO 3166-1 code and its name)")),
    Column("city", N_("City"), N_("City of the clinic (optional)")),
    Column("clinic", N_("Clinic"),
           N_("Clinic name (optional); one row per destination and clinic")),
    Column("currency", N_("Currency"), N_("ISO 4217 code the clinic's prices are quoted in")),
    Column("low", N_("Low / session"), N_("Lowest price of ONE session, in the row's currency"),
           # TRANSLATORS: a column header on two lines, "\n" between them.
           amount=True, header=N_("Low\nper session")),
    Column("high", N_("High / session"),
           N_("Highest price of one session, in the row's currency"),
           amount=True, header=N_("High\nper session")),
    Column("includes", N_("Includes"), N_("What a session includes (optional)")),
    Column("source", N_("Source"), N_("Where the price comes from: a URL, a brochure, a call")),
    Column("as_of", N_("As of"), N_("When the price was seen, YYYY-MM-DD (optional)")),
    Column("per_trip", N_("Travel / trip"),
           N_("Your return travel for one trip. Type a currency code after the amount to "
              "price it in another currency (180 GBP); empty: no travel"), travel=True,
           amount=True, header=N_("Travel\nper trip")),
    Column("nights_per_trip", N_("Nights / trip"), N_("Nights a trip for a single session needs"),
           travel=True, header=N_("Nights\nper trip")),
    Column("per_night", N_("Per night"), N_("Accommodation per night, in the travel currency"),
           travel=True, amount=True, header=N_("Hotel\nper night")),
    Column("max_stay_days", N_("Longest stay (days)"),
           N_("The longest stay you can make: sessions that fit in one stay share a trip "
              "(0: every session is its own trip)"), travel=True,
           header=N_("Longest\nstay (days)")),
)
COLUMN = {column.key: index for index, column in enumerate(COLUMNS)}
DESTINATION, CITY, CLINIC, CURRENCY, LOW, HIGH, INCLUDES, SOURCE, AS_OF = range(9)
PER_TRIP, NIGHTS, PER_NIGHT, MAX_STAY = range(9, 13)
# Field names in a refusal, English source texts (translated in `_reason`).
_TITLES = {column.key: column.title for column in COLUMNS}
_TRAVEL_TITLES = {**{c.key: c.title for c in COLUMNS if c.travel},
                  "currency": N_("Travel currency")}
NO_TRAVEL = (ZERO, 1, ZERO, 0)  # per_trip, nights, per_night, max stay: travel adds nothing


def _iso(value: object) -> str:
    """`value` (a number, code, name or path put into a sentence) kept in its own
    direction when the interface runs right to left (unchanged otherwise)."""
    return interface().isolate(value)

RowRole = Qt.ItemDataRole.UserRole


class DestinationRow(NamedTuple):
    """One row of the table.

    Attributes:
        entry: the price entry (its own `travel` is always None: see `travel`).
        bundled: a published price shipped with mesocost (prices and texts read-only).
        travel: the patient's travel to this destination, or None.
    """

    entry: PriceEntry
    bundled: bool
    travel: TravelCosts | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.entry.key

    @property
    def effective(self) -> PriceEntry:
        """The entry the engine prices: prices plus this row's travel."""
        return self.entry._replace(travel=self.travel)


class ImportSummary(NamedTuple):
    added: int
    updated: int
    unchanged: int


# --- what people type ---------------------------------------------------------------------

_SPACES = (" ", "\u00a0", "\u202f")
_AMOUNT_WITH_CODE = (re.compile(r"^(?P<amount>.*\d.*?)\s*(?P<code>[A-Za-z]{3})$"),
                     re.compile(r"^(?P<code>[A-Za-z]{3})\s*(?P<amount>.*\d.*)$"))


def parse_amount(text: str, locale: str, *where: str) -> Decimal:
    """An amount typed in the locale's format ("90,50" in de_DE, "1,234.50" in en_US).

    Grouping must be where the locale puts it: "90.50" in de_DE is refused with the
    reading babel suggests, never taken for 9050. NaN, infinity and amounts beyond the
    core's MAX_AMOUNT are refused here; the sign is the field's to check.

    Raises:
        InputError: for text that is not a number in that format.
    """
    from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

    cleaned = text.strip()
    if not cleaned:
        raise InputError(_("is required"), *where)
    group = get_group_symbol(locale)
    if group in _SPACES:  # fr_FR groups with a narrow no-break space: accept any space
        for space in _SPACES:
            cleaned = cleaned.replace(space, group)
    try:
        number = parse_decimal(cleaned, locale=locale, strict=True)
    except NumberFormatError as error:
        if error.suggestions:
            message = _("not a number: {text} (did you mean {suggestion}?)").format(
                text=repr(text), suggestion=error.suggestions[0])
        else:
            message = _("not a number: {text}").format(text=repr(text))
        raise InputError(message, *where) from None
    return check_amount(number, *where)  # finite, and within the core's largest amount


def parse_whole(text: str, locale: str, *where: str) -> int:
    """A whole number typed in the locale's format.

    Raises:
        InputError: for text that is not a whole number.
    """
    number = parse_amount(text, locale, *where)
    if not number.is_finite() or number != number.to_integral_value():
        raise InputError(_("must be a whole number, got {value!r}").format(
            value=text.strip()), *where)
    if abs(number) > 10**6:
        raise InputError(_("must be between {low} and {high}, got {value}").format(
            low=0, high=3660, value=repr(text.strip())), *where)
    return int(number)


def split_amount_and_currency(text: str) -> tuple[str, str | None]:
    """"180 GBP" → ("180", "GBP"); "180" → ("180", None)."""
    cleaned = text.strip()
    for pattern in _AMOUNT_WITH_CODE:
        match = pattern.match(cleaned)
        if match:
            return match["amount"].strip(), match["code"].upper()
    return cleaned, None


def amount_text(value: Decimal, currency: str, locale: str) -> str:
    """Grouped in the locale, at least the currency's minor units, never cut short."""
    from babel.numbers import format_decimal

    digits = minor_units(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale, decimal_quantization=False)


def plain_number_text(value: Decimal | int, locale: str) -> str:
    """The number as typed back: no grouping, the locale's decimal sign ("90,5")."""
    from babel.numbers import get_decimal_symbol

    if isinstance(value, int):
        return str(value)
    return format(value, "f").replace(".", get_decimal_symbol(locale))


def _reason(label: str, error: MesocostError) -> str:
    """One line: "GB · My clinic: Low / session: low (400) is above high (300)"."""
    where = error.where
    if where and where[0] == "travel":
        title = _(_TRAVEL_TITLES.get(where[-1], N_("Travel")))
    elif where and where[-1] in _TITLES:
        title = _(_TITLES[where[-1]])
    else:
        title = where[-1] if where else ""
    text = (_("{row}: {column}: {problem}").format(row=_iso(label), column=title,
                                                   problem=error.message)
            if title else _("{row}: {problem}").format(row=_iso(label), problem=error.message))
    return " ".join(text.split())


# --- undo commands --------------------------------------------------------------------------
#
# A command is a list of steps (plain objects that change the model and change it back).
# Qt's own parent/child commands are not used: child QUndoCommands made from Python crash
# the interpreter when the garbage collector meets them (PySide6 6.12).


class _SetRow:
    """Replace one row (and put the old one back)."""

    def __init__(self, model: DestinationsModel, index: int, new: DestinationRow) -> None:
        self.model, self.index = model, index
        self.old, self.new = model.row(index), new

    def redo(self) -> None:
        self.model._replace_row(self.index, self.new)

    def undo(self) -> None:
        self.model._replace_row(self.index, self.old)


class _InsertRows:
    """Insert rows at a position (and take them out again)."""

    def __init__(self, model: DestinationsModel, position: int,
                 rows: Sequence[DestinationRow]) -> None:
        self.model, self.position, self.rows = model, position, tuple(rows)

    def redo(self) -> None:
        self.model._insert_rows(self.position, self.rows)

    def undo(self) -> None:
        self.model._remove_rows(self.position, len(self.rows))


class _RemoveRow:
    def __init__(self, model: DestinationsModel, index: int) -> None:
        self.model, self.index, self.row = model, index, model.row(index)

    def redo(self) -> None:
        self.model._remove_rows(self.index, 1)

    def undo(self) -> None:
        self.model._insert_rows(self.index, (self.row,))


class _Command(QUndoCommand):
    """Steps done in order and undone in reverse; the workspace hears of the result once."""

    def __init__(self, model: DestinationsModel, text: str, steps: Sequence = ()) -> None:
        super().__init__(text)
        self.model = model
        self.steps = list(steps)

    def redo(self) -> None:
        with self.model.batched():
            for step in self.steps:
                step.redo()

    def undo(self) -> None:
        with self.model.batched():
            for step in reversed(self.steps):
                step.undo()


class EditCellCommand(_Command):
    """One cell typed into (the row is replaced as a whole, validated)."""

    def __init__(self, model: DestinationsModel, index: int, new: DestinationRow,
                 column: int) -> None:
        label = model.row(index).entry.label
        # TRANSLATORS: an undo step, shown after "Undo"/"Redo" in the Edit menu.
        super().__init__(model, _("edit {column} of {destination}").format(
                             column=COLUMNS[column].shown_title, destination=_iso(label)),
                         [_SetRow(model, index, new)])


class AddRowCommand(_Command):
    def __init__(self, model: DestinationsModel, row: DestinationRow) -> None:
        super().__init__(model, _("new destination {destination}").format(
                             destination=_iso(row.entry.label)),
                         [_InsertRows(model, model.rowCount(), (row,))])


class DuplicateRowCommand(_Command):
    def __init__(self, model: DestinationsModel, rows: Sequence[DestinationRow]) -> None:
        text = (_("duplicate {destination}").format(destination=_iso(rows[0].entry.label))
                if len(rows) == 1
                else ngettext("duplicate {count} destination", "duplicate {count} destinations",
                              len(rows)).format(count=_iso(len(rows))))
        super().__init__(model, text, [_InsertRows(model, model.rowCount(), rows)])


class RemoveRowsCommand(_Command):
    """Remove the user's rows; a row of theirs that replaced a bundled one gives the bundled
    row back (with the travel they entered)."""

    def __init__(self, model: DestinationsModel, indices: Iterable[int]) -> None:
        indices = sorted(set(indices), reverse=True)  # later rows first: indices stay valid
        text = (_("remove {destination}").format(
                    destination=_iso(model.row(indices[0]).entry.label))
                if len(indices) == 1
                else ngettext("remove {count} destination", "remove {count} destinations",
                              len(indices)).format(count=_iso(len(indices))))
        steps: list[_SetRow | _RemoveRow] = []
        for index in indices:
            row = model.row(index)
            published = model.bundled_entry(row.key)
            if published is not None:
                restored = DestinationRow(published._replace(travel=None), True, row.travel)
                steps.append(_SetRow(model, index, restored))
            else:
                steps.append(_RemoveRow(model, index))
        super().__init__(model, text, steps)


class ImportRowsCommand(_Command):
    """Rows of a price list: new ones appended, same destination + clinic replaced."""

    def __init__(self, model: DestinationsModel,
                 replacements: Sequence[tuple[int, DestinationRow]],
                 additions: Sequence[DestinationRow], source: str) -> None:
        count = len(replacements) + len(additions)
        steps: list[_SetRow | _InsertRows] = [
            _SetRow(model, index, row) for index, row in replacements]
        if additions:
            steps.append(_InsertRows(model, model.rowCount(), additions))
        super().__init__(model, ngettext("import {count} destination from {source}",
                                         "import {count} destinations from {source}",
                                         count).format(count=_iso(count), source=_iso(source)),
                         steps)


# --- the model --------------------------------------------------------------------------------


class DestinationsModel(QAbstractTableModel):
    """The effective catalog as rows: bundled (read-only prices) and the user's own.

    Roles: DisplayRole the text shown (amounts by babel in the workspace's locale),
    EditRole the raw text an editor starts from, UserRole the `DestinationRow`.
    """

    rejected = Signal(str)  # a typed value was refused: why, in one line

    def __init__(self, workspace, bundled_entries: Iterable[PriceEntry],
                 user_catalog: UserCatalog | None = None, undo_stack: QUndoStack | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        user = user_catalog if user_catalog is not None else UserCatalog.empty()
        bundled = tuple(bundled_entries)
        self._bundled = {entry.key: entry for entry in bundled}
        user_keys = {entry.key for entry in user.entries}
        self._rows: list[DestinationRow] = [
            DestinationRow(entry._replace(travel=None),
                           entry.key in self._bundled and entry.key not in user_keys,
                           entry.travel)
            for entry in effective_entries(bundled, user)]
        keys = {row.key for row in self._rows}
        # Travel saved for a destination no row has any more (say a bundled row dropped by
        # an update): kept, and written back on save, so nothing the user typed is lost.
        self._orphan_travel = {key: travel for key, travel in user.travel.items()
                               if key not in keys}
        self._batch_depth = 0
        self._batch_changed = False
        self._shown_locale = self.locale
        workspace.resultChanged.connect(self._locale_maybe_changed)

    # --- reading -------------------------------------------------------------------------

    @property
    def locale(self) -> str:
        return self.workspace.inputs.locale

    def rows(self) -> tuple[DestinationRow, ...]:
        return tuple(self._rows)

    def row(self, index: int) -> DestinationRow:
        return self._rows[index]

    def bundled_entry(self, key: tuple[str, str]) -> PriceEntry | None:
        return self._bundled.get(key)

    def effective_entries(self) -> tuple[PriceEntry, ...]:
        return tuple(row.effective for row in self._rows)

    def user_catalog(self) -> UserCatalog:
        """What is the user's to save: their rows, and their travel to bundled rows."""
        entries = tuple(row.effective for row in self._rows if not row.bundled)
        travel = {key: costs for key, costs in self._orphan_travel.items()
                  if all(row.key != key for row in self._rows)}
        for row in self._rows:
            if row.bundled and row.travel is not None \
                    and row.travel != self._bundled[row.key].travel:
                travel[row.key] = row.travel
        return UserCatalog(entries, travel)

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()
                    ) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].heading
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].shown_tip
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def is_editable(self, row: int, column: int) -> bool:
        return COLUMNS[column].travel or not self._rows[row].bundled

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_text(row, column)
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= LOW and (
                COLUMNS[column].amount or COLUMNS[column].travel):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not self.is_editable(index.row(), column):
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def display_text(self, row: DestinationRow, column: int) -> str:
        entry, travel, locale = row.entry, row.travel, self.locale
        key = COLUMNS[column].key
        if key == "destination":
            return f"{entry.destination} · {country_name(entry.destination, locale)}"
        if key in ("low", "high"):
            value = entry.per_session_low if key == "low" else entry.per_session_high
            return amount_text(value, entry.currency, locale)
        if key == "as_of":
            if entry.as_of is None:
                return ""
            from babel.dates import format_date

            return format_date(entry.as_of, "medium", locale=locale)
        if COLUMNS[column].travel:
            if travel is None:
                return ""
            value = getattr(travel, key)
            if COLUMNS[column].amount:
                return f"{amount_text(value, travel.currency, locale)} {travel.currency}"
            from babel.numbers import format_decimal

            return format_decimal(value, locale=locale)
        return getattr(entry, key)

    def edit_text(self, row: DestinationRow, column: int) -> str:
        entry, travel, locale = row.entry, row.travel, self.locale
        key = COLUMNS[column].key
        if key in ("low", "high"):
            value = entry.per_session_low if key == "low" else entry.per_session_high
            return plain_number_text(value, locale)
        if key == "as_of":
            return entry.as_of.isoformat() if entry.as_of else ""
        if COLUMNS[column].travel:
            if travel is None:
                return ""
            return plain_number_text(getattr(travel, key), locale)
        return getattr(entry, key)

    def sort_key(self, row_index: int, column: int) -> tuple:
        """A key that orders the column as a person expects (numbers as numbers)."""
        row = self._rows[row_index]
        key = COLUMNS[column].key
        if COLUMNS[column].travel:
            value = None if row.travel is None else getattr(row.travel, key)
        elif key in ("low", "high"):
            value = row.entry.per_session_low if key == "low" else row.entry.per_session_high
        elif key == "as_of":
            value = row.entry.as_of
        else:
            value = getattr(row.entry, key).casefold()
        return (value is None, value if value is not None else 0)

    def _tooltip(self, row: DestinationRow, column: int) -> str | None:
        entry = row.entry
        if COLUMNS[column].travel:
            tip = COLUMNS[column].shown_tip
            if row.travel is None:
                return _("{tip}. No travel entered: double-click to add yours.").format(tip=tip)
            return _("{tip}. Travel currency: {currency}.").format(
                tip=tip, currency=interface().isolate(row.travel.currency))
        if row.bundled:
            if entry.source:
                return _("Published price from {source}: read-only; travel is yours to "
                         "edit").format(source=_iso(entry.source))
            return _("Published price from the bundled catalog: read-only; travel is yours "
                     "to edit")
        if column == DESTINATION:
            return country_name(entry.destination, self.locale)
        text = self.display_text(row, column)
        return text if len(text) > 30 else (entry.notes or None)

    # --- editing --------------------------------------------------------------------------

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        number, column = index.row(), index.column()
        row = self._rows[number]
        text = "" if value is None else str(value)
        try:
            new = self.edited_row(row, column, text)
        except MesocostError as error:
            self.rejected.emit(_reason(row.entry.label, error))
            return False
        if new == row:
            return True
        conflict = self._conflict(new.key, number)
        if conflict is not None:
            self.rejected.emit(_("{row}: {column}: {problem}").format(
                row=_iso(row.entry.label), column=COLUMNS[column].shown_title,
                problem=self._taken(conflict)))
            return False
        self.undo_stack.push(EditCellCommand(self, number, new, column))
        return True

    def edited_row(self, row: DestinationRow, column: int, text: str) -> DestinationRow:
        """The row with `text` typed into `column`, validated as a catalog row.

        Raises:
            InputError: naming the field at fault.
        """
        key = COLUMNS[column].key
        if COLUMNS[column].travel:
            return row._replace(travel=self._edited_travel(row, key, text))
        if row.bundled:
            if row.entry.source:
                raise InputError(_("published price from {source}: read-only (travel is "
                                   "yours to edit)").format(source=_iso(row.entry.source)), key)
            raise InputError(_("published price from the bundled catalog: read-only (travel "
                               "is yours to edit)"), key)
        entry = row.entry
        raw: dict[str, object] = {
            "destination": entry.destination, "currency": entry.currency,
            "low": entry.per_session_low, "high": entry.per_session_high,
            "city": entry.city, "clinic": entry.clinic, "includes": entry.includes,
            "source": entry.source, "as_of": entry.as_of, "notes": entry.notes,
        }
        if key in ("low", "high"):
            raw[key] = parse_amount(text, self.locale, key)
        else:
            raw[key] = text.strip()
        return row._replace(entry=parse_entry(raw))

    def _edited_travel(self, row: DestinationRow, key: str, text: str) -> TravelCosts | None:
        current = row.travel or TravelCosts(self.default_travel_currency(row), ZERO, 1, ZERO, 0)
        raw: dict[str, object] = dict(current._asdict())
        defaults = dict(zip(("per_trip", "nights_per_trip", "per_night", "max_stay_days"),
                            NO_TRAVEL, strict=True))
        if key in ("per_trip", "per_night"):
            amount, code = split_amount_and_currency(text)
            raw[key] = parse_amount(amount, self.locale, "travel", key) if amount \
                else defaults[key]
            if code is not None:
                raw["currency"] = code
        else:
            raw[key] = parse_whole(text, self.locale, "travel", key) if text.strip() \
                else defaults[key]
        travel = parse_travel(raw, current.currency, "travel")
        if (travel.per_trip, travel.nights_per_trip, travel.per_night,
                travel.max_stay_days) == NO_TRAVEL:
            return None  # every travel cell cleared: no travel for this destination
        return travel

    def default_travel_currency(self, row: DestinationRow) -> str:
        """New travel is priced in the display currency: the patient's own."""
        return self.workspace.inputs.currency or row.entry.currency

    def _conflict(self, key: tuple[str, str], ignore: int | None = None) -> DestinationRow | None:
        for index, other in enumerate(self._rows):
            if index != ignore and other.key == key:
                return other
        return None

    @staticmethod
    def _taken(other: DestinationRow) -> str:
        entry = other.entry
        if other.bundled and entry.clinic:
            text = _("a published row already has destination {destination} and clinic "
                     "{clinic}: give this one another clinic name")
        elif other.bundled:
            text = _("a published row already has destination {destination} and no clinic: "
                     "give this one another clinic name")
        elif entry.clinic:
            text = _("another row already has destination {destination} and clinic "
                     "{clinic}: give this one another clinic name")
        else:
            text = _("another row already has destination {destination} and no clinic: "
                     "give this one another clinic name")
        return text.format(destination=_iso(entry.destination), clinic=_iso(repr(entry.clinic)))

    # --- whole-row commands ------------------------------------------------------------------

    def new_entry(self) -> PriceEntry:
        """A row that passes validation and says what it is: the home country (else the
        locale's), priced at the seed article's worldwide band until the user types the
        clinic's prices, with a clinic name no other row of that country uses."""
        from mesocost.core.geo import known_countries

        inputs = self.workspace.inputs
        country = inputs.home_country or parse_locale(self.locale).territory or "US"
        if country not in known_countries():
            country = "US"
        # The new row's texts are the user's to replace: written in their language.
        clinic = self.unused_clinic(country, _("New clinic"))
        low, high = WORLDWIDE_BAND_USD
        return PriceEntry(
            destination=country, currency="USD", per_session_low=low, per_session_high=high,
            clinic=clinic, includes=_("one session"),
            source=_("Worldwide range from the hair mesotherapy article, section 6 — "
                     "replace with the clinic's own prices"))

    def unused_clinic(self, destination: str, base: str) -> str:
        taken = {row.key for row in self._rows}
        name, number = base, 1
        while (destination, name.casefold()) in taken:
            number += 1
            name = f"{base} {number}"
        return name

    def add_row(self, entry: PriceEntry | None = None) -> int:
        """Append a user row (undoable); returns its index."""
        entry = entry or self.new_entry()
        if self._conflict(entry.key) is not None:
            entry = entry._replace(clinic=self.unused_clinic(entry.destination,
                                                             entry.clinic or _("Clinic")))
        travel = entry.travel
        self.undo_stack.push(AddRowCommand(self, DestinationRow(
            entry._replace(travel=None), False, travel)))
        return len(self._rows) - 1

    def duplicate_rows(self, indices: Iterable[int]) -> list[int]:
        """Copies of the rows as the user's own (a bundled row's copy is editable); returns
        the new rows' indices."""
        copies: list[DestinationRow] = []
        taken = {row.key for row in self._rows}
        for index in sorted(set(indices)):
            row = self._rows[index]
            base = (_("{clinic} (copy)").format(clinic=row.entry.clinic) if row.entry.clinic
                    else pgettext("clinic name", "Copy"))
            name, number = base, 1
            while (row.entry.destination, name.casefold()) in taken:
                number += 1
                name = f"{base} {number}"
            taken.add((row.entry.destination, name.casefold()))
            copies.append(DestinationRow(row.entry._replace(clinic=name), False, row.travel))
        if not copies:
            return []
        start = len(self._rows)
        self.undo_stack.push(DuplicateRowCommand(self, copies))
        return list(range(start, start + len(copies)))

    def remove_rows(self, indices: Iterable[int]) -> bool:
        """Remove the user's rows (undoable); bundled rows stay, and `rejected` says so.

        Returns:
            True if anything was removed.
        """
        indices = sorted(set(indices))
        bundled = [i for i in indices if self._rows[i].bundled]
        removable = [i for i in indices if not self._rows[i].bundled]
        if bundled:
            names = ", ".join(self._rows[i].entry.label for i in bundled)
            self.rejected.emit(_("{destinations}: published prices stay in the catalog "
                                 "(read-only); filter them out of view instead").format(
                                     destinations=_iso(names)))
        if not removable:
            return False
        self.undo_stack.push(RemoveRowsCommand(self, removable))
        return True

    def import_entries(self, entries: Iterable[PriceEntry], source: str | None = None
                       ) -> ImportSummary:
        """Add a price list's rows as one undoable command: a destination + clinic already
        in the table gets the new prices (keeping its travel), others are appended; of two
        rows with one destination + clinic, the later wins. `source` names the list (its
        file name) in the undo step."""
        if source is None:
            source = _("a price list")
        where = {row.key: index for index, row in enumerate(self._rows)}
        replacements: dict[int, DestinationRow] = {}
        additions: dict[tuple[str, str], DestinationRow] = {}
        for entry in entries:
            if entry.key in where:
                old = self._rows[where[entry.key]]
                replacements[where[entry.key]] = DestinationRow(
                    entry._replace(travel=None), False, entry.travel or old.travel)
            else:
                additions[entry.key] = DestinationRow(entry._replace(travel=None), False,
                                                      entry.travel)
        changed = {index: row for index, row in replacements.items()
                   if row != self._rows[index]}
        if changed or additions:
            self.undo_stack.push(ImportRowsCommand(self, sorted(changed.items()),
                                                   list(additions.values()), source))
        return ImportSummary(len(additions), len(changed), len(replacements) - len(changed))

    # --- primitives (only undo commands call these) ------------------------------------------

    @contextlib.contextmanager
    def batched(self) -> Iterator[None]:
        """Several primitive changes, one hand-over to the workspace."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._batch_changed:
                self._batch_changed = False
                self._changed()

    def _replace_row(self, index: int, row: DestinationRow) -> None:
        self._rows[index] = row
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(COLUMNS) - 1))
        self._changed()

    def _insert_rows(self, position: int, rows: Sequence[DestinationRow]) -> None:
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self._rows[position:position] = rows
        self.endInsertRows()
        self._changed()

    def _remove_rows(self, position: int, count: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position + count - 1)
        del self._rows[position:position + count]
        self.endRemoveRows()
        self._changed()

    def _changed(self) -> None:
        if self._batch_depth:
            self._batch_changed = True
            return
        self.workspace.set_entries(self.effective_entries())

    def _locale_maybe_changed(self, *_args) -> None:
        if self.locale != self._shown_locale and self._rows:
            self._shown_locale = self.locale
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1))


# --- view pieces --------------------------------------------------------------------------------


class DestinationsProxy(QSortFilterProxyModel):
    """Sorts numbers as numbers; the filter matches any column's shown text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        return model.sort_key(left.row(), left.column()) < \
            model.sort_key(right.row(), right.column())


class DestinationsDelegate(QStyledItemDelegate):
    """Country and currency: searchable combo boxes; as-of: YYYY-MM-DD text."""

    def __init__(self, model: DestinationsModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        from mesocost.ui.compare_view import country_items, currency_items, searchable

        column = index.column()
        if column in (DESTINATION, CURRENCY):
            combo = searchable(QComboBox(parent))
            items = (country_items if column == DESTINATION else currency_items)(
                self.model.locale)
            for code, text in items:
                combo.addItem(text, code)
            combo.setMaxVisibleItems(15)
            combo.setAccessibleName(COLUMNS[column].shown_title)
            return combo
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setAccessibleName(COLUMNS[column].shown_title)
            if column == AS_OF:
                # TRANSLATORS: how a date is typed (year-month-day, ISO 8601); keep the
                # order and the dashes, translate the letters.
                editor.setPlaceholderText(_("YYYY-MM-DD"))
                editor.setValidator(QRegularExpressionValidator(
                    QRegularExpression(r"[0-9]{0,4}(-[0-9]{0,2}(-[0-9]{0,2})?)?"), editor))
        return editor

    def updateEditorGeometry(self, editor: QWidget, option, index: QModelIndex) -> None:
        super().updateEditorGeometry(editor, option, index)
        if isinstance(editor, QComboBox):  # room for "United Kingdom (GB)" over a narrow cell
            rect = editor.geometry()
            rect.setWidth(max(rect.width(), editor.fontMetrics().averageCharWidth() * 30))
            editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            code = index.data(Qt.ItemDataRole.EditRole)
            position = editor.findData(code)
            if position >= 0:
                editor.setCurrentIndex(position)
            else:
                editor.setEditText(code or "")
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            text = editor.currentText().strip()
            position = editor.findText(text, Qt.MatchFlag.MatchFixedString)
            code = editor.itemData(position) if position >= 0 else _code_in(text)
            model.setData(index, code, Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


def _code_in(text: str) -> str:
    """What a person typed into a code box: "tr", "TR", "Türkiye (TR)", "EUR — Euro"."""
    match = re.search(r"\(([A-Za-z]{2,3})\)$", text) or re.match(r"^([A-Za-z]{2,3})\b", text)
    return match[1].upper() if match else text


class ImportReport(QDialog):
    """What an import did: rows accepted, rows added/updated, each rejected row and why."""

    def __init__(self, path: str, accepted: int, summary: ImportSummary,
                 rejected: Sequence[object], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Price list imported"))
        layout = QVBoxLayout(self)
        if summary.unchanged:
            accepted_text = ngettext(
                "{count} row accepted ({added} added, {updated} updated, {unchanged} "
                "unchanged)",
                "{count} rows accepted ({added} added, {updated} updated, {unchanged} "
                "unchanged)", accepted)
        else:
            accepted_text = ngettext("{count} row accepted ({added} added, {updated} updated)",
                                     "{count} rows accepted ({added} added, {updated} "
                                     "updated)", accepted)
        parts = [accepted_text.format(count=_iso(accepted), added=_iso(summary.added),
                                      updated=_iso(summary.updated),
                                      unchanged=_iso(summary.unchanged)),
                 ngettext("{count} rejected", "{count} rejected", len(rejected)).format(
                     count=_iso(len(rejected)))]
        self.summary = QLabel(f"{path}\n" + " · ".join(parts), self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.rejected_list = QListWidget(self)
        self.rejected_list.setAccessibleName(_("Rejected rows"))
        for item in rejected:
            self.rejected_list.addItem(str(item))
        self.rejected_list.setVisible(bool(rejected))
        if rejected:
            layout.addWidget(QLabel(_("Rejected rows (fix them in the file and import "
                                      "again):"), self))
        layout.addWidget(self.rejected_list)
        if summary.added or summary.updated:
            note = QLabel(_("Edit ▸ Undo takes the whole import back."), self)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 320 if rejected else 160)


class DestinationsView(QWidget):
    """The catalog table with its filter, a message bar for refused edits, and the actions
    the main window puts in its menus and toolbar.

    Attributes:
        add_action, duplicate_action, remove_action, import_action, save_action,
        undo_action, redo_action: QActions (shortcuts Ctrl+N, Ctrl+D, Delete (while the
            table has focus), Ctrl+I, Ctrl+S, Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y).
        undo_stack: every change to the catalog; clean = saved.
        model, proxy, table, filter_edit, message: the parts (tests, accessibility).
    """

    modifiedChanged = Signal(bool)

    def __init__(self, workspace, context, bundled_entries: Iterable[PriceEntry],
                 user_catalog: UserCatalog | None, parent: QWidget | None = None, *,
                 path: str | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.context = context
        self.path = path  # None: the user data folder's catalog.toml
        self.undo_stack = QUndoStack(self)
        self.model = DestinationsModel(workspace, bundled_entries, user_catalog,
                                       self.undo_stack, self)
        if self.model.effective_entries() != tuple(workspace.entries):
            workspace.set_entries(self.model.effective_entries())
        self.import_report: ImportReport | None = None
        self._build_widgets()
        self._build_actions()
        self.model.rejected.connect(self.show_problem)
        self.undo_stack.indexChanged.connect(self._after_change)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._update_summary()

    # --- building -------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        filter_label = QLabel(_("&Filter:"), self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_("country, city, clinic, source…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Filter destinations"))
        self.filter_edit.setMinimumWidth(240)
        self.filter_edit.setMaximumWidth(360)
        filter_label.setBuddy(self.filter_edit)
        hint = QLabel(_("Grey cells are published prices (read-only). Travel is yours to "
                        "edit on every row."), self)
        hint.setWordWrap(True)
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit)
        top.addSpacing(16)
        top.addWidget(hint, 1)
        layout.addLayout(top)

        self.message_bar = QFrame(self)
        self.message_bar.setObjectName("destinations-message")
        self.message_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.message_bar.setStyleSheet(
            "#destinations-message { background: #fff4ce; border: 1px solid #e0b000; "
            "border-radius: 3px; } #destinations-message QLabel { color: #3d2e00; }")
        bar = QHBoxLayout(self.message_bar)
        bar.setContentsMargins(8, 4, 4, 4)
        self.message = QLabel(self.message_bar)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Why the last edit was refused"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self.message_bar)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(_("Dismiss"))
        close.setAccessibleName(_("Dismiss message"))
        close.clicked.connect(self.message_bar.hide)
        bar.addWidget(self.message, 1)
        bar.addWidget(close)
        self.message_bar.hide()
        layout.addWidget(self.message_bar)

        self.proxy = DestinationsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Destinations and prices"))
        self.table.setItemDelegate(DestinationsDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the catalog's own order
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        layout.addWidget(self.table, 1)

        self.summary = QLabel(self)
        self.summary.setAccessibleName(_("Catalog summary"))
        layout.addWidget(self.summary)
        self.setTabOrder(self.filter_edit, self.table)
        self.setFocusProxy(self.table)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns as wide as their cells and their title (not the sort arrow's room), long
        texts capped and elided; Source takes what is left, so the travel columns show
        without scrolling in a window of 1200 pixels."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        caps = {INCLUDES: 110, CLINIC: 170, CITY: 120}
        for column, spec in enumerate(COLUMNS):
            title = max(metrics.horizontalAdvance(line) for line in spec.heading.split("\n"))
            width = max(self.table.sizeHintForColumn(column), title + 14)
            self.table.setColumnWidth(column, min(width, caps.get(column, width)))
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)

    def _action(self, text: str, slot, shortcuts: Sequence[QKeySequence | str],
                tip: str, *, local: bool = False) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
        keys = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText)
                         for key in action.shortcuts())
        action.setToolTip(_("{tip} ({shortcut})").format(tip=tip, shortcut=keys) if keys
                          else tip)
        action.setStatusTip(tip)
        if local:  # only while the table (or its editor) has focus: Delete elsewhere is not ours
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action(_("&New destination"), self.add_destination,
                                       ["Ctrl+N"], _("Add a destination of your own"))
        self.duplicate_action = self._action(
            _("D&uplicate destination"), self.duplicate_selected, ["Ctrl+D"],
            _("Copy the selected rows as your own, editable rows"), local=True)
        self.remove_action = self._action(
            _("&Remove destination"), self.remove_selected,
            [QKeySequence(Qt.Key.Key_Delete)],
            _("Remove the selected rows of your own (published rows stay)"), local=True)
        self.import_action = self._action(_("&Import price list…"), self.import_price_list,
                                          ["Ctrl+I"],
                                          _("Add the rows of a price list (.xlsx or .csv)"))
        self.save_action = self._action(_("&Save destinations"), self.save, ["Ctrl+S"],
                                        _("Save your destinations and travel"))
        # Qt shows the prefix, a space and the undo step ("&Undo edit City of ...").
        self.undo_action = self.undo_stack.createUndoAction(self, _("&Undo"))
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(self, _("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        self.save_action.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    # --- state -----------------------------------------------------------------------------

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def selected_rows(self) -> list[int]:
        """Source-model rows of the selection."""
        rows = {self.proxy.mapToSource(index).row()
                for index in self.table.selectionModel().selectedRows()}
        return sorted(rows)

    def _selection_changed(self, *_args) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.duplicate_action.setEnabled(selected)
        self.remove_action.setEnabled(selected)

    def _after_change(self, *_args) -> None:
        self.message_bar.hide()
        self._update_summary()

    def _clean_changed(self, clean: bool) -> None:
        self.save_action.setEnabled(not clean)
        self._update_summary()
        self.modifiedChanged.emit(not clean)

    def _update_summary(self) -> None:
        rows = self.model.rows()
        published = sum(row.bundled for row in rows)
        travel = sum(row.travel is not None for row in rows)
        yours = len(rows) - published
        parts = [ngettext("{count} published (read-only)", "{count} published (read-only)",
                          published).format(count=_iso(published)),
                 ngettext("{count} yours", "{count} yours", yours).format(count=_iso(yours)),
                 ngettext("{count} with your travel", "{count} with your travel",
                          travel).format(count=_iso(travel))]
        if self.is_modified():
            parts.append(_("unsaved changes ({shortcut} saves)").format(shortcut=_iso("Ctrl+S")))
        self.summary.setText(" · ".join(parts))
        self.summary.setToolTip(_("Saved in {path}").format(path=_iso(self.catalog_path())))

    def catalog_path(self) -> str:
        from mesocost.storage.userdata import user_catalog_path

        return self.path or user_catalog_path()

    def show_problem(self, text: str) -> None:
        """A refused edit: in the message bar (until the next change) and the status bar."""
        self.message.setText(text)
        self.message_bar.show()
        self.context.show_status(text, 10_000)

    # --- actions ---------------------------------------------------------------------------

    def add_destination(self) -> int:
        """Append a new row of the user's own, select it and start editing its country."""
        self.filter_edit.clear()
        row = self.model.add_row()
        self.select_rows([row], edit_column=DESTINATION)
        self.context.show_status(
            _("New destination: pick its country, then type the clinic's prices"), 5000)
        return row

    def duplicate_selected(self) -> list[int]:
        rows = self.model.duplicate_rows(self.selected_rows())
        if rows:
            self.filter_edit.clear()
            self.select_rows(rows, edit_column=CLINIC if len(rows) == 1 else None)
        return rows

    def remove_selected(self) -> bool:
        return self.model.remove_rows(self.selected_rows())

    def select_rows(self, rows: Sequence[int], edit_column: int | None = None) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for row in rows:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                selection.select(index, index)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().select(selection, flags)
        if rows:
            first = self.proxy.mapFromSource(self.model.index(rows[0], edit_column or 0))
            self.table.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)
            if edit_column is not None and self.isVisible():
                self.table.setFocus()
                self.table.edit(first)

    def save(self) -> bool:
        """Save the user's destinations and travel, atomically. Errors → context.show_error."""
        from mesocost.storage.userdata import save_user_catalog

        try:
            path = save_user_catalog(self.model.user_catalog(), self.path)
        except MesocostError as error:
            self.context.show_error(_("Could not save your destinations"), str(error))
            return False
        self.undo_stack.setClean()
        self.context.show_status(
            _("Saved your destinations and travel to {path}").format(path=_iso(path)), 5000)
        return True

    def maybe_save(self) -> bool:
        """Before closing: nothing to do, or Save / Discard / Cancel. False means stay open."""
        if not self.is_modified():
            return True
        answer = self.ask_to_save()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_to_save(self) -> QMessageBox.StandardButton:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Unsaved destinations"),
                          _("Your destinations or travel have changes that are not saved."),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(_("Save them before closing?"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def import_price_list(self, path: str | None = None):
        """Ask for a price list (unless given), import it off the GUI thread, then add its
        rows as one undoable command and show the row report. Returns the task's Future.
        (Triggered from the action, `path` is the action's `checked` flag: False.)"""
        if not path:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Import a price list"), self.context.last_folder("last_import_folder"),
                _("Price lists (*.xlsx *.csv);;All files (*)"))
            if not path:
                return None
            self.context.remember_folder("last_import_folder", path)

        def task(cancel):
            from pathlib import Path

            from mesocost.storage.pricelist import import_price_list
            from mesocost.ui.workers import Cancelled

            result = import_price_list(Path(path))
            if cancel.is_set():
                raise Cancelled
            return result

        return self.context.tasks.start(_("Importing the price list…"), task,
                                        lambda result: self._imported(path, result),
                                        self._import_failed)

    def _imported(self, path: str, result) -> None:
        import os

        name = os.path.basename(path)
        summary = self.model.import_entries(result.entries, name)
        if summary.added or summary.updated:
            self.filter_edit.clear()
        accepted, rejected = len(result.entries), len(result.rejected)
        self.context.show_status(
            ngettext("{file}: {accepted} row accepted, {rejected} rejected",
                     "{file}: {accepted} rows accepted, {rejected} rejected", accepted).format(
                         file=_iso(name), accepted=_iso(accepted),
                         rejected=_iso(rejected)), 8000)
        if self.import_report is not None:
            self.import_report.deleteLater()
        self.import_report = ImportReport(path, len(result.entries), summary, result.rejected,
                                          self)
        self.import_report.open()

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, MesocostError):
            self.context.show_error(_("Could not import the price list"), str(error))
            return
        raise error  # a bug: the application's error reporter logs and shows it
