"""Charts too large to read, and the summary drawn in their place.

Graphviz's time grows far faster than a chart's size when its edges are many or dense: the
internal-customer map of one 40-step process whose steps each name the next 29 (782 edges
between 69 nodes) took `dot` five minutes; 200 such steps (a 50 KB map) never finished.
Such a chart cannot be read either. So a chart over `too_large`'s budget is not laid out:
the units that do the work are drawn instead, one box each with the number of steps it
does, and the handoffs between them counted on one edge per pair. The chart's title and its
legend say that it is a summary and why; the report says it under the figure.

>>> too_large(nodes=60, edges=100) is None
True
>>> too_large(nodes=69, edges=782)
'782 connections between 69 boxes'
"""

from __future__ import annotations

import weakref
from collections import Counter

import pydot

from flowmap.graph.relations import executors, handoffs
from flowmap.i18n import _
from flowmap.model.org import Organisation, walk_steps
from flowmap.outputs.charts import style
from flowmap.outputs.charts.chart import Chart
from flowmap.outputs.charts.marks import Marks

# A chart is drawn when it has at most MAX_EDGES edges and at most EDGES_PER_NODE edges a
# node on average (beyond DENSE_FROM edges). Measured with Graphviz 2.43 on 2 cores: the
# 1,000-step process (about 1,000 nodes, 1,000 edges) lays out in 2 s; 70 steps that each
# branch to the next 29 (810 nodes, 1,595 edges) in 5 s; a map of 69 nodes and 782 edges in
# 300 s. Nobody reads a chart past these either.
MAX_EDGES = 2_500
MAX_NODES = 4_000
EDGES_PER_NODE = 3
DENSE_FROM = 150  # edges: a small chart is laid out quickly however dense it is
MAX_UNITS = 40  # boxes a summary draws; the units with the most steps first


SUMMARY_MARK = "flowmap summary: "  # the graph's comment, which `summarised` reads


def summarised(dot: pydot.Dot) -> str | None:
    """Why the chart is a summary (`too_large`'s reason), or None for a chart drawn whole."""
    comment = str(dot.get("comment") or "").strip('"')
    return comment.removeprefix(SUMMARY_MARK) if comment.startswith(SUMMARY_MARK) else None


def too_large(nodes: int, edges: int) -> str | None:
    """Why a chart of `nodes` boxes and `edges` lines is too large to draw, or None."""
    if (
        edges > MAX_EDGES
        or nodes > MAX_NODES
        or (edges > DENSE_FROM and edges > EDGES_PER_NODE * nodes)
    ):
        return _("{edges} connections between {nodes} boxes").format(
            edges=f"{edges:,}", nodes=f"{nodes:,}"
        )
    return None


def process_too_large(org: Organisation, process_id: str) -> str | None:
    """Why a chart of the process would be too large to draw (`too_large`), or None, told
    from the model before anything is drawn: its steps and the handoffs that touch them
    (a row of a long process draws the handoffs leaving it, the sum over the rows)."""
    sizes = _process_sizes(org)
    return too_large(*sizes.get(process_id, (0, 0)))


_SIZES: weakref.WeakKeyDictionary[Organisation, dict[str, tuple[int, int]]] = (
    weakref.WeakKeyDictionary()
)


def _process_sizes(org: Organisation) -> dict[str, tuple[int, int]]:
    """Process id -> (steps, handoffs and rework loops touching them), for every process."""
    found = _SIZES.get(org)
    if found is None:
        nodes: Counter[str] = Counter()
        edges: Counter[str] = Counter()
        for step in org.all_steps():
            nodes[step.process] += 1
            edges[step.process] += len(step.rework)
        for handoff in handoffs(org):
            ends = {handoff.supplier.process, handoff.customer.process}
            for process in ends:
                edges[process] += 1
            if len(ends) > 1:  # the step of the other process is drawn as a stub
                for process in ends:
                    nodes[process] += 1
        found = _SIZES[org] = {key: (nodes[key], edges[key]) for key in org.processes}
    return found


def summary_chart(
    org: Organisation,
    marks: Marks | None,
    title: list[str],
    why: str,
    process_id: str | None = None,
) -> Chart:
    """The units that do the work (of `process_id`, or of every process) and the handoffs
    between them, counted: what a chart `why` too large to draw is replaced by."""
    chart = Chart(
        [*title, _("Summary: too large to draw readably ({why})").format(why=why)],
        marks,
        rankdir="LR",
        ranksep="0.7",
        comment=f"{SUMMARY_MARK}{why}",
    )
    steps: Counter[str] = Counter()
    between: Counter[tuple[str, str]] = Counter()
    units: dict[int, list[str]] = {}  # a step's, worked out once: it has many handoffs

    def units_of(step) -> list[str]:
        if id(step) not in units:
            units[id(step)] = _units(org, step)
        return units[id(step)]

    for process in org.processes.values():
        if process_id is None or process.id == process_id:
            for step in walk_steps(process.steps):
                for who in units_of(step):
                    steps[who] += 1
    for handoff in handoffs(org):
        supplier, customer = handoff.supplier, handoff.customer
        if process_id is not None and process_id not in (supplier.process, customer.process):
            continue
        for giver in units_of(supplier):
            for taker in units_of(customer):
                if giver != taker:
                    between[(giver, taker)] += 1
    shown = [who for who, _ in steps.most_common(MAX_UNITS)]
    for who in shown:
        unit = org.units.get(who) or org.customers.get(who)
        name = style.clean(unit.name or unit.id) if unit else "(no unit)"
        fill = style.FILL_EXTERNAL if who in org.customers else style.FILL_LANE
        count = steps[who]
        objects = [unit] if unit is not None and who in org.units else []
        lines = [*style.wrap(name), f"{count:,} step{'' if count == 1 else 's'}"]
        chart.node(("unit", who), lines, objects, fillcolor=fill)
    for (giver, taker), count in sorted(between.items()):
        if chart.has(("unit", giver)) and chart.has(("unit", taker)):
            label = f"{count:,} handoff{'' if count == 1 else 's'}"
            chart.edge(("unit", giver), ("unit", taker), [label], color=style.KIND_COLOURS["step"])
    chart.legend.note(
        _("A summary: the full chart has {why}, too many to draw readably.").format(why=why)
    )
    chart.legend.note(_("Each box is a unit (or the external customer) with the steps it does;"))
    chart.legend.note(_("each arrow counts the handoffs from one unit's steps to another's."))
    if len(steps) > len(shown):
        chart.legend.note(
            _("{count} units with fewer steps are left out.").format(
                count=f"{len(steps) - len(shown):,}"
            )
        )
    chart.legend.note(_("Draw a part with `flowmap render --view around --id ID`."))
    return chart


def _units(org: Organisation, step) -> list[str]:
    """The units (or the external customer) whose people do `step`."""
    found = []
    for who in executors(org, step):
        unit = who if who in org.customers else org.unit_of(who)
        found.append(unit or "")
    return list(dict.fromkeys(found))
