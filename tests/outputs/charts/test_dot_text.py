"""`to_dot` writes the text pydot's `to_string` writes, byte for byte (`charts.dot_text`):
for every view of the reference plant, of a map of hostile names, for the report's rows and
summaries, and for graphs that use what charts do not (then pydot writes it)."""

from __future__ import annotations

import pydot
import pytest

from flowmap.outputs.charts import VIEWS, build_chart, build_process_rows, style, to_dot
from flowmap.outputs.charts.summary_view import summary_chart
from tests.outputs.charts.conftest import FIXTURES, load
from tests.outputs.charts.test_safe_dot import _hostile_map

IDS = {"process": "order-to-delivery", "around": "planning"}
HOSTILE_IDS = {"process": "digraph", "around": "strict"}


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_of_the_plant_is_written_as_pydot_writes_it(view):
    loaded = load(FIXTURES)
    chart = build_chart(loaded.org, loaded.graph, loaded.findings, view, IDS.get(view))
    assert to_dot(chart) == chart.to_string()


def test_hostile_names_are_written_as_pydot_writes_them(project):
    loaded = load(_hostile_map(project))
    for view in VIEWS:
        chart = build_chart(loaded.org, loaded.graph, loaded.findings, view, HOSTILE_IDS.get(view))
        assert to_dot(chart) == chart.to_string(), view
    for row in build_process_rows(loaded.org, loaded.findings, "digraph"):
        assert to_dot(row) == row.to_string()
    summary = summary_chart(loaded.org, None, ["a summary"], "too large", "digraph").finish()
    assert to_dot(summary) == summary.to_string()


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "12",
        "1.5",
        "node",
        "with space",
        "é ü 出货",
        '"',
        '""',
        '"a"b"',
        "<b>",
        "<",
        "",
        style.quote('quote " and back\\slash \\N'),
        style.label(["two", "lines"]),
        "<<TABLE><TR><TD>✓</TD></TR></TABLE>>",
    ],
)
def test_any_value_is_written_as_pydot_writes_it(value):
    graph = pydot.Dot("g", graph_type="digraph", label=value)
    graph.set_node_defaults(shape=value)
    cluster = pydot.Cluster("c0", label=value)
    cluster.add_node(pydot.Node("n0", label=value, tooltip=value))
    graph.add_subgraph(cluster)
    graph.add_node(pydot.Node("legend", label=value))
    graph.add_edge(pydot.Edge("n0", "legend", label=value, weight=0))
    same = pydot.Subgraph("c1", rank="same")
    same.add_node(pydot.Node("n0"))
    graph.add_subgraph(same)
    assert to_dot(graph) == graph.to_string()


def test_what_charts_never_use_is_left_to_pydot():
    graph = pydot.Dot("g", graph_type="graph", strict=True, simplify=True)
    graph.add_edge(pydot.Edge("a", "b"))
    graph.add_edge(pydot.Edge("a", "b"))
    assert to_dot(graph) == graph.to_string() and to_dot(graph).startswith("strict graph")


def test_a_chart_cluster_is_the_one_pydot_makes():
    """The chart names its clusters without pydot's look at each character (`_Cluster`):
    what it holds is what pydot's own Cluster holds for the same name and attributes."""
    from flowmap.outputs.charts.chart import _Cluster

    ours = _Cluster("c12", label='"Sales"', style='"filled"')
    theirs = pydot.Cluster("c12", label='"Sales"', style='"filled"')

    def held(cluster):  # each is its own parent until it is added to a graph
        return {k: v for k, v in cluster.obj_dict.items() if k != "parent_graph"}

    assert held(ours) == held(theirs)
    assert ours.get_parent_graph() is ours
    assert ours.get_name() == "cluster_c12"
