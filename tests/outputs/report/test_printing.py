"""How a chart goes onto paper: whole when its text stays at least 6 pt on a landscape A4
page, else in overlapping parts (a poster), each printed at 6 pt or more."""

from __future__ import annotations

import pytest

from flowmap.outputs.report.printing import OVERLAP, PRINT_BOX, SMALLEST_PRINTED, print_parts


def _svg(width: float, height: float, *font_sizes: float) -> bytes:
    texts = "".join(f'<text font-size="{size:.2f}">x</text>' for size in font_sizes)
    return (
        f'<svg viewBox="0.00 0.00 {width:.2f} {height:.2f}" '
        f'xmlns="http://www.w3.org/2000/svg">{texts}</svg>'
    ).encode()


def test_a_chart_that_fits_a_page_at_6_pt_prints_whole():
    scale, parts = print_parts(_svg(1000, 400, 9, 11))  # 774 / 1000 * 9 = 7 pt
    assert parts == [] and scale == pytest.approx(0.774)


def test_a_chart_too_big_prints_in_parts_of_at_least_6_pt_that_cover_it():
    width, height = 3161.53, 2502.29  # the internal-customer map of processes/
    scale, parts = print_parts(_svg(width, height, 14, 9, 11))
    assert 9 * scale >= SMALLEST_PRINTED
    (rows,), (columns,) = {p.rows for p in parts}, {p.columns for p in parts}
    assert len(parts) == rows * columns > 1
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
