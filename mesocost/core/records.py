"""Checked immutable records.

The core's value records are `typing.NamedTuple` classes (see the package docstring for
why). A record whose fields need checking derives from `Checked` and its NamedTuple:

    class RateQuote(Checked, _RateQuoteFields):
        __slots__ = ()
        def _check(self) -> None: ...

and is then checked when it is built and whenever `_replace` makes a changed copy.
"""

from __future__ import annotations


class Checked:
    """Mixin: run `self._check()` on every new instance and every `_replace` copy."""

    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls, *args, **kwargs)
        self._check()
        return self

    def _replace(self, **changes):
        copy = super()._replace(**changes)
        copy._check()
        return copy

    def _check(self) -> None:
        raise NotImplementedError
