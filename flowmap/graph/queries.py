"""Questions a user asks of the graph: who is whose customer, by which kind of relationship.

The graph is built from `graph.relations`; for the handoffs themselves (with their needs),
ask `relations.handoffs(org)`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from flowmap.graph.build import CUSTOMER_KINDS

if TYPE_CHECKING:
    import networkx as nx


def _kinds(kind: str | None) -> tuple[str, ...]:
    return CUSTOMER_KINDS if kind is None else (kind,)


def customers_of(graph: nx.MultiDiGraph, node: str, kind: str | None = None) -> list[str]:
    """The internal customers of `node`: those it supplies, by one kind or by all four.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("planning", "purchasing", kind="process")
    0
    >>> g.add_edge("hr", "planning", kind="function")
    0
    >>> customers_of(g, "planning"), customers_of(g, "hr", kind="process")
    (['purchasing'], [])
    """
    wanted = _kinds(kind)
    found = {v for _, v, k in graph.out_edges(node, data="kind") if k in wanted}
    return sorted(found)


def suppliers_of(graph: nx.MultiDiGraph, node: str, kind: str | None = None) -> list[str]:
    """Those `node` is the internal customer of.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("planning", "purchasing", kind="process")
    0
    >>> suppliers_of(g, "purchasing")
    ['planning']
    """
    wanted = _kinds(kind)
    found = {u for u, _, k in graph.in_edges(node, data="kind") if k in wanted}
    return sorted(found)


def step_flow(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """A view of the steps and the handoffs that carry work towards the customer: the flow
    and needs from upstream or from another process (rework goes back, so it is left out)."""

    def forward(u, v, k) -> bool:
        data = graph[u][v][k]
        return data["kind"] == "step" and data.get("via", "flow") != "rework"

    import networkx as nx

    return nx.subgraph_view(graph, filter_edge=forward)


def path_to_customer(graph: nx.MultiDiGraph, step: str) -> list[str] | None:
    """The shortest run of steps from `step` to a step done by an external customer.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("ship", external=False); g.add_node("receive", external=True)
    >>> g.add_edge("ship", "receive", kind="step")
    0
    >>> path_to_customer(g, "ship")
    ['ship', 'receive']
    """
    import networkx as nx

    paths = nx.single_source_shortest_path(step_flow(graph), step)
    ends = [path for node, path in paths.items() if graph.nodes[node].get("external")]
    return min(ends, key=lambda path: (len(path), path), default=None)


def summary(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Counts of nodes by kind and of edges by kind."""
    nodes = Counter(kind for _, kind in graph.nodes(data="kind"))
    edges = Counter(kind for _, _, kind in graph.edges(data="kind"))
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}
