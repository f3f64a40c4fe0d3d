"""A label's text is cleaned, quoted and wrapped the same whether it takes the short way
(printable text, text that fits on a line) or the long one (regular expressions, textwrap)."""

from __future__ import annotations

import itertools
import textwrap
import unicodedata

import pytest

from flowmap.outputs.charts import style

PIECES = ["a", "word", " ", "  ", "-", "\t", "\n", "\r\n", "\x00", "\x1b", "\x85", "\xa0",
          "\u2028", "\u200e", "\u202e", "\ud800", "\ufffe", "出货", "é", "\\", '"', "&",
          "x" * 30]  # fmt: skip
TEXTS = ["", " ", "Planner", "by Planner", "a" * 28, "a" * 29, " padded ", "x" * 1200]
TEXTS += ["".join(combo) for combo in itertools.product(PIECES, repeat=2)]
TEXTS += ["".join(combo) for combo in itertools.product(["ab ", "\t", "出", "cd"], repeat=4)]


def _clean(text: str) -> str:
    """What `style.clean` gives, the long way for every text."""
    if len(text) > style.MAX_CLEAN:
        text = text[: style.MAX_CLEAN - 1] + "\u2026"
    text = style._LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return style._CONTROL.sub("", text).strip()


def _wrap(text: str, width: int) -> list[str]:
    text = _clean(text)
    if len(text) > style.MAX_TEXT:
        text = text[: style.MAX_TEXT - 1] + "\u2026"
    if any(unicodedata.east_asian_width(char) in "WF" for char in text):
        width = max(width // 2, 1)
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > style.MAX_LINES:
        lines = lines[: style.MAX_LINES]
        lines[-1] = lines[-1][: width - 1] + "\u2026"
    return lines


def _quote(text: str) -> str:
    text = style._CONTROL.sub("", style._LINE_BREAKS.sub(" ", text))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'


@pytest.mark.parametrize("width", [1, 4, 28])
def test_short_and_long_ways_agree(width):
    for text in TEXTS:
        assert style.clean(text) == _clean(text), repr(text)
        assert style.quote(text) == _quote(text), repr(text)
        assert style.wrap(text, width) == _wrap(text, width), (repr(text), width)


def test_wrapped_lines_are_the_callers_own():
    """`wrap` remembers its answers; what it hands out may be added to (`lines += ...`)
    without changing what the next caller gets."""
    first = style.wrap("Warehouse receives raw material from the supplier")
    first += ["by Store keeper"]
    again = style.wrap("Warehouse receives raw material from the supplier")
    assert again == ["Warehouse receives raw", "material from the supplier"]
    assert again is not first
