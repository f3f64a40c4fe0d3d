"""The next step is the customer: needs come from upstream, and every delivery has a taker.

## What it does
Checks every need: its supplier (its `from`, or by default the step before) must be
upstream of the step (work flows from it to this step, or to the step this operation is
inside; a step of another process counts, as the need itself says that its process feeds
this one) and must `deliver` the item. Then checks every item a step delivers: some step
downstream must state a need for it, or it must go straight to a step done by an external
customer (or, for the last operation of a step, be what that step delivers).

## Why is this bad?
"The next step is the customer" (下道工序就是客户): the downstream step decides what the
upstream step must deliver. A need addressed to a step that comes later, or that does not
make the item, is a requirement nobody will meet. An item that no customer asks for is
either waste or a customer nobody has written down — and an unwritten customer is never
asked what it requires.

## Example
```yaml
flowmap: 1
customers: [{id: customer}]
roles: [{id: clerk, rank: 1}]
processes:
  - id: order
    steps:
      - {id: place, by: customer, delivers: [purchase order]}
      - id: accept
        by: clerk
        assure: [Entered the same day]
        delivers: [sales order, order copy]
      - id: confirm
        by: customer
        needs: [{item: sales order, requires: [Date confirmed], due: 1d}]
```

## Use instead
```yaml
flowmap: 1
customers: [{id: customer}]
roles: [{id: clerk, rank: 1}]
processes:
  - id: order
    steps:
      - {id: place, by: customer, delivers: [purchase order]}
      - id: accept
        by: clerk
        assure: [Entered the same day]
        delivers: [sales order]
        needs: [{item: purchase order, requires: [Signed], due: 1d}]
      - id: confirm
        by: customer
        needs: [{item: sales order, requires: [Date confirmed], due: 1d}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.rules.facts import NeedLink, facts, is_upstream
from flowmap.rules.issue import Issue

ID = "next-step-is-customer"
SEVERITY = "warning"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    found = facts(org)
    for link in found.needs:
        yield from _check_need(org, link, found.before)
    asked = {(link.supplier.id, link.need.item) for link in found.needs if link.supplier}
    for step in org.all_steps():
        if not step.id:  # a step whose id is broken: the schema finding comes first
            continue
        for index, item in enumerate(step.delivers):
            if (step.id, item) not in asked and not _goes_out(org, step, item):
                yield Issue(
                    step,
                    f"nobody downstream needs `{item}` from `{step.id}`; add a need "
                    f"`- {{item: {item}, from: {step.id}}}` to the step that receives it, "
                    "or drop it from `delivers`",
                    key="delivers",
                    index=index,
                )


def _check_need(org: Organisation, link: NeedLink, before) -> Iterator[Issue]:
    step, need, supplier = link.step, link.need, link.supplier
    if supplier is None:
        if need.from_ is None:  # an unknown `from` is unknown-reference's finding
            yield Issue(
                need,
                f"`{step.id}` is first in its chain, so the need for `{need.item}` has no step "
                "before it; add `from: <the step that delivers it>`",
                key="item",
            )
        return
    # a step of another process: the need itself says that process feeds this one
    handed_over = supplier in before.get(step.id, []) or supplier.process != step.process
    if not handed_over and not is_upstream(org, supplier, step):
        yield Issue(
            need,
            f"`{supplier.id}` is not upstream of `{step.id}`: its work never reaches this "
            f"step; name in `from` a step that comes before `{step.id}`",
            key="from" if need.from_ is not None else "item",
        )
        return
    # serve-downstream reports a missing item of a handoff between internal steps
    internal_handoff = handed_over and org.is_internal(supplier) and org.is_internal(step)
    if need.item and need.item not in supplier.delivers and not internal_handoff:
        offered = ", ".join(supplier.delivers) or "nothing"
        yield Issue(
            need,
            f"`{supplier.id}` does not deliver `{need.item}` (it delivers: {offered}); add it "
            f"to its `delivers`, or name in `from` the step that does",
            key="item",
        )


def _goes_out(org: Organisation, step: t.Step, item: str) -> bool:
    """Whether `item` goes straight to the external customer, or up to the enclosing step."""
    flow = facts(org).flow
    if any(org.is_external(org.steps[after]) for after in flow.successors(step.id)):
        return True
    parent = org.steps.get(step.parent) if step.parent else None
    return parent is not None and not list(flow.successors(step.id)) and item in parent.delivers
