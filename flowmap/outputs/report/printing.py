"""How a chart goes onto paper: whole on a landscape A4 page when its text stays at least
6 pt there, else in parts (tiles), each printed at 6 pt or more on a page of its own, the
way a poster is printed.

A part is a window onto the chart (an SVG `viewBox`) that shows the page's own inline
copy of the chart (`<use>`), so the parts cost a few bytes each, not a copy of the chart.

The parts follow what is drawn, not the whole canvas, so that a sparse chart does not
print blank pages: rows of page-sized windows cover the drawing from its top, and each
row's windows cover what is drawn in that row from its left, skipping stretches where
nothing is. A window ends where a node or a label would be cut, and the next one starts
at that node or label, so each is whole in some part; edge lines, which may be cut,
continue with an overlap of `OVERLAP` between neighbours. When the drawing cannot be read
(not Graphviz's plain SVG) the chart prints as an even grid over the whole canvas.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from itertools import pairwise

# What a landscape A4 page leaves a chart, in points (273 x 155 mm): the page's 180 mm less
# room for its caption and one heading above it (report.css: figure svg max-height).
PRINT_BOX = (774.0, 439.0)
SMALLEST_PRINTED = 6.0  # points
# A little over 6 pt, so that rounding in the browser never takes it below.
PRINTED_TEXT = 6.1
OVERLAP = 36.0  # chart units (points at full size): about two lines of text


@dataclass(frozen=True)
class Part:
    """One printed part of a chart: its window onto the chart, in the chart's units, and
    where it sits: row `row` of `rows`, and in that row column `column` of `columns`
    (from 1). `grid` is how many parts an even grid over the whole canvas would take."""

    x: float
    y: float
    width: float
    height: float
    row: int
    column: int
    rows: int
    columns: int
    grid: int = 0

    @property
    def view_box(self) -> str:
        return f"{self.x:.2f} {self.y:.2f} {self.width:.2f} {self.height:.2f}"

    def printed_size(self, scale: float) -> tuple[float, float]:
        return self.width * scale, self.height * scale


# The smallest text a chart shows on screen, in CSS pixels: a chart narrower than the page
# shrinks to fit it only down to this (then the figure scrolls sideways).
SMALLEST_ON_SCREEN = 10.0


def screen_min_width(svg: bytes) -> int:
    """The narrowest a chart may be shown, in CSS pixels, with its smallest text still
    SMALLEST_ON_SCREEN pixels high (0: any width). The chart's units are points, and so
    are its font sizes: the ratio is the same at any scale."""
    size = _size(svg)
    smallest = _smallest_font(svg)
    if size is None or not smallest:
        return 0
    # 1% more: the browser's own rounding of the chart's width and its viewBox
    return math.ceil(size[0] * SMALLEST_ON_SCREEN / smallest * 1.01)


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
    box = (PRINT_BOX[0] / scale, PRINT_BOX[1] / scale)
    grid = _even_grid(width, height, box)
    try:
        drawing = _drawing(svg)
    except ValueError:  # a number that is not one: not Graphviz's own SVG
        drawing = None
    if drawing is None:
        return scale, grid
    return scale, _fitted(drawing, box, len(grid))


def _even_grid(width: float, height: float, box: tuple[float, float]) -> list[Part]:
    """Parts in an even grid over the whole canvas: each `step` apart, each `OVERLAP`
    wider than its step (but the last)."""
    columns = _count(width, box[0])
    rows = _count(height, box[1])
    step_x = (width - OVERLAP) / columns
    step_y = (height - OVERLAP) / rows
    return [
        Part(
            column * step_x,
            row * step_y,
            step_x + OVERLAP,
            step_y + OVERLAP,
            row + 1,
            column + 1,
            rows,
            columns,
            rows * columns,
        )
        for row in range(rows)
        for column in range(columns)
    ]


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


# A box on the chart: left, top, right, bottom.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Drawing:
    """What Graphviz drew, in its own units: `items` that must each print whole in some
    part (a node, a label or title, an arrowhead) and `strokes`, the boxes of short pieces
    of edge lines, which may be cut between parts. A point (x, y) is at
    (scale_x (x + move_x), scale_y (y + move_y)) in the viewBox."""

    items: list[Box]
    strokes: list[Box]
    scale: tuple[float, float]
    move: tuple[float, float]


_SVG = "{http://www.w3.org/2000/svg}"
_TEXT, _PATH, _POLYGON, _POLYLINE, _ELLIPSE = (
    _SVG + tag for tag in ("text", "path", "polygon", "polyline", "ellipse")
)
# How Graphviz places the graph in the viewBox (rotated graphs are not read).
_PLACED = re.compile(r"scale\(([-\d.]+) ([-\d.]+)\) rotate\(0\) translate\(([-\d.]+) ([-\d.]+)\)")
# What separates the numbers of `points` and of a path's `d` as Graphviz writes them (moves,
# absolute cubic Béziers and lines); any other path command fails to read as a number.
_SEPARATORS = str.maketrans("MCL,", "    ")
_ANCHORED = {"start": 0.0, "middle": 0.5, "end": 1.0}  # how much of a text is left of x
_WIDE = re.compile("[\u2e80-\U0010ffff]")  # CJK and other glyphs a whole em wide
# viewBox units around everything drawn: half a line's width, and the outlines of shapes
_PAD = 2.0
_PIECE = 64.0  # the longest straight piece an edge line is read in (Graphviz's units)


def _drawing(svg: bytes) -> _Drawing | None:
    """What is drawn where, read from Graphviz's SVG; None when it is not laid out as
    Graphviz lays it out. The background polygon of the graph and the frames of clusters
    are not drawn things; their titles are."""
    try:
        root = ElementTree.fromstring(svg)  # expat fetches no DTD and expands no entity
    except ElementTree.ParseError:
        return None
    graph = root.find(_SVG + "g")
    placed = _PLACED.fullmatch(graph.get("transform", "")) if graph is not None else None
    if placed is None:
        return None
    scale_x, scale_y, move_x, move_y = map(float, placed.groups())
    if scale_x <= 0 or scale_y <= 0:
        return None
    items: list[Box] = []
    strokes: list[Box] = []
    for element in graph:
        kind = element.get("class")
        if element.tag == _TEXT:  # the graph's title
            items.append(_text_box(element))
        elif kind == "node":  # its shape, which Graphviz makes hold its label, or its label
            shapes = _shapes(element, (_POLYGON, _POLYLINE, _PATH, _ELLIPSE))
            texts = shapes or [_text_box(text) for text in element.iter(_TEXT)]
            if texts:
                items.append(_union(texts))
        elif kind == "edge":  # its line, its arrowheads, its labels
            for path in element.iter(_PATH):
                strokes += _line(_numbers(path.get("d", "")))
            items += _shapes(element, (_POLYGON, _POLYLINE, _ELLIPSE))
            items += [_text_box(text) for text in element.iter(_TEXT)]
        elif kind == "cluster":  # its title, not its frame
            items += [_text_box(text) for text in element.iter(_TEXT)]
    if not items and not strokes:
        return None
    return _Drawing(items, strokes, (scale_x, scale_y), (move_x, move_y))


def _shapes(group: ElementTree.Element, tags: tuple[str, ...]) -> list[Box]:
    """The boxes around the shapes of these kinds in a group."""
    boxes = []
    for tag in tags:
        for shape in group.iter(tag):
            if tag == _ELLIPSE:
                x, y, rx, ry = (float(shape.get(name, 0)) for name in ("cx", "cy", "rx", "ry"))
                boxes.append((x - rx, y - ry, x + rx, y + ry))
                continue
            numbers = _numbers(shape.get("points") or shape.get("d", ""))
            if len(numbers) >= 2:
                boxes.append(_around(numbers))
    return boxes


def _text_box(text: ElementTree.Element) -> Box:
    """Where a text is, allowing for the widest glyphs: CJK ones are a whole em wide."""
    size = float(text.get("font-size", 14))
    x, y = float(text.get("x", 0)), float(text.get("y", 0))
    content = "".join(text.itertext())
    wide = 0 if content.isascii() else len(_WIDE.findall(content))
    width = size * (0.6 * len(content) + 0.4 * wide)
    left = x - _ANCHORED.get(text.get("text-anchor", "start"), 0.0) * width
    # CJK fonts reach about 1.16 em above the baseline and 0.29 below
    return left, y - 1.2 * size, left + width, y + 0.35 * size


def _numbers(text: str) -> list[float]:
    """The numbers of a `points` or a path's `d` (ValueError: one is not a number)."""
    return list(map(float, text.translate(_SEPARATORS).split()))


