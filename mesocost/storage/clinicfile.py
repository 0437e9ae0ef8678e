"""The clinic profile file: `clinic.toml` in the user config folder, and its logo.

Where it lives: `$MESOCOST_CONFIG_DIR/clinic.toml` when that variable is set (tests,
portable installs), else the platform's user config folder (platformdirs'
`user_config_dir("mesocost", appauthor=False)`: `~/.config/mesocost/clinic.toml` on
Linux). `--profile FILE` names another file.

Reading checks every key (`mesocost.core.clinic`) and the logo's file: it must exist, be a
PNG or JPEG (by its content, not its name) of at most 2 MB. A relative logo path is read
from the profile's folder. Every problem is one InputError naming the file and the key.

Writing (`clinic init`, `clinic set`) renders the whole file in the commented template's
layout, atomically (`storage.atomic`): comments of your own are not kept.
"""

from __future__ import annotations

import os
import stat
from typing import NamedTuple

from mesocost.core.clinic import ClinicProfile, parse_profile, parse_setting
from mesocost.core.errors import InputError, MesocostError
from mesocost.core.i18n import N_, _
from mesocost.storage.reading import read_capped
from mesocost.storage.tomlfiles import read_toml

CONFIG_DIR_VARIABLE = "MESOCOST_CONFIG_DIR"
FILE_NAME = "clinic.toml"
MAX_LOGO_BYTES = 2 * 1024 * 1024

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8"
# JPEG start-of-frame markers (they carry the size): C0–CF but DHT (C4), JPG (C8), DAC (CC).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class Logo(NamedTuple):
    """A logo's bytes, format ("png" or "jpeg") and size in pixels."""

    data: bytes
    format: str
    width: int
    height: int


def config_dir() -> str:
    """$MESOCOST_CONFIG_DIR, else the platform's user config folder for mesocost."""
    override = os.environ.get(CONFIG_DIR_VARIABLE, "").strip()
    if override:
        return os.path.abspath(os.path.expanduser(override))
    from mesocost.storage.userdirs import user_config_dir

    return user_config_dir()


def default_profile_path() -> str:
    """Where the profile lives when no --profile is given (it may not exist)."""
    return os.path.join(config_dir(), FILE_NAME)


def find_profile(explicit: str | None) -> tuple[ClinicProfile | None, str | None]:
    """The profile a quote uses, and its file: `explicit` (which must exist), else the
    default file if there is one, else (None, None): the quote says seller details are
    missing.

    Raises:
        InputError: the file is missing (explicit only) or wrong, naming file and key.
    """
    path = explicit if explicit is not None else default_profile_path()
    if explicit is None and not os.path.lexists(path):
        return None, None
    return load_profile(path), path


def load_profile(path: str | os.PathLike) -> ClinicProfile:
    """Read and check a profile file; its logo path comes back absolute.

    Raises:
        InputError: "FILE: KEY: what is wrong".
    """
    shown = os.fspath(path)
    profile = parse_profile(read_toml(path), shown)
    if profile.logo:
        logo = logo_path(profile.logo, shown)
        read_logo(logo, shown)
        profile = profile._replace(logo=logo)
    return profile


def logo_path(written: str, profile_path: str) -> str:
    """A logo path as the file holds it, made absolute from the profile's folder."""
    expanded = os.path.expanduser(written)
    folder = os.path.dirname(os.path.abspath(profile_path))
    return os.path.normpath(os.path.join(folder, expanded))


