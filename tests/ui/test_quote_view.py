"""The quote view prices exactly what `mesocost quote preview` prices, refuses bad add-ons
without touching the quote, and exports the workbook the CLI would write."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from mesocost.cli import main
from mesocost.core.comparison import Converted
from mesocost.core.engine import Quote
from mesocost.core.errors import InputError
from mesocost.core.money import Money, format_money
from mesocost.export.quote_sheet import QuoteDetails
from mesocost.ui.quote_view import QuoteView
from tests.export.quote_cells import client_cell

CLI = ["quote", "preview", "--destination", "TR", "--client", "Ada", "--currency", "EUR",
       "--start", "2027-01-31", "--rates", "offline", "--discount", "10"]


@pytest.fixture
def view(qtbot, make_workspace, context):
    quote_view = QuoteView(make_workspace(), context)
    qtbot.addWidget(quote_view)
    return quote_view


def fill(view, destination="TR", client="Ada", discount="10"):
    view.select_destination(destination)
    view.client.setText(client)
    view.discount.setText(discount)
    return view.flush()


def cli_figures(capsys, *extra):
    """(Total line's range, the converted low – typical – high) as the CLI prints them."""
    assert main([*CLI, *extra]) == 0
    out = capsys.readouterr().out
    total = re.search(r"^  Total\s+(.+)$", out, re.MULTILINE).group(1).strip()
    converted = re.search(r"^In EUR: (.+) \(low – typical – high\)$", out, re.MULTILINE)
    return total, converted.group(1)


def money(amount, currency):
    """A figure as the preview formats it (a workbook cell holds an int or float)."""
    return format_money(Money._trusted(Decimal(str(amount)), currency), "en_US")


def test_preview_total_is_the_clis_for_the_same_inputs(view, capsys):
    cli_total, cli_converted = cli_figures(capsys)
    assert (cli_total, cli_converted) == ("$720.00 – $2,160.00",
                                          "€644.47 – €1,288.94 – €1,933.40")
    current = fill(view)
    text = view.preview_text()
    assert f"Total\n{cli_total}" in text
    assert f"Total\n{cli_converted}" in text
    assert "indicative" in text
    assert "Rate USD/EUR = 0.895095, 2026-10-30, source ecb" in text

    quote, converted, details = current
    assert isinstance(quote, Quote) and isinstance(converted, Converted)
    # The same reference `quote preview` would print for Ada at TR today.
    assert details == QuoteDetails("Ada", date.today(), 30, "",
                                   reference=f"Q-{date.today():%Y%m%d}-TR-A")
    assert quote.request.protocol == view.workspace.result.template.protocol
    assert quote.request.start == date(2027, 1, 31)


def test_add_ons_are_priced_as_the_cli_prices_them(view, capsys):
    cli_total, cli_converted = cli_figures(capsys, "--add-on", "PRP=50-80 USD/session")
    fill(view)
    view.add_on_name.setText("PRP")
    view.add_on_low.setText("50")
    view.add_on_high.setText("80")
    view.add_on_currency.setEditText("USD")
    view.add_on_per_session.setChecked(True)
    assert view.add_typed_add_on()
    view.flush()
    text = view.preview_text()
    assert "PRP (per session)" in text
    assert f"Total\n{cli_total}" in text and f"Total\n{cli_converted}" in text


def test_a_bad_add_on_price_is_refused_with_a_message_and_nothing_changes(qtbot, view):
    fill(view)
    view.add_on_name.setText("PRP")
    view.add_on_low.setText("50")
    assert view.add_typed_add_on()
    before = view.flush()
    add_ons = view.add_ons.add_ons()
    preview = view.preview_text()
    changes = []
    view.quoteChanged.connect(changes.append)

    view.add_on_name.setText("Cocktail")
    view.add_on_low.setText("abc")
    assert not view.add_typed_add_on()
    assert not view.add_on_message.isHidden()
    assert "not a number: 'abc'" in view.add_on_message.text()

    model = view.add_ons
    assert not model.setData(model.index(0, 2), "1O0")        # a typo in the high price
    assert "not a number" in view.add_on_message.text()
    assert not model.setData(model.index(0, 1), "500")        # low above high
    assert "low ≤ high" in view.add_on_message.text()
    assert not model.setData(model.index(0, 1), "-5")
    assert not model.setData(model.index(0, 3), "XYZ")        # not a currency
    assert "currency" in view.add_on_message.text()

    assert view.add_ons.add_ons() == add_ons
    assert view.flush() is before
    assert view.preview_text() == preview
    assert changes == []

    assert model.setData(model.index(0, 2), "1,200")          # en_US grouping is fine
    assert view.add_on_message.isHidden()
    after = view.flush()
    assert after is not before and changes == [after]
    assert after[0].request.add_ons[0].high == 1200


def test_add_ons_can_be_per_session_and_removed(view):
    fill(view)
    view.add_on_name.setText("Consultation")
    view.add_on_low.setText("40")
    assert view.add_typed_add_on()
    model = view.add_ons
    assert model.setData(model.index(0, 4), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    quote = view.flush()[0]
    line = next(line for line in quote.lines if line.kind == "add_on")
    assert line.quantity == 8 and "per session" in line.label
    view.add_ons_table.selectRow(0)
    view.remove_add_on_button.click()
    assert model.rowCount() == 0
    assert not any(line.kind == "add_on" for line in view.flush()[0].lines)


def test_bad_percentages_say_why_and_disable_export(view):
    fill(view)
    view.tax.setText("120")
    assert view.flush() is None
    assert "tax must be between 0 and 100" in view.message.text()
    assert not view.export_action.isEnabled()
    assert "Not updated" in view.preview_text()
    view.tax.setText("20 %")
    quote = view.flush()[0]
    assert quote.request.tax_pct == 20 and view.export_action.isEnabled()
    view.tax_mode.setCurrentIndex(1)
    assert view.flush()[0].request.tax_inclusive


def test_the_display_currency_follows_the_workspace(qtbot, view):
    fill(view)
    view.workspace.set_inputs(currency="GBP")
    qtbot.waitUntil(lambda: view.current_quote()[1].currency == "GBP", timeout=2000)
    grand = view.current_quote()[1].grand
    assert money(grand.low, "GBP") in view.preview_text()
    assert "In GBP" in view.preview_text()


def test_client_is_needed_to_export_and_contact_is_kept(view):
    fill(view, client="")
    assert view.current_quote() is not None
    assert not view.export_action.isEnabled()
    view.client.setText("Ada")
    view.email.setText("ada@example.org")
    view.phone.setText("+44 20 7946 0000")
    view.flush()
    assert view.export_action.isEnabled()
    assert view.client_contact() == ("ada@example.org", "+44 20 7946 0000")


def test_unknown_destination_is_an_input_error(view):
    with pytest.raises(InputError, match="no catalog entry"):
        view.select_destination("FR")


def test_exported_workbook_total_equals_the_preview(qtbot, view, recorder, tmp_path):
    fill(view)
    target = tmp_path / "quote.xlsx"
    view.export_to(target)
    qtbot.waitUntil(lambda: bool(recorder.statuses or recorder.errors), timeout=10000)
    assert recorder.errors == []
    assert recorder.statuses == [f"Quote saved to {target}"]

    sheet = openpyxl.load_workbook(target, data_only=True)["Quote"]
    totals = [row for row in sheet.iter_rows() if row[0].value == "Total"]
    package, converted = totals[0], totals[-1]  # the package first, converted last
    package_text = f"{money(package[5].value, 'USD')} – {money(package[6].value, 'USD')}"
    converted_text = " – ".join(money(cell.value, "EUR") for cell in converted[4:7])
    text = view.preview_text()
    assert package_text == "$720.00 – $2,160.00"
    assert f"Total\n{package_text}" in text
    assert f"Total\n{converted_text}" in text
    assert client_cell(sheet).value == "Ada"


def test_export_action_asks_for_a_file_and_remembers_its_folder(
        qtbot, view, recorder, settings, tmp_path, monkeypatch):
    fill(view)
    asked = []

    def save_name(parent, title, start, filters):
        asked.append(start)
        return str(tmp_path / "for-ada"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    assert view.export_action.text() == "Export quote to E&xcel…"
    view.export_action.trigger()
    qtbot.waitUntil(lambda: bool(recorder.statuses), timeout=10000)
    assert (tmp_path / "for-ada.xlsx").exists()  # the extension is added
    assert asked[0].endswith(f"quote-Ada-TR-{date.today().isoformat()}.xlsx")
    assert settings.get("last_export_folder") == str(tmp_path)


def test_a_failed_export_is_one_message(qtbot, view, recorder, tmp_path):
    fill(view)
    view.export_to(tmp_path / "missing" / "quote.xlsx")
    qtbot.waitUntil(lambda: bool(recorder.errors), timeout=10000)
    title, text = recorder.errors[0]
    assert title == "Could not export the quote" and "missing" in text
    assert view.export_action.isEnabled()  # ready for another try


def test_the_clinic_profile_gives_seller_reference_and_defaults(qtbot, make_workspace,
                                                                 context, tmp_path,
                                                                 monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    (config / "clinic.toml").write_text(
        'name = "Klinik Ağaoğlu"\nquote_prefix = "KA"\nvalidity_days = 45\n'
        'deposit_pct = "20"\n', encoding="utf-8")
    monkeypatch.setenv("MESOCOST_CONFIG_DIR", str(config))
    view = QuoteView(make_workspace(), context)
    qtbot.addWidget(view)
    view.client.setText("Ada Lovelace")
    view.flush()
    details = view.details()
    assert details.profile is not None and details.profile.name == "Klinik Ağaoğlu"
    assert details.reference.startswith("KA-") and details.reference.endswith("-AL")
    assert view.validity.value() == 45 and view.deposit.text() == "20"
    assert "From Klinik Ağaoğlu" in view.preview.toHtml()


def test_without_a_profile_the_preview_says_seller_details_are_missing(qtbot, view):
    view.client.setText("Ada")
    view.flush()
    assert view.details().profile is None
    assert "Seller details missing" in view.preview.toPlainText()


def test_the_preview_shows_the_same_payment_plan_as_quote_preview(qtbot, view, capsys):
    """Deposit (one amount, with its due date) and balance instalments: the CLI's figures."""
    view.deposit.setText("30")
    fill(view)
    text = view.preview_text()
    assert main([*CLI, "--deposit", "30"]) == 0
    printed = capsys.readouterr().out
    payments = [line.strip() for line in printed.splitlines()
                if line.strip().startswith(("Deposit 30%", "Balance, "))]
    assert payments and payments[0].startswith("Deposit 30% of the lowest total")
    for line in payments:
        label, amount = re.split(r"\s{2,}", line)[:2]
        assert amount in text, (label, amount)
    assert "Deposit 30% of the lowest total, due by" in text
