"""`flowmap export` of a 1,000-step process, as BPMN 2.0 (with its layout) and as Mermaid,
run as whole processes. Target: <= 2 s each (issue 29), against `flowmap check` of the same
map as the floor (loading and checking it is part of every export). Then `flowmap check` of
that BPMN export, against the same floor: reading BPMN costs about what reading YAML does
(issue 30)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import make_corpus

STEPS = 1000
PROCESS = "f0-p0"  # the one process of the corpus file
REPEAT = 3


def best(command: list[str]) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        # quiet: the check's summary line on stderr would break the table
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def run(table) -> None:
    folder = make_corpus(f"process-{STEPS}", 1, 1, STEPS)
    flowmap = [sys.executable, "-m", "flowmap"]
    floor = best([*flowmap, "check", str(folder)])
    with tempfile.TemporaryDirectory() as scratch:
        for name, suffix in (("bpmn", "bpmn"), ("mermaid", "md")):
            output = Path(scratch) / f"process.{suffix}"
            command = [*flowmap, "export", name, str(folder), "--id", PROCESS, "-o", str(output)]
            subprocess.run(command, check=True)
            table.add(
                f"export {name}, {STEPS:,} steps",
                best(command),
                floor,
                note="target <= 2 s; the floor is `flowmap check` of the map",
            )
        exported = Path(scratch) / "process.bpmn"
        table.add(
            f"check of the BPMN export, {STEPS:,} steps",
            best([*flowmap, "check", str(exported)]),
            floor,
            note="the floor is `flowmap check` of the YAML map",
        )
