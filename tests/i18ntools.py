"""A stand-in catalogue for tests that need a few words of a language, not all of them."""

from __future__ import annotations


class FakeTranslations:
    """A catalogue in a dict: msgid → text, (context, msgid) → text; what it lacks stays
    the English source, as gettext does."""

    def __init__(self, texts: dict) -> None:
        self.texts = texts

    def gettext(self, message: str) -> str:
        return self.texts.get(message, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.gettext(singular if count == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.texts.get((context, message), self.gettext(message))
