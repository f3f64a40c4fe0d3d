"""A relationship below its satisfaction target has an improvement action, not yet overdue.

## What it does
For every relationship whose latest survey period `satisfaction-target` or
`external-satisfaction-target` finds below its target, asks for an improvement action
where the relationship is written: `actions:` on the need, the service, the subordinate
role (for a rank relationship) or the process (for the external
customer), each `{what, owner: ROLE-ID, by_date: YYYY-MM-DD}`. A missing action is a
warning; an action whose `by_date` has passed while the relationship is still below target
is an error. "Today" honours `SOURCE_DATE_EPOCH`. A static `satisfaction:` (a number from
before surveys, with no period) is judged by the target rules only.

## Why is this bad?
Measuring is only worth it when a shortfall leads to a change, owned by someone, by a day
(the survey cycle: template → answers → summary → actions → next quarter). A shortfall with
no action will be measured again next quarter; an action past its day with the customer
still unsatisfied has not worked, or has not been done.

## Who must act
The supplier of the relationship (the units of the supplier step, the service's provider,
the role that serves), as for the target rules.

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
        needs: [{item: raw material}]
```
with a survey file whose latest quarter has 2 of 5 `pick,produce` responses satisfied.

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
            actions:
              - {what: Kit parts per work order, owner: storekeeper, by_date: 2099-03-31}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.dates import today
from flowmap.findings import ERROR
from flowmap.graph.satisfaction import BELOW, standing
from flowmap.i18n import N_, _
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue
from flowmap.shares import percent

ID = "improvement-action"
SEVERITY = "warning"

# Where each kind of relationship's actions are written, for messages.
_WHERE = {
    "handoff": N_("the need"),
    "function": N_("the service"),
    "rank": N_("the subordinate role"),
    "external": N_("the process"),
}


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    now = today()
    for found in standing(org, config):
        if found.status != BELOW or found.tally is None:  # surveyed relationships only
            continue
        rel = found.relationship
        actions = getattr(rel.holder, "actions", [])
        common = {
            "about": rel.subject,
            "counterpart": rel.counterpart,
            "acting": rel.acting,
        }
        if not actions:
            yield Issue(
                rel.holder,
                _(
                    "`{customer}`'s satisfaction with `{supplier}` is {share}, below {target}, "
                    "and no improvement action is planned; add to {where} `actions: [{{what: "
                    "..., owner: ROLE-ID, by_date: YYYY-MM-DD}}]`"
                ).format(
                    customer=rel.customer,
                    supplier=rel.supplier,
                    share=percent(found.share),
                    target=percent(found.target),
                    where=_(_WHERE[rel.kind]),
                ),
                key="actions",
                **common,
            )
            continue
        for index, action in enumerate(actions):
            if action.by_date is not None and action.by_date < now:
                yield Issue(
                    rel.holder,
                    _(
                        "the action `{what}` was due on {date} and `{customer}` is still "
                        "{share} satisfied (target {target}); do it, or plan a new action with "
                        "a new `by_date`"
                    ).format(
                        what=_short(action.what),
                        date=action.by_date.isoformat(),
                        customer=rel.customer,
                        share=percent(found.share),
                        target=percent(found.target),
                    ),
                    key="actions",
                    index=index,
                    severity=ERROR,
                    **common,
                )


def _short(text: str) -> str:
    from flowmap.load.names import clipped

    return clipped(text, 60)
