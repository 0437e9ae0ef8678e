"""Every language's catalogue is complete, valid and in step with the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from mesocost.i18n import LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in LANGUAGES if code != "en"]
FIELDS = re.compile(r"\{[^{}]*\}|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*"
                    r"(?:\.\d+)?[a-zA-Z%]")
MNEMONIC = re.compile(r"&[^&\s]")


def catalogue(code: str):
    with (Path(LOCALE_DIR) / code / "LC_MESSAGES" / "mesocost.po").open("rb") as handle:
        return read_po(handle, locale=code)


def forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [
        message.string]


def sources(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code):
    missing = [message.id for message in catalogue(code)
               if message.id and (message.fuzzy or not all(forms(message)))]
    assert missing == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_babels_checkers_pass(code):
    problems = [(message.id, [str(error) for error in errors])
                for message, errors in catalogue(code).check()]
    assert problems == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_and_mnemonics_survive_translation(code):
    wrong = []
    for message in catalogue(code):
        if not message.id:
            continue
        wanted = set(FIELDS.findall(sources(message)[-1]))
        for form in forms(message):
            got = set(FIELDS.findall(form))
            # A singular may leave out the count ("one trip"); nothing may be added.
            if not got <= wanted or (len(forms(message)) == 1 and got != wanted
                                     and not isinstance(message.id, tuple)):
                wrong.append((message.id, form))
        if MNEMONIC.search(sources(message)[0]) and not MNEMONIC.search(forms(message)[0]):
            wrong.append((message.id, "lost its & mnemonic"))
    assert wrong == []


def test_the_catalogues_hold_every_string_the_code_marks(tmp_path):
    """A string marked in the code and missing from the .po files would show in English:
    `make update-messages` and a translation are due."""
    template = tmp_path / "now.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract",
                    "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "NP_:1,2",
                    "-k", "pgettext:1c,2",
                    "-o", str(template), str(ROOT / "mesocost")],
                   check=True, capture_output=True)
    with template.open("rb") as handle:
        marked = {(message.context, sources(message)[0]) for message in read_po(handle)
                  if message.id}
    for code in TRANSLATED:
        known = {(message.context, sources(message)[0]) for message in catalogue(code)
                 if message.id}
        assert sorted(marked - known, key=str) == [], code


def test_arabic_counts_with_the_plural_rule_its_translations_follow():
    """The six Arabic forms are written for GNU gettext's rule (form 4: 11–99, form 5:
    100–102); babel's default header has those two the other way round."""
    from mesocost.i18n import language

    arabic = language("ar")
    by_count = {count: arabic.ngettext("every {count} day", "every {count} days", count)
                for count in (0, 1, 2, 5, 15, 100)}
    assert by_count[15] != by_count[100]
    assert by_count[15].format(count=15).endswith("يومًا")
    assert not by_count[100].format(count=100).endswith("يومًا")


def test_the_bundled_protocols_words_are_all_in_the_catalogue():
    """resources/protocols.toml reaches every patient: its title, phase names and milestone
    sentences are listed in core.protocol_words and translated in every language."""
    import tomllib

    from mesocost.core.protocol_words import BUNDLED_PHASES, BUNDLED_TEXTS
    from mesocost.i18n import language

    data = tomllib.loads((ROOT / "resources" / "protocols.toml").read_text(encoding="utf-8"))
    for protocol in data["protocols"].values():
        assert protocol["title"] in BUNDLED_TEXTS
        assert {phase["name"] for phase in protocol["phases"]} <= set(BUNDLED_PHASES)
        assert {m["label"] for m in protocol.get("milestones", ())} <= set(BUNDLED_TEXTS)
    for code in TRANSLATED:
        words = language(code)
        for text in BUNDLED_TEXTS:
            assert words.gettext(text) != text, (code, text)
        for name in BUNDLED_PHASES:
            assert words.pgettext("phase", name) != name, (code, name)
