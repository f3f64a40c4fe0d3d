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
import time
from pathlib import Path

from bench.bench_load import floor
from bench.corpus import make_corpus

FLOWMAP = [sys.executable, "-m", "flowmap", "check"]
SMALL = Path(__file__).resolve().parent.parent / "processes" / "order-to-delivery.yaml"
COMPOSE_ONLY = (
    "import sys, yaml; "
    "yaml.compose(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
)


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
        raise RuntimeError(f"{command} failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def check(folder: Path, *options: str) -> float:
    """`flowmap check .` run in `folder`, so that the corpus's own settings apply."""
    return timed([*FLOWMAP, ".", *options], cwd=folder)


def in_turns(repeat: int, *measures) -> list[float]:
    """The best time of each measure, taking them in turns `repeat` times."""
    best = [float("inf")] * len(measures)
    for _ in range(repeat):
        for index, measure in enumerate(measures):
            best[index] = min(best[index], measure())
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
    huge = make_corpus("one-100000", 1, 10000, 10)
    # a 100,000-step file is over the default 10 MB limit: this project raises it
    (huge / ".flowmap.toml").write_text("[limits]\nmax_file_bytes = 100_000_000\n")
    jobs = os.cpu_count() or 1
    load = os.getloadavg()[0]
    for title, folder in (("1,000 files x 50 steps", many), ("one file of 10,000 steps", one)):
        base, ours, single = in_turns(
            3,
            lambda f=folder: floor(f),
            lambda f=folder: check(f),
            lambda f=folder: check(f, "-j1"),
        )
        table.add(
            f"check (default jobs = {jobs}), {title}",
            ours,
            base,
            note=f"target <= 1.5x C compose; load average {load:.1f} at start",
        )
        table.add(f"check -j 1, {title}", single, base, note="one process, for comparison")
        if shutil.which("yamllint", path=str(Path(sys.executable).parent)):
            lint = str(Path(sys.executable).parent / "yamllint")
            seconds = timed([lint, "-d", "relaxed", str(folder)])
            table.add(f"yamllint -d relaxed, {title}", seconds, base, note="for comparison")
    small = min(timed([*FLOWMAP, str(SMALL)]) for _ in range(5))
    table.add("check one small file (whole process)", small, note="target <= 0.35 s wall")
    ten, hundred = in_turns(2, lambda: check(one), lambda: check(huge))
    table.add(
        "check one file of 100,000 steps",
        hundred,
        ten,
        note="floor: 10,000 steps; target <= 11x (linear)",
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
