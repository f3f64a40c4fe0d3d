"""What the editor proposes when the user adds something and says no more: who does a new
step, what a new need is for, which need a step put before another likely has too.

Plain functions of the organisation (no user interface): the editor asks them, and a script
adding steps with `EditSession` may ask them too.
"""

from __future__ import annotations

from flowmap.graph.relations import handoff_between
from flowmap.model import types as t
from flowmap.model.org import Organisation


def first_executor(org: Organisation, process: t.Process | None = None) -> str:
    """Who does a new step when nothing says otherwise: the process's customer, else the
    first role, else the first external customer (a step without `by` is a schema finding).

    >>> org = Organisation.of([t.Map(roles=[t.Role(id="clerk")])])
    >>> first_executor(org), first_executor(org, t.Process(id="p", customer="buyer"))
    ('clerk', 'buyer')
    """
    if process is not None and process.customer:
        return process.customer
    return next(iter(org.roles), next(iter(org.customers), "someone"))


def executor_beside(org: Organisation, step: t.Step) -> str:
    """Who does a step added beside `step` (after it, or inside it): who does `step` when
    that is one executor, else `first_executor`."""
    if isinstance(step.by, str) and step.by:
        return step.by
    return first_executor(org)


def supplied_item(org: Organisation, step_id: str) -> str:
    """What a step (or an operation) most likely needs: the first item the step before it
    delivers; `item` when there is none (tests/edit/test_guesses.py shows examples)."""
    step = org.steps[step_id]
    siblings = (
        org.steps[step.parent].operations if step.parent else org.processes[step.process].steps
    )
    index = next(i for i, s in enumerate(siblings) if s is step)
    before = siblings[index - 1] if index else None
    if before is not None and before.delivers:
        return before.delivers[0]
    return "item"


def need_to_offer(org: Organisation, step_id: str) -> tuple[str, t.StepNeed] | None:
    """For a step about to be put right after `step_id` (a step of a process, not an
    operation): the step after `step_id` and the first need it states of `step_id`, which
    the new step, now its supplier's customer in its place, likely has too; None when the
    step after has no such need (or there is no step after).
    """
    step = org.steps[step_id]
    steps = org.processes[step.process].steps
    index = next((i for i, s in enumerate(steps) if s is step), None)
    if index is None or index + 1 >= len(steps):
        return None
    after = steps[index + 1]
    handoff = handoff_between(org, step_id, after.id)
    if handoff is None or not handoff.needs:
        return None
    return after.id, handoff.needs[0]


def copied_need(need: t.StepNeed) -> dict[str, object]:
    """The fields of a need to state again at another step: its item, what it requires and
    its due (not its supplier, satisfaction or waivers, which belong to the handoff).

    >>> copied_need(t.StepNeed(item="order", requires=["signed"], satisfaction=0.9))
    {'item': 'order', 'requires': ['signed']}
    """
    fields = {
        "item": need.item,
        "requires": need.requires or None,
        "due": need.due.text if need.due else None,
    }
    return {key: value for key, value in fields.items() if value}
