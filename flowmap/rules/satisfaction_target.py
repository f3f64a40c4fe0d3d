"""Measured internal customer satisfaction reaches the target (by default 85%).

## What it does
Reports a need whose measured `satisfaction` (0 to 1) is below the project's target,
`satisfaction-target` in the configuration or `--satisfaction-target` (default 0.85).
A value exactly at the target passes.

## Why is this bad?
When internal customer satisfaction reaches 85%, external customer satisfaction reaches 95%
(slide 73). A handoff below the target is where the external customer's satisfaction is
being lost: supplier and customer should define the need together again, turning fuzzy
requirements into clear ones.

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
from flowmap.model.org import Organisation
from flowmap.rules.facts import facts
from flowmap.rules.issue import Issue

ID = "satisfaction-target"
SEVERITY = "warning"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    target = config.satisfaction_target
    for link in facts(org).needs:
        measured = link.need.satisfaction
        if measured is not None and measured < target:
            supplier = f" with `{link.supplier.id}`" if link.supplier else ""
            yield Issue(
                link.need,
                f"`{link.step.id}` is {measured:.0%} satisfied with `{link.need.item}`, below "
                f"the target of {target:.0%}; define the need again{supplier} (clearer "
                "`requires`, a `due` both can keep), or waive it with the reason",
                key="satisfaction",
            )
