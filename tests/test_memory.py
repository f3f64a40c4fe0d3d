"""The memory policy of a one-command program (flowmap.memory)."""

from __future__ import annotations

import gc
import weakref

import pytest

from flowmap import memory


class Model:
    """Stands for a workspace: an object the command read."""


@pytest.fixture
def restored():
    """Leave the collector and the policy as they were."""
    before = memory._ONE_COMMAND
    yield
    memory._ONE_COMMAND = before
    gc.unfreeze()
    gc.enable()


def test_a_one_command_program_leaves_the_model_to_the_exit(restored):
    memory.one_command()
    model = Model()
    alive = weakref.ref(model)
    memory.left_to_exit(model)
    del model  # the command is done with it: not freed object by object now
    assert alive() is not None
    memory.finished()
    gc.collect()  # the collection at the interpreter's exit does not free it either
    assert alive() is not None


def test_the_editor_frees_what_it_is_done_with(restored):
    memory.one_command()  # `flowmap edit` starts as every command does
    memory.Collector()  # then runs long
    model = Model()
    alive = weakref.ref(model)
    memory.left_to_exit(model)
    del model
    assert alive() is None
