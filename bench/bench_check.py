"""`flowmap check` as a whole process, against the floor and against yamllint, in one run.

Floor: reading and composing the same files with PyYAML's C loader (what any YAML tool
pays), measured in this run. yamllint -d relaxed on the same files shows what a general
YAML linter costs. Each time is the best of a few runs, floor and check taken in turns, so
that another process busy on the machine for a moment skews both alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench
from bench.bench_load import floor
from bench.corpus import make_corpus

FLOWMAP = [sys.executable, "-m", "flowmap", "check"]
SMALL = Path(__file__).resolve().parent.parent / "processes" / "order-to-delivery.yaml"
COMPOSE_ONLY = (
    "import sys, yaml; "
    "yaml.compose(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
)


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of a whole process."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read()
    if child.returncode not in (0, 1) or b"Traceback" in stderr:
        raise RuntimeError(f"{command} failed: {stderr.decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def floor_timed(folder: Path) -> tuple[float, float]:
    """(wall, CPU) of the floor: the C compose of the same files, in this process."""
    start, cpu = time.perf_counter(), time.process_time()
    floor(folder)
    return time.perf_counter() - start, time.process_time() - cpu


def check(folder: Path, *options: str) -> tuple[float, float]:
    """`flowmap check .` run in `folder`, so that the corpus's own settings apply."""
    return timed([*FLOWMAP, ".", *options], cwd=folder)


def in_turns(repeat: int, *measures) -> list[tuple[float, float]]:
    """The best (wall, CPU) of each measure, taking them in turns `repeat` times."""
    best = [(float("inf"), float("inf"))] * len(measures)
    for _ in range(repeat):
        for index, measure in enumerate(measures):
            wall, cpu = measure()
            best[index] = (min(best[index][0], wall), min(best[index][1], cpu))
    return best


def peak_rss_mib(command: list[str], cwd: Path) -> float:
    """The peak resident memory of `command` and its children, from a fresh interpreter."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, cwd=cwd
    )
    return int(done.stdout.strip()) / 1024


def run(table) -> None:
    many = make_corpus("files-1000x50", 1000, 5, 10)
    one = make_corpus("one-10000", 1, 1000, 10)
    jobs = os.cpu_count() or 1
    repeat = 2 if bench.QUICK else 3
    for title, folder in (("1,000 files x 50 steps", many), ("one file of 10,000 steps", one)):
        base, ours, single = in_turns(
            repeat,
            lambda f=folder: floor_timed(f),
            lambda f=folder: check(f),
            lambda f=folder: check(f, "-j1"),
        )
        table.add(
            f"check (default jobs = {jobs}), {title}",
            ours[0],
            base[0],
            note="target <= 1.3x C compose",
            cpu=(ours[1], base[1]),
        )
        table.add(
            f"check -j 1, {title}",
            single[0],
            base[0],
            note="one process, for comparison",
            cpu=(single[1], base[1]),
        )
        yamllint = Path(sys.executable).parent / "yamllint"
        if not bench.QUICK and shutil.which("yamllint", path=str(yamllint.parent)):
            seconds, cpu = timed([str(yamllint), "-d", "relaxed", str(folder)])
            table.add(
                f"yamllint -d relaxed, {title}",
                seconds,
                ours[0],
                note="floor: flowmap check (default jobs); target: yamllint >= 30x as long",
                cpu=(cpu, ours[1]),
            )
    small = min(timed([*FLOWMAP, str(SMALL)])[0] for _ in range(5))
    table.add("check one small file (whole process)", small, note="target <= 0.35 s wall")
    if bench.QUICK:
        return
    huge = make_corpus("one-100000", 1, 10000, 10)
    # a 100,000-step file is over the default 10 MB limit: this project raises it
    (huge / ".flowmap.toml").write_text("[limits]\nmax_file_bytes = 100_000_000\n")
    ten, hundred = in_turns(2, lambda: check(one), lambda: check(huge))
    table.add(
        "check one file of 100,000 steps",
        hundred[0],
        ten[0],
        note="floor: 10,000 steps; target <= 11x (linear)",
        cpu=(hundred[1], ten[1]),
    )
    rss = peak_rss_mib([*FLOWMAP, "."], huge)
    compose_rss = peak_rss_mib(
        [sys.executable, "-c", COMPOSE_ONLY, str(huge / "map-0000.yaml")], huge
    )
    table.add("peak memory, check 100,000 steps (MiB, not s)", rss, note="target <= 1024 MiB")
    table.add(
        "peak memory, C compose alone of it (MiB, not s)",
        compose_rss,
        note="the node tree PyYAML builds",
    )
