"""Hand the catalogue to translators as JSON and merge their work back into the .po files.

    python scripts/translations.py todo LANG PARTS OUTDIR   # OUTDIR/LANG-K-todo.json
    python scripts/translations.py merge LANG FILE...       # into mesocost/locale/LANG/...

A todo entry: {"key", "id", "plural", "context", "comments", "locations"}; a done file
maps key -> translation (a list of forms for a plural message; Arabic has six). Merging
checks every translation keeps the message's placeholders ({name}, %(name)s, %s, %%) and
writes the .po through babel, so `pybabel compile` and babel's checkers accept it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "mesocost" / "locale"
_FIELDS = re.compile(r"\{[^{}]*\}|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*"
                     r"(?:\.\d+)?[a-zA-Z%]")


def fields(text: str) -> list[str]:
    return sorted(_FIELDS.findall(text))


def _po(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "mesocost.po"


def _key(message) -> str:
    ident = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}\x04{ident}" if message.context else ident


def todo(language: str, parts: int, out: Path) -> None:
    with _po(language).open("rb") as handle:
        catalog = read_po(handle)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        translated = (all(message.string) if isinstance(message.string, (list, tuple))
                      else bool(message.string))
        if translated and not message.fuzzy:
            continue
        ident, plural = ((message.id, None) if isinstance(message.id, str)
                         else (message.id[0], message.id[1]))
        entries.append({"key": _key(message), "id": ident, "plural": plural,
                        "context": message.context,
                        "comments": list(message.auto_comments),
                        "locations": [f"{path}:{line}" for path, line in message.locations]})
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(entries) // parts)
    for index in range(parts):
        chunk = entries[index * size:(index + 1) * size]
        (out / f"{language}-{index + 1}-todo.json").write_text(
            json.dumps(chunk, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{language}: {len(entries)} messages to translate in {parts} parts")


def merge(language: str, files: list[str]) -> None:
    path = _po(language)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    done: dict[str, object] = {}
    for name in files:
        done.update(json.loads(Path(name).read_text(encoding="utf-8")))
    problems, merged = [], 0
    for message in catalog:
        if not message.id or _key(message) not in done:
            continue
        value = done[_key(message)]
        if isinstance(message.id, str):
            if not isinstance(value, str):
                problems.append(f"{_key(message)!r}: expected one string")
                continue
            sources, forms = [message.id], [value]
        else:
            forms = value if isinstance(value, list) else [value]
            if catalog.num_plurals == 1 and len(forms) > 1:
                forms = forms[-1:]  # Turkish: one form for every count, the "other" one
            if len(forms) != catalog.num_plurals:
                problems.append(f"{_key(message)!r}: expected {catalog.num_plurals} forms, "
                                f"got {len(forms)}")
                continue
            sources = list(message.id)
        wanted = fields(sources[-1])
        for form in forms:
            # A singular form may drop the count ("one trip"), never add a field.
            if fields(form) != wanted and not set(fields(form)) < set(wanted):
                problems.append(f"{_key(message)!r}: placeholders {fields(form)} != {wanted}")
                break
        else:
            message.string = value if isinstance(message.id, str) else tuple(forms)
            message.flags.discard("fuzzy")
            merged += 1
    for problem in problems:
        print(f"{language}: {problem}", file=sys.stderr)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)
    missing = sum(1 for m in catalog if m.id and not (
        all(m.string) if isinstance(m.string, (list, tuple)) else m.string))
    print(f"{language}: merged {merged}, {len(problems)} refused, {missing} still untranslated")


if __name__ == "__main__":
    command, language, *rest = sys.argv[1:]
    if command == "todo":
        todo(language, int(rest[0]), Path(rest[1]))
    else:
        merge(language, rest)
