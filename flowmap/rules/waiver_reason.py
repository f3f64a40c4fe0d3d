"""A waiver names a rule and gives a reason.

## What it does
Checks every `waive:` mapping (on a step, operation, need, service or goal): each key must
be a rule id, and each must have a reason.

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
from collections.abc import Iterator

from flowmap.config import Config
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue

ID = "waiver-reason"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    from flowmap.rules import RULES  # the registry imports this module

    holders = [*org.all_steps(), *org.services.values(), *org.goals.values()]
    holders += [need for step in org.all_steps() for need in step.needs]
    for holder in holders:
        for rule, reason in holder.waive.items():
            if rule not in RULES:
                close = difflib.get_close_matches(rule, list(RULES), n=1)
                hint = f"did you mean `{close[0]}`?" if close else "`flowmap rules` lists them"
                yield Issue(holder, f"`{rule}` is not a rule id; {hint}", key="waive." + rule)
            elif not reason:
                yield Issue(
                    holder,
                    f"the waiver of `{rule}` gives no reason; write why the rule does not "
                    f"apply here, e.g. `{rule}: audited by the customer on site`",
                    key="waive." + rule,
                )
