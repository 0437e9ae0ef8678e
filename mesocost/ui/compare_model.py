"""The comparison as a Qt table: one row per destination, figures as the engine made them.

`data()` only formats (babel, in the comparison's locale) and looks up; sorting orders by
the engine's Decimal values, never by the formatted text. Formatted cells are made on
first request and kept until the next result, so a 200-row comparison formats only what
is on screen.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from mesocost.core.comparison import AgainstHome, ComparisonRow
from mesocost.core.conversion import RateQuote
from mesocost.core.geo import country_name
from mesocost.core.i18n import N_, _, interface, ngettext
from mesocost.planning import ComparisonResult
from mesocost.present import money_text, rate_provenance

ROW_ROLE = int(Qt.ItemDataRole.UserRole)        # the ComparisonRow
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1   # a Decimal / str key
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

# (key, header). Keys name the figure; see _cell. Headers are translated where shown
# (headerData): the interface language is not known at import.
COLUMNS = (
    ("destination", N_("Destination")),
    ("clinic", N_("Clinic")),
    ("per_session", N_("Per session")),
    ("sessions", N_("Sessions")),
    ("low", N_("Package\nlow")),
    ("typical", N_("Package\ntypical")),
    ("high", N_("Package\nhigh")),
    ("trips", N_("Trips")),
    ("travel", N_("Travel\n+ stay")),
    ("grand", N_("Grand\ntotal")),
    ("vs_home", N_("vs\nhome")),
    ("break_even", N_("Break-even\nper trip")),
)
COLUMN_INDEX = {key: index for index, (key, _header) in enumerate(COLUMNS)}
_NUMERIC = frozenset({"per_session", "sessions", "low", "typical", "high", "trips", "travel",
                      "grand", "vs_home", "break_even"})
_IN_DISPLAY_CURRENCY = frozenset({"low", "typical", "high", "travel", "grand", "vs_home",
                                  "break_even"})
_HEADER_TIPS = {
    "per_session": N_("The clinic's published price of one session, in its own currency"),
    "low": N_("Package total at the low end of the range, in the display currency"),
    "typical": N_("Typical: the midpoint of the low–high range, in the display currency"),
    "high": N_("Package total at the high end of the range, in the display currency"),
    "travel": N_("Travel and accommodation for all trips (typical), in the display "
                 "currency"),
    "grand": N_("Package + travel, typical figure, in the display currency"),
    "vs_home": N_("Grand total minus the home country's (negative: cheaper than home)"),
    "break_even": N_("What one trip (travel and stay) may cost before going there costs as "
                     "much as staying home (typical figures)"),
}


class ComparisonModel(QAbstractTableModel):
    """Rows of a `ComparisonResult`, sortable by any figure."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[ComparisonRow, AgainstHome]] = []
        self._result: ComparisonResult | None = None
        self._formatted: dict[tuple[int, int], str] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._icon = None

    # --- content --------------------------------------------------------------------

    def set_result(self, result: ComparisonResult) -> None:
        """Show a new comparison (same number of rows: data changes; else a reset)."""
        rows = list(zip(result.rows, result.against, strict=True))
        same_shape = len(rows) == len(self._rows)
        if not same_shape:
            self.beginResetModel()
        self._result, self._rows, self._formatted = result, rows, {}
        if self._sort is not None:
            self._sort_rows(*self._sort)
        if same_shape:
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(COLUMNS) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        else:
            self.endResetModel()

    @property
    def result(self) -> ComparisonResult | None:
        return self._result

    def row_at(self, row: int) -> ComparisonRow:
        return self._rows[row][0]

    # --- Qt model API ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key, header = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            header = _(header)
            if key in _IN_DISPLAY_CURRENCY and self._result is not None:
                # TRANSLATORS: a column header and the currency of its figures,
                # "Grand total (EUR)"; the header may hold a line break.
                return _("{header} ({currency})").format(
                    header=header,
                    currency=interface().isolate(self._result.inputs.currency))
            return header
        if role == _ACCESSIBLE:
            return _(header).replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = _HEADER_TIPS.get(key)
            return _(tip) if tip else None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked ~1,000 times a paint: plain-int roles and remembered answers.
        if not index.isValid():
            return None
        role = int(role)
        if role in (_DISPLAY, _ACCESSIBLE):
            cell = (index.row(), index.column())
            text = self._formatted.get(cell)
            if text is None:
                row, versus = self._rows[cell[0]]
                key = COLUMNS[cell[1]][0]
                text = self._display(key, row, versus)
                if key in _NUMERIC:
                    # "£150.00 – £400.00" and "-£110.28" have no letter to set their
                    # direction: in a right-to-left window they would read backwards.
                    text = interface().isolate(text)
                self._formatted[cell] = text
            return text
        if role == _ALIGNMENT:
            return _RIGHT if COLUMNS[index.column()][0] in _NUMERIC else None
        if role == _DECORATION:
            if index.column() != 0:
                return None
            row = self._rows[index.row()][0]
            return self._warning_icon() if _entry_warnings(row) else None
        row, versus = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return _sort_key(key, row, versus)
        if role == _TOOLTIP:
            return self._tooltip(key, row, versus)
        return None

    def _warning_icon(self):
        if self._icon is None:  # asked for on every paint: made once
            self._icon = QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._icon

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self._formatted = {}
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        key = COLUMNS[column][0]
        present = [item for item in self._rows if _sort_key(key, *item) is not None]
        missing = [item for item in self._rows if _sort_key(key, *item) is None]
        present.sort(key=lambda item: _sort_key(key, *item),
                     reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = present + missing  # rows without the figure stay last either way

    # --- formatting -----------------------------------------------------------------

    @property
    def _locale(self) -> str:
        return self._result.inputs.locale if self._result else "en_US"

    def _money(self, value: Decimal, currency: str) -> str:
        return money_text(value, currency, self._locale)

    def _display(self, key: str, row: ComparisonRow, versus: AgainstHome) -> str:
        entry, quote, conv = row.entry, row.quote, row.converted
        if key == "destination":
            name = country_name(entry.destination, self._locale)
            text = " · ".join(p for p in (name, entry.city) if p)
            # TRANSLATORS: the home country's row in the comparison table.
            return _("{destination}  (home)").format(destination=text) if versus.is_home \
                else text
        if key == "clinic":
            return entry.clinic or "–"
        if key == "per_session":
            low, high = quote.per_session.low, quote.per_session.high
            return f"{self._money(low, entry.currency)} – {self._money(high, entry.currency)}"
        if key == "sessions":
            return str(quote.sessions)
        if key in ("low", "typical", "high"):
            span = conv.treatment
            value = {"low": span.low, "typical": span.mid, "high": span.high}[key]
            return self._money(value, conv.currency)
        if key == "trips":
            return str(len(quote.travel.trips)) if quote.travel is not None else "–"
        if key == "travel":
            if conv.travel is None:
                return _("not included") if quote.request.include_travel is False else "–"
            return self._money(conv.travel.mid, conv.currency)
        if key == "grand":
            return self._money(conv.grand.mid, conv.currency)
        if key == "vs_home":
            if versus.difference is None or versus.is_home:
                return "–"
            sign = "+" if versus.difference > 0 else ""
            return sign + self._money(versus.difference, conv.currency)
        if key == "break_even":
            if versus.break_even_per_trip is None:
                return "–"
            if versus.break_even_per_trip <= 0:
                return _("never (dearer than home)")
            return self._money(versus.break_even_per_trip, conv.currency)
        return ""

    def _tooltip(self, key: str, row: ComparisonRow, versus: AgainstHome) -> str | None:
        conv, quote = row.converted, row.quote
        isolate = interface().isolate
        if key == "clinic":
            return row.entry.clinic or None
        if key == "destination":
            lines = [row.entry.label]
            if row.entry.source:
                lines.append(_("Source: {source}").format(source=isolate(row.entry.source)))
            lines += [f"⚠ {warning}" for warning in _entry_warnings(row)]
            return "\n".join(lines)
        if key in ("low", "typical", "high", "grand", "vs_home", "break_even"):
            span = quote.total
            which = {"low": span.low, "high": span.high}.get(key, span.mid)
            original = self._money(which, span.currency)
            lines = [_("{amount} at the clinic, in {currency}").format(
                amount=isolate(original), currency=isolate(span.currency))]
            lines += [self._rate_tip(conv.rate)]
            if conv.travel_rate is not None and key in ("grand", "vs_home", "break_even"):
                travel = quote.travel.cost if quote.travel else None
                if travel is not None:
                    lines.append(_("Travel {amount}").format(
                        amount=isolate(self._money(travel.mid, travel.currency))))
                    lines.append(self._rate_tip(conv.travel_rate))
            if key == "break_even" and versus.break_even_per_trip is not None:
                lines.append(ngettext("over {count} trip", "over {count} trips",
                                      versus.trips).format(count=isolate(versus.trips)))
            return "\n".join(lines)
        if key == "travel" and quote.travel is not None and conv.travel_rate is not None:
            cost, trips, nights = quote.travel.cost, len(quote.travel.trips), quote.travel.nights
            return "\n".join([
                # TRANSLATORS: "3 trips, 6 nights: €1,260.00" (the trips and nights are
                # translated on their own, with their plurals).
                _("{trips}, {nights}: {amount}").format(
                    trips=ngettext("{count} trip", "{count} trips", trips).format(
                        count=isolate(trips)),
                    nights=ngettext("{count} night", "{count} nights", nights).format(
                        count=isolate(nights)),
                    amount=isolate(self._money(cost.mid, cost.currency))),
                self._rate_tip(conv.travel_rate)])
        return None

    def _rate_tip(self, rate: RateQuote) -> str:
        isolate = interface().isolate
        if rate.base == rate.quote:
            return _("No conversion ({currency})").format(currency=isolate(rate.base))
        lines = [rate_provenance(rate, interface())]
        lines += [f"  {warning}" for warning in rate.warnings]
        return "\n".join(lines)


def _sort_key(key: str, row: ComparisonRow, versus: AgainstHome):
    conv, quote = row.converted, row.quote
    if key == "destination":
        return (row.entry.destination, row.entry.city.casefold())
    if key == "clinic":
        return row.entry.clinic.casefold()
    keys = {
        "per_session": lambda: quote.per_session.mid,
        "sessions": lambda: Decimal(quote.sessions),
        "low": lambda: conv.treatment.low,
        "typical": lambda: conv.treatment.mid,
        "high": lambda: conv.treatment.high,
        "trips": lambda: Decimal(len(quote.travel.trips)) if quote.travel else None,
        "travel": lambda: conv.travel.mid if conv.travel is not None else None,
        "grand": lambda: conv.grand.mid,
        "vs_home": lambda: versus.difference,
        "break_even": lambda: versus.break_even_per_trip,
    }
    return keys[key]()


def _entry_warnings(row: ComparisonRow) -> list[str]:
    """The row's own warnings (e.g. outside the worldwide band), not its rates': those are
    in every converted figure's tooltip and the status bar."""
    from_rates = {warning for rate in row.converted.rates for warning in rate.warnings}
    return [warning for warning in row.warnings if warning not in from_rates]
