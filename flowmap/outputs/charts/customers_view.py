"""The `customers` view: the whole internal-customer map, one colour per kind of customer.

Units are boxes holding their roles (rank, function and process customers live among
them); each process is a box holding its steps and operations (step customers).

Drawn top to bottom: the units' boxes side by side and the processes' chains beside them
make a map wider than tall, as a landscape page is. Left to right it was taller than wide:
at 6 pt the poster of `processes/` took 12 landscape pages, mostly blank; top to bottom it
takes 8.
"""

from __future__ import annotations

import networkx as nx

from flowmap.i18n import _
from flowmap.model.org import Organisation, walk_steps
from flowmap.outputs.charts import style
from flowmap.outputs.charts.chart import Chart
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.charts.network import customer_edges, draw_edges, draw_node, legend_kinds
from flowmap.outputs.charts.summary_view import summary_chart, too_large


def customers_chart(org: Organisation, graph: nx.MultiDiGraph, marks: Marks | None) -> Chart:
    chart = Chart(
        [_("Internal customers: who is the customer of whom")], marks, rankdir="TB", ranksep="0.5"
    )
    drawn: list[str] = []
    for unit in org.units.values():
        box = chart.group(("unit", unit.id), [], style="rounded", color="#BBBBBB")
        draw_node(
            chart,
            org,
            graph,
            unit.id,
            group=box,
            fillcolor=style.FILL_SERVICE if unit.kind == "function" else style.FILL_LANE,
        )
        drawn.append(unit.id)
        for role in org.roles.values():
            if role.unit == unit.id:
                draw_node(chart, org, graph, role.id, group=box)
                drawn.append(role.id)
    for role in org.roles.values():
        if not chart.has(("g", role.id)):  # a role of no known unit
            draw_node(chart, org, graph, role.id)
            drawn.append(role.id)
    for process in org.processes.values():
        title = style.wrap(_("Process: {name}").format(name=process.name or process.id))
        box = chart.group(
            ("process", process.id),
            title,
            [],
            style="rounded,filled",
            fillcolor=style.FILL_LANE,
            color="#BBBBBB",
            fontsize="12",
        )
        for step in walk_steps(process.steps):
            if step.id in graph and not chart.has(("g", step.id)):
                draw_node(chart, org, graph, step.id, group=box)
                drawn.append(step.id)
    edges = customer_edges(graph, drawn)
    why = too_large(len(drawn), len(edges))
    if why is not None:  # told before the edges are drawn: each costs more than counting it
        return summary_chart(org, marks, chart.title, why)
    draw_edges(chart, org, graph, edges, items=True)
    chart.legend.node(_("department (folder) with its roles in one box"), style.FILL_LANE)
    chart.legend.node(_("service department"), style.FILL_SERVICE)
    chart.legend.node(_("process: its steps and operations"), style.FILL_LANE, "#BBBBBB")
    chart.legend.node(_("step done by the external customer"), style.FILL_EXTERNAL)
    legend_kinds(chart, [kind for _, _, kind in edges])
    return chart
