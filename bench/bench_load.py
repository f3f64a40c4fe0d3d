"""Load + model + graph against the floor: PyYAML's C compose of the same files, same run."""

from __future__ import annotations

import os
import time
from pathlib import Path

import yaml

from bench.corpus import make_corpus
from flowmap.graph import build_graph
from flowmap.memory import collector_paused
from flowmap.project import open_workspace

CASES = [
    ("1,000 files x 50 steps", ("files-1000x50", 1000, 5, 10)),
    ("one file of 10,000 steps", ("one-10000", 1, 1000, 10)),
]


def floor(folder: Path) -> float:
    """Read every file and compose it with the C loader: what any YAML tool pays."""
    start = time.perf_counter()
    for path in sorted(folder.glob("*.yaml")):
        yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def ours(folder: Path) -> float:
    """Timed as the program runs it: with the collector policy of a one-command program
    (`flowmap.memory.one_command`; on Python's own schedule this row took 3x as long)."""
    with collector_paused():
        start = time.perf_counter()
        workspace = open_workspace([str(folder)])
        build_graph(workspace.org)
        return time.perf_counter() - start


def timed(measure, folder: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of `measure` on `folder`, with the CPU of the worker processes
    it started (flowmap.batch reads a large batch on every core)."""
    cpu = _cpu()
    wall = measure(folder)
    return wall, _cpu() - cpu


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run(table) -> None:
    for title, spec in CASES:
        folder = make_corpus(*spec)
        runs = [(timed(ours, folder), timed(floor, folder)) for _ in range(3)]  # in turns
        (ours_wall, ours_cpu), (floor_wall, floor_cpu) = (
            (min(r[side][0] for r in runs), min(r[side][1] for r in runs)) for side in (0, 1)
        )
        table.add(
            f"load+model+graph, {title}",
            ours_wall,
            floor_wall,
            note="target <= 1.3x C compose",
            cpu=(ours_cpu, floor_cpu),
        )
