"""clinic.toml: where it lives, reading it (logo included), and writing it atomically."""

from __future__ import annotations

import os
import struct
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesocost.core.clinic import BEFORE_FIRST_SESSION, ClinicProfile
from mesocost.core.errors import ExportError, InputError
from mesocost.storage import clinicfile
from mesocost.storage.clinicfile import (
    default_profile_path,
    find_profile,
    image_size,
    init_profile,
    load_profile,
    profile_toml,
    set_value,
)
from tests.imagefiles import jpeg_bytes, png_bytes


@pytest.fixture
def config(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    monkeypatch.setenv("MESOCOST_CONFIG_DIR", str(folder))
    return folder


def test_the_profile_lives_in_the_config_folder(config, monkeypatch, tmp_path):
    assert default_profile_path() == str(config / "clinic.toml")
    monkeypatch.delenv("MESOCOST_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    # platformdirs' user_config_dir("mesocost", appauthor=False), without importing it.
    from platformdirs import user_config_dir

    assert default_profile_path() == os.path.join(
        user_config_dir("mesocost", appauthor=False), "clinic.toml")


def test_no_profile_file_means_no_seller_but_a_named_file_must_exist(config, tmp_path):
    assert find_profile(None) == (None, None)
    with pytest.raises(InputError, match="file not found"):
        find_profile(str(tmp_path / "missing.toml"))


def test_the_template_reads_back_as_the_defaults_and_is_kept(config):
    path = default_profile_path()
    init_profile(path)  # creates the config folder too
    text = Path(path).read_text("utf-8")
    assert text.startswith("# mesocost clinic profile")
    assert "after_acceptance" in text and "before_first_session" in text
    assert load_profile(path) == ClinicProfile()
    with pytest.raises(InputError, match="already there"):
        init_profile(path)
    set_value(path, "name", "Kept")
    init_profile(path, force=True)
    assert load_profile(path).name == ""


def test_every_value_survives_the_file(tmp_path):
    profile = ClinicProfile(
        name='Clinique "Ada"', address="12 Rue de la Paix\n75002 Paris\\Cedex",
        phone="+33 1 23", email="a@b.fr", website="https://b.fr", tax_id="FR 1",
        validity_days=14, deposit_pct=Decimal("12.5"), deposit_due=BEFORE_FIRST_SESSION,
        deposit_due_days=7, payment_terms='Pay "now"\n\tor later\x07',
        cancellation_policy="None.", quote_prefix="ADA", footer="SAS & co")
    path = tmp_path / "clinic.toml"
    clinicfile.write_profile(str(path), profile)
    raw = tomllib.loads(path.read_text("utf-8"))
    assert raw["deposit_pct"] == "12.5"  # text: never a binary float
    assert raw["address"] == "12 Rue de la Paix\n75002 Paris\\Cedex"
    assert load_profile(path) == profile._replace(payment_terms='Pay "now"\n\tor later\x07'
                                                  .strip())


def test_a_relative_logo_is_read_from_the_profiles_folder(tmp_path):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "logo.png").write_bytes(png_bytes())
    path = tmp_path / "clinic.toml"
    path.write_text('name = "A"\nlogo = "art/logo.png"\n', encoding="utf-8")
    assert load_profile(path).logo == str(tmp_path / "art" / "logo.png")


@pytest.mark.parametrize(("content", "message"), [
    (None, "logo: {logo}: file not found"),
    (b"GIF89a....", "logo: {logo}: not a PNG or JPEG image"),
    (b"\x89PNG\r\n\x1a\nshort", "logo: {logo}: a damaged PNG (no image header)"),
    (b"\xff\xd8\xff\xda\x00\x02", "logo: {logo}: a damaged JPEG (no frame header)"),
    (png_bytes()[:16] + struct.pack(">II", 0, 10) + png_bytes()[24:],
     "logo: {logo}: an image of 0 × 10 pixels is not a logo"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024), "logo: {logo}: the logo is 2.0 MB; at "
                                                       "most 2 MB"),
])
def test_a_wrong_logo_is_one_line_naming_file_and_key(tmp_path, content, message):
    logo = tmp_path / "logo.png"
    if content is not None:
        logo.write_bytes(content)
    path = tmp_path / "clinic.toml"
    path.write_text('logo = "logo.png"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path)
    assert str(caught.value) == f"{path}: " + message.format(logo=logo)


def test_a_folder_as_logo_is_refused(tmp_path):
    (tmp_path / "logo.png").mkdir()
    path = tmp_path / "clinic.toml"
    path.write_text('logo = "logo.png"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"logo: .*logo.png: is a folder"):
        load_profile(path)


def test_png_and_jpeg_sizes_come_from_their_headers():
    assert image_size(png_bytes(40, 20)) == ("png", 40, 20)
    assert image_size(jpeg_bytes(64, 32)) == ("jpeg", 64, 32)


def test_set_checks_then_writes_and_a_refused_value_changes_nothing(config, tmp_path):
    path = default_profile_path()
    assert set_value(path, "name", "Clinique Ada").name == "Clinique Ada"  # created
    before = Path(path).read_bytes()
    with pytest.raises(InputError, match=r"clinic.toml: email: not an email address"):
        set_value(path, "email", "nope")
    with pytest.raises(InputError, match=r"clinic.toml: logo: .*: file not found"):
        set_value(path, "logo", str(tmp_path / "none.png"))
    with pytest.raises(InputError, match="unknown key 'colour'"):
        set_value(path, "colour", "red")
    assert Path(path).read_bytes() == before
    assert [p.name for p in config.iterdir()] == ["clinic.toml"]  # no temporary file left


def test_set_fixes_a_wrong_value_already_in_the_file(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text('email = "broken"\n', encoding="utf-8")
    with pytest.raises(InputError, match="email"):
        load_profile(path)
    set_value(str(path), "email", "ok@b.fr")
    assert load_profile(path).email == "ok@b.fr"


def test_a_logo_set_by_a_relative_path_is_written_absolute(tmp_path, monkeypatch):
    (tmp_path / "logo.png").write_bytes(png_bytes())
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "sub" / "clinic.toml"
    path.parent.mkdir()
    set_value(str(path), "logo", "logo.png")
    assert tomllib.loads(path.read_text("utf-8"))["logo"] == str(tmp_path / "logo.png")


def test_a_failed_write_leaves_the_profile_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "clinic.toml"
    set_value(str(path), "name", "Before")
    before = path.read_bytes()

    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="the disk is full"):
        set_value(str(path), "name", "After")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["clinic.toml"]


def test_the_file_lists_every_key_once_in_order():
    text = profile_toml(ClinicProfile())
    keys = [line.split(" =")[0] for line in text.splitlines()
            if line and not line.startswith("#") and " = " in line]
    assert keys == ["schema", *ClinicProfile._fields]


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_any_text_written_as_toml_reads_back_the_same(text):
    """Single- and multi-line forms alike (an address keeps its lines): what the profile
    and catalog writers produce is read back exactly, lone surrogates as U+FFFD."""
    from mesocost.core.text import valid_text
    from mesocost.storage.pricelist import toml_string

    for multiline in (False, True):
        document = f"key = {toml_string(text, multiline=multiline)}\n"
        assert tomllib.loads(document)["key"] == valid_text(text)
