"""The flow of work: who hands over to whom, inside each process and inside each step.

A step hands over to the step after it in its list unless `next` names its successors;
`next: []` ends the flow. `rework` loops back and is not part of the flow. Operations form a
chain of their own inside their step, with the same rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from flowmap.model import types as t
from flowmap.model.org import Organisation


class Handoff(NamedTuple):
    supplier: t.Step
    customer: t.Step


def chains(org: Organisation) -> Iterator[list[t.Step]]:
    """Every list of steps that forms a flow: each process's steps, each step's operations."""
    for process in org.processes.values():
        stack = [process.steps]
        while stack:
            steps = stack.pop()
            yield steps
            stack.extend(step.operations for step in steps if step.operations)


def successors(org: Organisation, steps: list[t.Step], index: int) -> list[t.Step]:
    """The steps that `steps[index]` hands over to (unknown `next` ids are left out)."""
    step = steps[index]
    if step.next is None:
        return [steps[index + 1]] if index + 1 < len(steps) else []
    return [org.steps[key] for key in step.next if key in org.steps]


def handoffs(org: Organisation) -> Iterator[Handoff]:
    """Every handoff of the flow, in file order."""
    for steps in chains(org):
        for index, step in enumerate(steps):
            for successor in successors(org, steps, index):
                yield Handoff(step, successor)


def predecessor_map(org: Organisation) -> dict[str, list[t.Step]]:
    """For each step id, the steps that hand over to it."""
    before: dict[str, list[t.Step]] = {}
    for handoff in handoffs(org):
        before.setdefault(handoff.customer.id, []).append(handoff.supplier)
    return before


def default_supplier(
    before: dict[str, list[t.Step]], steps: list[t.Step], index: int
) -> t.Step | None:
    """Who a need's `from` means when it is left out: "the step before this one".

    That is the one step that hands over to it, or, where several merge into it (or none
    does), the step before it in its list. `before` is `predecessor_map(org)`.
    """
    suppliers = before.get(steps[index].id, [])
    if len(suppliers) == 1:
        return suppliers[0]
    return steps[index - 1] if index > 0 else None
