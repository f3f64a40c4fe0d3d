"""Top and bottom on one line: goals cascade from the customer's needs, reporting is unbroken.

## What it does
Checks, upward, that every goal's `serves` chain (goal → goal → … ) ends at an external
customer's need; that every customer need is served by at least one goal (once every file
of the batch can be read: an unreadable one may hold the goal); and that every role but
those of rank 1 `reports_to` someone.

And downward, once the organisation has goals at all: that every unit has a goal (owned by
the unit or by one of its roles; with the setting `goals_per_role = true`, every role has
one of its own); and that a goal serves a customer need or a goal owned higher in its
owner's reporting line: for a role, its own unit and the roles (and their units) it reports
to, however far up; for a unit, its top-ranked role and the roles (and their units) above
it. A
goal that serves a goal owned elsewhere (a clerk's goal serving the planning department's)
is a finding: that is a process relationship, not the cascade of goals.

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
from flowmap.graph.relations import only_serving_superiors, with_superiors
from flowmap.i18n import _
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
                _(
                    "no goal serves the customer's need `{need_id}`; add a goal `{{id: ..., "
                    "owner: <role>, serves: {need_id}}}`"
                ).format(need_id=need.id),
                key="id",
            )
    if org.goals and not org.unreadable:
        yield from _downward(org, config)
    for role in org.roles.values():
        if role.rank != 1 and not role.reports_to:
            rank = _("rank {rank}").format(rank=role.rank) if role.rank else _("no rank")
            yield Issue(
                role,
                _(
                    "`{role_id}` ({rank}) reports to nobody; add `reports_to: <its superior>`, "
                    "or give it `rank: 1` if it is at the top"
                ).format(role_id=role.id, rank=rank),
                key="reports_to",
            )


def _cascade_problem(org: Organisation, goal: t.Goal) -> str | None:
    """Why `goal`'s chain does not end at a customer need, or None when it does."""
    seen = [goal.id]
    here = goal
    while True:
        if here.serves is None:
            if here is goal:
                return _(
                    "goal `{goal_id}` serves nothing; add `serves:` with the customer need or "
                    "the higher goal it serves"
                ).format(goal_id=goal.id)
            if here.id == seen[1]:
                return _(
                    "goal `{goal_id}` serves `{here_id}`, which serves nothing; give `{here_id}` "
                    "a `serves:`"
                ).format(goal_id=goal.id, here_id=here.id)
            return _(
                "goal `{goal_id}` serves `{seen_1}`, whose chain stops at `{here_id}`, which "
                "serves nothing; give `{here_id}` a `serves:`"
            ).format(goal_id=goal.id, seen_1=seen[1], here_id=here.id)
        if here.serves in org.needs:
            return None
        upper = org.goals.get(here.serves)
        if upper is None:
            return None  # an unknown id: unknown-reference reports it
        if upper.id in seen:
            loop = " → ".join([*seen, upper.id])
            return _(
                "the goals serve each other in a loop: {loop}; one of them must serve a customer "
                "need"
            ).format(loop=loop)
        seen.append(upper.id)
        here = upper


def _downward(org: Organisation, config: Config) -> Iterator[Issue]:
    """Every unit (or role) has a goal, and goals serve goals of their owners' superiors."""
    owners = {goal.owner for goal in org.goals.values()}
    for goal in org.goals.values():
        upper = org.goals.get(goal.serves or "")
        if upper is None or upper.owner == goal.owner or not _known(org, upper.owner):
            continue
        above = _above(org, goal.owner)
        if above is not None and upper.owner not in above:
            yield Issue(
                goal,
                _(
                    "goal `{goal_id}` of `{goal_owner}` serves `{upper_id}` of `{upper_owner}`, "
                    "which is not above `{goal_owner}` in its reporting line; serve a goal of "
                    "{names_sorted_above_or_a_superi} or a customer need"
                ).format(
                    goal_id=goal.id,
                    goal_owner=goal.owner,
                    upper_id=upper.id,
                    upper_owner=upper.owner,
                    names_sorted_above_or_a_superi=_names(sorted(above)) or "a superior",
                ),
                key="serves",
            )
    idle = {unit.id for unit in only_serving_superiors(org)[0]}  # inside-outside-line's
    for unit in org.units.values():
        roles = [role.id for role in org.roles.values() if role.unit == unit.id]
        if unit.id not in owners and not owners.intersection(roles) and unit.id not in idle:
            yield Issue(
                unit,
                _(
                    "unit `{unit_id}` owns no goal and none of its roles does: the customer's "
                    "needs do not reach it; add a goal `{{id: ..., owner: {unit_id}, serves: <a "
                    "goal of its superiors>}}`"
                ).format(unit_id=unit.id),
                key="id",
            )
    if config.goals_per_role:
        for role in org.roles.values():
            if role.id not in owners:
                yield Issue(
                    role,
                    _(
                        "`{role_id}` owns no goal; add a goal `{{id: ..., owner: {role_id}, "
                        "serves: <a goal of its unit or its superiors>}}`"
                    ).format(role_id=role.id),
                    key="id",
                )


def _known(org: Organisation, owner: str | None) -> bool:
    return owner in org.roles or owner in org.units


def _above(org: Organisation, owner: str | None) -> set[str] | None:
    """The roles and units higher than `owner` in its reporting line (for a role, its own
    unit too); None when that cannot be told: an owner that names nothing known
    (unknown-reference's finding), a unit of no role."""
    if owner in org.roles:
        role = org.roles[owner]
        start, found = role.reports_to, {role.unit} - {None}
    elif owner in org.units:
        members = [role for role in org.roles.values() if role.unit == owner]
        if not members:
            return None  # a unit of no role has no reporting line to check against
        top = min(members, key=lambda role: role.rank or 1 << 30)
        start, found = top.reports_to, {top.id}  # the head of the unit speaks for it
    else:
        return None
    for key in with_superiors(org, [start]):  # (none when `start` is no role)
        found |= {key, org.roles[key].unit} - {None}
    return found


def _names(keys: list[str]) -> str:
    shown = ", ".join(f"`{key}`" for key in keys[:4])
    return shown + (_(" or {count} more").format(count=len(keys) - 4) if len(keys) > 4 else "")
