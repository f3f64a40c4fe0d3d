"""Three-step 1: an internal step that receives from an internal step re-checks it.

## What it does
Reports an internal step with no `recheck:` list when an internal step hands over to it:
what the receiving step inspects in what it receives. A step that receives only from the
external customer, or from nobody, is left alone.

## Why is this bad?
"Re-check the quality of the upstream step" (复查上道工序的质量) is the first of the three
steps. The receiving step is its supplier's customer; by checking what comes in, it stops a
defect at the handoff instead of building on it, and tells its supplier at once.

## Example
```yaml
flowmap: 1
roles: [{id: clerk, rank: 1}, {id: planner, rank: 1}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk, assure: [Order entered the same day]}
      - {id: schedule, by: planner, assure: [Capacity checked]}
```

## Use instead
```yaml
flowmap: 1
roles: [{id: clerk, rank: 1}, {id: planner, rank: 1}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk, assure: [Order entered the same day]}
      - id: schedule
        by: planner
        recheck: [Order has a confirmed date]
        assure: [Capacity checked]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.model.org import Organisation
from flowmap.rules.facts import facts
from flowmap.rules.issue import Issue

ID = "recheck-upstream"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    before = facts(org).before
    for step in org.all_steps():
        if step.recheck or not org.is_internal(step):
            continue
        internal = [s.id for s in before.get(step.id, []) if org.is_internal(s)]
        if internal:
            yield Issue(
                step,
                f"`{step.id}` receives from `{internal[0]}` but has no `recheck`; add "
                f"`recheck: [what {step.by} inspects in what it receives]` (three-step 1)",
                key="recheck" if "recheck" in step.at else "id",
            )
