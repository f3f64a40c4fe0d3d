"""Facts about the flow that several rules ask for, worked out once per organisation.

Which step hands over to which (a networkx graph), and, for every need, the step it comes
from: its `from`, or by default the step before. A need whose `from` names a step of another
process is a handoff between processes, declared by the need itself: the flow does not link
the two, so these needs are listed apart. Cached per organisation, so the rules that share
them pay once.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx

from flowmap.model import types as t
from flowmap.model.flow import chains, default_supplier, successors
from flowmap.model.org import Organisation


class NeedLink(NamedTuple):
    step: t.Step  # the customer: the step that states the need
    need: t.StepNeed
    supplier: t.Step | None  # the step the need comes from; None when there is none


@dataclass
class Facts:
    flow: nx.DiGraph  # steps and operations; an edge for every handoff (rework left out)
    before: dict[str, list[t.Step]]  # step id -> the steps that hand over to it
    needs: list[NeedLink]  # every need of every step, in file order
    across: list[NeedLink]  # the needs whose supplier is a step of another process


_CACHE: weakref.WeakKeyDictionary[Organisation, Facts] = weakref.WeakKeyDictionary()


def facts(org: Organisation) -> Facts:
    found = _CACHE.get(org)
    if found is None:
        found = _CACHE[org] = _work_out(org)
    return found


def _work_out(org: Organisation) -> Facts:
    edges: list[tuple[str, str]] = []
    before: dict[str, list[t.Step]] = {}
    all_chains = list(chains(org))
    for steps in all_chains:
        for index, step in enumerate(steps):
            if not step.id:  # a step whose id is broken has a schema finding and no place here
                continue
            for after in successors(org, steps, index):
                if after.id:
                    edges.append((step.id, after.id))
                    before.setdefault(after.id, []).append(step)
    flow = nx.DiGraph()
    flow.add_nodes_from(org.steps)
    flow.add_edges_from(edges)
    needs = [
        NeedLink(step, need, _supplier(org, before, steps, index, need))
        for steps in all_chains
        for index, step in enumerate(steps)
        for need in step.needs
    ]
    across = [
        link for link in needs if link.supplier and link.supplier.process != link.step.process
    ]
    return Facts(flow, before, needs, across)


def _supplier(org, before, steps, index, need: t.StepNeed) -> t.Step | None:
    if need.from_ is not None:
        return org.steps.get(need.from_)
    return default_supplier(before, steps, index)


def is_upstream(org: Organisation, supplier: t.Step, step: t.Step) -> bool:
    """Whether work flows from `supplier` to `step`, or to the step `step` is inside."""
    flow = facts(org).flow
    if supplier.id not in flow:  # a step without a usable id: schema's finding, not ours
        return False
    here: t.Step | None = step
    while here is not None:
        if supplier.id != here.id and here.id in flow and nx.has_path(flow, supplier.id, here.id):
            return True
        here = org.steps.get(here.parent) if here.parent else None
    return False
