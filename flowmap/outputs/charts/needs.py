"""Which need of a step a handoff serves: the need `from` the supplier, else the need with no
`from` when the supplier is the step's default supplier ("the step before this one")."""

from __future__ import annotations

from flowmap.model import types as t
from flowmap.model.flow import default_supplier
from flowmap.model.org import Organisation


def need_for(
    org: Organisation, before: dict[str, list[t.Step]], supplier: t.Step, customer: t.Step
) -> t.StepNeed | None:
    """The need of `customer` that the handoff from `supplier` serves, if it states one.

    `before` is `flow.predecessor_map(org)`.
    """
    for need in customer.needs:
        if need.from_ == supplier.id:
            return need
    siblings = _siblings(org, customer)
    if (
        customer in siblings
        and default_supplier(before, siblings, siblings.index(customer)) is supplier
    ):
        return next((need for need in customer.needs if need.from_ is None), None)
    return None


def _siblings(org: Organisation, step: t.Step) -> list[t.Step]:
    """The list `step` is in: its parent's operations, or its process's steps."""
    if step.parent and step.parent in org.steps:
        return org.steps[step.parent].operations
    process = org.processes.get(step.process)
    return process.steps if process else [step]
