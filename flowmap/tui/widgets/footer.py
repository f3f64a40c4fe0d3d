"""The footer: the keys that work where the cursor is, on one line of text.

Textual's `Footer` builds a widget per key and builds them all again whenever the focus
moves (every Tab), which lays out the whole screen anew: at 1,000 steps that was most of
the time from the Tab that applies a value to the status line showing its check. This
footer is one line, written again only when the keys it shows change. It shows the keys
that fit the width whole (at 80 columns a list row's keys left "f1 he" cut), the command
palette's key always at its right end; a click on a key presses it.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widgets import Static

KEY_STYLE = "bold $footer-key-foreground"
HELP_STYLE = "$footer-description-foreground"


class KeyLine(Static):
    """The keys shown (`Key.footer`) of the focused widget, its parents and the screen."""

    def on_mount(self) -> None:
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end, key) of each shown
        self._shown: tuple = ()
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.show_keys()

    def on_resize(self) -> None:
        self.show_keys()

    def entries(self) -> list[tuple[str, str, str]]:
        """(key as shown, what it does, key) of every key to show, in Textual's order (the
        focused widget's first), one per action; the palette's last."""
        app, palette = self.app, None
        entries, actions = [], set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in actions:
                continue
            actions.add(binding.action)
            entry = (app.get_key_display(binding), binding.description, binding.key)
            if binding.key == app.COMMAND_PALETTE_BINDING:
                palette = entry
            else:
                entries.append(entry)
        palette_binding = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is None and palette_binding is not None and app.ENABLE_COMMAND_PALETTE:
            binding = palette_binding.binding
            palette = (app.get_key_display(binding), binding.description, binding.key)
        return entries + ([palette] if palette else [])

    def show_keys(self) -> None:
        """The line for the keys as they are now (written only when it changed)."""
        entries = self.entries()
        width = self.size.width
        if (entries, width) == self._shown:
            return
        self._shown = (entries, width)
        *keys, last = entries or [("", "", "")]
        room = width - _cells(last)
        chosen = []
        for entry in keys:  # those that fit whole, in order
            if _cells(entry) <= room:
                chosen.append(entry)
                room -= _cells(entry)
        parts, spans, x = [], [], 0
        for at_end, entry in [(False, e) for e in chosen] + [(True, last)]:
            if at_end and entry[0]:
                parts.append(Content(" " * room))
                x += room
            shown, said, key = entry
            if not shown:
                continue
            parts.append(Content.assemble((f" {shown} ", KEY_STYLE), (f"{said} ", HELP_STYLE)))
            spans.append((x, x + _cells(entry), key))
            x += _cells(entry)
        self._spans = spans
        self.update(Content("").join(parts), layout=False)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


def _cells(entry: tuple[str, str, str]) -> int:
    shown, said, _key = entry
    return cell_len(f" {shown} {said} ") if shown else 0
