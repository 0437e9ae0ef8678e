"""Text made safe for files, terminals and aligned columns (mesocost.core.text)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesocost.core.text import (
    display_width,
    pad,
    spreadsheet_text,
    terminal_text,
    valid_text,
)

# Joined as lists: st.text() would drop the surrogates.
any_char = st.one_of(st.characters(), st.characters(categories=["Cs"]),
                     st.characters(categories=["Cc"]), st.sampled_from(["\x1b", "\x9b", "["]))


def test_lone_surrogates_become_the_replacement_character():
    # What `--client "$(printf 'x\xff\xfey')"` arrives as on a UTF-8 system.
    assert valid_text("x\udcff\udcfey") == "x\ufffd\ufffdy"
    assert valid_text("\ud83d\ude00") == "😀"  # a pair written as two code points
    assert valid_text("plain ü") == "plain ü"


@settings(max_examples=200, deadline=None)
@given(st.lists(any_char, max_size=30).map("".join))
def test_valid_text_always_encodes_as_utf8(text):
    valid_text(text).encode("utf-8")
    terminal_text(text).encode("utf-8")


@pytest.mark.parametrize(("raw", "shown"), [
    ("Clinic\x1b[2J\x1b[H", "Clinic"),                      # clear screen, cursor home
    ("\x1b[31mred\x1b[0m", "red"),                          # colours
    ("name\x1b]0;window title\x07", "name"),                # OSC: set the window title
    ("link\x1b]8;;http://x\x1b\\", "link"),                 # OSC hyperlink ended by ST
    ("reset\x1bc", "reset"),                                # ESC c: full terminal reset
    ("c1\x9b2Jcsi", "c1csi"),                               # 8-bit CSI
    ("bell\x07 back\x08space\x7f", "bell backspace"),
    ("two\nlines\tand\rcr", "two lines and cr"),
    ("half\x1b[", "half"),                                  # unfinished sequence
    ("Café 東京", "Café 東京"),
])
def test_terminal_text_cannot_drive_the_terminal(raw, shown):
    assert terminal_text(raw) == shown


def test_terminal_text_can_keep_line_breaks():
    assert terminal_text("a\r\nb\x1b[2Jc\td", keep_lines=True) == "a\nbc d"


@settings(max_examples=200, deadline=None)
@given(st.lists(any_char, max_size=40).map("".join))
def test_no_control_character_survives(text):
    shown = terminal_text(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)


@pytest.mark.parametrize(("text", "width"), [
    ("abc", 3), ("東京", 4), ("渋谷クリニック", 14), ("e\u0301", 1), ("Ａ", 2),
    ("a\u200db", 2), ("", 0), ("Türkiye", 7),
])
def test_display_width_counts_screen_columns(text, width):
    assert display_width(text) == width


def test_pad_fills_to_screen_columns():
    assert pad("東京", 6) == "東京  "
    assert pad("東京", 6, right=True) == "  東京"
    assert pad("e\u0301", 3) == "e\u0301  "
    assert pad("longer", 3) == "longer"


@pytest.mark.parametrize(("text", "safe"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Clinic", "Clinic"),
    ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_text_quotes_a_leading_formula_character(text, safe):
    assert spreadsheet_text(text) == safe
