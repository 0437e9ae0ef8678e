"""The quote register as a Qt table: one row per `QuoteSummary`, searched and filtered.

`QuotesModel` shows summaries the register listed (texts formatted once, when the rows
arrive: babel is slow enough to matter on every paint); `QuotesFilter` sorts them by a
key per column (numbers by year, sequence and revision; money by its value; dates by
date) and keeps the rows matching the search box and the status filter.

No register code is imported here: `QuoteSummary` is only read, so the module loads
without SQLAlchemy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from mesocost.core.geo import country_name
from mesocost.core.i18n import N_, _, interface
from mesocost.present import money_text, status_title, status_word
from mesocost.ui.labels import date_text

if TYPE_CHECKING:
    from mesocost.register.store import QuoteSummary

SUMMARY_ROLE = int(Qt.ItemDataRole.UserRole)       # the QuoteSummary
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1      # a comparable key (see sort_key)
SEARCH_ROLE = int(Qt.ItemDataRole.UserRole) + 2    # the row's searchable text, casefolded

# The register's statuses, in the order a coordinator follows them ("expired" is
# derived from the validity date; "deleted" rows are listed only when asked for).
STATUSES = ("draft", "sent", "accepted", "declined", "expired", "deleted")
ALL = ""  # the status filter's "all": every status but deleted

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_NUMBER = re.compile(r"^(?P<prefix>.*?)-(?P<year>\d{4})-(?P<sequence>\d+)(?:-R(?P<rev>\d+))?$")
# Muted, readable on light and dark palettes alike.
_STATUS_COLOURS = {"expired": "#a15c00", "declined": "#8a8a8a", "deleted": "#8a8a8a",
                   "accepted": "#1b7f3b"}


class Column(NamedTuple):
    key: str
    header: str
    tip: str
    numeric: bool = False


# Headers and tips are marked here and translated where shown (headerData).
COLUMNS = (
    Column("number", N_("Number"), N_("The register's number: prefix, year, sequence, "
                                      "revision")),
    Column("status", N_("Status"), N_("Draft → sent → accepted or declined; a draft or sent "
                                      "quote past its validity date has expired")),
    Column("client", N_("Client"), N_("The client's name (removed when the quote is "
                                      "deleted)")),
    Column("destination", N_("Destination"), N_("Country and clinic of the quote")),
    Column("total", N_("Quote total"), N_("The package's low – high total in the clinic's "
                                          "currency"), numeric=True),
    Column("patient", N_("Patient, typical"), N_("The typical total in the patient's "
                                                 "currency, converted with the rates frozen "
                                                 "at saving"),
           numeric=True),
    Column("created", N_("Date"), N_("The quote's date")),
    Column("expires", N_("Valid until"), N_("The last day the quote is valid")),
)
COLUMN_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}


def number_key(number: str) -> tuple[int, int, int, str]:
    """(year, sequence, revision, prefix): "MC-2026-0010" sorts after "MC-2026-0009" and
    "Q-2025-0100" before both, whatever the prefix; an unparsable number sorts first."""
    match = _NUMBER.match(number)
    if match is None:
        return (0, 0, 0, number)
    return (int(match["year"]), int(match["sequence"]), int(match["rev"] or 0),
            match["prefix"])


def sort_key(key: str, summary: QuoteSummary) -> tuple:
    """The value column `key` sorts by. Money is grouped by currency, then by value:
    100 TRY and 100 EUR are not the same amount, so they are not ordered as one."""
    if key == "number":
        return number_key(summary.number)
    if key == "status":
        return (STATUSES.index(summary.status) if summary.status in STATUSES else 99,)
    if key == "client":
        return (summary.client.casefold(),)
    if key == "destination":
        return (summary.destination, summary.clinic.casefold())
    if key == "total":
        return (summary.currency, summary.total_low, summary.total_high)
    if key == "patient":
        return (summary.patient_currency, summary.patient_mid)
    if key == "created":
        return (summary.quote_date,)
    if key == "expires":
        return (summary.valid_until,)
    raise KeyError(key)


def destination_text(summary: QuoteSummary, locale: str) -> str:
    """"Türkiye", "Türkiye · Klinik Ankara": the country's name in the window's locale."""
    return " · ".join(part for part in (country_name(summary.destination, locale),
                                        summary.clinic) if part)


def row_texts(summary: QuoteSummary, locale: str) -> tuple[str, ...]:
    """The cells of one row, in COLUMNS order (formatting only: the figures are the
    register's, computed by the engine when the quote was saved)."""
    client = summary.client or (_("(removed)") if summary.status == "deleted"
                                else _("(no name)"))
    # Figures and numbers isolated: no letter sets their direction in a right-to-left window.
    isolate = interface().isolate
    total = isolate(f"{money_text(summary.total_low, summary.currency, locale)} – "
                    f"{money_text(summary.total_high, summary.currency, locale)}")
    return (isolate(summary.number), status_title(summary.status), client,
            destination_text(summary, locale), total,
            isolate(money_text(summary.patient_mid, summary.patient_currency, locale)),
            date_text(summary.quote_date, locale), date_text(summary.valid_until, locale))


def _tooltip(key: str, summary: QuoteSummary, locale: str) -> str | None:
    if key == "patient":
        low, mid, high = (money_text(value, summary.patient_currency, locale)
                          for value in (summary.patient_low, summary.patient_mid,
                                        summary.patient_high))
        isolate = interface().isolate
        return _("{low} – {typical} – {high} (low – typical – high), indicative").format(
            low=isolate(low), typical=isolate(mid), high=isolate(high))
    if key == "status" and summary.status == "expired":
        return _("Was {status}; valid until {date}").format(
            status=status_word(summary.stored_status),
            date=interface().isolate(date_text(summary.valid_until, locale)))
    if key == "client" and summary.client:
        return summary.client  # a long name is elided in its column
    if key == "number" and summary.revision:
        return _("Revision {number}").format(number=summary.revision)
    return None


class QuotesModel(QAbstractTableModel):
    """Quote summaries as rows; texts made when the rows (or the locale) change."""

    def __init__(self, locale: str = "en_US", parent=None) -> None:
        super().__init__(parent)
        self._locale = locale
        self._summaries: list[QuoteSummary] = []
        self._texts: list[tuple[str, ...]] = []
        self._search: list[str] = []

    def set_summaries(self, summaries: Sequence[QuoteSummary]) -> None:
        self.beginResetModel()
        self._summaries = list(summaries)
        self._format()
        self.endResetModel()

    def set_locale(self, locale: str) -> None:
        if locale == self._locale:
            return
        self._locale = locale
        self._format()
        if self._summaries:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._summaries) - 1, len(COLUMNS) - 1))

    def _format(self) -> None:
        self._texts = [row_texts(summary, self._locale) for summary in self._summaries]
        # Number, client, country code and name, clinic: what a search box is typed for.
        self._search = [" ".join((s.number, s.client, s.destination, texts[3])).casefold()
                        for s, texts in zip(self._summaries, self._texts, strict=True)]

    def summary(self, row: int) -> QuoteSummary:
        return self._summaries[row]

    def summaries(self) -> tuple[QuoteSummary, ...]:
        return tuple(self._summaries)

    def row_of(self, number: str) -> int:
        """The row of quote `number`, or -1."""
        for row, summary in enumerate(self._summaries):
            if summary.number == number:
                return row
        return -1

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def sort_key(self, row: int, column: int) -> tuple:
        return sort_key(COLUMNS[column].key, self._summaries[row])

    # --- Qt model API ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._summaries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.header)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(column.tip)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column, role = index.row(), index.column(), int(role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._texts[row][column]
        summary = self._summaries[row]
        key = COLUMNS[column].key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if COLUMNS[column].numeric else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            colour = _STATUS_COLOURS.get(summary.status)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(key, summary, self._locale)
        if role == SUMMARY_ROLE:
            return summary
        if role == SORT_ROLE:
            return self.sort_key(row, column)
        if role == SEARCH_ROLE:
            return self._search[row]
        return None


