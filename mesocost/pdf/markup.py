"""The small piece of HTML a quote document is made of: escaped text, tables, headings.

Qt's rich text reads a subset of HTML 4 and CSS 2.1 (tables, cell borders per side,
padding, class selectors); nothing here goes beyond it. Every string that reaches the
markup goes through `text` (or `lines`): typed and catalog text is escaped and loses its
control characters, so a client named "<b>" prints as typed and nothing can inject markup.

Right to left (an Arabic document): Qt lays each paragraph out right to left and reads
CSS `text-align: left / right` as the leading / trailing edge, but it never mirrors a
table (its first cell stays on the left) and reads an HTML `align` attribute as absolute.
The tables here are mirrored by writing their cells in reverse order (`right_to_left`),
and their figures are aligned by the style sheet alone (`.num`: the trailing edge).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from mesocost.core.text import terminal_text

# One style sheet for the whole document (QTextDocument.setDefaultStyleSheet). Sizes are
# in points; lengths in px are 1/96 inch (the document is laid out at 96 dpi).
STYLE_SHEET = """
p { margin-top: 0px; margin-bottom: 3px; }
h1 { font-size: 15pt; font-weight: bold; margin-top: 10px; margin-bottom: 4px; }
h2 { font-size: 10.5pt; font-weight: bold; color: #1f3b57; margin-top: 12px;
     margin-bottom: 4px; }
table.grid { border-collapse: collapse; margin-top: 6px; margin-bottom: 2px; }
table.grid th { background-color: #e4ebf2; font-weight: bold; text-align: left;
                padding: 3px 5px; border-bottom: 1px solid #7a8a99; }
table.grid td { padding: 2px 5px; border-bottom: 1px solid #d9dee3; }
table.grid td.total { font-weight: bold; border-top: 1px solid #404040;
                      border-bottom: 0px none; }
table.plain td { padding: 0px 0px 1px 0px; }
.num { text-align: right; white-space: nowrap; }
table.grid th.num { text-align: right; }
.small { font-size: 8pt; color: #404040; }
.muted { color: #555555; }
.seller { font-size: 13pt; font-weight: bold; }
.draft { font-size: 10pt; font-weight: bold; color: #a02020; }
table.sign td { padding: 14px 4px 0px 0px; }
table.sign td.line { border-bottom: 1px solid #404040; }
"""


def text(value: object) -> str:
    """`value` as HTML text: no control characters or escape sequences, line breaks kept
    as <br>, everything else escaped."""
    cleaned = terminal_text("" if value is None else str(value), keep_lines=True)
    return "<br>".join(html.escape(line) for line in cleaned.split("\n"))


def one_line(value: object) -> str:
    """`value` as plain text on one line (page footers, PDF metadata): no markup to escape,
    line breaks and controls become spaces or go."""
    return terminal_text("" if value is None else str(value))


def paragraph(body: str, css: str = "") -> str:
    """A paragraph of markup already escaped."""
    return f'<p class="{css}">{body}</p>' if css else f"<p>{body}</p>"


def heading(title: str) -> str:
    return f"<h2>{text(title)}</h2>"


def bullets(items: Iterable[str], css: str = "") -> str:
    """A bulleted list of plain texts (escaped here)."""
    rows = "".join(f"<li>{text(item)}</li>" for item in items)
    style = f' class="{css}"' if css else ""
    return f'<ul{style} style="margin-top: 0px; margin-bottom: 2px;">{rows}</ul>'


class Column(NamedTuple):
    """A table column: its title, its share of the width (percent), figures right-aligned."""

    title: str
    width: int
    numeric: bool = False


class Row(NamedTuple):
    """A table row of markup cells (escaped already); `total` rules it off in bold."""

    cells: Sequence[str]
    total: bool = False


def cells(items: Iterable[str], right_to_left: bool = False) -> str:
    """A table row's cells (markup) in reading order: reversed right to left, so the
    first is on the right."""
    items = list(items)
    return "".join(reversed(items) if right_to_left else items)


def grid(columns: Sequence[Column], rows: Iterable[Row], right_to_left: bool = False) -> str:
    """A ruled table with a header row (repeated on every page the table spans); right to
    left, mirrored (the first column on the right, figures on the left of theirs)."""
    head = cells((_cell("th", column.title and text(column.title), column, header=True,
                        right_to_left=right_to_left) for column in columns), right_to_left)
    body = "".join(
        "<tr>" + cells((_cell("td", cell, column, total=row.total, right_to_left=right_to_left)
                        for cell, column in zip(row.cells, columns, strict=True)),
                       right_to_left) + "</tr>"
        for row in rows)
    return (f'<table class="grid" width="100%" cellspacing="0">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _cell(tag: str, body: str, column: Column, header: bool = False,
          total: bool = False, right_to_left: bool = False) -> str:
    classes = " ".join(name for name, wanted in (("num", column.numeric), ("total", total))
                       if wanted)
    css = f' class="{classes}"' if classes else ""
    # The attribute is absolute in Qt: right to left, the style sheet's .num aligns alone.
    align = ' align="right"' if column.numeric and not right_to_left else ""
    width = f' width="{column.width}%"' if header else ""
    return f"<{tag}{css}{align}{width}>{body}</{tag}>"


def facts(pairs: Iterable[tuple[str, str]], label_width: int = 40,
          right_to_left: bool = False) -> str:
    """Label: value lines in a borderless two-column table (labels muted); right to left,
    the label on the right."""
    rows = "".join("<tr>" + cells((f'<td class="muted" width="{label_width}%">{text(label)}</td>',
                                   f"<td>{value}</td>"), right_to_left) + "</tr>"
                   for label, value in pairs)
    return f'<table class="plain" width="100%" cellspacing="0">{rows}</table>'
