"""Where the register lives, and a database URL's password never shown or saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from mesocost.core.errors import InputError
from mesocost.register import location
from mesocost.register.location import (
    choose,
    database_url,
    has_password,
    shown,
    sqlite_path,
    without_password,
)
from mesocost.storage.userdirs import user_data_dir

SERVER = "db.example.org:5432/quotes"


@pytest.fixture(autouse=True)
def _no_register_variable(monkeypatch):
    monkeypatch.delenv(location.ENVIRONMENT, raising=False)


# --- choose -------------------------------------------------------------------------------

def test_explicit_location_wins_over_environment_and_saved_setting(monkeypatch):
    monkeypatch.setenv("MESOCOST_DB", "/from/environment.sqlite3")
    assert choose("/from/flag.sqlite3", saved="/from/window.sqlite3") == "/from/flag.sqlite3"


def test_environment_wins_over_the_saved_setting(monkeypatch):
    monkeypatch.setenv("MESOCOST_DB", "postgresql://team@db/quotes")
    assert choose(None, saved="/from/window.sqlite3") == "postgresql://team@db/quotes"


def test_saved_setting_is_used_without_flag_or_environment():
    assert choose(None, saved="/from/window.sqlite3") == "/from/window.sqlite3"


def test_default_is_a_file_in_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    chosen = Path(choose())
    assert chosen == Path(user_data_dir()) / "register.sqlite3"
    assert chosen.parent.name == "mesocost"


def test_blank_values_are_skipped_and_values_are_stripped(monkeypatch):
    monkeypatch.setenv("MESOCOST_DB", "   ")
    assert choose("  ", saved="  /from/window.sqlite3\n") == "/from/window.sqlite3"


# --- database_url -------------------------------------------------------------------------

def test_a_relative_path_becomes_an_absolute_sqlite_url(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert database_url("quotes.sqlite3") == f"sqlite:///{tmp_path.resolve()}/quotes.sqlite3"


def test_a_home_relative_path_is_expanded():
    url = database_url("~/quotes.sqlite3")
    assert url == f"sqlite:///{Path.home().resolve()}/quotes.sqlite3"


@pytest.mark.parametrize("name", ["clinic #2", "50%20off", "what?", "50% off", "Ayşe's"])
def test_a_folder_name_with_url_characters_reads_back_as_that_folder(tmp_path, name):
    path = tmp_path / name / "register.sqlite3"
    url = database_url(str(path))
    assert make_url(url).database == str(path)  # what SQLAlchemy opens
    assert sqlite_path(url) == path


@pytest.mark.parametrize(("typed", "url"), [
    ("postgresql://clinic@db/quotes", "postgresql+psycopg://clinic@db/quotes"),
    ("postgres://clinic@db/quotes", "postgresql+psycopg://clinic@db/quotes"),
    ("PostgreSQL://clinic@db/quotes", "postgresql+psycopg://clinic@db/quotes"),
    ("postgresql+psycopg://clinic@db/quotes", "postgresql+psycopg://clinic@db/quotes"),
    ("sqlite:////srv/quotes.sqlite3", "sqlite:////srv/quotes.sqlite3"),
    ("SQLite:////srv/quotes.sqlite3", "sqlite:////srv/quotes.sqlite3"),
])
def test_supported_urls_name_the_psycopg_driver_and_lower_case_schemes(typed, url):
    assert database_url(typed) == url


@pytest.mark.parametrize("typed", ["mysql://clinic@db/quotes", "oracle://db/quotes",
                                   "postgresql+psycopg2://clinic@db/quotes",
                                   "https://example.org/register"])
def test_unsupported_databases_are_refused(typed):
    with pytest.raises(InputError, match="unsupported database") as refused:
        database_url(typed)
    assert refused.value.where == ("--db",)
    assert "postgresql://" in str(refused.value)


def test_sqlite_path_is_none_for_a_server_or_an_in_memory_database():
    assert sqlite_path("postgresql+psycopg://clinic@db/quotes") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("sqlite://") is None


# --- passwords ----------------------------------------------------------------------------

PASSWORDS = [
    "s3cret",
    "p%40ss%2Fw%3Ard",  # percent-encoded @ / :, as a URL should carry them
    "pa/ss",  # unencoded: SQLAlchemy still reads all of it as the password
    "p@ss",
    "p@s@s",
    "p:ss",
    "pa?ss",
    "pa#ss",
    "şifre€ß",
    "",
]


@pytest.mark.parametrize("password", PASSWORDS)
def test_shown_masks_the_whole_password(password):
    url = f"postgresql://clinic:{password}@{SERVER}"
    assert shown(url) == f"postgresql://clinic:***@{SERVER}"


@pytest.mark.parametrize("password", PASSWORDS)
def test_without_password_keeps_user_and_server(password):
    url = f"postgresql://clinic:{password}@{SERVER}"
    assert has_password(url)
    assert without_password(url) == f"postgresql://clinic@{SERVER}"


def test_masking_agrees_with_sqlalchemy_about_a_password_with_a_slash():
    url = f"postgresql://clinic:pa/ss@{SERVER}"
    sent_to_server = make_url(url).password
    assert sent_to_server == "pa/ss"
    assert "pa/ss" not in shown(url)
    assert "ss" not in without_password(url)


@pytest.mark.parametrize("target", [
    f"postgresql://clinic@{SERVER}",
    "postgresql://db.example.org:5432/quotes",  # a port is not a password
    f"postgresql://clinic@{SERVER}?application_name=front@desk",
    "/home/ayse/a:b@c/register.sqlite3",  # a path, however it looks
    "sqlite:////srv/quotes.sqlite3",
])
def test_targets_without_a_password_are_left_as_they_are(target):
    assert not has_password(target)
    assert shown(target) == without_password(target) == target


def test_an_at_sign_in_the_query_does_not_widen_the_mask():
    url = f"postgresql://clinic:s3cret@{SERVER}?application_name=front@desk"
    assert shown(url) == f"postgresql://clinic:***@{SERVER}?application_name=front@desk"
    assert without_password(url) == f"postgresql://clinic@{SERVER}?application_name=front@desk"


def test_the_driver_scheme_is_masked_too():
    assert shown("postgresql+psycopg://clinic:s3cret@db/quotes") == (
        "postgresql+psycopg://clinic:***@db/quotes")
