"""The step flow (without `rework`) has no cycle.

## What it does
Follows each step to the steps it hands over to (the next one in the list, or those its
`next` names) and reports a loop: a step whose work comes back to it through the flow. Loops
written with `rework:` are not part of the flow and are fine.

## Why is this bad?
A process is a chain from the external customer's order to the external customer: each step
is the internal customer of the one before. In a loop nobody is last, nothing reaches the
customer, and "the step before" — whose quality the receiving step re-checks — is no longer
defined. A real loop back is rework: say so, and the flow stays a chain.

## Who must act
The step whose `next` closes the loop, and its executors' units.

## Example
```yaml
flowmap: 1
customers: [{id: customer}]
roles: [{id: inspector, rank: 1}, {id: fitter, rank: 1}]
processes:
  - id: repair
    customer: customer
    steps:
      - {id: fit, by: fitter}
      - {id: test, by: inspector, next: [fit]}
      - {id: collect, by: customer}
```

## Use instead
```yaml
flowmap: 1
customers: [{id: customer}]
roles: [{id: inspector, rank: 1}, {id: fitter, rank: 1}]
processes:
  - id: repair
    customer: customer
    steps:
      - {id: fit, by: fitter}
      - {id: test, by: inspector, rework: [fit]}
      - {id: collect, by: customer}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.graph.relations import loops, relations
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue

ID = "flow-cycle"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    members: dict[int, list[str]] = {}  # loop number -> its steps
    for key, number in loops(org).items():
        members.setdefault(number, []).append(key)
    if not members:
        return  # (the common case: no flow graph or order of the steps to make)
    import networkx as nx

    flow = relations(org).flow
    order = {key: index for index, key in enumerate(org.steps)}
    for number in sorted(members):
        first = min(members[number], key=order.__getitem__)
        cycle = [u for u, _ in nx.find_cycle(flow, first)]
        yield _issue(org, cycle)


def _issue(org: Organisation, cycle: list[str]) -> Issue:
    """Point at the `next` that closes the loop: the one going back up the file."""
    order = list(org.steps)
    edges = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
    back, target = max(edges, key=lambda edge: order.index(edge[0]) - order.index(edge[1]))
    step = org.steps[back]
    loop = " → ".join([*cycle, cycle[0]])
    index = step.next.index(target) if step.next and target in step.next else None
    return Issue(
        step,
        _(
            "the flow loops: {loop}; if `{back}` sends work back for rework, write `rework: "
            "[{target}]` instead of `next: [{target}]`"
        ).format(loop=loop, back=back, target=target),
        key="next" if index is not None else None,
        index=index,
    )
