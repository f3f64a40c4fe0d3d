"""Drawing nodes and internal-customer edges of the graph: shared by `customers` and `around`.

Edges are drawn once per (supplier, customer, kind): a role that hands over to the same role
in three processes gets one `process` edge, and the two rank edges of a pair (results up,
conditions down) become one edge with an arrow at each end.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

import networkx as nx

from flowmap.graph.build import CUSTOMER_KINDS
from flowmap.graph.relations import handoff_between
from flowmap.i18n import _
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts import style
from flowmap.outputs.charts.chart import Chart

MAX_ITEMS = 3  # items named on one edge of the customers and around views

SHAPES = {
    "unit": "folder",
    "role": "box",
    "step": "box",
    "operation": "box",
    "customer": "ellipse",
    "service": "note",
}


def model_object(org: Organisation, kind: str, key: str) -> t.Located | None:
    """The model object behind a graph node, for finding its findings."""
    return org.get(kind, key)


def node_lines(org: Organisation, graph: nx.MultiDiGraph, key: str) -> list[str]:
    """A node's name and what it is: `Planner`, `role in Planning department`."""
    data = graph.nodes[key]
    kind = data.get("kind", "")
    obj = model_object(org, kind, key)
    lines = style.wrap(data.get("name") or key or _("(no id)"))
    if isinstance(obj, t.Role):
        unit = org.units.get(obj.unit or "")
        lines += style.wrap(
            _("role in {unit}").format(unit=unit.name or unit.id) if unit else _("role")
        )
    elif isinstance(obj, t.Unit):
        lines.append(_("service department") if obj.kind == "function" else _("department"))
    elif isinstance(obj, t.Step):
        by = obj.by or ""
        who = org.roles.get(by) or org.units.get(by) or org.customers.get(by)
        if who is not None:
            lines += style.wrap(_("by {who}").format(who=who.name or who.id))
        if kind == "operation":
            lines.append(_("operation"))
    else:
        lines.append(kind or "?")
    return lines


def draw_node(
    chart: Chart, org: Organisation, graph: nx.MultiDiGraph, key: str, group=None, **attrs: str
) -> None:
    kind = graph.nodes[key].get("kind", "")
    obj = model_object(org, kind, key)
    attrs.setdefault("shape", SHAPES.get(kind, "box"))
    if graph.nodes[key].get("external"):
        attrs.setdefault("fillcolor", style.FILL_EXTERNAL)
    chart.node(("g", key), node_lines(org, graph, key), [obj] if obj else [], group=group, **attrs)


class _CustomerEdges:
    """A graph's internal-customer edges, indexed once: the report draws the map around
    every unit from the same graph, and each of those charts walked all its edges (a 50 KB
    map whose `next` fans out has 175,000: 7 s for 9 units). Graphs are not changed once
    `build_graph` has made them."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        # (supplier, customer, kind) -> the data of its edges, in the graph's order
        self.edges: dict[tuple[str, str, str], list[dict]] = {}
        pairs: dict[tuple[str, str], None] = {}
        for supplier, customer, data in graph.edges(data=True):
            kind = data.get("kind")
            if kind not in CUSTOMER_KINDS:
                continue
            pairs[supplier, customer] = None
            if kind == "rank" and data.get("flow") == "results":
                supplier, customer = customer, supplier  # the pair, drawn from the superior
            self.edges.setdefault((supplier, customer, kind), []).append(data)
        self.undirected = nx.Graph()  # both ways, for distances
        self.undirected.add_nodes_from(graph)
        self.undirected.add_edges_from(pairs)
        self.items: dict[tuple[str, str, str], dict[str, None] | None] = {}  # `edge_items`


_INDEX: weakref.WeakKeyDictionary[nx.MultiDiGraph, _CustomerEdges] = weakref.WeakKeyDictionary()


def _index(graph: nx.MultiDiGraph) -> _CustomerEdges:
    found = _INDEX.get(graph)
    if found is None:
        found = _INDEX[graph] = _CustomerEdges(graph)
    return found


def customers_both_ways(graph: nx.MultiDiGraph) -> nx.Graph:
    """The internal-customer edges only, both ways, over every node of `graph`."""
    return _index(graph).undirected


def customer_edges(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> list[tuple[str, str, str]]:
    """(supplier, customer, kind) of every internal-customer edge among `nodes`, each once,
    in the graph's order; rank pairs as (superior, subordinate, "rank")."""
    wanted = set(nodes)
    return [key for key in _index(graph).edges if key[0] in wanted and key[1] in wanted]


