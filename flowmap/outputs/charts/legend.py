"""The legend every chart carries: what its boxes, colours and lines mean.

It is an HTML-like label (a table), the one place charts use one, and it holds only text
written here: no user text ever enters it (and every cell is escaped all the same).
"""

from __future__ import annotations

import textwrap
from html import escape

from flowmap.i18n import _, ngettext
from flowmap.outputs.charts import style

ARROW = {
    "solid": "\u2501\u2501\u2501\u25b6",
    "dashed": "\u254d\u254d\u254d\u25b6",
    "both": "\u25c0\u2501\u2501\u25b6",
    "branch": "\u25c7\u2501\u2501\u25b6",
}


class Legend:
    def __init__(self) -> None:
        self.rows: list[str] = []
        self.wrap: int | None = None  # characters a line holds; None: one line per entry

    def node(self, text: str, fill: str, border: str = "#000000", double: bool = False) -> None:
        """A box sample: its fill and border colour, doubled for merges."""
        sides = 2 if double else 1
        sample = (
            f'<TD BGCOLOR="{_colour(fill)}" COLOR="{_colour(border)}" BORDER="{sides}" '
            f'WIDTH="34" HEIGHT="14"> </TD>'
        )
        self.rows.append(sample + _text(text, self.wrap))

    def edge(self, text: str, colour: str, line: str = "solid") -> None:
        """A line sample: ARROW[line] drawn in the edge's colour."""
        sample = f'<TD><FONT COLOR="{_colour(colour)}">{ARROW[line]}</FONT></TD>'
        self.rows.append(sample + _text(text, self.wrap))

    def note(self, text: str, colour: str = "#000000") -> None:
        self.rows.append(
            f'<TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="{_colour(colour)}">'
            f"{escape(text)}</FONT></TD>"
        )

    def findings(self, shown: int, elsewhere: int) -> None:
        """How many findings the chart shows in red, and how many are about things it omits."""
        self.edge(
            _("red, with {no} and the rule id: a finding of `flowmap check`").format(no=style.NO),
            style.FINDING,
        )
        text = ngettext("{count} finding on this chart", "{count} findings on this chart", shown)
        text = text.format(count=shown)
        if elsewhere:
            text += _("; {count} about things not drawn here (see `flowmap check`)").format(
                count=elsewhere
            )
        self.note(text, style.FINDING if shown else "#000000")

    def html(self) -> str:
        body = "".join(f"<TR>{row}</TR>" for row in self.rows)
        title = escape(_("Legend"))
        return (
            '<<TABLE BORDER="1" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="1" '
            'CELLPADDING="3" BGCOLOR="#FFFFFF">'
            f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{title}</B></TD></TR>'
            f"{body}</TABLE>>"
        )


_BREAK = '<BR ALIGN="LEFT"/>'


def _text(text: str, wrap: int | None = None) -> str:
    lines = textwrap.wrap(text, wrap) if wrap else [text]
    return f'<TD ALIGN="LEFT">{_BREAK.join(map(escape, lines))}</TD>'


def _colour(colour: str) -> str:
    if not (colour.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in colour[1:])):
        raise ValueError(f"not a colour: {colour!r}")
    return colour
