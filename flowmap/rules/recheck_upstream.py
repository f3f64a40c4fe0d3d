"""Three-step 1: an internal step that receives from an internal step re-checks it.

## What it does
Reports an internal step with no `recheck:` list when an internal step hands over to it:
what the receiving step inspects in what it receives. It receives in every handoff into
it: from the steps that hand over to it in the flow, and from every step one of its needs
names in `from` (upstream, in another process, or sending rework back). A step that
receives only from the external customer, or from nobody, is left alone. An empty text
(`recheck: ['']`) counts as missing.

A step with `operations` is still a step of its process: it re-checks what its process
hands it. Its first operation receives from nobody inside the step (the step's own
`recheck` covers what comes in), so it needs none; every later operation receives from the
operation before it, its supplier, and re-checks it.

## Why is this bad?
"Re-check the quality of the upstream step" (复查上道工序的质量) is the first of the three
steps. The receiving step is its supplier's customer; by checking what comes in, it stops a
defect at the handoff instead of building on it, and tells its supplier at once.

## Who must act
The **receiving** step: its executors (every executor of a joint step) and their units.

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
from flowmap.graph.relations import handoffs_into, in_loop, internal_executors
from flowmap.i18n import _, join_and
from flowmap.model.org import Organisation
from flowmap.model.texts import says_something
from flowmap.rules.issue import Issue

ID = "recheck-upstream"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    inside = internal_executors(org)  # `is_internal`, each executor worked out once
    for step in org.all_steps():
        if not inside[step.by] or says_something(step.recheck):
            continue
        received = [  # a `next` that loops back is flow-cycle's finding, not a supplier
            handoff.supplier
            for handoff in handoffs_into(org, step)
            if not (handoff.via == "flow" and in_loop(org, handoff.supplier, step))
        ]
        internal = [s.id for s in received if s is not step and inside[s.by]]
        if internal:
            yield Issue(
                step,
                _(
                    "`{step_id}` receives from {names_internal} but has no `recheck`; add "
                    "`recheck: [what {step_by} inspects in what it receives]` (three-step 1)"
                ).format(step_id=step.id, names_internal=_names(internal), step_by=step.by),
                key="recheck",
            )


def _names(steps: list[str]) -> str:
    return join_and([f"`{key}`" for key in dict.fromkeys(steps)])
