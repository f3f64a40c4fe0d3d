"""The next step is the customer: needs come from upstream, and every delivery has a taker.

## What it does
Checks every need: its supplier (its `from`, or by default the step before that
delivers the item) must be upstream of the step (work flows from it to this step, or to
the step this operation is inside; a step of another process counts, as the need itself
says that its process feeds this one; so does the step that sends rework back to it) and
must `deliver` the item. A need without `from` where several steps merge into its step
and not exactly one of them delivers the item is one finding that names them. Then checks
every item a step delivers: some step downstream must state a need for it, or it must go
straight to a step done by an external customer (or, for the last operation of a step, be
what that step delivers).

What a `next` that loops back, or a `next: []` short of the customer, breaks is left to
`flow-cycle` and `inside-outside-line`, which report the cause.

## Why is this bad?
"The next step is the customer" (下道工序就是客户): the downstream step decides what the
upstream step must deliver. A need addressed to a step that comes later, or that does not
make the item, is a requirement nobody will meet. An item that no customer asks for is
either waste or a customer nobody has written down — and an unwritten customer is never
asked what it requires.

## Who must act
The step that states the need (it names its supplier in `from`); for an item nobody needs,
the step that delivers it.

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
from flowmap.graph.relations import (
    NeedLink,
    is_internal,
    loops,
    misaddressed,
    on_the_line,
    relations,
)
from flowmap.i18n import _, join_and
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.texts import among, is_placeholder, normal, stated
from flowmap.rules.issue import Issue

ID = "next-step-is-customer"
SEVERITY = "warning"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    found = relations(org)
    asked: set[tuple[str, str]] = set()
    meant = misaddressed(org)  # serve-downstream names the step a `from` typo meant
    for link in found.needs:
        supplier = link.supplier
        if (
            supplier is None
            # a need without `from` is linked to a step that hands over to its step
            or (
                link.need.from_ is not None
                and not _hands_over(found.into, supplier.id, link.step.id)
            )
            or not among(link.need.item, supplier.delivers)
        ):  # (else, most needs, nothing to say: `_check_need` is not asked)
            issue = _check_need(org, link, found.into, meant.get(id(link.need)))
            if issue is not None:
                yield issue
        if supplier is None:  # who it is from is the finding: what they deliver is
            # asked of them until it is answered
            asked.update((s.id, normal(i)) for s in link.candidates for i in s.delivers)
            continue
        item = normal(link.need.item)
        asked.add((supplier.id, item))
        if id(link.need) in meant:
            asked.add((meant[id(link.need)].id, item))
    looping = loops(org)
    for step in org.all_steps():
        if not step.id or step.id in looping:  # a broken id is schema's finding; a step
            continue  # in a loop, flow-cycle's (its work goes round instead of on)
        for index, item in enumerate(step.delivers):
            key = normal(item)
            if (step.id, key) in asked or not key or is_placeholder(item, config.placeholders):
                continue  # asked for; an empty text delivers nothing; a placeholder is
                # placeholder-text's
            if not _goes_out(org, step, item):
                yield Issue(
                    step,
                    _(
                        "nobody downstream needs `{item}` from `{step_id}`; add a need `- "
                        "{{item: {item}, from: {step_id}}}` to the step that receives it, or "
                        "drop it from `delivers`"
                    ).format(item=item, step_id=step.id),
                    key="delivers",
                    index=index,
                )


def _hands_over(into: dict, supplier: str, step: str) -> bool:
    """Whether step `supplier` hands over to step `step` (`into`: `Relations.into`)."""
    for handoff in into.get(step, ()):  # noqa: SIM110 - no generator for each of 45,000 needs
        if handoff.supplier.id == supplier:
            return True
    return False


def _check_need(org: Organisation, link: NeedLink, into: dict, meant) -> Issue | None:
    """What is wrong with one need, if anything (one issue at most)."""
    step, need, supplier = link.step, link.need, link.supplier
    if supplier is None:
        if need.from_ is None:  # an unknown `from` is unknown-reference's finding
            return _no_supplier(org, link)
        return None
    if not _hands_over(into, supplier.id, step.id):
        if supplier.id in loops(org) and supplier.next is not None:
            return None  # its `next` loops back instead: flow-cycle's finding
        fix = (
            _(
                "`{meant_id}`, which hands over to `{step_id}`, delivers `{need_item}`: write "
                "`from: {meant_id}`"
            ).format(meant_id=meant.id, step_id=step.id, need_item=need.item)
            if meant
            else _("name in `from` a step that comes before `{step_id}`").format(step_id=step.id)
        )
        return Issue(
            need,
            _(
                "`{supplier_id}` is not upstream of `{step_id}`: its work never reaches this "
                "step; {fix}"
            ).format(supplier_id=supplier.id, step_id=step.id, fix=fix),
            key="from",
            counterpart=supplier,
        )
    # serve-downstream reports a missing item of a handoff between internal steps
    if (
        normal(need.item)
        and not among(need.item, supplier.delivers)
        and not (is_internal(org, supplier) and is_internal(org, step))
    ):
        offered = ", ".join(stated(supplier.delivers)) or _("nothing")
        fix = (
            _(
                "`{meant_id}`, which hands over to `{step_id}`, does: write `from: {meant_id}`"
            ).format(meant_id=meant.id, step_id=step.id)
            if meant
            else _("add it to its `delivers`, or name in `from` the step that does")
        )
        return Issue(
            need,
            _(
                "`{supplier_id}` does not deliver `{need_item}` (it delivers: {offered}); {fix}"
            ).format(supplier_id=supplier.id, need_item=need.item, offered=offered, fix=fix),
            key="from" if meant else "item",
            counterpart=supplier,
        )
    return None


def _no_supplier(org: Organisation, link: NeedLink) -> Issue | None:
    """A need without `from` whose supplier cannot be told: say who might be meant."""
    step, need, candidates = link.step, link.need, link.candidates
    if not relations(org).before.get(step.id):
        before = candidates[0] if candidates else None
        if before is not None and before.id in loops(org):
            return None  # the step before loops back instead of handing on: flow-cycle's
        if before is not None and before.next == [] and before.id not in on_the_line(org):
            return None  # its flow ends short of the customer: inside-outside-line's
        where = _("receives from no step") if candidates else _("is first in its chain")
        supplier = candidates[0].id if candidates else _("<the step that delivers it>")
        return Issue(
            need,
            _(
                "`{step_id}` {where}, so the need for `{need_item}` has no step before it; name "
                "the step it comes from, e.g. `from: {supplier}`"
            ).format(step_id=step.id, where=where, need_item=need.item, supplier=supplier),
            key="from",
        )
    names = join_and([f"`{s.id}`" for s in candidates])
    delivering = [s for s in candidates if among(need.item, s.delivers)]
    which = _("each deliver") if delivering else _("none of them delivers")
    return Issue(
        need,
        _(
            "`{step_id}` receives from {names}, and {which} `{need_item}`; name its supplier "
            "with `from: {candidates_0_id}` (or another of them)"
        ).format(
            step_id=step.id,
            names=names,
            which=which,
            need_item=need.item,
            candidates_0_id=candidates[0].id,
        ),
        key="from",
    )


def _goes_out(org: Organisation, step: t.Step, item: str) -> bool:
    """Whether `item` goes straight to the external customer, or up to the enclosing step."""
    flow = relations(org).flow
    if any(org.is_external(org.steps[after]) for after in flow.successors(step.id)):
        return True
    parent = org.steps.get(step.parent) if step.parent else None
    return (
        parent is not None and not list(flow.successors(step.id)) and among(item, parent.delivers)
    )
