"""Excel benchmarks (issue: Excel workbooks). Prints figures; the target is a ratio in one run.

(a) exporting a comparison of 1,000 synthetic destinations (styled, four sheets, chart,
    live What-if formulas) as a ratio to a plain openpyxl write of the very same cell
    values with no styling — target ≤ 2.5;
(b) seconds to import a 5,000-row price list (.xlsx), validated row by row.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 5
DESTINATIONS = 1_000
PRICE_LIST_ROWS = 5_000
TARGET_RATIO = 2.5


def synthetic_entries(count: int):
    """Made-up destinations (never shown as market data): varied currencies and travel."""
    from mesocost.core.catalog import PriceEntry
    from mesocost.core.travel import TravelCosts

    countries = ("TR", "GB", "US", "DE", "ES", "JP", "HU", "PL", "TH", "MX")
    currencies = ("USD", "GBP", "USD", "EUR", "EUR", "JPY", "EUR", "EUR", "USD", "USD")
    entries = []
    for index in range(count):
        slot = index % len(countries)
        low = Decimal(80 + index % 170) * (150 if currencies[slot] == "JPY" else 1)
        travel = None
        if index % 3 == 0:
            travel = TravelCosts("EUR", Decimal(150 + index % 90), 2, Decimal("55.50"), 20)
        entries.append(PriceEntry(countries[slot], currencies[slot], low, low * 2 + 15,
                                  clinic=f"Clinic {index:04d}", travel=travel))
    return tuple(entries)


def comparison_rows():
    from mesocost.core.comparison import compare
    from mesocost.core.engine import QuoteRequest
    from mesocost.rates.service import RateService
    from mesocost.storage.tomlfiles import find_protocol

    entries = synthetic_entries(DESTINATIONS)
    template = QuoteRequest(entries[0], find_protocol("standard"), date(2027, 1, 31),
                            discount_pct=Decimal(5), tax_pct=Decimal(20))
    rates = RateService("offline", today=date(2026, 11, 2))
    return compare(entries, template, "EUR", rates), template


def time_best(action) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_export() -> None:
    import openpyxl

    from mesocost.export.xlsx import comparison_workbook

    rows, template = comparison_rows()

    def export() -> None:
        book = comparison_workbook(rows, template, "EUR", locale="en_US",
                                   created=date(2026, 11, 2))
        book.save(io.BytesIO())

    # The baseline writes exactly the cells the export holds, sheet by sheet, unstyled.
    reference = comparison_workbook(rows, template, "EUR", locale="en_US",
                                    created=date(2026, 11, 2))
    values = {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)]
              for sheet in reference}

    def plain() -> None:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, sheet_rows in values.items():
            sheet = book.create_sheet(title)
            for row in sheet_rows:
                sheet.append(row)
        book.save(io.BytesIO())

    export_s = time_best(export)
    plain_s = time_best(plain)
    cells = sum(len(r) for sheet_rows in values.values() for r in sheet_rows)
    ratio = export_s / plain_s
    verdict = "OK" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(f"export of {DESTINATIONS} destinations ({cells} cells, best of {RUNS}): "
          f"{export_s * 1000:.0f} ms; plain openpyxl write of the same values: "
          f"{plain_s * 1000:.0f} ms; ratio {ratio:.2f} (target ≤ {TARGET_RATIO}) {verdict}")


def bench_import() -> None:
    import openpyxl

    from mesocost.storage.pricelist import COLUMNS, import_price_list

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prices.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(COLUMNS))
        countries = ("TR", "GB", "US", "DE", "ES")
        for index in range(PRICE_LIST_ROWS):
            sheet.append([countries[index % 5], f"City {index}", f"Clinic {index}", "EUR",
                          100 + index % 50, 250 + index % 50, "one session",
                          "benchmark (synthetic)", date(2026, 10, 1), ""])
        book.save(path)
        seconds = statistics.median(
            _timed(lambda: import_price_list(path)) for _ in range(3))
        result = import_price_list(path)
    print(f"import of a {PRICE_LIST_ROWS}-row price list: {seconds:.2f} s "
          f"({len(result.entries)} entries, {len(result.rejected)} rejected)")


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


if __name__ == "__main__":
    bench_export()
    bench_import()
