"""Chinese names render: the chart asks for a CJK font and the PNG shows real glyphs."""

from __future__ import annotations

import pytest

from flowmap.outputs.charts import build_chart, run_dot, style, to_dot
from tests.outputs.charts.conftest import ink, load, png_pixels

pytestmark = pytest.mark.slow
MAP = """\
flowmap: 1
title: 订单到交付
customers:
  - {{id: customer, name: 客户}}
units:
  - {{id: sales, name: 市场部}}
  - {{id: planning, name: 计划部}}
roles:
  - {{id: clerk, name: 订单员, unit: sales, rank: 2}}
  - {{id: planner, name: 计划员, unit: planning, rank: 2}}
processes:
  - id: order
    name: 订单到交付
    customer: customer
    steps:
      - {{id: place, name: 客户下订单, by: customer, delivers: [采购订单]}}
      - id: accept
        name: {accept}
        by: clerk
        recheck: [订单信息完整]
        assure: [当天录入]
        delivers: [销售订单]
        needs: [{{item: 采购订单, requires: [买方签字], due: 1d}}]
      - {{id: receive, name: 客户收货, by: customer}}
"""

LOADING = ("syntax", "schema", "duplicate-id", "unknown-reference")


def _png(project, accept: str) -> bytes:
    path = project.write(f"{accept}.yaml", MAP.format(accept=accept))
    loaded = load(path)
    # it loads: the rules' findings about the small map's completeness do not matter here
    assert not [f for f in loaded.findings if f.rule in LOADING]
    chart = build_chart(loaded.org, loaded.graph, [], "process", "order")
    return run_dot(to_dot(chart), "png")


def test_cjk_map_renders_to_a_png_that_is_not_blank(project):
    data = _png(project, "市场部接受订单")
    width, height, _ = png_pixels(data)
    assert width > 300 and height > 100
    assert ink(data) > 2000  # boxes, lines and glyphs; a blank chart has none


def test_cjk_glyphs_are_drawn_not_boxes(project):
    # Two names of the same length: missing glyphs would be drawn as identical boxes.
    first, second = _png(project, "市场部接受订单"), _png(project, "销售员确认订货")
    assert png_pixels(first)[:2] == png_pixels(second)[:2]
    assert png_pixels(first)[2] != png_pixels(second)[2]


def test_charts_ask_for_a_cjk_font_first(project):
    loaded = load(project.write("cjk.yaml", MAP.format(accept="接受订单")))
    svg = run_dot(to_dot(build_chart(loaded.org, loaded.graph, [], "org")), "svg").decode()
    assert style.FONT.startswith("Noto Sans CJK SC,")
    assert f'font-family="{style.FONT}"' in svg
    assert "订单员" in svg and "市场部" in svg
