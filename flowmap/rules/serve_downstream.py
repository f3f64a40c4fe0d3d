"""Three-step 3: every internal handoff is served with quality and on time.

## What it does
For every handoff from an internal step A to an internal step B, checks that B states, as
A's customer, what it needs from A: a need whose supplier is A (its `from`, or by default
the step before that delivers the item) with `requires` (the quality it asks for) and `due`
(the longest lead time it accepts); that A `delivers` that item; and that A's `lead_time`
is no longer than that `due`. Durations compare as durations: `1w` is longer than `2d`;
items compare after Unicode NFKC normalisation and trimming; an empty text counts as
missing.

The handoffs are those of the flow (the next step, or those `next` names; at a branch, each
step it names; inside a step, from operation to operation) and every one a need states:
its `from` names a step further upstream, a step of another process, or the step that
sends rework back to it.

The external customer comes first: each of its steps that receives from the company states
what it needs, and the company's lead time keeps within the `due` it states (a lead time
longer than the customer accepts is late, as inside).

A service is held to the same terms: it states what it `delivers`, what its customer units
`require` and how soon it is `due`.

## Why is this bad?
"Serve the downstream step with quality and on time" (坚持优质、准时为下道工序服务) is the
third of the three steps, and "the next step is the customer" says who sets the terms: the
receiving step. A handoff with no stated requirement or due date leaves the supplier to
guess; a supplier whose lead time is longer than its customer accepts is late by design.

## Who must act
A lead time longer than the customer's `due`, and an item the supplier does not deliver: the
**supplier** step's executors and their units (the finding is about the handoff
`SUPPLIER->CUSTOMER:ITEM`). A need without `requires` or `due`, a handoff with no stated
need, a `from` naming the wrong step: the **receiving** step, which must state its needs. A
supplier without `lead_time`: the supplier. A service without its terms: its provider unit.

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

from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property

from flowmap.config import Config
from flowmap.graph.relations import in_loop, internal_executors, misaddressed, relations
from flowmap.i18n import _
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.subjects import handoff_subject
from flowmap.model.texts import among, normal, says_something, stated
from flowmap.rules.issue import Issue

ID = "serve-downstream"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    found = relations(org)
    meant = misaddressed(org)
    asked = _Asked(found, meant)
    without_lead_time: set[str] = set()
    internal = internal_executors(org)
    customers = org.customers  # (`org.is_external`, asked of 45,000 handoffs: inlined)
    for supplier, customer, _via, needs in found.handoffs:
        from_inside = internal[supplier.by]
        if from_inside and customer.by in customers:
            for need in needs:  # the external customer's terms: kept, on time
                if _is_late(supplier, need):
                    yield _late(supplier, customer, need)
            continue
        if supplier is customer or not (from_inside and internal[customer.by]):
            continue  # a step handing to itself is flow-cycle's finding
        if not needs:
            if in_loop(org, supplier, customer):
                continue  # a `next` that loops back is flow-cycle's finding
            if supplier.id not in asked.undecided.get(customer.id, ()):
                yield _no_need(supplier, customer, asked.items.get(supplier.id, set()))
            # else: next-step-is-customer asks which step the need is from
            continue
        for need in needs:
            if id(need) in meant:
                yield _misaddressed(supplier, customer, need, meant[id(need)])
            elif not _kept(supplier, need):
                yield from _check_need(supplier, customer, need)
        if (
            "lead_time" not in supplier.at
            and supplier.id not in without_lead_time
            and any(supplier.lead_time_for(need.item) is None for need in needs)
        ):
            without_lead_time.add(supplier.id)
            yield Issue(
                supplier,
                _(
                    "`{supplier_id}` has no `lead_time`, so nobody can tell whether it serves "
                    "`{customer_id}` on time; add `lead_time:` (30m, 4h, 2d, 1w)"
                ).format(supplier_id=supplier.id, customer_id=customer.id),
                key="lead_time",
            )
    for service in org.services.values():
        yield from _check_service(service)
    for process in org.processes.values():
        yield from _customer_needs(org, found, process, asked, internal)


class _Asked:
    """What the needs ask, worked out when first asked: only a handoff without a need and a
    customer's step that states none ask, and where needs are stated they are few (going
    over every need for it first was a fifth of the rule's time)."""

    def __init__(self, found, meant: dict) -> None:
        self.found, self.meant = found, meant

    @cached_property
    def items(self) -> dict[str, set[str]]:
        """Supplier id -> the items asked of it."""
        asked: dict[str, set[str]] = defaultdict(set)
        for link in self.found.needs:
            if link.supplier is not None:
                asked[link.supplier.id].add(normal(link.need.item))
        return asked

    @cached_property
    def undecided(self) -> dict[str, set[str]]:
        """Step id -> who a need of it without `from` may mean."""
        undecided: dict[str, set[str]] = {}
        for link in self.found.needs:
            if link.supplier is None and link.need.from_ is None:
                undecided.setdefault(link.step.id, set()).update(s.id for s in link.candidates)
        for link in self.found.needs:  # the step a `from` typo meant is asked, by the need
            if id(link.need) in self.meant:
                undecided.setdefault(link.step.id, set()).add(self.meant[id(link.need)].id)
        return undecided