def draw_edges(
    chart: Chart,
    org: Organisation,
    graph: nx.MultiDiGraph,
    edges: list[tuple[str, str, str]],
    items: bool = False,
) -> None:
    """Draw `edges`; with `items`, each is labelled with what it carries: a step edge its
    item and `due`, a process edge the items its handoffs carry, a function edge the
    service. Rank edges run both ways and do not decide left and right: suppliers stay
    left of their customers."""
    carried = edge_items(org, graph, edges) if items else {}
    for supplier, customer, kind in edges:
        attrs = {"color": style.KIND_COLOURS[kind]}
        objects: list[t.Located] = []
        lines = carried.get((supplier, customer, kind), [])
        if kind == "rank":
            attrs.update(dir="both", constraint="false")
        elif kind == "step":
            handoff = handoff_between(org, supplier, customer)
            objects = list(handoff.needs) if handoff else []
            attrs["tooltip"] = f"{supplier} → {customer}"
            due = handoff.needs[0].due if handoff and handoff.needs else None
            if items and due is not None:
                lines = [*lines, _("due {due}").format(due=style.clean(due))]
        chart.edge(("g", supplier), ("g", customer), lines, objects, **attrs)


def edge_items(
    org: Organisation, graph: nx.MultiDiGraph, edges: list[tuple[str, str, str]]
) -> dict[tuple[str, str, str], list[str]]:
    """The label lines of each edge: the items its handoffs carry (what the customer step
    needs, else what the supplier step delivers), or the service a function edge stands
    for; at most `MAX_ITEMS` named."""
    index = _index(graph)
    found: dict[tuple[str, str, str], dict[str, None]] = {}
    for key in edges:
        if key not in index.items:  # worked out once per graph: each unit's map asks again
            index.items[key] = _carried(org, key, index.edges.get(key, []))
        if index.items[key] is not None:
            found[key] = index.items[key]
    labels = {}
    for key, names in found.items():
        shown = list(names)[:MAX_ITEMS]
        more = len(names) - len(shown)
        text = ", ".join(shown) + (_(" and {count} more").format(count=more) if more else "")
        labels[key] = style.wrap(text, max_lines=2)
    return labels


def _carried(
    org: Organisation, key: tuple[str, str, str], edges: list[dict]
) -> dict[str, None] | None:
    """The items the edges of one (supplier, customer, kind) carry, each once, in order;
    None when no edge of it carries anything (a rank edge; steps the maps do not have)."""
    supplier, customer, kind = key
    names: dict[str, None] | None = None
    for data in edges:
        if kind in ("process", "step"):
            giver = org.steps.get(data.get("supplier_step", supplier))
            taker = org.steps.get(data.get("customer_step", customer))
            if giver is None or taker is None:
                continue
            handoff = handoff_between(org, giver.id, taker.id)
            needs = handoff.needs if handoff else ()
            carried = [need.item for need in needs] if needs else giver.delivers
        elif kind == "function":
            service = org.services.get(data.get("service", ""))
            carried = [service.delivers] if service and service.delivers else []
        else:
            continue
        names = names if names is not None else {}
        names.update(dict.fromkeys(carried))
    return names


def legend_kinds(chart: Chart, kinds: Iterable[str]) -> None:
    present = set(kinds)
    for kind in CUSTOMER_KINDS:
        if kind in present:
            line = "both" if kind == "rank" else "solid"
            chart.legend.edge(_(style.KIND_TITLES[kind]), style.KIND_COLOURS[kind], line)
