"""Nothing from the maps ever acts on the editor's terminal.

Textual passes the text of a widget to the terminal as it is: a name holding
`ESC ] 52 ; c ; …` set the clipboard, `ESC [ 6n` made the terminal answer into the editor's
input, OSC 8 made a link, a C1 `0x9b` started a command, U+202E reversed a line, and every
one of them broke the layout (Textual counts them as zero cells wide). Where the editor shows
map text it shows such characters as escapes (`\\x1b`, flowmap.load.names.shown_name). As the
last line of defence, `guard()` makes every strip of text Textual writes drop them: it
covers every widget, Textual's own (an Input's value, a dialog, a notification) included.
They are zero cells wide to Textual, so dropping them changes no layout; the escape
sequences Textual itself writes are made from styles, never from a segment's text.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.strip import Strip

from flowmap.load.names import UNSAFE

_UNSAFE = re.compile(f"[{UNSAFE}]")
_guarded = False


def inert(text: str) -> str:
    """`text` without the characters a terminal would act on."""
    return _UNSAFE.sub("", text)


def guard() -> None:
    """Make every Strip drop control, C1 and bidi characters from its text before it is
    written to the terminal (once per process)."""
    global _guarded
    if _guarded:
        return
    _guarded = True
    render = Strip.render

    def guarded_render(self: Strip, console) -> str:
        if self._render_cache is None and any(
            not control and _UNSAFE.search(text) for text, _, control in self._segments
        ):
            self._segments = [
                segment if segment.control else Segment(inert(segment.text), segment.style)
                for segment in self._segments
            ]
        return render(self, console)

    Strip.render = guarded_render
