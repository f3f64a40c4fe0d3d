"""`flowmap render` of a 1,000-step process to SVG against the floor: `dot` alone on the DOT
that flowmap emits, both run as whole processes in the same run. Target: <= 1.2x.

`dot`'s own time on this DOT varies a lot on a shared 2-core machine (1.3-3.0 s from one
run to the next), more than flowmap's whole share. So the two are timed in pairs, one right
after the other, their order swapped from pair to pair, and the row gives the median of
each; the note adds the median and the range of the ratio within a pair, and the CPU
seconds (which another busy program changes least). Both runs must write the same SVG,
byte for byte: the row compares the same drawing, nothing else."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench
from bench.corpus import make_corpus

STEPS = 1000
PROCESS = "f0-p0"  # the one process of the corpus file


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of a whole process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed (exit {os.waitstatus_to_exitcode(status)})")
    return wall, usage.ru_utime + usage.ru_stime


def in_pairs(pairs: int, ours: list[str], floor: list[str], share: list[str]):
    """(ours, floor, share): the (wall, CPU) of each run, taken in turns, the order of ours
    and the floor swapped every other pair (whatever slows the machine for a while then
    falls on both alike); the share is run after each pair."""
    runs: tuple[list, list, list] = ([], [], [])
    for number in range(pairs):
        first, second = (0, 1) if number % 2 == 0 else (1, 0)
        commands = (ours, floor)
        runs[first].append(timed(commands[first]))
        runs[second].append(timed(commands[second]))
        runs[2].append(timed(share))
    return runs


def median(runs: list[tuple[float, float]], at: int) -> float:
    return statistics.median(run[at] for run in runs)


def run(table) -> None:
    dot = shutil.which("dot")
    if dot is None:
        print("   skipped: Graphviz `dot` is not installed")
        return
    folder = make_corpus(f"process-{STEPS}", 1, 1, STEPS)
    render = [
        sys.executable,
        "-m",
        "flowmap",
        "render",
        str(folder),
        "--view",
        "process",
        "--id",
        PROCESS,
    ]
    pairs = 5 if bench.QUICK else 9
    with tempfile.TemporaryDirectory() as scratch:
        emitted = Path(scratch) / "process.dot"
        ours_svg, floor_svg = Path(scratch) / "ours.svg", Path(scratch) / "floor.svg"
        subprocess.run([*render, "-o", str(emitted)], check=True)
        ours, floor, share = in_pairs(
            pairs,
            [*render, "-o", str(ours_svg)],
            [dot, "-Tsvg", str(emitted), "-o", str(floor_svg)],
            [*render, "-o", str(Path(scratch) / "again.dot")],
        )
        if ours_svg.read_bytes() != floor_svg.read_bytes():
            raise RuntimeError("flowmap's SVG is not the one `dot` draws of the DOT it emits")
    ratios = [a[0] / b[0] for a, b in zip(ours, floor, strict=True)]
    table.add(
        f"render process view, {STEPS:,} steps, to SVG",
        median(ours, 0),
        median(floor, 0),
        note=(
            f"target <= 1.2x `dot -Tsvg` on the emitted DOT; medians of {pairs} pairs taken "
            f"in turns, ratio in a pair median {statistics.median(ratios):.2f}x "
            f"({min(ratios):.2f}-{max(ratios):.2f}x); dot alone {min(r[0] for r in floor):.2f}-"
            f"{max(r[0] for r in floor):.2f} s"
        ),
        cpu=(median(ours, 1), median(floor, 1)),
    )
    table.add(
        f"render process view, {STEPS:,} steps, DOT only",
        median(share, 0),
        note=(
            f"flowmap's own share: load, check, draw, write DOT; median of {pairs} "
            f"({min(r[0] for r in share):.3f}-{max(r[0] for r in share):.3f} s), "
            f"cpu {median(share, 1):.3f} s"
        ),
    )
