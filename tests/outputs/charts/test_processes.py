"""The example maps in processes/ draw in every view: what `make run` writes to out/."""

from __future__ import annotations

from flowmap.outputs.charts import build_chart, run_dot, to_dot
from tests.conftest import PROCESSES
from tests.outputs.charts.conftest import load
from tests.outputs.charts.test_safe_dot import assert_inert_svg


def test_every_view_of_the_example_maps_renders():
    assert list(PROCESSES.glob("*.yaml")), "processes/ holds no example maps yet"
    loaded = load(PROCESSES)
    charts = [("process", process) for process in loaded.org.processes]
    charts += [("org", None), ("functions", None), ("customers", None)]
    charts += [("around", unit) for unit in list(loaded.org.units)[:3]]
    for view, node_id in charts:
        chart = build_chart(loaded.org, loaded.graph, loaded.findings, view, node_id)
        root = assert_inert_svg(run_dot(to_dot(chart), "svg"))
        assert len(list(root.iter("{http://www.w3.org/2000/svg}g"))) > 3, (view, node_id)