class QuotesFilter(QSortFilterProxyModel):
    """Sorting by `sort_key` and filtering by search words and status.

    Every word typed must appear in the row's number, client, destination (code or
    name) or clinic; case and accents as typed ("ayşe" finds "Ayşe"). The status filter
    keeps one status; "all" keeps every status but deleted.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._status = ALL
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        if status not in (ALL, *STATUSES):
            raise ValueError(f"unknown status {status!r}")
        if status != self._status:
            self.beginFilterChange()
            self._status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def status(self) -> str:
        return self._status

    def summary(self, proxy_row: int) -> QuoteSummary:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().summary(source.row())

    def proxy_row_of(self, number: str) -> int:
        """The shown row of quote `number`, or -1 (not loaded, or filtered out)."""
        source_row = self.sourceModel().row_of(number)
        if source_row < 0:
            return -1
        return self.mapFromSource(self.sourceModel().index(source_row, 0)).row()

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model: QuotesModel = self.sourceModel()
        status = model.summary(source_row).status
        if self._status == ALL and status == "deleted":
            return False
        if self._status not in (ALL, status):
            return False
        haystack = model.search_text(source_row)
        return all(word in haystack for word in self._words)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        # Python keys compared here, not QVariants: tuples of Decimal and date survive
        # no conversion. Ties fall back to the number, so equal keys keep a stable order.
        model: QuotesModel = self.sourceModel()
        column = left.column()
        return ((model.sort_key(left.row(), column), number_key(model.summary(left.row())
                                                                .number))
                < (model.sort_key(right.row(), column),
                   number_key(model.summary(right.row()).number)))

