"""How a chart goes onto paper: whole when its text stays at least 6 pt on a landscape A4
page, else in overlapping parts (a poster), each printed at 6 pt or more, only where
something is drawn, each node and label whole in some part."""

from __future__ import annotations

import math
import random

import pytest

from flowmap.outputs.report.printing import (
    OVERLAP,
    PRINT_BOX,
    PRINTED_TEXT,
    SMALLEST_PRINTED,
    print_parts,
)

FONT = 9.0  # the smallest text of the charts below: a part is PRINT_BOX / (6.1 / 9) units
GLYPH = 0.55 * FONT  # about how wide a glyph of DejaVu Sans is, on average
PART_WIDTH, PART_HEIGHT = (side * FONT / PRINTED_TEXT for side in PRINT_BOX)  # 1142 x 648


def _svg(width: float, height: float, *font_sizes: float) -> bytes:
    texts = "".join(f'<text font-size="{size:.2f}">x</text>' for size in font_sizes)
    return (
        f'<svg viewBox="0.00 0.00 {width:.2f} {height:.2f}" '
        f'xmlns="http://www.w3.org/2000/svg">{texts}</svg>'
    ).encode()


class Chart:
    """A chart written the way Graphviz 2.43 writes SVG: the graph's group moves its
    drawing (y upwards, so negative) into the viewBox; things are placed here in viewBox
    units and remembered, to check the parts against."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.things: list[str] = []
        self.boxes: list[tuple[str, tuple[float, float, float, float]]] = []  # whole
        self.lines: list[tuple[float, float]] = []  # points along edge lines

    def _at(self, x: float, y: float) -> str:
        return f"{x - 4:.2f},{y - (self.height - 4):.2f}"

    def _text(self, x: float, y: float, text: str, anchor: str = "middle") -> str:
        """A text with its baseline at y, remembered with about where its glyphs are."""
        width = GLYPH * len(text)
        left = x - {"start": 0, "middle": width / 2}[anchor]
        self.boxes.append((text, (left, y - FONT, left + width, y + FONT / 4)))
        return (
            f'<text text-anchor="{anchor}" x="{x - 4:.2f}" y="{y - (self.height - 4):.2f}" '
            f'font-family="DejaVu Sans" font-size="{FONT:.2f}">{text}</text>'
        )

    def node(self, x: float, y: float, label: str, frame: bool = True) -> Chart:
        """A box 90 x 40 centred on (x, y) with its label (a plaintext node: no frame)."""
        left, top, right, bottom = x - 45, y - 20, x + 45, y + 20
        corners = [(left, top), (right, top), (right, bottom), (left, bottom), (left, top)]
        points = " ".join(self._at(*corner) for corner in corners)
        shape = f'<polygon fill="#f7f7f7" stroke="black" points="{points}"/>' if frame else ""
        text = self._text(x, y + 3, label)
        if frame:
            self.boxes.append((label, (left, top, right, bottom)))
        self.things.append(f'<g class="node"><title>{label}</title>{shape}{text}</g>')
        return self

    def edge(self, *points: tuple[float, float], label: str = "") -> Chart:
        """A line through `points` (cubic segments with their control points on the line)."""
        d = f"M{self._at(*points[0])}C"
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            thirds = [(x0 + (x1 - x0) * k / 3, y0 + (y1 - y0) * k / 3) for k in (1, 2, 3)]
            d += " ".join(self._at(*p) for p in thirds) + " "
            steps = math.ceil(math.dist((x0, y0), (x1, y1)) / 4)  # a point every 4 units
            self.lines += [
                (x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps) for k in range(steps + 1)
            ]
        text = self._text(*points[len(points) // 2], label) if label else ""
        self.things.append(f'<g class="edge"><title>e</title><path d="{d.strip()}"/>{text}</g>')
        return self

    def cluster(self, left: float, top: float, right: float, bottom: float, title="") -> Chart:
        """A cluster's frame, with its title at its top left if it has one."""
        corners = [(left, top), (right, top), (right, bottom), (left, bottom), (left, top)]
        points = " ".join(self._at(*corner) for corner in corners)
        text = self._text(left + 8, top + 14, title, "start") if title else ""
        self.things.append(
            f'<g class="cluster"><title>c</title>'
            f'<polygon fill="#f0f0f0" stroke="#bbbbbb" points="{points}"/>{text}</g>'
        )
        return self

    def svg(self) -> bytes:
        w, h = self.width, self.height
        background = f"-4,4 -4,{-h + 4:.2f} {w - 4:.2f},{-h + 4:.2f} {w - 4:.2f},4 -4,4"
        return (
            f'<svg width="{w:.0f}pt" height="{h:.0f}pt" viewBox="0.00 0.00 {w:.2f} {h:.2f}" '
            f'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
            f'<g id="graph0" class="graph" transform="scale(1 1) rotate(0) '
            f'translate(4 {h - 4:.2f})">\n<title>flowmap</title>\n'
            f'<polygon fill="white" stroke="transparent" points="{background}"/>\n'
            + "\n".join(self.things)
            + "\n</g>\n</svg>\n"
        ).encode()

    def parts(self):
        scale, parts = print_parts(self.svg())
        assert FONT * scale >= SMALLEST_PRINTED
        return parts