def read_logo(path: str, *where: str) -> Logo:
    """The logo file's bytes, if it is a PNG or JPEG of at most MAX_LOGO_BYTES.

    Raises:
        InputError: "WHERE: logo: PATH: what is wrong".
    """
    place = (*where, "logo", path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(_("file not found"), *place) from None
    except OSError as error:
        raise InputError(_("cannot read: {reason}").format(reason=error.strerror or error),
                         *place) from None
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_LOGO_BYTES:
        raise InputError(_("the logo is {size:.1f} MB; at most 2 MB").format(
            size=info.st_size / 1024 / 1024), *place)
    try:
        data = read_capped(path, MAX_LOGO_BYTES)
    except MesocostError as error:
        raise InputError(error.message, *place) from None
    kind, width, height = image_size(data, *place)
    return Logo(data, kind, width, height)


def image_size(data: bytes, *where: str) -> tuple[str, int, int]:
    """("png" or "jpeg", width, height) read from the image's own header.

    Raises:
        InputError: not a PNG or JPEG, or one whose header is damaged.
    """
    if data.startswith(_PNG):
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise InputError(_("a damaged PNG (no image header)"), *where)
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return _sized("png", width, height, *where)
    if data.startswith(_JPEG):
        return _jpeg_size(data, *where)
    raise InputError(_("not a PNG or JPEG image"), *where)


def _jpeg_size(data: bytes, *where: str) -> tuple[str, int, int]:
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            break
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            index += 2
            continue
        length = int.from_bytes(data[index + 2:index + 4], "big")
        if marker in _SOF and index + 9 <= len(data):
            height = int.from_bytes(data[index + 5:index + 7], "big")
            width = int.from_bytes(data[index + 7:index + 9], "big")
            return _sized("jpeg", width, height, *where)
        if marker == 0xDA or length < 2:  # image data before any frame header
            break
        index += 2 + length
    raise InputError(_("a damaged JPEG (no frame header)"), *where)


def _sized(kind: str, width: int, height: int, *where: str) -> tuple[str, int, int]:
    if not (0 < width <= 20000 and 0 < height <= 20000):
        raise InputError(_("an image of {width} × {height} pixels is not a logo").format(
            width=width, height=height), *where)
    return kind, width, height


# --- writing ---------------------------------------------------------------------------

# The file's comments (in the interface language when written: see _comment_lines).
# TRANSLATORS: the comment at the top of the clinic profile file (clinic.toml); keep the
# line breaks, the commands in backquotes and "not given" as they are meant.
_INTRO = N_(
    "mesocost clinic profile: the seller block and the terms of every quote you write.\n"
    "Edit it by hand or with `mesocost clinic set KEY VALUE`; `mesocost clinic show` checks "
    "it.\n"
    "Empty text means \"not given\": it is left off the quote.")

# Each key's comment, in the file's order; a blank line goes before the keys in _SPACED.
_COMMENTS = {
    "name": N_("The clinic (or agency) as it signs its quotes."),
    "address": N_("Postal address; several lines allowed."),
    "phone": "",
    "email": "",
    "website": "",
    "tax_id": N_("Tax or company registration number."),
    "logo": N_("A PNG or JPEG of at most 2 MB; a relative path is read from this file's "
               "folder."),
    "validity_days": N_("How many days a quote stands (1-3650). --validity-days wins over "
                        "it."),
    "deposit_pct": N_("The deposit, a percentage of the quote's lowest total (0: none). "
                      "--deposit wins."),
    # TRANSLATORS: a comment in clinic.toml; "after_acceptance", "before_first_session" and
    # deposit_due_days are the file's own words: keep them as they are.
    "deposit_due": N_('When the deposit is due: "after_acceptance" (deposit_due_days after '
                      'the client accepts)\nor "before_first_session" (deposit_due_days '
                      "before the first session)."),
    "deposit_due_days": N_("0-365 days."),
    "payment_terms": N_("How and when the client pays; several lines allowed."),
    "cancellation_policy": N_("Cancellation and refunds; several lines allowed."),
    "quote_prefix": N_("References read PREFIX-YYYYMMDD-DESTINATION-INITIALS, e.g. "
                       "Q-20261102-TR-AL."),
    "footer": N_("One line at the foot of every page of a quote."),
}
_SPACED = frozenset({"name", "validity_days", "payment_terms", "quote_prefix"})


def profile_toml(profile: ClinicProfile) -> str:
    """The profile as a commented TOML file (every key, in the template's order)."""
    lines = [*_comment_lines(_INTRO), "schema = 1"]
    for key, comment in _COMMENTS.items():
        if key in _SPACED:
            lines.append("")
        if comment:
            lines.extend(_comment_lines(comment))
        lines.append(f"{key} = {_toml_value(getattr(profile, key))}")
    return "\n".join(lines) + "\n"


def _comment_lines(text: str) -> list[str]:
    """`text` translated, as TOML comment lines ("# ..."): a line break a translation
    brings stays inside the comment."""
    return [f"# {line}".rstrip() for line in _(text).splitlines()]


def _toml_value(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):  # a Decimal percentage: text, never a binary float
        return f'"{value}"'
    from mesocost.storage.pricelist import toml_string

    # A multi-line string when there are line breaks, so an address reads as printed.
    return toml_string(value, multiline=True)


def write_profile(path: str, profile: ClinicProfile, *, force: bool = False) -> None:
    """Write the profile atomically; the default config folder is created if missing.

    Raises:
        ExportError: one line (folder, permission, disk, read-only file without force).
    """
    from mesocost.storage.atomic import write_text_atomic

    if os.path.abspath(path) == os.path.abspath(default_profile_path()):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    write_text_atomic(path, profile_toml(profile), force=force)


def init_profile(path: str, *, force: bool = False) -> None:
    """Write the commented template; an existing file is replaced only with `force`.

    Raises:
        InputError: the file exists and `force` is not given.
        ExportError: the file cannot be written.
    """
    if os.path.lexists(path) and not force:
        raise InputError(_("a clinic profile is already there (--force replaces it with the "
                           "template)"), path)
    write_profile(path, ClinicProfile(), force=force)


def set_value(path: str, key: str, text: str) -> ClinicProfile:
    """Set one key (typed as text) and write the file; a missing file is created from the
    template. The whole profile is checked, its logo included, before anything is written.

    A logo path is taken from the current folder and written absolute.

    Returns:
        The profile as written (logo as in the file).

    Raises:
        InputError: an unknown key, a bad value, or a file that is wrong elsewhere.
        ExportError: the file cannot be written.
    """
    try:
        value = parse_setting(key, text)
    except MesocostError as error:
        raise error.located(path) from None
    if key == "logo" and value:
        value = os.path.abspath(os.path.expanduser(str(value)))
    raw = dict(read_toml(path)) if os.path.lexists(path) else {}
    raw[key] = value  # set first: a wrong value there is fixed by setting it
    profile = parse_profile(raw, path)
    if profile.logo:
        read_logo(logo_path(profile.logo, path), path)
    write_profile(path, profile)
    return profile


def profile_rows(profile: ClinicProfile) -> list[tuple[str, str]]:
    """(key, value as text) for every key, in the file's order."""
    return [(key, str(getattr(profile, key))) for key in _COMMENTS]
