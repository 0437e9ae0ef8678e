"""Options several commands share, their parsing, and turning them into core objects."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from decimal import Decimal

from mesocost.cli.common import currency, iso_date, typed
from mesocost.core.catalog import PriceEntry
from mesocost.core.engine import QuoteRequest, parse_add_on
from mesocost.core.errors import InputError
from mesocost.core.geo import parse_locale
from mesocost.core.i18n import Language, _, interface
from mesocost.core.money import check_percent
from mesocost.core.protocol import Protocol, check_session_count, with_session_count

DEFAULT_LOCALE = "en_US"


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(_("not a whole number: {text}").format(text=repr(text))) from None


def _sessions(text: str) -> int:
    return check_session_count(_whole_number(text))


def _months(text: str) -> int:
    number = _whole_number(text)
    if not 0 <= number <= 120:
        raise InputError(_("must be between 0 and 120, got {number}").format(number=number))
    return number


def _percent(text: str) -> Decimal:
    return check_percent(text)


def _locale(text: str) -> str:
    parse_locale(text)
    return text.replace("-", "_")


sessions = typed(_sessions)
months = typed(_months)
percent = typed(_percent)
locale = typed(_locale)
add_on = typed(parse_add_on)


def default_locale() -> str:
    """MESOCOST_LOCALE, else the environment's LC_ALL/LC_MONETARY/LANG, else en_US."""
    return environment_locale() or DEFAULT_LOCALE


def environment_locale() -> str | None:
    """MESOCOST_LOCALE, else the environment's LC_ALL/LC_MONETARY/LANG, if one is set."""
    for variable in ("MESOCOST_LOCALE", "LC_ALL", "LC_MONETARY", "LANG"):
        value = os.environ.get(variable, "").split(".")[0]
        if value and value not in ("C", "POSIX"):
            try:
                parse_locale(value)
            except InputError:
                continue
            return value
    return None


def document_language(args: argparse.Namespace, *, saved: str | None = None,
                      saved_locale: str | None = None) -> Language:
    """The language (with its formatting locale) of what the patient reads.

    --document-language, formatted in --locale if given, else in the language's own
    locale. Without it: the saved quote's language and locale (`saved`, `saved_locale`),
    else the interface language formatted as documents are today (--locale, else the
    environment's locale, else the language's own).

    Raises:
        MissingCatalogue: the language's catalogue is not compiled.
    """
    from mesocost import i18n

    explicit = getattr(args, "locale", None)
    chosen = getattr(args, "document_language", None)
    if chosen is not None:
        return i18n.language(chosen, explicit)
    if saved is not None:
        return i18n.language(saved, explicit or saved_locale)
    return i18n.language(interface().code, explicit or environment_locale())


def default_currency(locale_name: str) -> str:
    """The currency of the locale's territory (GBP for en_GB), else USD."""
    from mesocost.storage.namecache import locale_currency

    return locale_currency(locale_name)


def add_catalog_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", metavar="FILE",
                        help=_("your own catalog (TOML): extends or overrides the bundled one"))


def add_protocol_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--protocol", metavar="NAME|FILE", default="standard",
                        help=_("bundled protocol name or a protocols .toml file (default: "
                               "standard)"))
    parser.add_argument("--sessions", type=sessions, metavar="N",
                        help=_("replace the protocol with N sessions at its first interval"))
    parser.add_argument("--maintenance-months", type=months, default=0, metavar="N",
                        help=_("add N months of maintenance after the course (default 0)"))
    parser.add_argument("--start", type=iso_date, metavar="YYYY-MM-DD",
                        help=_("first session's date (default: today)"))


def add_money_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--currency", type=currency, metavar="CODE",
                        help=_("display currency (default: the locale's, else USD)"))
    parser.add_argument("--locale", type=locale, metavar="LOC",
                        help=_("formatting locale, e.g. en_GB, de_DE, tr_TR"))


def add_quote_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--add-on", type=add_on, action="append", default=[],
                        metavar="NAME=LOW[-HIGH][/session]", help=_("add-on price (repeatable)"))
    parser.add_argument("--discount", type=percent, default=Decimal(0), metavar="PCT",
                        help=_("discount on the package, in percent (default 0)"))
    parser.add_argument("--tax", type=percent, default=Decimal(0), metavar="PCT",
                        help=_("tax on the discounted package, in percent (default 0)"))
    parser.add_argument("--tax-inclusive", action="store_true",
                        help=_("prices already include the tax (it is shown, not added)"))
    parser.add_argument("--no-travel", action="store_true", help=_("leave travel out"))


def resolve_locale_and_currency(args: argparse.Namespace, rates=None) -> tuple[str, str]:
    """The formatting locale and the display currency.

    With `rates` (the command's rate service) the currency is checked the way the window
    checks it (`mesocost.rates.choose`): a locale whose currency has no rate falls back
    to USD with one line on stderr; a --currency with no rate is an error naming --rate.
    """
    locale_name = args.locale or default_locale()
    if rates is None:
        return locale_name, args.currency or default_currency(locale_name)
    from mesocost.rates.choose import choose_display_currency

    choice = choose_display_currency(rates, default_currency(locale_name), args.currency)
    if choice.note:
        print(f"mesocost: {choice.note}", file=sys.stderr)
    return locale_name, choice.currency


def load_entries(catalog: str | None) -> tuple[PriceEntry, ...]:
    """The bundled catalog, merged with `catalog`'s entries and its [[travel]] tables
    (which may give travel to bundled destinations: the window saves such files)."""
    from mesocost.storage.tomlfiles import load_bundled_catalog

    bundled = load_bundled_catalog()
    if catalog is None:
        return bundled
    from mesocost.storage.tomlfiles import load_catalog_and_travel
    from mesocost.storage.userdata import UserCatalog, effective_entries

    return effective_entries(bundled, UserCatalog(*load_catalog_and_travel(catalog)))


def load_protocol(args: argparse.Namespace) -> Protocol:
    from mesocost.storage.tomlfiles import find_protocol

    protocol = find_protocol(args.protocol)
    if args.sessions is not None:
        protocol = with_session_count(protocol, args.sessions)
    return protocol


def template_request(args: argparse.Namespace, entry: PriceEntry) -> QuoteRequest:
    """The request every destination is priced with, from the command line."""
    return QuoteRequest(
        entry=entry, protocol=load_protocol(args), start=args.start or date.today(),
        maintenance_months=args.maintenance_months,
        add_ons=tuple(getattr(args, "add_on", ())),
        discount_pct=getattr(args, "discount", Decimal(0)),
        tax_pct=getattr(args, "tax", Decimal(0)),
        tax_inclusive=getattr(args, "tax_inclusive", False),
        include_travel=not getattr(args, "no_travel", False),
    )