def _holds(part, left, top, right, bottom) -> bool:
    return (
        part.x <= left
        and part.y <= top
        and right <= part.x + part.width
        and bottom <= part.y + part.height
    )


def _shows_everything(chart: Chart, parts) -> None:
    """Every node and label whole in some part, every point of every line in some part,
    and nothing else printed: every part shows something."""
    for name, box in chart.boxes:
        assert any(_holds(part, *box) for part in parts), name
    for x, y in chart.lines:
        assert any(_holds(part, x, y, x, y) for part in parts), (x, y)
    for part in parts:
        shows = [name for name, (a, b, c, d) in chart.boxes if _overlaps(part, a, b, c, d)]
        shows += [point for point in chart.lines if _holds(part, *point, *point)]
        assert shows, part


def _overlaps(part, left, top, right, bottom) -> bool:
    return (
        left < part.x + part.width
        and part.x < right
        and top < part.y + part.height
        and part.y < bottom
    )


def test_a_chart_that_fits_a_page_at_6_pt_prints_whole():
    scale, parts = print_parts(_svg(1000, 400, 9, 11))  # 774 / 1000 * 9 = 7 pt
    assert parts == [] and scale == pytest.approx(0.774)


def test_a_chart_that_is_not_graphviz_svg_prints_in_an_even_grid_over_all_of_it():
    width, height = 3161.53, 2502.29  # the internal-customer map of processes/
    scale, parts = print_parts(_svg(width, height, 14, 9, 11))
    assert 9 * scale >= SMALLEST_PRINTED
    (rows,), (columns,) = {p.rows for p in parts}, {p.columns for p in parts}
    assert len(parts) == rows * columns == parts[0].grid > 1
    assert [(p.row, p.column) for p in parts][:2] == [(1, 1), (1, 2)]
    for part in parts:  # each fits the page at that scale
        printed_width, printed_height = part.printed_size(scale)
        assert printed_width <= PRINT_BOX[0] + 0.01 and printed_height <= PRINT_BOX[1] + 0.01
    assert min(p.x for p in parts) == 0 and min(p.y for p in parts) == 0
    assert max(p.x + p.width for p in parts) == pytest.approx(width)
    assert max(p.y + p.height for p in parts) == pytest.approx(height)
    first, second = parts[0], parts[1]
    assert first.x + first.width - second.x == pytest.approx(OVERLAP)  # neighbours overlap


def test_the_smallest_text_decides_and_no_text_no_parts():
    _, by_small = print_parts(_svg(1500, 400, 6))
    _, by_large = print_parts(_svg(1500, 400, 14))
    assert len(by_small) > len(by_large) == 0
    assert print_parts(_svg(5000, 5000)) == (1.0, [])


def test_a_part_with_nothing_drawn_in_it_is_not_printed():
    """Two nodes far apart on a wide chart: an even grid takes three parts, the middle
    one showing only the graph's white background; two parts print."""
    chart = Chart(3000, 500).node(100, 250, "left").node(2900, 250, "right")
    parts = chart.parts()
    assert parts[0].grid == 3 and len(parts) == 2
    assert [(p.row, p.rows, p.column, p.columns) for p in parts] == [(1, 1, 1, 2), (1, 1, 2, 2)]
    _shows_everything(chart, parts)


def test_every_part_prints_page_sized_at_6_pt():
    chart = Chart(3000, 500).node(100, 250, "left").node(2900, 250, "right")
    scale, parts = print_parts(chart.svg())
    for part in parts:
        assert part.printed_size(scale) == pytest.approx(PRINT_BOX)
        assert (part.width, part.height) == pytest.approx((PART_WIDTH, PART_HEIGHT))


