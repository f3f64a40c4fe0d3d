"""Three-step 2: every internal step assures its own quality.

## What it does
Reports an internal step (done by a role or a unit) with no `assure:` list: the checks it
makes on its own work before handing it on. Steps done by an external customer are left
alone. An empty text (`assure: ['']`) counts as missing.

A step with `operations` assures its own quality too: what the step as a whole hands on is
its work, whoever does the operations inside it; and each internal operation assures its
own, since the operation after it is its customer.

## Why is this bad?
"Assure the quality of this step" (保证本道工序的质量) is the second of the three steps: the
next step is the customer, and a supplier that does not check its own work passes its
defects on to its customer, who finds them late and at greater cost.

## Who must act
The step itself: its executors (every executor of a joint step) and their units.

## Example
```yaml
flowmap: 1
roles: [{id: planner, rank: 1}]
processes:
  - id: plan
    steps:
      - {id: schedule, by: planner, delivers: [production plan]}
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
        assure: [Plan checked against line capacity]
        delivers: [production plan]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.graph.relations import internal_executors
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.model.texts import says_something
from flowmap.rules.issue import Issue

ID = "assure-own"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    internal = internal_executors(org)  # `is_internal`, each executor worked out once
    for step in org.all_steps():
        if internal[step.by] and not says_something(step.assure):
            yield Issue(
                step,
                _(
                    "`{step_id}` has no `assure`; add `assure: [how {step_by} checks its own "
                    "work before handing it on]` (three-step 2)"
                ).format(step_id=step.id, step_by=step.by),
                key="assure",
            )
