"""Three-step 3: every internal handoff is served with quality and on time.

## What it does
For every handoff from an internal step A to an internal step B, checks that B states, as
A's customer, what it needs from A: a need whose supplier is A (its `from`, or by default
the step before) with `requires` (the quality it asks for) and `due` (the longest lead time
it accepts); that A `delivers` that item; and that A's `lead_time` is no longer than that
`due`. Durations compare as durations: `1w` is longer than `2d`.

The handoffs are those of the flow (the next step, or those `next` names; at a branch, each
step it names; inside a step, from operation to operation) and those a need declares with a
`from` naming a step of another process.

## Why is this bad?
"Serve the downstream step with quality and on time" (坚持优质、准时为下道工序服务) is the
third of the three steps, and "the next step is the customer" says who sets the terms: the
receiving step. A handoff with no stated requirement or due date leaves the supplier to
guess; a supplier whose lead time is longer than its customer accepts is late by design.

## Example
```yaml
flowmap: 1
roles: [{id: clerk, rank: 1}, {id: planner, rank: 1}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk, assure: [Entered], delivers: [sales order], lead_time: 2d}
      - id: schedule
        by: planner
        recheck: [Date confirmed]
        assure: [Capacity checked]
        needs:
          - {item: sales order, due: 1d}
```

## Use instead
```yaml
flowmap: 1
roles: [{id: clerk, rank: 1}, {id: planner, rank: 1}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk, assure: [Entered], delivers: [sales order], lead_time: 4h}
      - id: schedule
        by: planner
        recheck: [Date confirmed]
        assure: [Capacity checked]
        needs:
          - {item: sales order, requires: [Delivery date confirmed], due: 1d}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.model import types as t
from flowmap.model.flow import handoffs
from flowmap.model.org import Organisation
from flowmap.rules.facts import facts
from flowmap.rules.issue import Issue

ID = "serve-downstream"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    found = facts(org)
    needs_from: dict[tuple[str, str], list[t.StepNeed]] = {}
    asked: dict[str, set[str]] = {}  # supplier id -> the items its customers ask of it
    for link in found.needs:
        if link.supplier is not None:
            needs_from.setdefault((link.supplier.id, link.step.id), []).append(link.need)
            asked.setdefault(link.supplier.id, set()).add(link.need.item)
    without_lead_time: set[str] = set()
    between_processes = {(link.supplier, link.step): None for link in found.across}
    for supplier, customer in [*handoffs(org), *between_processes]:
        if supplier is customer or not (org.is_internal(supplier) and org.is_internal(customer)):
            continue  # a step handing to itself is flow-cycle's finding
        needs = needs_from.get((supplier.id, customer.id))
        if not needs:
            yield _no_need(supplier, customer, asked.get(supplier.id, set()))
            continue
        for need in needs:
            yield from _check_need(supplier, customer, need)
        if "lead_time" not in supplier.at and supplier.id not in without_lead_time:
            without_lead_time.add(supplier.id)
            yield Issue(
                supplier,
                f"`{supplier.id}` has no `lead_time`, so nobody can tell whether it serves "
                f"`{customer.id}` on time; add `lead_time:` (30m, 4h, 2d, 1w)",
                key="id",
            )


def _no_need(supplier: t.Step, customer: t.Step, asked: set[str]) -> Issue:
    """`customer` states nothing it needs from `supplier`; suggest an item nobody asks for."""
    offered = [item for item in supplier.delivers if item not in asked] or supplier.delivers
    item = offered[0] if offered else "what it receives"
    return Issue(
        customer,
        f"`{customer.id}` receives from `{supplier.id}` but states no need from it; add under "
        f"`needs:` `- {{item: {item}, from: {supplier.id}, requires: [...], due: 1d}}`",
        key="needs" if "needs" in customer.at else "id",
    )


def _check_need(supplier: t.Step, customer: t.Step, need: t.StepNeed) -> Iterator[Issue]:
    if not need.requires:
        yield Issue(
            need,
            f"the need for `{need.item}` from `{supplier.id}` states no requirement; add "
            "`requires: [what the item must be like]`",
            key="item",
        )
    if "due" not in need.at:
        yield Issue(
            need,
            f"the need for `{need.item}` from `{supplier.id}` has no `due`; add the longest "
            "lead time it accepts, e.g. `due: 1d`",
            key="item",
        )
    if need.item and need.item not in supplier.delivers:
        offered = ", ".join(supplier.delivers) or "nothing"
        yield Issue(
            need,
            f"`{supplier.id}` does not deliver `{need.item}` (it delivers: {offered}); add it "
            f"to `{supplier.id}`'s `delivers` or name the item it does deliver",
            key="item",
        )
    lead, due = supplier.lead_time, need.due
    if lead is not None and due is not None and lead.seconds > due.seconds:
        yield Issue(
            need,
            f"`{supplier.id}` takes {lead} (`lead_time`) but `{customer.id}` accepts at most "
            f"{due}; shorten the supplier's lead time or agree a longer `due`",
            key="due",
        )
