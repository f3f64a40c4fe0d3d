"""How charts look, and how user text becomes a safe, quoted DOT label.

Every colour, font and label rule of the charts lives here, so that the views share one
look and the legend can name exactly what the views draw.
"""

from __future__ import annotations

import functools
import re
import textwrap
import unicodedata

from flowmap.i18n import N_
from flowmap.load.names import UNSAFE

# The first family that has the glyphs wins: Pango (PNG, PDF) falls back per glyph along the
# list, and the SVG gets the same list as its CSS font-family. Noto Sans CJK SC comes with
# Debian's `fonts-noto-cjk` (Source Han Sans is the same design under Adobe's name);
# YaHei and PingFang are Windows' and macOS's CJK fonts, DejaVu covers Latin-only machines.
FONT = "Noto Sans CJK SC,Source Han Sans SC,Microsoft YaHei,PingFang SC,DejaVu Sans,sans-serif"
FONT_SIZE = "11"
SMALL_FONT_SIZE = "9"

# Okabe-Ito colours for the four kinds of internal customer: readable for colour-blind eyes,
# and none of them is the red that marks a finding.
KIND_COLOURS = {
    "rank": "#0072B2",  # blue
    "function": "#009E73",  # bluish green
    "process": "#E69F00",  # orange
    "step": "#6A3D9A",  # purple
}
KIND_TITLES = {  # translated where drawn (network.legend_kinds)
    "rank": N_("rank: superior and subordinate"),
    "function": N_("function: service department to the units it serves"),
    "process": N_("process: executor to the executor of the next link"),
    "step": N_("step: operation to the next operation"),
}
FINDING = "#D7191C"  # red: what `flowmap check` found
REWORK = "#8C510A"  # brown, dashed: work sent back
RESULTS = KIND_COLOURS["rank"]
CONDITIONS = "#56B4E9"  # sky blue: what the superior provides downward
OTHER = "#7F7F7F"  # grey: edges that are not internal-customer relations

FILL_OK = "#E5F5E0"  # an internal step with its three-step checks
FILL_MISSING = "#FFF3CD"  # an internal step that lacks a check
FILL_EXTERNAL = "#DEEBF7"  # a step done by the external customer
FILL_LANE = "#F7F7F7"
FILL_CENTRE = "#FFE9A8"
FILL_NODE = "#FFFFFF"
FILL_SERVICE = "#EDF8E9"

YES, NO, NOT_NEEDED = "\u2713", "\u2717", "\u2013"  # ✓ ✗ –

WRAP = 28  # characters a label line holds before it wraps
MAX_LINES = 4  # lines of one user text in a label; the rest is cut with an ellipsis
MAX_TEXT = 200  # characters of one user text kept at all
MAX_CLEAN = 1_000  # characters of any text (a finding's message in a tooltip) kept at all

# Characters that have no place in a label and are not allowed in XML (the SVG): C0 and C1
# controls, NUL, lone surrogates, U+FFFE and U+FFFF.
_CONTROL = re.compile(f"[{UNSAFE}\ufffe\uffff]")  # and bidi controls: map text is data
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def clean(text: object) -> str:
    """User text without control characters or NUL; line breaks become spaces. Cut to
    MAX_CLEAN characters first: cleaning costs per character, and a long name drawn on every
    step would cost its whole length each time."""
    text = str(text)
    if len(text) > MAX_CLEAN:
        text = text[: MAX_CLEAN - 1] + "\u2026"
    if text.isprintable():  # no control, line break or tab: most text, at once
        return text.strip()
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def wrap(text: object, width: int = WRAP, max_lines: int = MAX_LINES) -> list[str]:
    """A user text as label lines: cut, cleaned, wrapped (long words broken too)."""
    return list(_wrapped(str(text), width, max_lines))


# Remembered: the same names come back on many steps (`by Order clerk`, a step's name
# repeated in rows of a long process).
@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: int, max_lines: int) -> tuple[str, ...]:
    text = clean(text)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "\u2026"
    if not text.isascii() and any(unicodedata.east_asian_width(char) in "WF" for char in text):
        width = max(width // 2, 1)  # CJK characters are twice as wide and have no spaces
    if len(text) <= width:  # one line, as textwrap would give it, without its cost
        return (text,)
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "\u2026"
    return tuple(lines)


# Remembered: a chart quotes the same colours, styles and lines ("by Planner") thousands of
# times (22,000 quotes for a 1,000-step process: its chart 5-8% faster, CPU).
@functools.lru_cache(maxsize=4096)
def quote(text: str) -> str:
    """A DOT double-quoted string holding `text` literally, whatever it contains.

    Backslash is doubled first (so `\\N`, `\\l` or a trailing backslash in a name stay
    text), then quotes are escaped, and `&` becomes `&amp;` (Graphviz decodes entities in
    labels, and `&#x1;` would put a control character into the SVG); control characters
    are dropped. The result always starts and ends with `"`, which pydot passes through as
    an already-quoted value.
    """
    if not text.isprintable():  # (every character these two drop is unprintable)
        text = _CONTROL.sub("", _LINE_BREAKS.sub(" ", text))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{text}"'


class Quoted(str):
    """A value that is already a quoted DOT string (made by `label` or `title`)."""


def label(lines: list[str]) -> Quoted:
    """Label lines as one quoted DOT label; `\\n` between lines centres each line."""
    inner = "\\n".join(quote(line)[1:-1] for line in lines)
    return Quoted(f'"{inner}"')


def title(lines: list[str]) -> Quoted:
    """Label lines for a chart's title: each line ends in `\\l`, so all are left-aligned."""
    inner = "".join(quote(line)[1:-1] + "\\l" for line in lines)
    return Quoted(f'"{inner}"')
