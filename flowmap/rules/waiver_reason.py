"""A waiver names a rule and gives a reason.

## What it does
Checks every `waive:` mapping (on a step, operation, need, service or goal): each key must
be a rule id, and each must have a reason. A waiver may be written as
`rule-id: {reason: ..., approved_by: ROLE-ID, until: YYYY-MM-DD}`: its `approved_by` must
name a role, and a waiver of `external-satisfaction-target` must name its approver (the
external customer's satisfaction is not waived by whoever writes the map).

## Why is this bad?
A waiver silences a rule at one place, and the audit report lists it: the auditor needs to
know why the internal customer is not served by the rule there, and until when. A waiver
with no reason hides a problem; one that names no rule silences nothing and misleads the
reader.

## Who must act
The step, need, service or goal holding the waiver (as for any object).

## Example
```yaml
flowmap: 1
roles: [{id: planner, rank: 1}]
processes:
  - id: plan
    steps:
      - id: schedule
        by: planner
        waive: {assure-own: "", recheck-upstrem: done on site}
```

## Use instead
```yaml
flowmap: 1
roles: [{id: planner, rank: 1}]
processes:
  - id: plan
    steps:
      - id: schedule
        by: planner
        waive: {assure-own: Checked by the customer's auditor on site until the 2027 audit}
```
"""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterator

from flowmap.config import Config
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue

ID = "waiver-reason"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    from flowmap.rules import RULES  # the registry imports this module

    for holder in holders(org):
        for rule, reason in holder.waive.items():
            if rule not in RULES:
                close = difflib.get_close_matches(rule, list(RULES), n=1)
                hint = (
                    _("did you mean `{close_0}`?").format(close_0=close[0])
                    if close
                    else _("`flowmap rules` lists them")
                )
                yield Issue(
                    holder,
                    _("`{rule}` is not a rule id; {hint}").format(rule=rule, hint=hint),
                    key="waive." + rule,
                )
            elif not reason:
                yield Issue(
                    holder,
                    _(
                        "the waiver of `{rule}` gives no reason; write why the rule does not "
                        "apply here, e.g. `{rule}: audited by the customer on site`"
                    ).format(rule=rule),
                    key="waive." + rule,
                )
            elif rule == "external-satisfaction-target" and not _approver(holder, rule):
                yield Issue(
                    holder,
                    _(
                        "the waiver of `{rule}` names no approver; write it as `{rule}: "
                        "{{reason: ..., approved_by: <role>, until: YYYY-MM-DD}}`"
                    ).format(rule=rule),
                    key="waive." + rule,
                )
            approver = _approver(holder, rule)
            if approver and approver not in org.roles:
                close = difflib.get_close_matches(approver, list(org.roles), n=1)
                hint = (
                    _("did you mean `{close_0}`?").format(close_0=close[0])
                    if close
                    else _("name the role that approved it")
                )
                yield Issue(
                    holder,
                    _("`approved_by: {approver}` names no role; {hint}").format(
                        approver=approver, hint=hint
                    ),
                    key="waive." + rule,
                )


def holders(org: Organisation) -> list:
    """What holds waivers: of the steps, operations, their needs, services and goals, those
    that waive a rule. Walked once per organisation for the three waiver rules (most objects
    waive nothing; the walk over them all cost as much as a rule, three times)."""
    found = _HOLDERS.get(org)
    if found is None:
        found = [step for step in org.all_steps() if step.waive]
        found += [x for x in (*org.services.values(), *org.goals.values()) if x.waive]
        found += [need for step in org.all_steps() for need in step.needs if need.waive]
        _HOLDERS[org] = found
    return found


_HOLDERS: weakref.WeakKeyDictionary[Organisation, list] = weakref.WeakKeyDictionary()


def dated_waivers(org: Organisation) -> Iterator[tuple]:
    """(holder, rule id, last day) of every waiver that states its `until`."""
    for holder in holders(org):
        for rule, terms in holder.waive_terms.items():
            if terms.until is not None:
                yield holder, rule, terms.until


def _approver(holder, rule: str) -> str | None:
    terms = holder.waive_terms.get(rule)
    return terms.approved_by if terms else None
