"""The cyclic garbage collector: paused while building large structures that all stay alive,
scheduled for a program that runs one command and ends (`one_command`), and for a
long-running program that keeps a large model (see Collector)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

PYTHON_THRESHOLDS = gc.get_threshold()  # the interpreter's own schedule, before we change it
# Allocations between two collections of the young generation in a one-command program.
ONE_COMMAND_THRESHOLDS = (100_000, 10, 10)


def one_command() -> None:
    """The collector's schedule for a program that runs one command and ends, then
    `finished()`.

    Such a program keeps most of what it makes until it ends: the modules it imports, the
    model, the findings, the report. Collected every 700 allocations (Python's schedule),
    all of it is scanned again and again while it grows, to free next to nothing: 35 ms of
    the 0.7 s of `flowmap report processes/`. Every 100,000, cyclic garbage is still freed,
    in larger batches (a report of 100 processes peaks 6 MB higher).
    """
    gc.set_threshold(*ONE_COMMAND_THRESHOLDS)


def finished() -> None:
    """The program's command is done and it is about to exit: what is alive is frozen out
    of the collector's sight, because the interpreter's exit would otherwise walk it all
    once more (a sixth of `flowmap report processes/`). Reference counting still frees it."""
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block.

    Loading a batch makes millions of small objects that all stay alive: the collector would
    scan them again and again (it tripled the time of a 1,000-file batch) and free nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Collector:
    """When a long-running program that keeps a large model alive runs the cyclic collector
    (the editor: every edit re-reads the maps).

    A re-read of a 1,000-step file leaves ~100,000 long-lived objects (its nodes and model);
    left in the collector's young generations, the next collections would scan them again,
    a pause of 150-300 ms every few edits. So an action runs with the collector paused, and
    after it what is alive is frozen: out of the collector's sight, still freed by reference
    counting (the model has no cycles). Cyclic garbage that got frozen (the host program's)
    is freed by a full collection, which costs time in proportion to everything alive
    (0.4 s at 1,000 steps): it is `due` after `collect_every` actions, and the program runs
    it when nobody waits for it — never inside an edit or a save.
    """

    def __init__(self, collect_every: int = 64) -> None:
        self.collect_every = collect_every
        self.actions = 0  # since the last full collection
        # between actions, young objects are few: Python's own schedule (the program may
        # have set `one_command`'s before it knew it would run long)
        gc.set_threshold(*PYTHON_THRESHOLDS)

    @contextmanager
    def action(self) -> Iterator[None]:
        """Run the block with the collector paused, then freeze what it left alive."""
        with collector_paused():
            try:
                yield
            finally:
                # still paused: re-enabled first, the collector would scan the new objects
                # at once (its young generations hold everything the action made)
                self.actions += 1
                self.settle()

    def settle(self) -> None:
        """Freeze what is alive now: at the end of an action, or once a program has loaded."""
        gc.freeze()

    @property
    def due(self) -> bool:
        """Whether enough actions ran since the last full collection to run one."""
        return self.actions >= self.collect_every

    def collect(self) -> None:
        """Run the collector over everything alive (frozen too), then freeze it again."""
        self.actions = 0
        gc.unfreeze()
        gc.collect()
        gc.freeze()
