"""The editor's messages ("saved …", "not applied: …"): a line of their own above the status
line, newest first, each gone when its time is up. Toasts would be drawn over the findings
panel, which at 80×24 has no row to spare."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

STYLES = {"error": "bold $text-error", "warning": "$text-warning", "information": ""}


class Messages(Static):
    """The live messages; hidden when there is none."""

    def on_mount(self) -> None:
        self._live: list[tuple[int, Content]] = []
        self._count = 0
        self._shown: int | None = 0  # the lines the messages took when last shown
        self.display = False

    def add(self, message: Content, severity: str, timeout: float) -> None:
        self._count += 1
        number = self._count
        style = STYLES.get(severity, "")
        # the same message again (Enter, then leaving the field) is shown once, anew
        self._live = [(n, shown) for n, shown in self._live if shown.plain != message.plain]
        self._live.insert(0, (number, message.stylize(style) if style else message))
        self.set_timer(timeout, lambda: self._expire(number))
        self._show()

    def clear(self) -> None:
        self._live.clear()
        self._show()

    def _expire(self, number: int) -> None:
        self._live = [(n, message) for n, message in self._live if n != number]
        self._show()

    def _show(self) -> None:
        self.display = bool(self._live)
        # a layout of the screen only when the line's height may change: undo held down
        # says "undone: …" at each press, each one line as the one before
        height = self._height()
        text = Content("\n").join(message for _, message in self._live)
        self.update(text, layout=height is None or height != self._shown)
        self._shown = height

    def _height(self) -> int | None:
        """The lines the messages take when each fits on a line (None: one may wrap)."""
        width = self.content_region.width
        if any(message.cell_length > width for _, message in self._live):
            return None
        return len(self._live)
