"""A read-only Qt table over a list of domain records, with their texts made beforehand.

`set_records(records, texts)` takes each record with the cells it shows, already
formatted by the view (babel, `mesocost.present`); `data()` only looks up: DisplayRole
the text, UserRole the record, TextAlignmentRole from the column declaration. Nothing
is computed in `data()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from mesocost.core.i18n import _

RECORD_ROLE = Qt.ItemDataRole.UserRole

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Column(NamedTuple):
    """A column: its header, whether it holds a figure (right-aligned), its tooltip.

    Header and tooltip are English source texts marked with `N_` where the columns are
    declared (module constants); they are translated here, when shown."""

    header: str
    numeric: bool = False
    tip: str = ""


class RecordTableModel(QAbstractTableModel):
    """Rows of records (Session, MilestoneTotal, Trip, ...) shown as prepared texts."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._records: list[object] = []
        self._texts: list[tuple[str, ...]] = []

    def set_records(self, records: Sequence[object], texts: Sequence[Sequence[str]]) -> None:
        """Replace every row: `texts[i]` are the cells of `records[i]`, one per column."""
        if len(records) != len(texts) or any(len(t) != len(self._columns) for t in texts):
            raise ValueError("one text per column for every record")
        self.beginResetModel()
        self._records = list(records)
        self._texts = [tuple(t) for t in texts]
        self.endResetModel()

    def record(self, row: int) -> object:
        return self._records[row]

    def records(self) -> tuple[object, ...]:
        return tuple(self._records)

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    # --- Qt model API ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.header) if column.header else column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(column.tip) if column.tip else None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        if role == RECORD_ROLE:
            return self._records[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._columns[index.column()].numeric else _LEFT
        return None
