"""Top and bottom on one line: goals cascade from the customer's needs, reporting is unbroken.

## What it does
Checks that every goal's `serves` chain (goal → goal → … ) ends at an external customer's
need; that every customer need is served by at least one goal (once every file of the
batch can be read: an unreadable one may hold the goal); and that every role but
those of rank 1 `reports_to` someone.

## Why is this bad?
Top and bottom on one line (上下一条线): a change in customer needs → the company's strategy
adjusts → business goals adjust → each department's goals adjust → each person's goals
adjust. A goal that serves no customer need floats free and pulls effort away from the
customer; a need no goal serves is one nobody is working on; a role that reports to nobody
is cut off from the chain that passes the customer's needs down and the results up.

## Who must act
The goal's owner (a role and its unit, or a unit), the role that reports to nobody (and its
unit); a customer need no goal serves is the organisation's.

## Example
```yaml
flowmap: 1
customers: [{id: customer, needs: [{id: on-time}, {id: low-price}]}]
roles: [{id: gm, rank: 1}, {id: planner, rank: 2}]
goals:
  - {id: otd, owner: gm, serves: on-time}
  - {id: tidy-office, owner: planner}
```

## Use instead
```yaml
flowmap: 1
customers: [{id: customer, needs: [{id: on-time}, {id: low-price}]}]
roles: [{id: gm, rank: 1}, {id: planner, rank: 2, reports_to: gm}]
goals:
  - {id: otd, owner: gm, serves: on-time}
  - {id: cost-down, owner: gm, serves: low-price}
  - {id: plan-1d, owner: planner, serves: otd}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue

ID = "top-bottom-line"
SEVERITY = "warning"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    for goal in org.goals.values():
        problem = _cascade_problem(org, goal)
        if problem:
            yield Issue(goal, problem, key="serves")
    served = {goal.serves for goal in org.goals.values()}
    needs = [] if org.unreadable else org.needs.values()  # an unreadable file may serve them
    for need in needs:
        if need.id not in served:
            yield Issue(
                need,
                f"no goal serves the customer's need `{need.id}`; add a goal "
                f"`{{id: ..., owner: <role>, serves: {need.id}}}`",
                key="id",
            )
    for role in org.roles.values():
        if role.rank != 1 and not role.reports_to:
            rank = f"rank {role.rank}" if role.rank else "no rank"
            yield Issue(
                role,
                f"`{role.id}` ({rank}) reports to nobody; add `reports_to: <its superior>`, or "
                "give it `rank: 1` if it is at the top",
                key="reports_to",
            )


def _cascade_problem(org: Organisation, goal: t.Goal) -> str | None:
    """Why `goal`'s chain does not end at a customer need, or None when it does."""
    seen = [goal.id]
    here = goal
    while True:
        if here.serves is None:
            if here is goal:
                return (
                    f"goal `{goal.id}` serves nothing; add `serves:` with the customer need "
                    "or the higher goal it serves"
                )
            if here.id == seen[1]:
                return (
                    f"goal `{goal.id}` serves `{here.id}`, which serves nothing; give "
                    f"`{here.id}` a `serves:`"
                )
            return (
                f"goal `{goal.id}` serves `{seen[1]}`, whose chain stops at `{here.id}`, "
                f"which serves nothing; give `{here.id}` a `serves:`"
            )
        if here.serves in org.needs:
            return None
        upper = org.goals.get(here.serves)
        if upper is None:
            return None  # an unknown id: unknown-reference reports it
        if upper.id in seen:
            loop = " → ".join([*seen, upper.id])
            return (
                f"the goals serve each other in a loop: {loop}; one of them must serve a "
                "customer need"
            )
        seen.append(upper.id)
        here = upper
