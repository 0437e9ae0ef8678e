"""Whatever a person types or a file holds, parsing ends in a value or one InputError.

Never a TypeError, KeyError or other traceback: the CLI and GUI can only explain
MesocostError to a person.
"""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from mesocost.core.catalog import parse_entry
from mesocost.core.engine import parse_add_on
from mesocost.core.errors import InputError
from mesocost.core.protocol import parse_protocol
from mesocost.rates.service import parse_manual_rate

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.just("NaN"),
    st.just("1e999"), st.just("-0"), st.sampled_from(["TR", "GB", "usd", "EUR", "150"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)
entry_keys = st.sampled_from(["destination", "currency", "low", "high", "city", "clinic",
                              "includes", "source", "as_of", "notes", "travel", "other"])
travel_tables = st.dictionaries(
    st.sampled_from(["currency", "per_trip", "nights_per_trip", "per_night", "max_stay_days",
                     "x"]), values, max_size=5)


def parses_or_explains(parse, *args):
    try:
        parse(*args)
    except InputError as error:
        assert str(error) and "\n" not in str(error)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(entry_keys, values, max_size=8), travel_tables)
def test_catalog_entries(raw, travel):
    parses_or_explains(parse_entry, raw, "entry 1")
    base = {"destination": "TR", "currency": "USD", "low": "100", "high": "300"}
    parses_or_explains(parse_entry, {**base, "travel": travel}, "entry 1")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["phases", "maintenance_per_year", "milestones",
                                        "title"]), values, max_size=4),
       st.lists(st.dictionaries(st.sampled_from(["sessions", "every_days", "every_months",
                                                 "name"]), values, max_size=4), max_size=3))
def test_protocols(raw, phases):
    parses_or_explains(parse_protocol, "p", raw, "protocol p")
    parses_or_explains(parse_protocol, "p", {"phases": phases}, "protocol p")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_typed_add_ons_and_manual_rates(text):
    parses_or_explains(parse_add_on, text)
    parses_or_explains(parse_manual_rate, text)


def test_a_valid_schedule_always_follows_from_a_valid_protocol():
    protocol = parse_protocol("p", {"phases": [{"sessions": 3, "every_months": 1}]}, "p")
    from mesocost.core.protocol import build_schedule

    assert len(build_schedule(protocol, date(2027, 12, 31))) == 3


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_catalog_file_content(tmp_path_factory, content):
    from mesocost.storage.tomlfiles import load_catalog

    path = tmp_path_factory.mktemp("cat") / "catalog.toml"
    path.write_bytes(content)
    parses_or_explains(load_catalog, path)


def test_a_folder_given_as_a_catalog_is_explained(tmp_path):
    from mesocost.storage.tomlfiles import load_catalog

    parses_or_explains(load_catalog, tmp_path)
