"""Excel workbooks of a comparison or a quote, whose figures survive any spreadsheet.

Public API:
    comparison_workbook(rows, template, currency, locale=, created=, language=) -> Workbook
    quote_workbook(quote, converted, details, locale=, language=) -> Workbook
    export_comparison(path, rows, template, currency, locale=, created=, force=False,
                      language=)
    export_quote(path, quote, converted, details, locale=, force=False, language=)

Every figure a person reads is a stored number rounded to its currency's minor units
(phone and mail previews never recalculate); only the What-if sheet holds formulas,
and the workbook asks spreadsheets to recalculate on open. Views never compute: every
figure comes from the engine (`Quote`) or `convert_quote` (`Converted`).

Words, sheet names included, are in the document `language` (English by default); dates
and amounts in cells follow `locale` for a translated document (`cells.document_formats`);
an Arabic document's sheets read right to left. Look a sheet up by its English name with
`workbook.find_sheet`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl.workbook import Workbook

from mesocost.core.comparison import ComparisonRow, Converted
from mesocost.core.conversion import RateQuote, identity_rate
from mesocost.core.engine import Quote, QuoteRequest
from mesocost.core.geo import country_name
from mesocost.core.i18n import ENGLISH, Language
from mesocost.export.cells import document_formats
from mesocost.export.detail_sheets import add_detail_sheets
from mesocost.export.quote_sheet import QuoteDetails, add_quote_sheet
from mesocost.export.sheets import (
    add_rates_sheet,
    add_schedule_sheet,
    comparison_trips,
    distinct_rates,
    quote_trips,
)
from mesocost.export.summary import add_summary_sheet, move_chart_data_last
from mesocost.export.whatif import WhatIfRow, add_what_if_sheet
from mesocost.export.workbook import find_sheet, new_workbook, save_workbook

__all__ = ["QuoteDetails", "comparison_workbook", "export_comparison", "export_quote",
           "find_sheet", "quote_workbook"]


def comparison_workbook(rows: Sequence[ComparisonRow], template: QuoteRequest, currency: str,
                        *, locale: str, created: date, home_country: str | None = None,
                        language: Language = ENGLISH) -> Workbook:
    """Summary, Details, Sources, Schedule, What-if and Rates sheets for a comparison (rows
    as sorted); rows in `home_country` say so, and need no travel."""
    formats = document_formats(locale, language)
    workbook, styles = new_workbook(
        language.gettext("Hair mesotherapy package comparison"),
        language.gettext("{protocol}, totals in {currency}").format(
            protocol=language.isolate(language.gettext(template.protocol.title)),
            currency=language.isolate(currency)),
        created, formats)
    add_summary_sheet(workbook, styles, rows, template, currency, locale, created,
                      home_country, language)
    add_detail_sheets(workbook, styles, rows, currency, locale, home_country, language)
    schedule = rows[0].quote.schedule if rows else ()
    trips, trips_note = comparison_trips(rows, [_label(row.quote, locale) for row in rows],
                                         language)
    add_schedule_sheet(workbook, template.protocol, schedule, locale, trips=trips,
                       trips_note=trips_note, language=language, formats=formats)
    what_if = [WhatIfRow(row.quote, row.converted, _label(row.quote, locale)) for row in rows]
    used = [rate for row in rows for rate in row.converted.rates]
    add_what_if_sheet(workbook, styles, what_if, template, currency,
                      _with_identity(used, currency, template.start), locale,
                      language=language)
    add_rates_sheet(workbook, _shown_rates(used), locale, language=language)
    move_chart_data_last(workbook, language)
    return workbook


def quote_workbook(quote: Quote, converted: Converted, details: QuoteDetails, *,
                   locale: str, language: Language = ENGLISH) -> Workbook:
    """Quote, Schedule, What-if and Rates sheets for one package quote."""
    entry = quote.request.entry
    formats = document_formats(locale, language)
    workbook, styles = new_workbook(
        language.gettext("Quote for {client}").format(
            client=language.isolate(details.client))[:200],
        language.gettext("Hair mesotherapy, {destination}").format(
            destination=language.isolate(country_name(entry.destination, locale))),
        details.created, formats)
    add_quote_sheet(workbook, styles, quote, converted, details, locale, language)
    trips, trips_note = quote_trips(quote, _label(quote, locale), language)
    add_schedule_sheet(workbook, quote.request.protocol, quote.schedule, locale, trips=trips,
                       trips_note=trips_note, language=language, formats=formats)
    used = list(converted.rates)
    add_what_if_sheet(workbook, styles, [WhatIfRow(quote, converted, _label(quote, locale))],
                      quote.request, converted.currency,
                      _with_identity(used, converted.currency, quote.request.start), locale,
                      with_deposit=True, language=language)
    add_rates_sheet(workbook, _shown_rates(used), locale, language=language)
    return workbook


def export_comparison(path: Path, rows: Sequence[ComparisonRow], template: QuoteRequest,
                      currency: str, *, locale: str, created: date, force: bool = False,
                      home_country: str | None = None, language: Language = ENGLISH
                      ) -> None:
    """Write the comparison workbook atomically (ExportError on a folder or lock problem;
    `force` replaces a read-only file)."""
    save_workbook(comparison_workbook(rows, template, currency, locale=locale,
                                      created=created, home_country=home_country,
                                      language=language),
                  path, force=force)


def export_quote(path: Path, quote: Quote, converted: Converted, details: QuoteDetails, *,
                 locale: str, force: bool = False, language: Language = ENGLISH) -> None:
    """Write the quote workbook atomically (ExportError on a folder or lock problem;
    `force` replaces a read-only file)."""
    save_workbook(quote_workbook(quote, converted, details, locale=locale, language=language),
                  path, force=force)


def _label(quote: Quote, locale: str) -> str:
    entry = quote.request.entry
    return " · ".join(p for p in (country_name(entry.destination, locale), entry.city,
                                  entry.clinic) if p)


def _with_identity(rates: Sequence[RateQuote], currency: str, on: date) -> list[RateQuote]:
    """The What-if's rate cells: every pair used, plus DISPLAY/DISPLAY for rows without
    travel (their travel term is zero × 1)."""
    return distinct_rates([*rates, identity_rate(currency, on)])


def _shown_rates(rates: Sequence[RateQuote]) -> list[RateQuote]:
    """Rates worth a reader's attention: real conversions only (USD/USD = 1 is noise)."""
    return [rate for rate in distinct_rates(rates) if rate.base != rate.quote]
