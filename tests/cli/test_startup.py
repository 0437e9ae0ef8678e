"""Start-up stays lean: running one command imports nothing the others need."""

import json
import subprocess
import sys

HEAVY = ("openpyxl", "requests", "forex_python", "platformdirs", "dataclasses", "pathlib",
         "concurrent.futures", "currency_converter", "babel.dates", "tempfile")


def loaded_modules(*args):
    code = ("import io, contextlib, json, sys\n"
            "from mesocost.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main({list(args)!r})\n"
            "print(json.dumps([code, sorted(sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)


def test_offline_compare_imports_nothing_heavy(tmp_path):
    args = ("compare", "--rates", "offline", "--format", "json", "--start", "2027-01-31")
    first_code, _ = loaded_modules(*args)  # also writes the per-locale CLDR table
    code, modules = loaded_modules(*args)
    assert first_code == code == 0
    assert [m for m in HEAVY if m in modules] == []


def test_the_locale_table_matches_cldr(tmp_path):
    from mesocost.core.geo import country_name
    from mesocost.storage.namecache import locale_currency, territory_names

    for locale in ("en_GB", "de_DE", "tr_TR", "ja_JP"):
        names = territory_names(locale)
        assert names["GB"] == country_name("GB", locale)
        assert len(names) == 250
    assert [locale_currency(x) for x in ("en_GB", "de_DE", "tr_TR", "ja_JP", "en")] == [
        "GBP", "EUR", "TRY", "JPY", "USD"]


def test_the_locale_table_names_currencies_as_cldr_and_rebuilds_an_older_table():
    from babel import Locale

    from mesocost.storage import namecache

    names = namecache.currency_names("de_DE")
    assert names["EUR"] == Locale.parse("de_DE").currencies["EUR"] == "Euro"
    in_use = namecache.currencies_in_use("de_DE")
    assert {"EUR", "TRY", "GBP"} <= in_use and "DEM" not in in_use
    # A table written by an earlier version (no currency names) is made again.
    path = namecache._table_path("fr_FR")
    namecache.territory_names("fr_FR")
    with open(path, encoding="utf-8") as handle:
        old = json.load(handle)
    del old["currency_names"]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(old, handle)
    namecache._loaded.clear()
    assert namecache.currency_names("fr_FR")["USD"] == "dollar des États-Unis"


def test_rates_command_loads_neither_engine_nor_network_code():
    args = ("rates", "--rates", "offline", "--format", "json")
    loaded_modules(*args)
    code, modules = loaded_modules(*args)
    assert code == 0
    assert [m for m in (*HEAVY, "mesocost.core.engine") if m in modules] == []


def test_the_locale_table_refuses_a_locale_that_is_not_one():
    import pytest

    from mesocost.core.errors import InputError
    from mesocost.storage.namecache import territory_names

    with pytest.raises(InputError, match="unknown locale"):
        territory_names("../../etc/passwd")
