"""Pure domain code: money, catalog, protocols, travel, the quote engine, conversion.

Nothing in this package imports Qt, openpyxl, network or file-format code; the
import-linter contracts in pyproject.toml (and tests/core/test_purity.py) hold it to that.

Value records here are `typing.NamedTuple` classes rather than frozen dataclasses: they are
just as immutable and hashable, are built about twice as fast, and declaring them costs
~0.1 ms instead of ~1 ms each plus the import of `dataclasses` and `inspect` (together
~16 ms, a third of the CLI's start-up budget). Records that check their fields do so in
`__new__` of a thin subclass; `_replace()` is the copy-with-changes.
"""
