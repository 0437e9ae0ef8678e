"""`mesocost clinic init|show|set`, and `quote preview` quoting as the profile says."""

from __future__ import annotations

import os
import stat
import tomllib

import openpyxl
import pytest

from tests.export.quote_cells import fact_cell, sheet_text
from tests.imagefiles import png_bytes

QUOTE = ("quote", "preview", "--destination", "GB", "--client", "Ada Lovelace",
         "--start", "2027-01-31", "--quote-date", "2026-11-02", "--currency", "GBP")


@pytest.fixture
def config(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    monkeypatch.setenv("MESOCOST_CONFIG_DIR", str(folder))
    return folder


def test_init_writes_the_template_once(cli, config):
    run = cli("clinic", "init")
    assert run.code == 0 and "clinic.toml" in run.out
    assert tomllib.loads((config / "clinic.toml").read_text("utf-8"))["quote_prefix"] == "Q"
    again = cli("clinic", "init")
    assert again.code == 2 and again.err.count("\n") == 1 and "--force" in again.err
    assert cli("clinic", "init", "--force").code == 0


def test_show_prints_every_key_or_the_file(cli, config):
    missing = cli("clinic", "show")
    assert missing.code == 2 and "run `mesocost clinic init`" in missing.err
    cli("clinic", "set", "address", "12 Rue de la Paix\n75002 Paris")
    table = cli("clinic", "show")
    assert table.code == 0
    assert "address              12 Rue de la Paix / 75002 Paris" in table.out
    assert "email                (not set)" in table.out
    toml = cli("clinic", "show", "--format", "toml")
    assert tomllib.loads(toml.out)["address"] == "12 Rue de la Paix\n75002 Paris"


@pytest.mark.parametrize(("key", "value", "message"), [
    ("colour", "red", "unknown key 'colour' (expected one of name, address"),
    ("email", "nope", "clinic.toml: email: not an email address: 'nope'"),
    ("validity_days", "a month", "clinic.toml: validity_days: must be a whole number"),
    ("deposit_pct", "120", "clinic.toml: deposit_pct: must be between 0 and 100, got 120"),
    ("deposit_due", "later", "clinic.toml: deposit_due: must be after_acceptance or "
                             "before_first_session"),
    ("logo", "none.png", "clinic.toml: logo: "),
])
def test_set_refuses_a_bad_key_or_value_in_one_line_and_keeps_the_file(cli, config, key,
                                                                       value, message):
    cli("clinic", "set", "name", "Clinique Ada")
    before = (config / "clinic.toml").read_bytes()
    run = cli("clinic", "set", key, value)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("mesocost: error: ") and run.err.count("\n") == 1
    assert message in run.err
    assert (config / "clinic.toml").read_bytes() == before
    assert sorted(p.name for p in config.iterdir()) == ["clinic.toml"]


def test_set_replaces_the_file_atomically_keeping_its_mode(cli, config):
    cli("clinic", "init")
    path = config / "clinic.toml"
    os.chmod(path, 0o600)
    inode = path.stat().st_ino
    run = cli("clinic", "set", "deposit_pct", "30%")
    assert run.code == 0 and run.out.strip().endswith("deposit_pct = 30")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_ino != inode  # a new file moved over the old one
    assert tomllib.loads(path.read_text("utf-8"))["deposit_pct"] == "30"


def test_a_profile_elsewhere_with_profile(cli, config, tmp_path):
    other = tmp_path / "other.toml"
    assert cli("clinic", "init", "--profile", other).code == 0
    assert cli("clinic", "set", "name", "Elsewhere", "--profile", other).code == 0
    assert "Elsewhere" in cli("clinic", "show", "--profile", other).out
    assert not (config / "clinic.toml").exists()


def _profile(cli, tmp_path, **values):
    path = tmp_path / "clinic.toml"
    for key, value in values.items():
        assert cli("clinic", "set", key, value, "--profile", path).code == 0
    return path


def test_quote_preview_quotes_as_the_default_profile(cli, config, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    for key, value in (("name", "Clinique Ada"), ("logo", str(logo)),
                       ("validity_days", "14"), ("deposit_pct", "30"),
                       ("deposit_due", "before_first_session"), ("deposit_due_days", "14"),
                       ("payment_terms", "Card or transfer."), ("quote_prefix", "ADA")):
        assert cli("clinic", "set", key, value).code == 0
    target = tmp_path / "quote.xlsx"
    run = cli(*QUOTE, "--xlsx", target)
    assert run.code == 0, run.err
    assert "(valid until 2026-11-16)" in run.out  # the profile's 14 days
    assert "Reference ADA-20261102-GB-AL · from Clinique Ada" in run.out
    assert "Deposit 30% of the lowest total" in run.out and "due by 2027-01-17" in run.out
    sheet = openpyxl.load_workbook(target)["Quote"]
    assert sheet["A1"].value == "Clinique Ada"
    assert fact_cell(sheet, "Reference").value == "ADA-20261102-GB-AL"
    assert "Card or transfer." in sheet_text(sheet)


def test_the_command_line_wins_over_the_profile(cli, config, tmp_path):
    path = _profile(cli, tmp_path, validity_days="14", deposit_pct="30")
    run = cli(*QUOTE, "--profile", path, "--validity-days", "60", "--deposit", "10")
    assert run.code == 0, run.err
    assert "(valid until 2027-01-01)" in run.out
    assert "Deposit 10% of the lowest total" in run.out


def test_without_a_profile_the_quote_says_seller_details_are_missing(cli, config, tmp_path):
    target = tmp_path / "quote.xlsx"
    run = cli(*QUOTE, "--xlsx", target)
    assert run.code == 0
    assert "seller details missing: run mesocost clinic init" in run.out
    assert "(valid until 2026-12-02)" in run.out  # 30 days
    assert "Deposit" not in run.out
    sheet = openpyxl.load_workbook(target)["Quote"]
    assert sheet["A1"].value == "Seller details missing: run mesocost clinic init"


def test_a_wrong_or_missing_profile_is_one_line(cli, config, tmp_path):
    run = cli(*QUOTE, "--profile", tmp_path / "missing.toml")
    assert run.code == 2 and "missing.toml: file not found" in run.err
    config.mkdir()
    (config / "clinic.toml").write_text('name = "A"\ncolour = "red"\n', encoding="utf-8")
    run = cli(*QUOTE)
    assert run.code == 2 and run.err.count("\n") == 1
    assert "clinic.toml: colour: unknown key" in run.err


def test_the_workbook_is_never_written_over_the_profile_or_its_logo(cli, config, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    path = _profile(cli, tmp_path, name="A", logo=str(logo))
    before = path.read_bytes(), logo.read_bytes()
    over_profile = cli(*QUOTE, "--profile", path, "--xlsx", path)
    assert over_profile.code == 2 and "is also the command's input (--profile)" in \
        over_profile.err
    over_logo = cli(*QUOTE, "--profile", path, "--xlsx", logo)
    assert over_logo.code == 2 and "(the logo)" in over_logo.err
    (config).mkdir()
    os.link(path, config / "clinic.toml")  # the default profile, under another name
    over_default = cli(*QUOTE, "--xlsx", path)
    assert over_default.code == 2 and "(the clinic profile)" in over_default.err
    assert (path.read_bytes(), logo.read_bytes()) == before
