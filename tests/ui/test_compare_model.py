"""The comparison table model, without widgets: rows, roles, sorting, figures = the CLI's."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from mesocost.cli import main
from mesocost.core.money import Money, format_money
from mesocost.core.travel import TravelCosts
from mesocost.ui.compare_model import COLUMN_INDEX, ROW_ROLE, SORT_ROLE, ComparisonModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def cell(model, row, key, role=DISPLAY):
    return model.data(model.index(row, COLUMN_INDEX[key]), role)


def with_turkey_travel(bundled):
    travel = TravelCosts("EUR", Decimal("180"), 2, Decimal("60"), 20)
    return [e._replace(travel=travel) if e.destination == "TR" else e for e in bundled]


def test_rows_and_roles_follow_the_engine(make_workspace):
    workspace = make_workspace()
    model = ComparisonModel()
    model.set_result(workspace.result)
    assert model.rowCount() == 3
    assert model.columnCount() == len(COLUMN_INDEX)
    for index, row in enumerate(workspace.result.rows):
        assert cell(model, index, "destination", ROW_ROLE) is row
        assert cell(model, index, "grand", SORT_ROLE) == row.converted.grand.mid
        assert cell(model, index, "sessions") == "8"
    assert model.headerData(COLUMN_INDEX["low"], Qt.Orientation.Horizontal) == "Package\nlow (EUR)"


def test_the_table_shows_what_compare_json_says(make_workspace, bundled, capsys, tmp_path):
    """Same inputs, same figures: the window never recomputes."""
    catalog = tmp_path / "mine.toml"
    catalog.write_text('[[entries]]\ndestination = "TR"\ncurrency = "USD"\nlow = "100"\n'
                       'high = "300"\nsource = "test"\n[entries.travel]\ncurrency = "EUR"\n'
                       'per_trip = "180"\nnights_per_trip = 2\nper_night = "60"\n'
                       'max_stay_days = 20\n', encoding="utf-8")
    assert main(["compare", "--catalog", str(catalog), "--currency", "EUR", "--start",
                 "2027-01-31", "--rates", "offline", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    workspace = make_workspace(entries=with_turkey_travel(bundled))
    model = ComparisonModel()
    model.set_result(workspace.result)

    def euro(text):
        return format_money(Money(text, "EUR"), "en_US")

    shown = {cell(model, r, "destination", ROW_ROLE).entry.destination: r
             for r in range(model.rowCount())}
    for json_row in document["rows"]:
        row = shown[json_row["destination"]]
        converted = json_row["converted"]
        assert cell(model, row, "low") == euro(converted["low"])
        assert cell(model, row, "typical") == euro(converted["mid"])
        assert cell(model, row, "high") == euro(converted["high"])
        assert cell(model, row, "grand") == euro(converted["grand"]["mid"])
        if converted.get("travel"):
            assert cell(model, row, "travel") == euro(converted["travel"]["mid"])
            assert cell(model, row, "trips") == str(json_row["travel"]["trips"])


@pytest.mark.parametrize("key", ["grand", "typical", "break_even", "destination", "trips"])
def test_sorting_orders_by_the_engines_values_not_the_text(make_workspace, bundled, key):
    workspace = make_workspace(entries=with_turkey_travel(bundled), home_country="GB")
    model = ComparisonModel()
    model.set_result(workspace.result)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(COLUMN_INDEX[key], order)
        keys = [cell(model, r, key, SORT_ROLE) for r in range(model.rowCount())]
        present = [k for k in keys if k is not None]
        assert present == sorted(present, reverse=order == Qt.SortOrder.DescendingOrder)
        assert keys[len(present):] == [None] * (len(keys) - len(present))  # missing last


def test_a_new_result_keeps_the_chosen_sort(make_workspace):
    workspace = make_workspace()
    model = ComparisonModel()
    model.set_result(workspace.result)
    model.sort(COLUMN_INDEX["destination"], Qt.SortOrder.DescendingOrder)
    workspace.set_inputs(currency="GBP")
    model.set_result(workspace.flush())
    codes = [cell(model, r, "destination", ROW_ROLE).entry.destination for r in range(3)]
    assert codes == ["US", "TR", "GB"]


def test_converted_figures_carry_their_rate_in_the_tooltip(make_workspace):
    workspace = make_workspace()
    model = ComparisonModel()
    model.set_result(workspace.result)
    rows = [cell(model, r, "destination", ROW_ROLE) for r in range(3)]
    us = rows.index(next(r for r in rows if r.entry.destination == "US"))
    tip = cell(model, us, "typical", Qt.ItemDataRole.ToolTipRole)
    assert "$2,800.00 at the clinic, in USD" in tip
    assert "Rate USD/EUR = " in tip and "2026-10-30" in tip and "source ecb" in tip


def test_the_out_of_band_warning_is_an_icon_with_its_text(make_workspace):
    workspace = make_workspace()
    model = ComparisonModel()
    model.set_result(workspace.result)
    by_code = {cell(model, r, "destination", ROW_ROLE).entry.destination: r for r in range(3)}
    gb = by_code["GB"]
    assert cell(model, gb, "destination", Qt.ItemDataRole.DecorationRole) is not None
    assert "outside the published worldwide range" in cell(
        model, gb, "destination", Qt.ItemDataRole.ToolTipRole)
    assert cell(model, by_code["TR"], "destination", Qt.ItemDataRole.DecorationRole) is None


def test_home_difference_and_break_even_are_shown(make_workspace, bundled):
    workspace = make_workspace(entries=with_turkey_travel(bundled), home_country="GB")
    model = ComparisonModel()
    model.set_result(workspace.result)
    by_code = {cell(model, r, "destination", ROW_ROLE).entry.destination: r for r in range(3)}
    assert cell(model, by_code["GB"], "destination").endswith("(home)")
    assert cell(model, by_code["GB"], "vs_home") == "–"
    versus = dict(zip((r.entry.destination for r in workspace.result.rows),
                      workspace.result.against, strict=True))
    expected = format_money(Money(versus["TR"].break_even_per_trip, "EUR"), "en_US")
    assert cell(model, by_code["TR"], "break_even") == expected
