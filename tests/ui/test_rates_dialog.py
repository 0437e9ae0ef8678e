"""Rates set by hand in the window: a currency no source converts becomes usable."""

from __future__ import annotations

from decimal import Decimal

from mesocost.ui.rates_dialog import ManualRatesDialog


def test_a_currency_without_rates_is_explained_then_priced_with_a_rate_set_by_hand(
        qtbot, make_workspace):
    workspace = make_workspace(currency="EUR")
    workspace.set_inputs(currency="RUB")
    workspace.flush()
    assert workspace.error and "RUB" in workspace.error
    assert "Set a rate by hand" in workspace.error   # says what to do in the window

    dialog = ManualRatesDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.base.setCurrentIndex(dialog.base.findData("USD"))
    dialog.quote.setCurrentIndex(dialog.quote.findData("RUB"))
    dialog.rate.setText("92.5")
    assert dialog.add_rate()
    dialog.accept()
    result = workspace.flush()
    assert workspace.error is None
    by_code = {row.entry.destination: row for row in result.rows}
    us = by_code["US"].converted
    assert us.rate.source == "manual" and us.rate.rate == Decimal("92.5")
    assert us.treatment.low == Decimal(1600) * Decimal("92.5")


def test_a_bad_rate_is_refused_with_a_reason_and_nothing_changes(qtbot, make_workspace):
    workspace = make_workspace(locale="de_DE")
    dialog = ManualRatesDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.base.setCurrentIndex(dialog.base.findData("GBP"))
    dialog.quote.setCurrentIndex(dialog.quote.findData("EUR"))
    for text, reason in (("abc", "not a number"), ("1e30", "largest accepted rate"),
                         ("0", "above zero")):
        dialog.rate.setText(text)
        assert not dialog.add_rate()
        assert reason in dialog.message.text()
    dialog.quote.setCurrentIndex(dialog.quote.findData("GBP"))
    dialog.rate.setText("2")
    assert not dialog.add_rate() and "converts to itself" in dialog.message.text()
    assert dialog.rates == {} and workspace.manual_rates == {}
    dialog.quote.setCurrentIndex(dialog.quote.findData("EUR"))
    dialog.rate.setText("1,17")               # German decimal comma
    assert dialog.add_rate()
    assert dialog.rates == {("GBP", "EUR"): Decimal("1.17")}


def test_rates_set_by_hand_survive_a_change_of_rates_mode(qtbot, make_workspace):
    workspace = make_workspace()
    workspace.set_manual_rates({("USD", "EUR"): Decimal("0.5")})
    workspace.set_rates_mode("auto")
    result = workspace.flush()
    us = next(row for row in result.rows if row.entry.destination == "US").converted
    assert us.rate.source == "manual" and us.rate.rate == Decimal("0.5")
