"""Telling unmarked text from translated text and data in a pseudo-language walk (`qps`):
shared by the window's and the views' walks."""

from __future__ import annotations

import re

PSEUDO_SEGMENT = re.compile(r"\[[^\[\]]*~+\]")  # the innermost "[Ŝéš {n}~~]"
TWICE = re.compile(r"\[\[[^\[\]]*~+\]~+\]")  # "[[Ŝéš~~]~~]": translated twice
# Data, not prose: no letters (numbers, money, dates in digits, symbols); ISO codes; CLDR
# names in the code combos; file paths; en_US medium dates and times; register numbers;
# e-mail addresses.
DATA_SHAPES = (
    re.compile(r"[^A-Za-z]*"),
    re.compile(r"[A-Z]{2,3}"),
    re.compile(r".+ \([A-Z]{2}\)"),
    re.compile(r"[A-Z]{3} — .+"),
    re.compile(r"(?:[A-Za-z]:)?[\\/].*"),
    re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}(?: \d{2}:\d{2})?"),
    re.compile(r"[A-Z]+-\d{4}-\d{4}(?:-R\d+)?"),
    re.compile(r"\S+@\S+"),
)
# Dates and times (en_US) inside a line of several parts: removed before it is split.
DATE_TIME = re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}(?: \d{2}:\d{2})?")
TAG = re.compile(r"<[^<>]*>")


def is_data(text: str, data: set[str]) -> bool:
    plain = text.replace("&", "").strip()
    return plain in data or any(shape.fullmatch(plain) for shape in DATA_SHAPES)


def unmarked(text: str | None, data: set[str]) -> str | None:
    """Why `text` looks unmarked (None: marked, or data)."""
    if not text:
        return None
    if TWICE.search(text):  # before the data test: accented letters are not A-Z
        return "translated twice"
    if is_data(text, data):
        return None
    rest, count = DATE_TIME.sub(" ", TAG.sub(" ", text)), 0
    while True:  # innermost segments first: "[{title} ({currency})~]" holds one
        rest, found = PSEUDO_SEGMENT.subn(" ", rest)
        count += found
        if not found:
            break
    if count == 0:
        return "no pseudo segment"
    leftovers = [part for part in re.split(r"\s*[·:,;()|\n–]\s*|\s{2,}", rest)
                 if re.search(r"[A-Za-z]{2}", part) and not is_data(part, data)]
    return f"English beside the translation: {leftovers}" if leftovers else None
