"""Every reference names something that exists, of the right kind.

## What it does
Checks that `by`, `from`, `next`, `rework`, `unit`, `reports_to`, `provider`, `customers`,
`owner`, `serves`, `customer` and `include` name an id (or a file) that exists, and that it
is of the kind the key expects (`by` a customer, role or unit; `unit` a unit; ...). Suggests
the closest id when there is one.

## Why is this bad?
A step done `by: ordr-clerk` has nobody behind it: the sales department never learns that
the planning department is its internal customer, and no rule can check the handoff.

## Example
```yaml
flowmap: 1
roles:
  - {id: order-clerk, name: Order clerk}
processes:
  - id: order-to-delivery
    steps:
      - {id: accept-order, by: ordr-clerk}
```

## Use instead
```yaml
flowmap: 1
roles:
  - {id: order-clerk, name: Order clerk}
processes:
  - id: order-to-delivery
    steps:
      - {id: accept-order, by: order-clerk}
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from flowmap.config import Config
from flowmap.model import types as t
from flowmap.model.org import Organisation, walk_steps
from flowmap.rules.issue import Issue

ID = "unknown-reference"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    executors = org.customers.keys() | org.roles.keys() | org.units.keys()
    owners = org.roles.keys() | org.units.keys()
    served = org.needs.keys() | org.goals.keys()
    for role in org.roles.values():
        yield from _one(role, "unit", org.units.keys(), "unit")
        yield from _one(role, "reports_to", org.roles.keys(), "role")
    for service in org.services.values():
        yield from _one(service, "provider", org.units.keys(), "unit")
        for index, unit in enumerate(service.customers):
            if unit != "*":
                yield from _check(service, "customers", unit, org.units.keys(), "unit", index)
    for goal in org.goals.values():
        yield from _one(goal, "owner", owners, "role or unit")
        yield from _one(goal, "serves", served, "customer need or goal")
    for process in org.processes.values():
        yield from _one(process, "customer", org.customers.keys(), "external customer")
        for step in walk_steps(process.steps):
            yield from _one(step, "by", executors, "external customer, role or unit")
            for key in ("next", "rework"):
                for index, target in enumerate(getattr(step, key) or []):
                    yield from _check(step, key, target, org.steps.keys(), "step", index)
            for need in step.needs:
                yield from _one(need, "from", org.steps.keys(), "step", attr="from_")


def _one(obj: t.Located, key: str, known, kind: str, attr: str = "") -> Iterator[Issue]:
    value = getattr(obj, attr or key)
    if value is not None:
        yield from _check(obj, key, value, known, kind)


def _check(obj, key, value, known, kind, index=None) -> Iterator[Issue]:
    if value in known:
        return
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    article = "an" if kind[0] in "aeiou" else "a"
    hint = f"did you mean `{close[0]}`?" if close else f"define {article} {kind} with `id: {value}`"
    yield Issue(obj, f"`{key}: {value}` names no {kind}; {hint}", key=key, index=index)
