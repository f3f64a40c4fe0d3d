"""Who must act on a finding: the units, roles and steps behind the things a rule names.

A rule says which objects must act (the supplier step of a late handoff, the receiving
step of a missing recheck, ...: each rule's docstring has its "Who must act" section);
this module turns them into units and roles, the same way for every rule:

- a step: every executor of it (a joint step's too): a role and the role's unit, or a unit;
  an executor that names nothing known (or a role in no known unit) leaves the step
  *unassigned*, so that the report counts it under "Unassigned" rather than drop it;
  the external customer's own steps make nobody in the company responsible;
- a need: the step that states it;
- a role: the role and its unit; a unit: itself; a service: its provider; a goal: its owner
  (when these name nothing known, the finding is the organisation's);
- a process, an external customer, a file: nobody in particular (the organisation).

>>> from flowmap.model.org import Organisation
>>> from flowmap.model import types as t
>>> step = t.Step(id="accept", by="clerk", joint=["ghost"])
>>> the_map = t.Map(units=[t.Unit(id="sales")], roles=[t.Role(id="clerk", unit="sales")],
...                 processes=[t.Process(id="p", steps=[step])])
>>> responsible(Organisation.of([the_map]), [step])
Responsible(units=('sales',), roles=('clerk',), steps=('accept',), unassigned=True)
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from flowmap.findings import Responsible
from flowmap.model import types as t
from flowmap.model.org import Organisation


def responsible(org: Organisation, actors: Iterable[t.Located]) -> Responsible:
    actors = tuple(actors)
    if len(actors) == 1 and type(actors[0]) is t.Step:  # most asked: who does this step
        return _of_step(org, actors[0])
    return _responsible(org, actors)


_STEPS: weakref.WeakKeyDictionary[Organisation, dict[int, Responsible]] = (
    weakref.WeakKeyDictionary()
)


def _of_step(org: Organisation, step: t.Step) -> Responsible:
    """Who does `step`, worked out once per organisation: the report asks again for each
    handoff and each finding (530,000 times for a map of 87,000 handoffs)."""
    known = _STEPS.get(org)
    if known is None:
        known = _STEPS[org] = {}
    found = known.get(id(step))
    if found is None:
        found = known[id(step)] = _responsible(org, (step,))
    return found


def _responsible(org: Organisation, actors: tuple[t.Located, ...]) -> Responsible:
    units: dict[str, None] = {}
    roles: dict[str, None] = {}
    steps: dict[str, None] = {}
    unassigned = False
    for actor in actors:
        if isinstance(actor, t.StepNeed):
            actor = org.step_of(actor) or actor
        if isinstance(actor, t.Step):
            if actor.id:
                steps[actor.id] = None
            unassigned |= _executors(org, actor, units, roles)
        elif isinstance(actor, t.Role):
            roles[actor.id] = None
            _unit(org, actor.unit, units)
        elif isinstance(actor, t.Unit):
            units[actor.id] = None
        elif isinstance(actor, t.Service):
            _unit(org, actor.provider, units)
        elif isinstance(actor, t.Goal):
            _executor(org, actor.owner, units, roles)
    return Responsible(tuple(units), tuple(roles), tuple(steps), unassigned)


def _executors(org: Organisation, step: t.Step, units: dict, roles: dict) -> bool:
    """Adds a step's executors; whether one of them (or the step's lack of one) is unknown."""
    if org.is_external(step):
        return False
    unknown = not step.executors
    for key in step.executors:
        if key not in org.customers:
            unknown |= not _executor(org, key, units, roles)
    return unknown


def _executor(org: Organisation, key: str | None, units: dict, roles: dict) -> bool:
    """Adds a role (with its unit) or a unit; whether it was known down to its unit."""
    role = org.roles.get(key or "")
    if role is not None:
        roles[role.id] = None
        return _unit(org, role.unit, units)
    return _unit(org, key, units)


def _unit(org: Organisation, key: str | None, units: dict) -> bool:
    if key in org.units:
        units[key] = None  # type: ignore[index]
        return True
    return False
