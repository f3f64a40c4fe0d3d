"""The `around` view: the customers and suppliers of one unit, role or step, N relations deep.

The neighbourhood follows the four internal-customer kinds in both directions (a supplier
of a supplier is two away). A unit stands together with its roles: the process customers of
a department are the customers of the people in it.
"""

from __future__ import annotations

import networkx as nx

from flowmap.i18n import _, ngettext
from flowmap.model.org import Organisation
from flowmap.outputs.charts import style
from flowmap.outputs.charts.chart import Chart, ChartError
from flowmap.outputs.charts.lookup import did_you_mean
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.charts.network import (
    customer_edges,
    customers_both_ways,
    draw_edges,
    draw_node,
    legend_kinds,
)

CENTRES = ("unit", "role", "step", "operation")


def around_chart(
    org: Organisation, graph: nx.MultiDiGraph, marks: Marks | None, node_id: str | None, depth: int
) -> Chart:
    centre = _centre(graph, node_id)
    if depth < 0:
        raise ChartError(f"--depth must be 0 or more, not {depth}")
    name = style.clean(graph.nodes[centre].get("name") or centre)
    chart = Chart(
        [
            _("Customers and suppliers of {name}").format(name=name),
            ngettext(
                "({centre}, {depth} relation deep)", "({centre}, {depth} relations deep)", depth
            ).format(centre=centre, depth=depth),
        ],
        marks,
        rankdir="LR",
        ranksep="0.8",
    )
    sources = [centre]
    if graph.nodes[centre]["kind"] == "unit" and marks is not None:
        chart.about = marks.of_unit(centre)  # its legend counts the unit's findings
    if graph.nodes[centre]["kind"] == "unit":
        sources += [role.id for role in org.roles.values() if role.unit == centre]
    distance = nx.multi_source_dijkstra_path_length(
        customers_both_ways(graph), set(sources), cutoff=depth
    )
    nearby = [key for key in graph if key in distance]  # in the graph's (file) order
    middle = chart.group(
        ("centre",),
        [],
        style="rounded,filled",
        fillcolor=style.FILL_CENTRE,
        color="#C9A227",
        penwidth="2",
    )
    for key in nearby:
        draw_node(chart, org, graph, key, group=middle if key in sources else None)
    edges = customer_edges(graph, nearby)
    draw_edges(chart, org, graph, edges, items=True)
    chart.legend.node(_("the unit, role or step asked about"), style.FILL_CENTRE, "#C9A227")
    chart.legend.note(_("suppliers to the left, customers to the right"))
    legend_kinds(chart, [kind for _, _, kind in edges])
    return chart


def _centre(graph: nx.MultiDiGraph, node_id: str | None) -> str:
    if node_id is None:
        raise ChartError("name the unit, role or step to draw around with --id")
    if node_id not in graph or graph.nodes[node_id].get("kind") not in CENTRES:
        candidates = [key for key, kind in graph.nodes(data="kind") if kind in CENTRES]
        raise ChartError(
            f"no unit, role or step has the id {node_id!r}{did_you_mean(node_id, candidates)}"
        )
    return node_id
