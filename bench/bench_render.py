"""`flowmap render` of a 1,000-step process to SVG against the floor: `dot` alone on the DOT
that flowmap emits, both run as whole processes in the same run. Target: <= 1.2x."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import make_corpus

STEPS = 1000
PROCESS = "f0-p0"  # the one process of the corpus file
REPEAT = 3


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def best(command: list[str]) -> float:
    return min(timed(command) for _ in range(REPEAT))


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
    with tempfile.TemporaryDirectory() as scratch:
        emitted = Path(scratch) / "process.dot"
        subprocess.run([*render, "-o", str(emitted)], check=True)
        ours = best([*render, "-o", str(Path(scratch) / "ours.svg")])
        floor = best([dot, "-Tsvg", str(emitted), "-o", str(Path(scratch) / "floor.svg")])
        emit = best([*render, "-o", str(Path(scratch) / "again.dot")])
    table.add(
        f"render process view, {STEPS:,} steps, to SVG",
        ours,
        floor,
        note="target <= 1.2x `dot -Tsvg` on the emitted DOT",
    )
    table.add(
        f"render process view, {STEPS:,} steps, DOT only",
        emit,
        note="flowmap's own share: load, check, draw, write DOT",
    )