def test_a_cluster_frame_alone_is_no_reason_to_print_a_part_but_its_title_is():
    chart = Chart(3000, 500).node(100, 250, "left").node(2900, 250, "right")
    framed = chart.cluster(1200, 100, 1800, 400)
    assert len(framed.parts()) == 2
    titled = Chart(3000, 500).node(100, 250, "left").node(2900, 250, "right")
    titled.cluster(1200, 100, 1800, 400, title="Assembly")
    parts = titled.parts()
    assert len(parts) == 3
    _shows_everything(titled, parts)


def test_a_part_with_only_a_node_s_text_is_printed():
    chart = Chart(3000, 500).node(100, 250, "left").node(2900, 250, "right")
    chart.node(1500, 250, "note", frame=False)  # a plaintext node: its text alone
    parts = chart.parts()
    assert len(parts) == 3
    _shows_everything(chart, parts)


def test_a_part_with_only_an_edge_line_is_printed():
    chart = Chart(3000, 500).node(100, 250, "left").node(2900, 250, "right")
    chart.edge((145, 250), (1500, 450), (2855, 250))
    parts = chart.parts()
    assert len(parts) == 3
    _shows_everything(chart, parts)


def test_rows_with_nothing_drawn_are_not_printed():
    chart = Chart(600, 3000).node(300, 100, "top").node(300, 2900, "bottom")
    parts = chart.parts()
    assert len(parts) == 2 and [p.row for p in parts] == [1, 2] and parts[0].grid == 5
    _shows_everything(chart, parts)


def test_a_node_or_label_where_parts_meet_is_whole_in_one_of_them():
    """Nodes side by side across a chart wider than a part: wherever a part ends, the
    node it cuts is whole in the next one."""
    chart = Chart(3000, 500)
    for x in range(60, 2950, 100):
        chart.node(x, 250, f"n{x}")
    chart.edge((60, 320), (1500, 420), (2940, 320), label="a long edge")
    _shows_everything(chart, chart.parts())


@pytest.mark.parametrize("seed", range(12))
def test_a_scattered_chart_prints_everything_drawn_in_no_more_parts_than_a_grid(seed):
    rng = random.Random(seed)
    chart = Chart(rng.uniform(1500, 4000), rng.uniform(800, 3000))
    places = [
        (rng.uniform(50, chart.width - 50), rng.uniform(30, chart.height - 30)) for _ in range(12)
    ]
    for number, place in enumerate(places):
        chart.node(*place, f"n{number}")
    for _ in range(6):
        a, b = rng.sample(places, 2)
        middle = (rng.uniform(50, chart.width - 50), rng.uniform(30, chart.height - 30))
        chart.edge(a, middle, b, label=rng.choice(["", "parts", "orders"]))
    parts = chart.parts()
    _shows_everything(chart, parts)
    assert len(parts) <= parts[0].grid + 2  # keeping things whole may cost a part a row


@pytest.mark.parametrize(
    "damage",
    [
        lambda svg: svg.replace(b"rotate(0)", b"rotate(90)"),  # a graph Graphviz turned
        lambda svg: svg.replace(b"scale(1 1)", b"scale(-1 1)"),
        lambda svg: svg.replace(b' y="', b' y="y'),  # a number that is not one
        lambda svg: svg.replace(b"</g>\n</svg>", b"</svg>"),  # not XML
    ],
)
def test_a_drawing_that_cannot_be_read_prints_in_the_even_grid(damage):
    chart = Chart(3000, 500).node(100, 250, "left").node(2900, 250, "right")
    chart.edge((145, 250), (1500, 250), (2855, 250), label="orders")
    assert print_parts(chart.svg())[1][0].x > 0  # read: it starts where the drawing does
    _, parts = print_parts(damage(chart.svg()))
    assert len(parts) == parts[0].grid == 3
    assert parts[0].x == 0 and max(p.x + p.width for p in parts) == pytest.approx(3000)


def test_a_chart_whose_text_is_tiny_prints_in_many_small_parts_and_no_loop():
    """A part narrower than the overlap (text of 0.2 pt: a part is 25 units wide)."""
    chart = Chart(600, 100).node(100, 50, "left").node(500, 50, "right")
    scale, parts = print_parts(chart.svg().replace(b'font-size="9.00"', b'font-size="0.20"'))
    assert 0.2 * scale >= SMALLEST_PRINTED
    assert 10 < len(parts) < 600 / (parts[0].width / 2) * (100 / (parts[0].height / 2))
