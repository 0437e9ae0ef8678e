"""Text for people, in their language: the markers every user-facing string goes through.

Two languages are in play at once and never mixed up:

- the **interface language**: the window's and the command line's words, messages and
  errors. `_()`, `ngettext()` and `pgettext()` answer in it. A front end (the CLI, the
  window) installs it once at start (`install`); until then it is English, the source.
- a **document language**: what the patient reads in a workbook, PDF or calendar, chosen
  per quote. Exporters receive a `Language` and ask it (`language.gettext(...)`).

`N_()` marks a module-level constant for extraction without translating it (the
language is not known at import); it is translated where it is shown:
`_(AFTERCARE[0])` or `language.gettext(AFTERCARE[0])`.

Rules every marked string follows (translators see whole sentences):
- placeholders are named, `{name}` with str.format, never concatenated fragments;
- counts use `ngettext` with the number as a placeholder;
- `pgettext(context, text)` where one English word has two meanings (e.g. "total").

This module holds no catalogue and reads no file: `mesocost.i18n` loads catalogues and
installs them here, so the core stays pure.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol


class Translations(Protocol):
    """What a catalogue answers (gettext.GNUTranslations has these methods)."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, count: int) -> str: ...

    def pgettext(self, context: str, message: str) -> str: ...


class SourceText:
    """The source language (English): every message is its own translation."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message


class Language(NamedTuple):
    """A language texts are shown in, with the locale its numbers and dates follow.

    Attributes:
        code: "en", "tr", "de", "fr", "ar" (or the pseudo-language "qps").
        locale: the CLDR locale for numbers, money and dates ("de_DE").
        translations: the catalogue.
        right_to_left: the script runs right to left (Arabic).
    """

    code: str
    locale: str
    translations: Translations
    right_to_left: bool = False

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def isolate(self, value: object) -> str:
        """`value` (a number, code or name put into a sentence) kept in its own direction
        inside right-to-left text: FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so
        "GBP 1,200.00" stays readable in an Arabic sentence. Unchanged left to right."""
        text = str(value)
        return f"\u2068{text}\u2069" if self.right_to_left else text


ENGLISH = Language("en", "en_US", SourceText())

# The interface language, one for the process (a list, so install() needs no `global`).
_interface: list[Language] = [ENGLISH]


def install(language: Language) -> None:
    """Make `language` the interface language (a front end calls this once at start)."""
    _interface[0] = language


def interface() -> Language:
    """The interface language now in use."""
    return _interface[0]


def _(message: str) -> str:
    """`message` in the interface language."""
    return _interface[0].translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message, as the interface language counts."""
    return _interface[0].translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the interface language, where `context` tells two meanings apart."""
    return _interface[0].translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for extraction; translate it where it is shown."""
    return message
