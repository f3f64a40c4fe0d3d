"""The cyclic garbage collector's policy, for the whole program, in this one module: off for
a program that runs one command and ends (`one_command`, `finished`), and scheduled around
the actions of a long-running program that keeps a large model (`Collector`, the editor).
No other module of flowmap touches the collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

PYTHON_THRESHOLDS = gc.get_threshold()  # the interpreter's own schedule, before we change it
_ONE_COMMAND = False  # whether the program runs one command and ends (`one_command`)


def one_command() -> None:
    """The collector is off while a program runs one command (then `finished()`).

    Such a program keeps most of what it makes until it ends: the modules, the node trees,
    the model, the findings, the report. The collector would scan all of it again and again
    while it grows and free next to nothing. Measured (`make bench`, bench_devices "gc
    policy", 2 cores): `check -j 1` of 1,000 files x 50 steps 4.4 s with it off against
    10.6 s on Python's schedule (+58%), one file of 10,000 steps +61%, the report of
    processes/ +20%; peak memory the same (340 MiB on the 1,000 files). Off for the whole
    command, rather than paused around loading, the graph and the rules, is as fast (8.15 s
    against 8.21 s, same run) and decided here alone. Forked workers (flowmap.batch)
    inherit it. Measured again (issue 23, load 11-12): +46% (CPU +52%) on `check -j 1` of
    the 1,000 files, +65% on one file of 10,000 steps, +10% (CPU +17%) on the report of
    processes/: kept.
    """
    global _ONE_COMMAND
    _ONE_COMMAND = True
    gc.disable()


def left_to_exit(model: object) -> None:
    """In a program that runs one command, keep `model` (a workspace: every map read) until
    the program exits, when the system takes its memory back at once, rather than free it
    object by object when the command is done with it.

    Freeing the model of 1,000 files x 50 steps (2.8 million objects) took 0.16 s of the
    2.1-2.4 s of `flowmap check` (+6.5% alone), one file of 10,000 steps 0.04 s of 0.85 s
    (+5%); part of this policy, whose `make bench` rows ("gc policy") measure it whole.
    It is held in a reference cycle, which only the collector could free: it is off, and
    `finished` freezes what is left, exit included. A long-running program (the editor,
    `Collector`) keeps nothing."""
    if _ONE_COMMAND:
        holder: list = [model]
        holder.append(holder)


def finished() -> None:
    """The program's command is done and it is about to exit: what is alive is frozen out
    of the collector's sight, because the interpreter's exit would otherwise walk it all
    once more (a sixth of `flowmap report processes/`). Reference counting still frees it."""
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (a `Collector` action)."""
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
        global _ONE_COMMAND
        _ONE_COMMAND = False  # it runs long: what it reads, it frees (`left_to_exit`)
        self.collect_every = collect_every
        self.actions = 0  # since the last full collection
        # between actions, young objects are few: Python's own schedule (the program may
        # have turned the collector off for `one_command` before it knew it would run long)
        gc.set_threshold(*PYTHON_THRESHOLDS)
        gc.enable()

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
