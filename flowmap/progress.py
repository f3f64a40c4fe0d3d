"""A one-line progress bar on stderr, for long batches on a terminal."""

from __future__ import annotations

import sys
from typing import TextIO

MIN_FILES = 200  # below this a batch is quick enough to need none


class Progress:
    """`done(n)` moves the bar; nothing is drawn unless `stream` is a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None, label: str = "checking") -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.count = 0
        self.label = label
        self.shown = total > MIN_FILES and self.stream.isatty()
        self._drawn = -1

    def done(self, files: int = 1) -> None:
        self.count += files
        if not self.shown:
            return
        # files that others include are read too, but were not counted in `total`
        count = min(self.count, self.total)
        percent = 100 * count // max(self.total, 1)
        if percent != self._drawn:
            self._drawn = percent
            bar = "#" * (percent * 30 // 100)
            self.stream.write(
                f"\r{self.label} {count}/{self.total} files [{bar:<30}] {percent:3d}%"
            )
            self.stream.flush()

    def drop(self, files: int = 1) -> None:
        """Take files out of the total: a folder scan's finds that turned out no maps when
        they were read (flowmap.workspace), which a scan leaves out. Drawn again at once."""
        self.total -= files
        self._drawn = -1
        self.done(0)

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 70 + "\r")
            self.stream.flush()
