"""How a chart goes onto paper: whole on a landscape A4 page when its text stays at least
6 pt there, else in parts (tiles), each printed at 6 pt or more on a page of its own, the
way a poster is printed.

A part is a window onto the chart (an SVG `viewBox`) that shows the page's own inline
copy of the chart (`<use>`), so the parts cost a few bytes each, not a copy of the chart.
Neighbouring parts overlap by `OVERLAP` so that a label cut at one edge is whole in the
next part.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# What a landscape A4 page leaves a chart, in points (273 x 155 mm).
PRINT_BOX = (774.0, 439.0)
SMALLEST_PRINTED = 6.0  # points
# A little over 6 pt, so that rounding in the browser never takes it below.
PRINTED_TEXT = 6.1
OVERLAP = 36.0  # chart units (points at full size): about two lines of text


@dataclass(frozen=True)
class Part:
    """One printed part of a chart: its window onto the chart, in the chart's units, and
    where it sits (row and column, from 1) among `rows` x `columns` parts."""

    x: float
    y: float
    width: float
    height: float
    row: int
    column: int
    rows: int
    columns: int

    @property
    def view_box(self) -> str:
        return f"{self.x:.2f} {self.y:.2f} {self.width:.2f} {self.height:.2f}"

    def printed_size(self, scale: float) -> tuple[float, float]:
        return self.width * scale, self.height * scale


def printed_scale(width: float, height: float) -> float:
    """How much printing shrinks a chart of this size to fit a landscape page (1: not)."""
    return min(1.0, PRINT_BOX[0] / max(width, 1.0), PRINT_BOX[1] / max(height, 1.0))


def print_parts(svg: bytes) -> tuple[float, list[Part]]:
    """The scale (printed points per chart unit) and the parts a chart prints in: none when
    it fits a page whole with its smallest text at 6 pt or more."""
    size = _size(svg)
    smallest = _smallest_font(svg)
    if size is None or smallest is None:
        return 1.0, []
    width, height = size
    if printed_scale(width, height) * smallest >= SMALLEST_PRINTED:
        return printed_scale(width, height), []
    scale = PRINTED_TEXT / smallest
    box_width, box_height = PRINT_BOX[0] / scale, PRINT_BOX[1] / scale
    columns = _count(width, box_width)
    rows = _count(height, box_height)
    # even parts: each `step` apart, each `OVERLAP` wider than its step (but the last)
    step_x = (width - OVERLAP) / columns
    step_y = (height - OVERLAP) / rows
    parts = [
        Part(
            column * step_x,
            row * step_y,
            step_x + OVERLAP,
            step_y + OVERLAP,
            row + 1,
            column + 1,
            rows,
            columns,
        )
        for row in range(rows)
        for column in range(columns)
    ]
    return scale, parts


def _count(length: float, box: float) -> int:
    """How many overlapping parts of at most `box` cover `length`."""
    if length <= box:
        return 1
    return math.ceil((length - OVERLAP) / (box - OVERLAP))


_VIEW_BOX = re.compile(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
_FONT_SIZE = re.compile(rb'font-size="([\d.]+)"')


def _size(svg: bytes) -> tuple[float, float] | None:
    found = _VIEW_BOX.search(svg[:2000])
    return (float(found[1]), float(found[2])) if found else None


def _smallest_font(svg: bytes) -> float | None:
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    return min(sizes) if sizes else None