def _around(numbers: list[float]) -> Box:
    """The box around points given as x, y, x, y ..."""
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _line(numbers: list[float]) -> list[Box]:
    """The boxes around short straight pieces of an edge's path (Graphviz writes a start
    point then cubic Bézier segments; anything else is read as a polyline). A piece is at
    most about `_PIECE` long, so its box holds little that is not the line."""
    points = list(zip(numbers[0::2], numbers[1::2], strict=False))
    if len(points) % 3 != 1:
        return [_around([*p, *q]) for p, q in pairwise(points)]
    boxes = []
    for i in range(1, len(points), 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i - 1 : i + 3]
        hull = math.dist((x0, y0), (x1, y1)) + math.dist((x1, y1), (x2, y2))
        pieces = math.ceil((hull + math.dist((x2, y2), (x3, y3))) / _PIECE) or 1
        last_x, last_y = x0, y0
        for k in range(1, pieces + 1):
            t = k / pieces
            u = 1 - t
            a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            x = a * x0 + b * x1 + c * x2 + d * x3
            y = a * y0 + b * y1 + c * y2 + d * y3
            boxes.append(
                (
                    x if x < last_x else last_x,
                    y if y < last_y else last_y,
                    last_x if x < last_x else x,
                    last_y if y < last_y else y,
                )
            )
            last_x, last_y = x, y
    return boxes


