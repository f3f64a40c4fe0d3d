"""Where work only goes straight down each list, the steps on the line to the customer are
told from the lists (`relations._down_the_lists`): the same steps the walk of the flow graph
finds, on random organisations (operations inside steps, steps without an id, customer
steps anywhere, needs from further away), and the graph is walked whenever the shortcut
does not apply. Likewise the handoffs made in one pass down the lists are those of the
general way (`_down_the_lists_handoffs`, `_flow_handoffs`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowmap.graph import relations as rel
from flowmap.model import types as t
from flowmap.model.org import Organisation

pytestmark = pytest.mark.slow
EXECUTORS = ("customer", "clerk", "ghost")  # the customer, a role, an unknown executor


@st.composite
def organisations(draw) -> Organisation:
    counter = iter(range(10_000))

    def steps(process: str, parent: str | None, depth: int) -> list[t.Step]:
        made = []
        for _ in range(draw(st.integers(0, 4))):
            number = next(counter)
            key = draw(st.sampled_from([f"s{number}", f"s{number}", f"s{number}", ""]))
            step = t.Step(id=key, by=draw(st.sampled_from(EXECUTORS)), process=process)
            step.parent = parent
            if draw(st.integers(0, 5)) == 0:
                step.next = []  # the flow ends here: the shortcut does not apply
            if depth < 2 and draw(st.booleans()):
                step.operations = steps(process, key or None, depth + 1)
            made.append(step)
        return made

    processes = [t.Process(id=f"p{n}", steps=steps(f"p{n}", None, 0)) for n in range(2)]
    org = Organisation.of(
        [t.Map(customers=[t.Customer(id="customer")], roles=[t.Role(id="clerk")])]
        + [t.Map(processes=processes)]
    )
    every = [step for step in org.all_steps() if step.id]
    for step in org.all_steps():  # needs from the step before; now and then from further
        if draw(st.booleans()):
            step.needs.append(t.StepNeed(item="x"))
        if every and draw(st.integers(0, 6)) == 0:
            source = draw(st.sampled_from(every))
            step.needs.append(t.StepNeed(item="x", from_=draw(st.sampled_from([source.id, "?"]))))
    return org


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_the_lists_tell_the_same_steps_as_the_walk_of_the_graph(org):
    found = rel.relations(org)
    walked = rel._on_the_line(org, found.line)
    if found.straight and not found.stated:
        assert rel._down_the_lists(org, list(rel.chains(org))) == walked
    assert rel.on_the_line(org) == walked


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_the_handoffs_made_down_the_lists_are_those_of_the_flow(org):
    found = rel.relations(org)
    if found.straight:
        assert rel._down_the_lists_handoffs(org, found) == rel._flow_handoffs(org, found)
