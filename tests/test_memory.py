"""The collector schedule a long-running editor uses: paused in an action, frozen after it,
a full collection when due."""

from __future__ import annotations

import gc
import weakref

import pytest

from flowmap.memory import Collector, collector_paused


@pytest.fixture(autouse=True)
def _unfrozen():
    yield
    gc.unfreeze()  # leave the collector as the next test expects it


class Node:
    """An object that can be part of a reference cycle."""

    other: Node | None = None


def test_an_action_runs_with_the_collector_paused_and_freezes_what_it_left_alive():
    collector = Collector()
    gc.unfreeze()
    with collector.action():
        assert not gc.isenabled()
        kept = [Node() for _ in range(10)]
    assert gc.isenabled() and collector.actions == 1 and kept


def test_an_action_that_fails_still_restores_the_collector():
    collector = Collector()
    with pytest.raises(ValueError), collector.action():
        raise ValueError("refused")
    assert gc.isenabled() and collector.actions == 1


def test_a_full_collection_is_due_after_some_actions_and_frees_frozen_cycles():
    collector = Collector(collect_every=2)
    with collector.action():
        cycle = Node()
        cycle.other = Node()
        cycle.other.other = cycle
        gone = weakref.ref(cycle)
        del cycle
    with collector.action():
        pass
    gc.collect()  # a collection of the unfrozen generations cannot reach it
    assert gone() is not None and collector.due
    collector.collect()
    assert gone() is None and not collector.due and collector.actions == 0


def test_pausing_inside_a_pause_leaves_the_collector_paused():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_an_action_made_is_frozen_before_the_collector_can_scan_it():
    collections = []

    def seen(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    collector = Collector()
    gc.callbacks.append(seen)
    try:
        with collector.action():
            model = [[n] for n in range(50_000)]  # a re-read's worth of live objects
        after = [[n] for n in range(10)]  # the program goes on
    finally:
        gc.callbacks.remove(seen)
    assert collections == [] and model and after


def test_a_long_running_program_collects_although_the_program_turned_the_collector_off():
    from flowmap.memory import one_command

    try:
        one_command()  # what the program did before it knew the editor would run
        assert not gc.isenabled()
        Collector()
        assert gc.isenabled()
    finally:
        gc.enable()