def _fitted(drawing: _Drawing, box: tuple[float, float], grid: int) -> list[Part]:
    """Page-sized parts in rows that cover the drawing, each row's parts covering what is
    drawn in that row."""
    (scale_x, scale_y), (move_x, move_y) = drawing.scale, drawing.move
    width, height = box[0] / scale_x, box[1] / scale_y  # in Graphviz's units
    pad_x, pad_y = _PAD / scale_x, _PAD / scale_y
    spans = [(top - pad_y, bottom + pad_y, True) for _, top, _, bottom in drawing.items]
    spans += _merged((top - pad_y, bottom + pad_y) for _, top, _, bottom in drawing.strokes)
    rows = []
    for top in _windows(spans, height):
        bottom = top + height
        across = [
            (left - pad_x, right + pad_x, True)
            for left, t, right, b in drawing.items
            if t - pad_y < bottom and b + pad_y > top
        ]
        across += _merged(
            (left - pad_x, right + pad_x)
            for left, t, right, b in drawing.strokes
            if t - pad_y < bottom and b + pad_y > top
        )
        rows.append((scale_y * (top + move_y), _windows(across, width)))
    return [
        Part(scale_x * (left + move_x), top, *box, row, column, len(rows), len(lefts), grid)
        for row, (top, lefts) in enumerate(rows, start=1)
        for column, left in enumerate(lefts, start=1)
    ]


def _merged(spans) -> list[tuple[float, float, bool]]:
    """Spans of lines (which may be cut anywhere) as the few stretches they cover together:
    the same for where windows go, and far fewer to look at."""
    merged: list[tuple[float, float, bool]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high, False)
        else:
            merged.append((low, high, False))
    return merged


def _windows(spans: list[tuple[float, float, bool]], length: float) -> list[float]:
    """Where windows of `length` start along a line so that together they hold every
    span (from, to, whole): a whole span (a node, a label) not longer than a window is
    whole in one; neighbouring windows overlap by `OVERLAP`, or more where that keeps a
    span whole, or less where nothing lies in the overlap."""
    overlap = min(OVERLAP, length / 2)  # each window starts past the last one's start
    start = min((low for low, _, _ in spans), default=0.0)
    starts = []
    while spans:
        starts.append(start)
        end = start + length
        beyond = [(low, whole) for low, high, whole in spans if high > end]
        if not beyond:
            break
        # the next window starts at the first thing this one cuts, or `overlap` before its
        # end, or, if nothing is drawn there, at the next thing drawn
        cut = [low for low, whole in beyond if whole and start < low < end]
        start = max(min([end - overlap, *cut]), min(low for low, _ in beyond))
    return starts
