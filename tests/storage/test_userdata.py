"""The user's own data file: destinations + travel, saved atomically, read back the same,
and read by `mesocost compare --catalog` as it is."""

from __future__ import annotations

import contextlib
import io
import json
import os
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesocost.cli import main
from mesocost.core.catalog import PriceEntry, parse_entry
from mesocost.core.errors import ExportError, InputError
from mesocost.core.travel import TravelCosts
from mesocost.storage.tomlfiles import load_bundled_catalog, load_catalog
from mesocost.storage.userdata import (
    UserCatalog,
    effective_entries,
    load_user_catalog,
    save_user_catalog,
    user_catalog_path,
    user_catalog_toml,
)

ES = PriceEntry("ES", "EUR", Decimal("90"), Decimal("180.50"), city="Madrid",
                clinic="Clínica Ejemplo", includes="session, vitamins", source="price list",
                as_of=date(2026, 11, 1), notes='say "hola"\nline two',
                travel=TravelCosts("GBP", Decimal("180"), 1, Decimal("95"), 20))
TR_TRAVEL = TravelCosts("EUR", Decimal("250.00"), 2, Decimal("60"), 10)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MESOCOST_DATA_DIR", str(tmp_path / "data"))


def test_the_file_lives_in_the_data_folder_the_environment_names(tmp_path):
    assert user_catalog_path() == str(tmp_path / "data" / "catalog.toml")


def test_a_missing_file_is_an_empty_catalog():
    assert load_user_catalog() == UserCatalog((), {})


def test_save_creates_the_folder_and_load_gives_the_same_catalog(tmp_path):
    catalog = UserCatalog((ES,), {("TR", ""): TR_TRAVEL})
    path = save_user_catalog(catalog)
    assert path == user_catalog_path() and os.path.isfile(path)
    assert load_user_catalog() == catalog
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert 'low = "90"' in text and 'high = "180.50"' in text  # strings: no float anywhere
    assert "[[travel]]" in text and "[entries.travel]" in text
    assert [name for name in os.listdir(tmp_path / "data")] == ["catalog.toml"]  # no temp left


def test_save_is_atomic_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.toml"
    save_user_catalog(UserCatalog((ES,), {}), path)
    before = path.read_bytes()

    def broken_replace(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError):
        save_user_catalog(UserCatalog((), {("TR", ""): TR_TRAVEL}), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["mine.toml"]


def test_a_save_into_a_missing_folder_is_one_line(tmp_path):
    with pytest.raises(ExportError, match="folder does not exist"):
        save_user_catalog(UserCatalog((ES,), {}), tmp_path / "nowhere" / "mine.toml")


def test_two_entries_with_the_same_key_are_refused_before_writing(tmp_path):
    twin = ES._replace(city="Sevilla", clinic="CLÍNICA EJEMPLO")
    with pytest.raises(InputError, match="duplicate"):
        save_user_catalog(UserCatalog((ES, twin), {}), tmp_path / "mine.toml")
    assert not (tmp_path / "mine.toml").exists()


def test_effective_entries_merge_and_take_the_users_travel():
    bundled = load_bundled_catalog()
    mine_tr = PriceEntry("TR", "USD", Decimal(120), Decimal(250), source="my call")
    user = UserCatalog((ES, mine_tr), {("GB", ""): TR_TRAVEL, ("US", "gone"): TR_TRAVEL})
    entries = effective_entries(bundled, user)
    assert [e.destination for e in entries] == ["TR", "GB", "US", "ES"]
    assert entries[0] == mine_tr  # same key replaces the bundled row, in place
    assert entries[1].travel == TR_TRAVEL and entries[2].travel is None
    assert entries[3] == ES


@pytest.mark.parametrize(("text", "message"), [
    ('[[travel]]\ndestination = "XX"\ncurrency = "EUR"\n',
     "travel 1 (XX): destination: unknown country code"),
    ('[[travel]]\ndestination = "TR"\n', "travel 1 (TR): currency: is required"),
    ('[[travel]]\ndestination = "TR"\ncurrency = "EUR"\nper_trip = "-3"\n',
     "travel 1 (TR): per_trip: must not be negative"),
    ('[[travel]]\ndestination = "TR"\ncurrency = "EUR"\nseats = 2\n',
     "travel 1 (TR): seats: unknown field"),
    ('[[travel]]\ndestination = "TR"\ncurrency = "EUR"\n'
     '[[travel]]\ndestination = "tr"\nclinic = ""\ncurrency = "USD"\n',
     "travel 2 (tr): duplicate of travel 1"),
    ('[[entries]]\ndestination = "ES"\ncurrency = "EUR"\nlow = "300"\nhigh = "200"\n',
     "entry 1 (ES): low: low (300) is above high (200)"),
    ('travel = 3\n', "travel: must be [[travel]] tables"),
])
def test_errors_name_the_file_the_table_and_the_field(tmp_path, text, message):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_user_catalog(path)
    assert str(caught.value) == f"{path}: {message}" or str(caught.value).startswith(
        f"{path}: {message}")


def test_an_empty_saved_catalog_loads_back_empty(tmp_path):
    path = tmp_path / "mine.toml"
    save_user_catalog(UserCatalog((), {}), path)
    assert load_user_catalog(path) == UserCatalog((), {})


# --- round trip ------------------------------------------------------------------------------

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
names = st.one_of(texts, st.sampled_from(["Clínica Ejemplo", "Estética Ğüzel", "東京クリニック",
                                          "Straße 1", "ﬁne \"quoted\" \\ name", ""]))
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2)


