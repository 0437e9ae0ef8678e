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


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction (as one plural message); count and
    translate it where it is shown (`Phrase(..., plural=..., count=n)`)."""
    return singular, plural


class Phrase(str):
    """A message worded now in the interface language that can be worded again in another.

    Warnings are made once (a rate's "ECB rates of 2026-10-30 are 27 days old", a price
    outside the worldwide band) and shown twice: in the window, in the interface language,
    and in a patient's document, in the document's language. A Phrase is the interface
    wording (it is a str, so everything that shows text shows it) and keeps its message
    and values so `worded(phrase, language)` can say it in another language.
    """

    message: str
    plural: str | None
    count: int | None
    values: dict[str, object]

    def __new__(cls, message: str, values: dict[str, object] | None = None, *,
                plural: str | None = None, count: int | None = None) -> Phrase:
        values = dict(values or {})
        text = super().__new__(cls, _wording(interface(), message, plural, count, values))
        text.message, text.plural, text.count, text.values = message, plural, count, values
        return text

    def in_language(self, language: Language) -> str:
        return _wording(language, self.message, self.plural, self.count, self.values)

    def to_data(self) -> dict[str, object]:
        """The phrase as JSON data (values as text), for a saved quote's frozen rates."""
        return {"message": self.message, "plural": self.plural, "count": self.count,
                "values": {key: value if isinstance(value, int | str) else str(value)
                           for key, value in self.values.items()}}

    @classmethod
    def from_data(cls, data: dict) -> Phrase:
        return cls(data["message"], data["values"], plural=data["plural"],
                   count=data["count"])


def _wording(language: Language, message: str, plural: str | None, count: int | None,
             values: dict[str, object]) -> str:
    text = (language.ngettext(message, plural, count) if plural is not None
            else language.gettext(message))
    return text.format(**values)


def worded(text: str, language: Language) -> str:
    """`text` in `language` when it is a Phrase; any other text as it is."""
    return text.in_language(language) if isinstance(text, Phrase) else text
