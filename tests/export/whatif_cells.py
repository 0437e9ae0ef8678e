"""Finding things on the What-if sheet, for the tests that read it back."""

from __future__ import annotations

from mesocost.export import whatif


def table_rows(sheet, which: int) -> list[int]:
    """Rows of the What-if destinations table (which=0, inputs) or totals table (1)."""
    header = [r for r in range(1, sheet.max_row + 1)
              if sheet.cell(r, 1).value == whatif.DESTINATION][which]
    rows = []
    for r in range(header + 1, sheet.max_row + 2):
        if not sheet.cell(r, 1).value:
            return rows
        rows.append(r)
    return rows
