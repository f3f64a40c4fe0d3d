"""Three-step 1: an internal step that receives from an internal step re-checks it.

## What it does
Reports an internal step with no `recheck:` list when an internal step hands over to it:
what the receiving step inspects in what it receives. It receives from the steps that hand
over to it in the flow, and from a step of another process that one of its needs names in
`from`. A step that receives only from the external customer, or from nobody, is left
alone.

A step with `operations` is still a step of its process: it re-checks what its process
hands it. Its first operation receives from nobody inside the step (the step's own
`recheck` covers what comes in), so it needs none; every later operation receives from the
operation before it, its supplier, and re-checks it.

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
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.rules.facts import facts
from flowmap.rules.issue import Issue

ID = "recheck-upstream"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    found = facts(org)
    from_other_processes: dict[str, list[t.Step]] = {}  # what needs' `from` names
    for link in found.across:
        from_other_processes.setdefault(link.step.id, []).append(link.supplier)
    for step in org.all_steps():
        if step.recheck or not org.is_internal(step):
            continue
        received = [*found.before.get(step.id, ()), *from_other_processes.get(step.id, ())]
        internal = [s.id for s in received if s is not step and org.is_internal(s)]
        if internal:
            yield Issue(
                step,
                f"`{step.id}` receives from {_names(internal)} but has no `recheck`; add "
                f"`recheck: [what {step.by} inspects in what it receives]` (three-step 1)",
                key="recheck" if "recheck" in step.at else "id",
            )


def _names(steps: list[str]) -> str:
    return " and ".join(f"`{key}`" for key in dict.fromkeys(steps))
