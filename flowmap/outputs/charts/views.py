"""`build_chart`, which draws one of the views `flowmap render --view` offers (their
registry is `flowmap.outputs.registry.VIEWS`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pydot

from flowmap.findings import Finding
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.outputs.charts.chart import ChartError
from flowmap.outputs.charts.lookup import find
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.charts.process_view import process_row_charts
from flowmap.outputs.charts.summary_view import process_too_large, summary_chart, too_large
from flowmap.outputs.registry import VIEWS, Sketch

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["VIEWS", "build_chart", "build_process_rows"]


def build_chart(
    org: Organisation,
    graph: nx.MultiDiGraph | None,
    findings: list[Finding],
    view: str,
    node_id: str | None = None,
    depth: int = 1,
    show_findings: bool = True,
    part: tuple[int, int] | None = None,
    marks: Marks | None = None,
    wrap: bool = False,
) -> pydot.Dot:
    """Draw `view` of the organisation, with `findings` in red unless `show_findings` is off.

    `node_id` names the process (`process`; optional when there is only one) or the unit,
    role or step (`around`, where `depth` is how many relations away from it to draw);
    `part` (start, end) draws only those steps of a process (one row of a long one);
    `wrap` draws a long process as its rows stacked in one picture;
    `marks`, the findings already placed (`Marks(org, findings)`), spares placing them again
    for each of many charts.
    `graph` is the organisation's (`flowmap.graph.build_graph`), or None to have it built
    only when the view draws from it.
    Raises ChartError for an unknown view or id, with a message naming the ids there are.
    """
    if not show_findings:
        marks = None
    elif marks is None:
        marks = Marks(org, findings)
    if view not in VIEWS:
        raise ChartError(f"unknown view {view!r}; the views are: {', '.join(VIEWS)}")
    if view == "process":  # too large is told from the model, before anything is drawn
        process = find(org.processes, node_id, "process")
        why = process_too_large(org, process.id)
        if why is not None:
            title = [
                _("Process: {name}").format(name=process.name or process.id),
                f"({process.id})",
            ]
            return summary_chart(org, marks, title, why, process.id).finish()
    chart = VIEWS[view].draw(Sketch(org, graph, marks, node_id, depth, part, wrap))
    why = too_large(*chart.size())
    if why is not None:
        chart = summary_chart(org, marks, chart.title, why)
    return chart.finish()


def build_process_rows(
    org: Organisation, findings: list[Finding], process_id: str, marks: Marks | None = None
) -> list[pydot.Dot]:
    """Each row of a process (`rows.process_rows`) as a chart of its own, the legend in the
    first only: what the report shows, a row a figure. Raises ChartError for an unknown id."""
    if marks is None:
        marks = Marks(org, findings)
    return [chart.dot for chart in process_row_charts(org, marks, process_id)]
