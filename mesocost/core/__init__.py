"""Pure domain code: money, catalog, protocols, travel, the quote engine, conversion.

Nothing in this package imports Qt, openpyxl, network or file-format code; the
import-linter contracts in pyproject.toml (and tests/core/test_purity.py) hold it to that.
"""
