"""The comparison chart: each destination's low–high range, its typical value and home.

QtCharts is deprecated since Qt 6.10 in favour of Qt Graphs; every use of it lives in
this one class, so moving is one file. Series are created once and their points replaced
in bulk on every update (never removed and re-added).
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from mesocost.core.geo import country_name
from mesocost.core.i18n import _, interface
from mesocost.core.money import round_to_minor
from mesocost.planning import ComparisonResult

MAX_BARS = 30  # the cheapest 30 when there are more: a chart of 200 bars says nothing
BAR_PIXELS = 22  # the height a labelled bar needs to stay readable
FRAME_PIXELS = 150  # title, axis and legend


def _label(row, locale: str) -> str:
    entry = row.entry
    parts = [country_name(entry.destination, locale), entry.city, entry.clinic]
    text = " · ".join(p for p in parts if p)
    return text if len(text) <= 32 else text[:31] + "…"


class RangeChart(QWidget):
    """Horizontal range bars (low to high, display currency) with a typical marker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self._build_series()
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(_("Comparison chart"))
        # Many bars get the height they need and the chart scrolls, rather than squeezing
        # thirty labels into "…".
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller)
        self.apply_palette()
        self.shown_labels: list[str] = []

    def _build_series(self) -> None:
        self.offset = QBarSet("")          # invisible: from zero to the low end
        self.span = QBarSet(_("Low – high range"))
        self.bars = QHorizontalStackedBarSeries()
        self.bars.append(self.offset)
        self.bars.append(self.span)
        self.bars.setBarWidth(0.6)
        self.typical = QScatterSeries()
        self.typical.setName(_("Typical"))
        self.typical.setMarkerSize(9)
        self.home = QLineSeries()
        self.home.setName(_("Home"))
        for series in (self.bars, self.typical, self.home):
            self.chart.addSeries(series)
        self.axis_y = QBarCategoryAxis()
        self.axis_y.setTruncateLabels(False)  # labels are cut to 32 characters already
        self.axis_x = QValueAxis()
        self.axis_x.setLabelFormat("%.0f")
        self.chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        for series in (self.bars, self.typical, self.home):
            series.attachAxis(self.axis_x)
            series.attachAxis(self.axis_y)
        # The legend marker of the invisible offset set says nothing: hide it.
        self.chart.legend().markers(self.bars)[0].setVisible(False)

    def apply_palette(self) -> None:
        """Follow the system palette (light or dark)."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        self.chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        self.chart.setTitleBrush(text)
        self.chart.legend().setLabelColor(text)
        grid = palette.color(QPalette.ColorRole.Mid)
        for axis in (self.axis_x, self.axis_y):
            axis.setLabelsColor(text)
            axis.setTitleBrush(text)
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)
        self.offset.setColor(QColor(0, 0, 0, 0))
        self.offset.setBorderColor(QColor(0, 0, 0, 0))
        self.span.setColor(palette.color(QPalette.ColorRole.Highlight).lighter(130))
        self.span.setBorderColor(palette.color(QPalette.ColorRole.Highlight))
        self.typical.setColor(QColor("#d35400"))
        self.home.setColor(QColor("#c0392b"))

    def set_result(self, result: ComparisonResult) -> None:
        """Show the cheapest MAX_BARS rows (the result is sorted by typical total)."""
        rows = list(result.rows[:MAX_BARS])[::-1]  # cheapest at the top
        currency, locale = result.inputs.currency, result.inputs.locale
        lows = [float(round_to_minor(r.converted.grand.low, currency)) for r in rows]
        highs = [float(round_to_minor(r.converted.grand.high, currency)) for r in rows]
        mids = [float(round_to_minor(r.converted.grand.mid, currency)) for r in rows]
        # Chart geometry only (floats are fine for pixels): bar = offset + width.
        self.offset.remove(0, self.offset.count())
        self.offset.append(lows)
        self.span.remove(0, self.span.count())
        self.span.append([high - low for low, high in zip(lows, highs, strict=True)])
        labels = [_label(r, locale) for r in rows]
        if labels != self.shown_labels:  # re-laying out the axis costs more than the bars
            self.shown_labels = labels
            self.axis_y.setCategories(labels)
        self.typical.replace([QPointF(mid, i) for i, mid in enumerate(mids)])
        self.view.setMinimumHeight(FRAME_PIXELS + BAR_PIXELS * len(rows))
        home = result.home
        top = max(highs, default=1.0)
        if home is not None:
            value = float(round_to_minor(home.converted.grand.mid, currency))
            self.home.replace([QPointF(value, -0.5), QPointF(value, len(rows) - 0.5)])
            top = max(top, value)
        else:
            self.home.clear()
        self.home.setVisible(home is not None)
        self.axis_x.setTitleText(currency)
        self.axis_x.setRange(0, top * 1.05 or 1.0)
        self.axis_x.applyNiceNumbers()
        more = len(result.rows) - len(rows)
        isolate = interface().isolate
        if more > 0:
            title = _("Package + travel in {currency} — cheapest {shown} of {count}").format(
                currency=isolate(currency), shown=isolate(len(rows)),
                count=isolate(len(result.rows)))
        else:
            title = _("Package + travel in {currency}").format(currency=isolate(currency))
        self.chart.setTitle(title)