def _customer_needs(
    org: Organisation, found, process: t.Process, asked: _Asked, internal: dict
) -> Iterator[Issue]:
    """The external customer first: each of its steps that receives from the company states
    what it needs (one that only starts the process, such as placing an order, need not);
    a customer who states no need anywhere in the process is one finding, at its last step."""
    receiving = {}  # customer step -> the internal steps that hand over to it
    customers = org.customers  # (`org.is_external`, inlined: asked of every step)
    for step in process.steps:
        if step.by in customers:
            suppliers = [h.supplier for h in found.into.get(step.id, ()) if internal[h.supplier.by]]
            if suppliers:
                receiving[step] = suppliers
    if not receiving:
        return
    if not any(step.needs for step in process.steps if step.by in customers):
        last = list(receiving)[-1]
        yield _customer_silent(
            last,
            receiving[last],
            asked,
            _(
                "the external customer states no need anywhere in `{process_id}`; at its last "
                "step, `{last_id}`"
            ).format(process_id=process.id, last_id=last.id),
        )
        return
    for step in receiving:
        if not step.needs:
            yield _customer_silent(
                step,
                receiving[step],
                asked,
                _("the customer's step `{step_id}`").format(step_id=step.id),
            )


def _customer_silent(step: t.Step, suppliers: list[t.Step], asked: _Asked, who: str) -> Issue:
    supplier = suppliers[-1]
    item = _offered_item(supplier, asked.items.get(supplier.id, set()))
    return Issue(
        step,
        _(
            "{who} receives `{item}` from `{supplier_id}` but states no need; the external "
            "customer comes first: write what it requires and by when, under `needs:` `- {{item: "
            "{item}, from: {supplier_id}, requires: [...], due: 3d}}`"
        ).format(who=who, item=item, supplier_id=supplier.id),
        key="needs",
        acting=tuple(suppliers),
    )


def _offered_item(supplier: t.Step, asked: set[str]) -> str:
    """What a need from `supplier` most likely names: an item it delivers that nobody asks
    for yet."""
    offered = [i for i in stated(supplier.delivers) if normal(i) not in asked]
    offered = offered or stated(supplier.delivers)
    return offered[0] if offered else _("what it receives")


def _no_need(supplier: t.Step, customer: t.Step, asked: set[str]) -> Issue:
    """`customer` states nothing it needs from `supplier`; suggest an item nobody asks for."""
    item = _offered_item(supplier, asked)
    return Issue(
        customer,
        _(
            "`{customer_id}` receives from `{supplier_id}` but states no need from it; add under "
            "`needs:` `- {{item: {item}, from: {supplier_id}, requires: [...], due: 1d}}`"
        ).format(customer_id=customer.id, supplier_id=supplier.id, item=item),
        key="needs",
        counterpart=supplier,
    )


def _kept(supplier: t.Step, need: t.StepNeed) -> bool:
    """Whether a need is stated in full and `supplier` keeps to it: `_check_need` has
    nothing to say (most needs; telling so first spares a generator for each of them)."""
    return bool(
        "due" in need.at
        and normal(need.item)
        and says_something(need.requires)
        and among(need.item, supplier.delivers)
        and not _is_late(supplier, need)
    )


