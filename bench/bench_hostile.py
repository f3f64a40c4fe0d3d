"""Cost bounded by input size (issue 23): maps under 1 MB built as an attacker would, each
`flowmap check`, `render` and `report` run as a whole process, with its time and the peak
memory of it and its children (Graphviz included). Target: each under 10 s and 1 GiB on a
2-core machine, and doubling the input (fan-out 200 -> 400 steps) at most x2.2 in time.

Also `check` of 80,000 tiny files with 2 jobs against 1 (target: >= 1.6x faster).
A run past `LIMIT` seconds is stopped and shown as such.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import hostile_corpora, make_tiny_files

LIMIT = 120.0  # seconds; a command still running then is stopped
FLOWMAP = [sys.executable, "-m", "flowmap"]


def measured(command: list[str], cwd: Path | None = None) -> tuple[float, float, bool, float]:
    """(wall seconds, peak resident MiB of the command and its children, finished in time,
    CPU seconds of the command and its children)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # stopped with its Graphviz children
    )
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return time.perf_counter() - start, usage.ru_maxrss / 1024, True, _cpu(usage)
        if time.perf_counter() - start > LIMIT:
            os.killpg(child.pid, signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            return time.perf_counter() - start, usage.ru_maxrss / 1024, False, _cpu(usage)
        time.sleep(0.01)


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def commands(folder: Path, process: str, scratch: str) -> dict[str, list[str]]:
    return {
        "check": [*FLOWMAP, "check", str(folder)],
        "render map": [*FLOWMAP, "render", str(folder), "-o", f"{scratch}/map.svg"],
        "render process": [
            *FLOWMAP,
            "render",
            str(folder),
            "--view",
            "process",
            "--id",
            process,
            "-o",
            f"{scratch}/process.svg",
        ],
        "report": [*FLOWMAP, "report", str(folder), "-o", f"{scratch}/report"],
    }


FIRST_PROCESS = {"fan": "fan", "long": "long0", "many": "many0"}


def run(table, only: str = "") -> None:
    seconds: dict[tuple[str, str], float] = {}
    cpus: dict[tuple[str, str], float] = {}
    for title, folder in hostile_corpora().items():
        if only and only not in title:
            continue
        kind = folder.name.split("-")[1]
        with tempfile.TemporaryDirectory() as scratch:
            for name, command in commands(folder, FIRST_PROCESS[kind], scratch).items():
                wall, peak, finished, cpu = measured(command)
                seconds[(title, name)] = wall
                cpus[(title, name)] = cpu
                state = "" if finished else f"STOPPED at {LIMIT:g} s; "
                table.add(
                    f"{name}, {title}",
                    wall,
                    note=f"{state}peak {peak:.0f} MiB; cpu {cpu:.1f} s; target < 10 s, < 1024 MiB",
                )
    for name in ("check", "render map", "render process", "report"):
        small = seconds.get(("fan-out 200 steps x 29 next", name))
        double = seconds.get(("fan-out 400 steps x 29 next", name))
        if small and double:
            table.add(
                f"{name}, fan-out 400 against 200 steps",
                double,
                small,
                note="target: doubling the input <= 2.2x the time",
                cpu=(
                    cpus[("fan-out 400 steps x 29 next", name)],
                    cpus[("fan-out 200 steps x 29 next", name)],
                ),
            )
    if not only or "tiny" in only:
        tiny = make_tiny_files("tiny-80000", 80_000)
        one, _, _, one_cpu = measured([*FLOWMAP, "check", "-j", "1", "."], cwd=tiny)
        two, _, _, two_cpu = measured([*FLOWMAP, "check", "-j", "2", "."], cwd=tiny)
        table.add(
            "check 80,000 tiny files, -j 2 against -j 1",
            two,
            one,
            note="target: -j 2 >= 1.6x faster (ratio <= 0.625)",
            cpu=(two_cpu, one_cpu),
        )
