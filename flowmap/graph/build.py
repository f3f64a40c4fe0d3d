"""Model -> networkx.MultiDiGraph, an edge for each relationship docs/format.md
("How the parts relate") describes.

Nodes are keyed by the map's own ids and carry `kind` (customer, need, unit, role, step,
operation, service, goal). Each internal-customer edge runs from supplier to customer and has
`kind` rank, function, process or step; the other edges (serves, owns, member, performs,
provides, has-need, contains) have kinds of their own. Edges to ids that do not exist are
left out: `unknown-reference` reports them.

The relationships come from `graph.relations`, the one place that decides them: a `step`
edge for every handoff (its `via` says flow, need or rework), a `process` edge for every
`relations.process_links` pair, a `function` edge for every unit a service serves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowmap.graph.relations import (
    FLOW,
    executors,
    handoffs,
    process_links,
    reporting_line,
    served_units,
)
from flowmap.model import types as t
from flowmap.model.org import Organisation

if TYPE_CHECKING:
    import networkx as nx

CUSTOMER_KINDS = ("rank", "function", "process", "step")


def build_graph(org: Organisation) -> nx.MultiDiGraph:
    import networkx as nx

    graph = nx.MultiDiGraph()
    _add_nodes(graph, org)
    _add_rank(graph, org)
    _add_functions(graph, org)
    _add_flow(graph, org)
    _add_goals(graph, org)
    return graph


def _node(graph: nx.MultiDiGraph, obj: t.Located, kind: str, name: str, **extra) -> None:
    file, line, column = obj.pos
    graph.add_node(obj.id, kind=kind, name=name, file=file, line=line, column=column, **extra)


def _add_nodes(graph: nx.MultiDiGraph, org: Organisation) -> None:
    for customer in org.customers.values():
        _node(graph, customer, "customer", customer.name or customer.id)
    for need in org.needs.values():
        _node(graph, need, "need", need.text or need.id)
        graph.add_edge(need.customer, need.id, kind="has-need")
    for unit in org.units.values():
        _node(graph, unit, "unit", unit.name or unit.id, unit_kind=unit.kind)
    for role in org.roles.values():
        _node(graph, role, "role", role.name or role.id, rank=role.rank)
        if role.unit in org.units:
            graph.add_edge(role.id, role.unit, kind="member")
    for service in org.services.values():
        _node(graph, service, "service", service.delivers or service.id)
        if service.provider in org.units:
            graph.add_edge(service.provider, service.id, kind="provides")
    for goal in org.goals.values():
        _node(graph, goal, "goal", goal.text or goal.id)
    add_node, add_edge, customers = graph.add_node, graph.add_edge, org.customers
    for step in org.all_steps():  # most of the nodes: `_node` written out, kept short
        file, line, column = step.pos
        add_node(
            step.id,
            kind="operation" if step.parent else "step",
            name=step.name or step.id,
            file=file,
            line=line,
            column=column,
            process=step.process,
            external=step.by in customers,
        )
        if step.parent:
            add_edge(step.parent, step.id, kind="contains")
        for executor in executors(org, step):
            add_edge(executor, step.id, kind="performs")


def _add_rank(graph: nx.MultiDiGraph, org: Organisation) -> None:
    """Results go up to the superior; conditions come down to the subordinate."""
    for role, superior in reporting_line(org).edges:
        if superior != role:
            graph.add_edge(role, superior, kind="rank", flow="results")
            graph.add_edge(superior, role, kind="rank", flow="conditions")


def _add_functions(graph: nx.MultiDiGraph, org: Organisation) -> None:
    for service in org.services.values():
        provider = service.provider
        if provider not in org.units:
            continue
        for unit in served_units(org, service):
            graph.add_edge(provider, unit, kind="function", service=service.id)


def _add_flow(graph: nx.MultiDiGraph, org: Organisation) -> None:
    """A `step` edge for every handoff, a `process` edge between the executors of its sides."""
    for handoff in handoffs(org):
        supplier, customer = handoff.supplier, handoff.customer
        graph.add_edge(
            supplier.id,
            customer.id,
            kind="step",
            process=supplier.process,
            via=handoff.via,
            items=[need.item for need in handoff.needs],
        )
    for link in process_links(org):
        graph.add_edge(
            link.giver,
            link.taker,
            kind="process",
            process=link.supplier_step.process,
            supplier_step=link.supplier_step.id,
            customer_step=link.handoff.customer.id,
            via=link.handoff.via,
        )


def _add_goals(graph: nx.MultiDiGraph, org: Organisation) -> None:
    for goal in org.goals.values():
        if goal.serves in org.goals or goal.serves in org.needs:
            graph.add_edge(goal.id, goal.serves, kind="serves")
        if goal.owner in org.roles or goal.owner in org.units:
            graph.add_edge(goal.owner, goal.id, kind="owns")


__all__ = ["CUSTOMER_KINDS", "FLOW", "build_graph", "served_units"]
