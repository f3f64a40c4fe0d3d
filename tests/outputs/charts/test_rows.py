"""A long process wraps into rows, decided in one place (`charts.rows`): `flowmap render`
stacks the rows in one picture whose text stays at least 8 px when it is shown 1,400 px
wide, the report shows a row a figure; either way the legend is drawn once."""

from __future__ import annotations

import re
import struct
from types import SimpleNamespace

from flowmap.outputs.charts import build_process_rows, process_rows
from tests.outputs.charts.conftest import FIXTURES, draw, load, read_chart
from tests.outputs.charts.test_views import ORDER
from tests.rules.test_cases import CASES

WINDOW_PX, SMALLEST_PX = 1400, 8


def _steps(*operations: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(operations=[None] * count) for count in operations]


def test_rows_are_as_few_and_as_even_as_three_columns_allow():
    assert process_rows(_steps(*[0] * 10)) == [(0, 2), (2, 5), (5, 7), (7, 10)]
    assert process_rows(_steps(0, 0, 0)) == [(0, 3)]
    assert process_rows(_steps(0, 4, 0)) == [(0, 1), (1, 2), (2, 3)]  # four operations: wide
    assert process_rows([]) == []


def long_chain(steps: int) -> str:
    """A clean process of `steps` internal steps between the customer's two."""
    lines = [
        "flowmap: 1",
        "include: [_org.yaml]",
        "processes:",
        "  - id: order",
        "    customer: customer",
        "    steps:",
        "      - {id: place, by: customer, delivers: [item 0]}",
    ]
    for number in range(1, steps + 1):
        lines += [
            f"      - id: s{number}",
            "        by: worker",
            "        recheck: [Checked]",
            "        assure: [Assured]",
            f"        delivers: [item {number}]",
            "        lead_time: 1d",
            f"        needs: [{{item: item {number - 1}, requires: [Complete], due: 2d}}]",
        ]
    lines.append(f"      - {{id: receive, by: customer, needs: [{{item: item {steps}, due: 3d}}]}}")
    return "\n".join(lines) + "\n"


def _long_project(project, steps: int):
    project.write("_org.yaml", (CASES / "_org.yaml").read_text(encoding="utf-8"))
    return project.write("chain.yaml", long_chain(steps))


def _edge_y(svg: str, tooltip: str) -> float:
    """Where (the y of its start, growing downwards) the edge with `tooltip` is drawn."""
    found = re.search(
        re.escape(f'xlink:title="{tooltip}"') + r'.*?<path[^>]* d="M[-\d.]+,([-\d.]+)', svg, re.S
    )
    assert found, tooltip
    return float(found[1])


def test_render_stacks_a_long_process_in_rows_readable_in_a_1400_px_window(cli, tmp_path):
    out = tmp_path / "process.svg"
    assert (
        cli("render", str(FIXTURES), "--view", "process", "--id", ORDER, "-o", str(out)).code == 0
    )
    svg = out.read_text(encoding="utf-8")
    width = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', svg)[1])
    smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))
    assert smallest * WINDOW_PX / width >= SMALLEST_PX, (smallest, width)
    assert svg.count(">Legend<") == 1
    assert "(order&#45;to&#45;delivery, 11 steps in 5 rows)" in svg
    # the first row on top, the last at the foot (y grows downwards)
    first = _edge_y(svg, "place&#45;order → accept&#45;order")
    second = _edge_y(svg, "schedule → buy&#45;material")
    last = _edge_y(svg, "ship → receive&#45;goods")
    assert first < second < last


def test_render_of_a_200_step_process_is_a_picture_of_rows_not_a_32767_px_strip(
    cli, project, tmp_path
):
    chain = _long_project(project, 200)
    out = tmp_path / "long.png"
    result = cli("render", str(chain), "--view", "process", "--id", "order", "-o", str(out))
    assert result.code == 0, result.err
    width, height = struct.unpack(">II", out.read_bytes()[16:24])
    assert width <= 1600 and height > 5 * width, (width, height)


def test_a_short_process_is_one_row_as_before(project):
    drawn = draw(load(_long_project(project, 1)), "process", "order", wrap=True)
    assert "(order)" in drawn.graph_attrs["label"]
    assert [n for n in drawn.nodes.values() if n.attrs.get("style") == '"dashed"'] == []


def test_stacked_rows_draw_each_step_once_and_a_stub_where_a_handoff_leaves_its_row(plant):
    drawn = draw(plant, "process", ORDER, wrap=True)
    labelled = [n for n in drawn.nodes.values() if n.lines]
    stubs = [n for n in labelled if n.attrs.get("style") == '"dashed"']
    firsts = [n.lines[0] for n in labelled if n not in stubs] + [
        cluster[-1][0] for cluster in (n.clusters for n in labelled) if len(cluster) > 2
    ]
    for step in plant.org.processes[ORDER].steps:
        assert step.name.split()[0] in " ".join(firsts), step.id
    assert stubs and all(re.fullmatch(r"\(in step \d+ of 11\)", s.lines[-1]) for s in stubs)
    assert list(drawn.nodes).count("legend") == 1


def test_report_rows_carry_one_legend_telling_what_every_row_draws(project):
    loaded = load(_long_project(project, 7))  # 9 steps: three rows
    charts = [read_chart(chart) for chart in build_process_rows(loaded.org, [], "order")]
    assert len(charts) == 3
    assert ["legend" in chart.nodes for chart in charts] == [True, False, False]
    legend = charts[0].nodes["legend"].attrs["label"]
    assert "step of another row or process" in legend
    assert "0 findings on this chart" in legend


def test_the_one_legend_counts_the_findings_of_every_row(project):
    chain = long_chain(7).replace(
        "id: s7\n        by: worker\n        recheck: [Checked]\n        assure: [Assured]\n",
        "id: s7\n        by: worker\n        recheck: [Checked]\n",
    )
    project.write("_org.yaml", (CASES / "_org.yaml").read_text(encoding="utf-8"))
    loaded = load(project.write("chain.yaml", chain))
    # (the clerk of the shared organisation does no step in this chain: not on this chart)
    assert [f.rule for f in loaded.findings if f.rule != "inside-outside-line"] == ["assure-own"]
    first, _, last = [
        read_chart(row) for row in build_process_rows(loaded.org, loaded.findings, "order")
    ]
    assert "assure-own" in last.node("s7").lines[-1]  # drawn on the last row
    assert "1 finding on this chart" in first.nodes["legend"].attrs["label"]
