"""One exception family for everything a user can get wrong or the world can refuse.

The CLI turns any `MesocostError` into one line on stderr and exit code 2; the GUI
turns it into a message box. A traceback is only ever shown for a bug (or --debug).
"""

from __future__ import annotations


class MesocostError(Exception):
    """Base of every error the product reports to a person.

    Args:
        message: what is wrong, in words a user understands.
        where: the place it was found, outermost first (file, entry, field).
    """

    def __init__(self, message: str, *where: str) -> None:
        super().__init__(message)
        self.message = message
        self.where = tuple(part for part in where if part)

    def located(self, *outer: str) -> MesocostError:
        """Return the same error with `outer` places prepended (file before entry)."""
        clone = type(self)(self.message, *outer, *self.where)
        clone.__cause__ = self.__cause__
        return clone

    def __str__(self) -> str:
        if not self.where:
            return self.message
        return ": ".join((*self.where, self.message))


def shown(name: object) -> str:
    """A name from a file or form as it can appear in a one-line error: quoted when it
    holds a line break or another character that does not print."""
    text = str(name)
    return text if text.isprintable() else repr(text)


class InputError(MesocostError):
    """A value a person typed or a file they supplied is not acceptable."""


class CurrencyMismatch(MesocostError):
    """Two amounts in different currencies were combined without a rate."""


class RatesUnavailable(MesocostError):
    """No exchange rate could be found for a pair in the chosen mode."""


class ExportError(MesocostError):
    """A file could not be written (folder missing, no permission, file locked)."""