def _check_need(supplier: t.Step, customer: t.Step, need: t.StepNeed) -> Iterator[Issue]:
    item = normal(need.item)
    if not item:
        yield Issue(
            need,
            _(
                "a need of `{customer_id}` from `{supplier_id}` names no item; write `item:` "
                "with what it receives (`{supplier_id}` delivers: {offered_supplier})"
            ).format(
                customer_id=customer.id,
                supplier_id=supplier.id,
                offered_supplier=_offered(supplier),
            ),
            key="item",
        )
    if not says_something(need.requires):
        yield Issue(
            need,
            _(
                "the need for `{need_item}` from `{supplier_id}` states no requirement; add "
                "`requires: [what the item must be like]`"
            ).format(need_item=need.item, supplier_id=supplier.id),
            key="requires",
            counterpart=supplier,
        )
    if "due" not in need.at:
        yield Issue(
            need,
            _(
                "the need for `{need_item}` from `{supplier_id}` has no `due`; add the longest "
                "lead time it accepts, e.g. `due: 1d`"
            ).format(need_item=need.item, supplier_id=supplier.id),
            key="due",
            counterpart=supplier,
        )
    if item and not among(item, supplier.delivers):
        yield Issue(
            need,
            _(
                "`{supplier_id}` does not deliver `{need_item}` (it delivers: "
                "{offered_supplier}); add it to `{supplier_id}`'s `delivers` or name the item it "
                "does deliver"
            ).format(
                supplier_id=supplier.id, need_item=need.item, offered_supplier=_offered(supplier)
            ),
            key="item",
            about=handoff_subject(supplier, customer, need.item),
            counterpart=customer,
            acting=(supplier,),
        )
    if _is_late(supplier, need):
        yield _late(supplier, customer, need)


def _is_late(supplier: t.Step, need: t.StepNeed) -> bool:
    """Whether the supplier's lead time for the item is longer than its customer accepts."""
    lead, due = supplier.lead_time_for(need.item), need.due
    return lead is not None and due is not None and lead.seconds > due.seconds


def _late(supplier: t.Step, customer: t.Step, need: t.StepNeed) -> Issue:
    """The issue of a supplier that is late (`_is_late`)."""
    lead, due = supplier.lead_time_for(need.item), need.due
    return Issue(
        need,
        _(
            "`{supplier_id}` takes {lead} (`lead_time`) to deliver `{need_item}`, but "
            "`{customer_id}` accepts at most {due}; shorten the supplier's lead time (for "
            "this item alone: `delivers: [{{item: ..., lead_time: ...}}]`) or agree a longer "
            "`due`"
        ).format(
            supplier_id=supplier.id,
            lead=lead,
            need_item=need.item,
            customer_id=customer.id,
            due=due,
        ),
        key="due",
        about=handoff_subject(supplier, customer, need.item),
        counterpart=customer,
        acting=(supplier,),
    )


def _misaddressed(supplier: t.Step, customer: t.Step, need: t.StepNeed, meant: t.Step) -> Issue:
    return Issue(
        need,
        _(
            "`{supplier_id}` does not deliver `{need_item}`, but `{meant_id}`, which hands over "
            "to `{customer_id}`, does; write `from: {meant_id}`"
        ).format(
            supplier_id=supplier.id, need_item=need.item, meant_id=meant.id, customer_id=customer.id
        ),
        key="from",
        counterpart=supplier,
    )


def _check_service(service: t.Service) -> Iterator[Issue]:
    """A service is a handoff to its customer units: what, to which terms, how soon."""
    missing = {}
    if not normal(service.delivers):
        missing["delivers"] = _("`delivers: <what it hands over>`")
    if not says_something(service.requires):
        missing["requires"] = _("`requires: [what its customer units require]`")
    if "due" not in service.at:
        missing["due"] = _("`due:` (how soon, e.g. 1d)")
    if missing:
        yield Issue(
            service,
            _(
                "service `{service_id}` does not state the terms its customer units are served "
                "on; add {join_missing_values}"
            ).format(service_id=service.id, join_missing_values=", ".join(missing.values())),
            key=next(iter(missing)),
        )


def _offered(supplier: t.Step) -> str:
    return ", ".join(stated(supplier.delivers)) or "nothing"
