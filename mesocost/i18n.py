"""Languages mesocost speaks: choosing one, loading its catalogue, the pseudo-language.

One gettext catalogue (domain "mesocost") holds every user-facing string of the CLI,
the window, the workbooks, the PDF and the calendar. Sources live in
`mesocost/locale/<code>/LC_MESSAGES/mesocost.po`; `make` compiles them to `.mo` (and so
does the wheel build). Adding a language is one `.po` file and one line in LANGUAGES.

The markers themselves (`_`, `ngettext`, `N_`, `Language`) are in `mesocost.core.i18n`,
so the core marks its messages without reading files; this module installs what they
answer with.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import cache

from mesocost.core.errors import InputError
from mesocost.core.i18n import ENGLISH, Language, SourceText, install

DOMAIN = "mesocost"
# os.path, not pathlib: the CLI starts without importing pathlib (tests/cli/test_startup).
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
ENVIRONMENT = "MESOCOST_LANG"
PSEUDO = "qps"  # the pseudo-language: every translated string wrapped and accented

# code -> (its own name, the locale its documents format numbers and dates in, RTL)
LANGUAGES: dict[str, tuple[str, str, bool]] = {
    "en": ("English", "en_US", False),
    "tr": ("Türkçe", "tr_TR", False),
    "de": ("Deutsch", "de_DE", False),
    "fr": ("Français", "fr_FR", False),
    "ar": ("العربية", "ar_AE", True),
}


class MissingCatalogue(InputError):
    """A language's compiled catalogue is not installed (run `make`)."""


def known_codes() -> tuple[str, ...]:
    return (*LANGUAGES, PSEUDO)


def check_code(code: str, *where: str) -> str:
    """`code` lower-cased ("de", or "de_DE" / "de-AT" read as "de"), or InputError."""
    base = re.split(r"[_\-.@]", code.strip().lower(), maxsplit=1)[0]
    if base not in known_codes():
        raise InputError(f"unknown language {code!r} (one of {', '.join(LANGUAGES)})",
                         *where)
    return base


def system_code() -> str:
    """The language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), if
    mesocost speaks it; else English."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in os.environ.get(variable, "").split(":"):
            base = re.split(r"[_\-.@]", part.strip().lower(), maxsplit=1)[0]
            if base in LANGUAGES:
                return base
            if base and base not in ("c", "posix"):
                break  # a language we do not speak: try the next variable's choice
    return "en"


def interface_code(explicit: str | None = None, saved: str | None = None) -> str:
    """--lang, else MESOCOST_LANG, else the window's saved choice, else the system's."""
    if explicit:
        return check_code(explicit, "--lang")
    from_environment = os.environ.get(ENVIRONMENT, "").strip()
    if from_environment:
        return check_code(from_environment, ENVIRONMENT)
    if saved:
        try:
            return check_code(saved)
        except InputError:
            pass  # a setting from a newer version naming a language we do not have
    return system_code()


@cache
def language(code: str, locale: str | None = None) -> Language:
    """The Language for `code` ("de"), formatting in `locale` (default: its own).

    Raises:
        MissingCatalogue: the compiled catalogue is not there (run `make`).
    """
    code = check_code(code)
    if code == "en":
        return ENGLISH if locale is None else ENGLISH._replace(locale=locale)
    if code == PSEUDO:
        return Language(PSEUDO, locale or "en_US", PseudoText())
    _name, default_locale, right_to_left = LANGUAGES[code]
    path = os.path.join(LOCALE_DIR, code, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        catalogue = _catalogue(path, code)
    except OSError:
        raise MissingCatalogue(f"the {code} catalogue is not compiled: run make (or "
                               "pybabel compile -d mesocost/locale -D mesocost)",
                               path) from None
    return Language(code, locale or default_locale, catalogue, right_to_left)


def _catalogue(path: str, code: str) -> gettext.GNUTranslations:
    """The compiled catalogue at `path`, read through a marshal copy in the user cache.

    Parsing a .mo of ~1,300 messages costs ~3 ms, a tenth of the CLI's start-up budget;
    the same dictionary read back with marshal costs a few hundred microseconds. The copy
    is named after the .mo's size and time, so a new build makes a new copy; any problem
    with it only means parsing the .mo again.
    """
    import marshal

    from mesocost.storage.userdirs import user_cache_dir

    info = os.stat(path)
    cached = os.path.join(user_cache_dir(), f"catalogue-{code}-{info.st_size}-"
                                            f"{info.st_mtime_ns}.marshal")
    try:
        with open(cached, "rb") as handle:
            # Our own file in the user's cache; marshal builds values, it runs nothing.
            # loads(read()), not load(): load() reads a file piece by piece (~10× slower).
            headers, messages = marshal.loads(handle.read())  # noqa: S302
        if not isinstance(headers, dict) or not isinstance(messages, dict):
            raise TypeError("not a catalogue copy")
        catalogue = gettext.GNUTranslations()
        catalogue._info, catalogue._catalog = headers, messages
        catalogue._charset = headers.get("content-type", "").partition("charset=")[2] or None
        catalogue.plural = gettext.c2py(headers["plural-forms"].partition("plural=")[2]
                                        .rstrip(";"))
        return catalogue
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    with open(path, "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    try:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        temporary = f"{cached}.{os.getpid()}"
        with open(temporary, "wb") as handle:
            marshal.dump((catalogue._info, catalogue._catalog), handle)
        os.replace(temporary, cached)
    except (OSError, ValueError):
        pass  # a copy that cannot be written only costs speed next time
    return catalogue


def use_interface_language(code: str) -> Language:
    """Install `code` as the interface language; returns it."""
    chosen = language(code)
    install(chosen)
    return chosen


# --- the pseudo-language ------------------------------------------------------------------

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
# What must come through unchanged: option names, str.format fields, %-style fields, HTML
# tags and entities, Qt's "&&".
_KEEP = re.compile(r"--[a-z][a-z-]*|\{[^{}]*\}|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*"
                   r"(?:\.\d+)?[a-zA-Z%]|<[^<>]*>|&[a-zA-Z]+;|&&")
PSEUDO_OPEN, PSEUDO_CLOSE = "[", "]"


def pseudo(message: str) -> str:
    """"Session {n}" → "[Šéššîöñ {n}~~~]": accented, a third longer, bracketed, with its
    placeholders and markup intact (clipped widgets and unmarked strings show at once)."""
    if not message:
        return message
    parts, last = [], 0
    for match in _KEEP.finditer(message):
        parts.append(message[last:match.start()].translate(_ACCENTED))
        parts.append(match.group())
        last = match.end()
    parts.append(message[last:].translate(_ACCENTED))
    padding = "~" * max(1, round(len(message) * 0.3))
    return f"{PSEUDO_OPEN}{''.join(parts)}{padding}{PSEUDO_CLOSE}"


class PseudoText(SourceText):
    """The pseudo-language's catalogue: English made visibly translated."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return pseudo(singular if count == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)
