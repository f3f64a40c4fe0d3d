"""Measured internal customer satisfaction reaches its target of 85%.

## What it does
Reports a need of an internal step whose measured `satisfaction` (0 to 1) is below the
project's target for internal customers: `satisfaction_target` in the configuration or
`--satisfaction-target` (default 0.85). A value exactly at the target passes. The external
customer's satisfaction is judged by its own rule, `external-satisfaction-target`.

## Why is this bad?
When internal customer satisfaction reaches 85%, external customer satisfaction reaches 95%
(slide 73). A handoff below the target is where the external customer's satisfaction is
being lost: supplier and customer should define the need together again, turning fuzzy
requirements into clear ones.

## Who must act
The **supplier** step (its executors and units) whose customer is not satisfied with what it
hands over — for the external customer, the units of the steps that hand over to the
customer's steps. The finding is about the handoff `SUPPLIER->CUSTOMER:ITEM`; when the need
names no known supplier, the step that states it must name one.

## Example
```yaml
flowmap: 1
roles: [{id: storekeeper, rank: 1}, {id: supervisor, rank: 1}]
processes:
  - id: make
    steps:
      - {id: pick, by: storekeeper, delivers: [raw material]}
      - id: produce
        by: supervisor
        needs: [{item: raw material, satisfaction: 0.72}]
```

## Use instead
```yaml
flowmap: 1
roles: [{id: storekeeper, rank: 1}, {id: supervisor, rank: 1}]
processes:
  - id: make
    steps:
      - {id: pick, by: storekeeper, delivers: [raw material]}
      - id: produce
        by: supervisor
        needs:
          - item: raw material
            satisfaction: 0.72
            waive: {satisfaction-target: Kitting project KP-7 runs until March}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.graph.relations import NeedLink, need_links
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.model.subjects import handoff_subject
from flowmap.rules.issue import Issue
from flowmap.shares import percent

ID = "satisfaction-target"
SEVERITY = "warning"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    yield from below_target(org, config.satisfaction_target, external=False)


def below_target(org: Organisation, target: float, external: bool) -> Iterator[Issue]:
    """The needs of internal (or of the external customer's) steps measured below `target`."""
    for link in need_links(org):
        measured = link.need.satisfaction
        if measured is not None and org.is_external(link.step) is external and measured < target:
            yield _below(link, measured, target, external)


def _below(link: NeedLink, measured: float, target: float, external: bool) -> Issue:
    """The supplier must act: its customer is not satisfied with what it hands over."""
    supplier = link.supplier
    whose = _("the external customer's target") if external else _("the target")
    if supplier is None:  # who serves it is next-step-is-customer's question
        return Issue(
            link.need,
            _(
                "`{link_step_id}` is {percent_measured} satisfied with `{link_need_item}`, below "
                "{whose} of {percent_target}; name its supplier in `from`, then define the need "
                "again with it"
            ).format(
                link_step_id=link.step.id,
                percent_measured=percent(measured),
                link_need_item=link.need.item,
                whose=whose,
                percent_target=percent(target),
            ),
            key="satisfaction",
        )
    return Issue(
        link.need,
        _(
            "`{link_step_id}` is {percent_measured} satisfied with `{link_need_item}` from "
            "`{supplier_id}`, below {whose} of {percent_target}; `{supplier_id}` and "
            "`{link_step_id}` define the need again (clearer `requires`, a `due` both can keep), "
            "or waive it with the reason"
        ).format(
            link_step_id=link.step.id,
            percent_measured=percent(measured),
            link_need_item=link.need.item,
            supplier_id=supplier.id,
            whose=whose,
            percent_target=percent(target),
        ),
        key="satisfaction",
        about=handoff_subject(supplier, link.step, link.need.item),
        counterpart=link.step,
        acting=(supplier,),
    )
