"""Internal customer satisfaction, measured by surveys, reaches its target of 85%.

## What it does
Judges every internal relationship (a handoff, a service and a unit it serves, a role and
its superior) by the latest period of the organisation's survey data (`surveys`, grouped by
`survey_period`): the share of satisfied responses against `satisfaction_target` (default
0.85, or the relationship's own `satisfaction_target`). A share exactly at the target
passes; fewer than `min_responses` responses in the period is neither a pass nor a fail. A
relationship surveyed before but not in the latest period is an info finding ("not measured
since 2026-Q2"). Where no survey measures a need, its static `satisfaction:` is judged.
The external customer is judged by `external-satisfaction-target`.

## Why is this bad?
When internal customer satisfaction reaches 85%, external customer satisfaction reaches 95%
(slide 73). A relationship below the target is where the external customer's satisfaction
is being lost: supplier and customer should define the need together again, turning fuzzy
requirements into clear ones — and measure again next period.

## Who must act
The **supplier** (its executors and units) whose customer is not satisfied with what it
hands over: the supplier step of a handoff, the provider of a service, the role that serves
its superior or subordinate. The finding is about the handoff `SUPPLIER->CUSTOMER:ITEM`,
the service, or the rank relationship `SUPPLIER->CUSTOMER`; when a need names no known
supplier, the step that states it must name one.

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
or a survey file whose latest quarter has 3 of 5 `pick,produce` responses at score 4 or 5.

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
from flowmap.findings import INFO
from flowmap.graph.satisfaction import BELOW, NOT_MEASURED, Standing, standing
from flowmap.i18n import N_, _
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue
from flowmap.shares import percent

ID = "satisfaction-target"
SEVERITY = "warning"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    yield from judged(org, config, external=False)


def judged(org: Organisation, config: Config, external: bool) -> Iterator[Issue]:
    """The internal (or the external customer's) relationships below their target in the
    latest period, and those not measured since an earlier one."""
    for found in standing(org, config):
        if found.relationship.external is not external:
            continue
        if found.status == BELOW:
            yield _below(found, external)
        elif found.status == NOT_MEASURED:
            yield _issue(
                found,
                _(
                    "{who} was last surveyed in {period}; not measured since, so not judged: "
                    "survey it again this period"
                ).format(who=_who(found), period=found.period),
                severity=INFO,
            )


def _who(found: Standing) -> str:
    rel = found.relationship
    if rel.item and rel.kind in ("handoff", "function"):
        return _("`{customer}`'s satisfaction with `{item}` from `{supplier}`").format(
            customer=rel.customer, item=rel.item, supplier=rel.supplier
        )
    return _("`{customer}`'s satisfaction with `{supplier}`").format(
        customer=rel.customer, supplier=rel.supplier
    )


# What supplier and customer do about a shortfall, by kind of relationship.
_AGAIN = {
    "handoff": N_(
        "`{supplier}` and `{customer}` define the need again (clearer `requires`, a `due` "
        "both can keep)"
    ),
    "function": N_(
        "`{supplier}` and `{customer}` agree again what the service delivers and by when"
    ),
    "rank": N_("`{supplier}` and `{customer}` agree again what each expects of the other"),
    "external": N_("the steps that hand over to the customer find where they fall short"),
}


def _below(found: Standing, external: bool) -> Issue:
    rel = found.relationship
    when = ""
    if found.tally is not None:
        when = _(" in {period} ({satisfied} of {responses} responses)").format(
            period=found.period,
            satisfied=found.tally.satisfied,
            responses=found.tally.responses,
        )
    facts = {
        "customer": rel.customer,
        "share": percent(found.share),
        "when": when,
        "target": percent(found.target),
        "item": rel.item,
    }
    if not rel.supplier:  # a need without a known supplier: who serves it comes first
        return _issue(
            found,
            _(
                "`{customer}` is {share} satisfied with `{item}`{when}, below the target of "
                "{target}; name its supplier in `from`, then define the need again with it"
            ).format(**facts),
        )
    again = _(_AGAIN[rel.kind]).format(supplier=rel.supplier, customer=rel.customer)
    whom = f"`{rel.supplier}`"
    if rel.kind in ("handoff", "function") and rel.item:
        whom = _("`{item}` from `{supplier}`").format(item=rel.item, supplier=rel.supplier)
    if external:
        message = _(
            "`{customer}` is {share} satisfied with {whom}{when}, below the external "
            "customer's target of {target}; {again}, with an improvement action (`actions:`), "
            "or waive it with the reason"
        )
    else:
        message = _(
            "`{customer}` is {share} satisfied with {whom}{when}, below the target of "
            "{target}; {again}, with an improvement action (`actions:`), or waive it with "
            "the reason"
        )
    return _issue(found, message.format(**facts, whom=whom, again=again))


def _issue(found: Standing, message: str, severity: str | None = None) -> Issue:
    rel = found.relationship
    return Issue(
        rel.holder,
        message,
        key="satisfaction",
        about=rel.subject,
        counterpart=rel.counterpart,
        acting=rel.acting,
        severity=severity,
    )