@st.composite
def entries(draw):
    low = draw(amounts)
    high = draw(st.decimals(min_value=low, max_value=low * 3 + 1, places=2))
    raw = {"destination": draw(st.sampled_from(["TR", "GB", "ES", "DE", "JP", "XK"])),
           "currency": draw(st.sampled_from(["USD", "EUR", "JPY", "KWD", "TRY"])),
           "low": str(low), "high": str(high), "city": draw(names), "clinic": draw(names),
           "includes": draw(texts), "source": draw(texts), "notes": draw(texts),
           "as_of": draw(st.none() | st.dates(date(1999, 1, 1), date(2099, 12, 31)))}
    if draw(st.booleans()):
        raw["travel"] = draw(travel_tables())
    return parse_entry(raw)


@st.composite
def travel_tables(draw):
    return {"currency": draw(st.sampled_from(["GBP", "EUR", "USD"])),
            "per_trip": str(draw(amounts)), "per_night": str(draw(amounts)),
            "nights_per_trip": draw(st.integers(0, 30)),
            "max_stay_days": draw(st.integers(0, 400))}


@st.composite
def catalogs(draw):
    drawn = draw(st.lists(entries(), max_size=6, unique_by=lambda entry: entry.key))
    travel = {}
    for _ in range(draw(st.integers(0, 4))):
        entry = draw(entries())
        travel[entry.key] = draw(st.builds(
            TravelCosts, st.sampled_from(["GBP", "EUR"]), amounts, st.integers(0, 9),
            amounts, st.integers(0, 90)))
    return UserCatalog(tuple(drawn), travel)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalog=catalogs())
def test_any_catalog_saves_and_loads_back_the_same(tmp_path, catalog):
    path = tmp_path / "round.toml"
    save_user_catalog(catalog, path)
    assert load_user_catalog(path) == catalog


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalog=catalogs())
def test_the_cli_catalog_loader_reads_a_saved_file(tmp_path, catalog):
    path = tmp_path / "cli.toml"
    path.write_text(user_catalog_toml(catalog), encoding="utf-8")
    if not catalog.entries and not catalog.travel:
        with pytest.raises(InputError, match="no \\[\\[entries\\]\\]"):
            load_catalog(path)
        return
    loaded = load_catalog(path)
    expected = tuple(entry._replace(travel=catalog.travel.get(entry.key, entry.travel))
                     for entry in catalog.entries)
    assert loaded == expected


def test_compare_with_the_saved_file_prices_the_travel_to_a_bundled_row(tmp_path):
    path = tmp_path / "saved.toml"
    save_user_catalog(UserCatalog((ES._replace(travel=None),), {("TR", ""): TR_TRAVEL}), path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["compare", "--catalog", str(path), "--rates", "offline", "--format",
                     "json", "--start", "2027-01-31", "--currency", "EUR"])
    assert code == 0
    rows = {row["destination"]: row for row in json.loads(out.getvalue())["rows"]}
    assert set(rows) == {"TR", "GB", "US", "ES"}
    assert rows["TR"]["travel"] is not None and rows["TR"]["converted"]["grand"]
    assert rows["GB"]["travel"] is None and rows["ES"]["clinic"] == "Clínica Ejemplo"
