"""Any sequence of edits leaves every file readable, and undoing them all gives back the bytes."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowmap.edit import EditError, EditSession
from tests.conftest import PROCESSES
from tests.edit.test_round_trip import HOSTILE

pytestmark = pytest.mark.slow
OBJECTS = [
    "place-order",
    "accept-order",
    "inspect",
    "ship",
    "pilot-build",
    "assemble",
    "order-clerk",
    "planner",
    "sales",
    "order-to-delivery",
    "customer",
]
KEYS = ["name", "lead_time", "recheck", "assure", "delivers", "next", "by", "rank", "waive"]
VALUES = st.one_of(
    st.none(),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), max_size=3),
    st.integers(min_value=1, max_value=9),
    st.dictionaries(st.sampled_from(["assure-own", "x"]), st.sampled_from(HOSTILE), max_size=2),
    st.text(max_size=12),
)
ACTIONS = st.one_of(
    st.tuples(st.just("set_field"), st.sampled_from(OBJECTS), st.sampled_from(KEYS), VALUES),
    st.tuples(st.just("set_need_field"), st.sampled_from(OBJECTS), st.just(0), VALUES),
    st.tuples(st.just("add_step"), st.sampled_from(["order-to-delivery", "complaint-handling"])),
    st.tuples(st.just("add_operation"), st.sampled_from(["pilot-build", "inspect"])),
    st.tuples(st.just("delete"), st.sampled_from(OBJECTS)),
    st.tuples(st.just("duplicate"), st.sampled_from(OBJECTS)),
    st.tuples(st.just("move"), st.sampled_from(OBJECTS), st.sampled_from([-1, 1])),
    st.tuples(st.just("rename"), st.sampled_from(OBJECTS), st.sampled_from(["n1", "x.y_z"])),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
)


def _do(session: EditSession, action: tuple) -> None:
    name, *args = action
    if name == "set_need_field":
        session.set_need_field(args[0], args[1], "requires", args[2])
    elif name == "add_step":
        session.add_step(args[0], fields={"name": "New", "by": "order-clerk"})
    elif name == "add_operation":
        session.add_operation(args[0], fields={"name": "New op"})
    else:
        getattr(session, name)(*args)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(ACTIONS, min_size=1, max_size=8))
def test_any_edits_keep_files_readable_and_undo_restores_every_byte(tmp_path_factory, actions):
    root = tmp_path_factory.mktemp("any")
    (root / ".flowmap.toml").write_text("", encoding="utf-8")
    shutil.copytree(PROCESSES, root / "processes")
    session = EditSession.open([str(root / "processes")])
    original = {name: session.text(name) for name in session.files}
    for action in actions:
        before = {name: session.text(name) for name in session.files}
        try:
            _do(session, action)
        except EditError:  # refused with a message: then nothing changed
            assert {name: session.text(name) for name in session.files} == before
        assert not any(f.rule == "syntax" for f in session.findings), action
    while session.can_undo:
        session.undo()
    assert {name: session.text(name) for name in session.files} == original
    assert session.dirty_files == set()
