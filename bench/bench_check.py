"""`flowmap check` as a whole process, against the floor and against yamllint, in one run.

Floor: reading and composing the same files with PyYAML's C loader (what any YAML tool
pays). yamllint -d relaxed on the same files shows what a general YAML linter costs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_load import best, floor
from bench.corpus import make_corpus

FLOWMAP = [sys.executable, "-m", "flowmap", "check"]
SMALL = Path(__file__).resolve().parent.parent / "processes" / "order-to-delivery.yaml"


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
        raise RuntimeError(f"{command} failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def check(folder: Path) -> float:
    """`flowmap check .` run in `folder`, so that the corpus's own settings apply."""
    return timed([*FLOWMAP, "."], cwd=folder)


def peak_rss_mib(command: list[str], cwd: Path) -> float:
    """The child's peak resident memory, measured by a fresh interpreter that waits for it."""
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
    for title, folder in (("1,000 files x 50 steps", many), ("one file of 10,000 steps", one)):
        ours = best(check, folder)
        base = best(floor, folder)
        table.add(f"check (default jobs), {title}", ours, base,
                  note="target <= 1.5x C compose")
        if shutil.which("yamllint", path=str(Path(sys.executable).parent)):
            lint = str(Path(sys.executable).parent / "yamllint")
            seconds = timed([lint, "-d", "relaxed", str(folder)])
            table.add(f"yamllint -d relaxed, {title}", seconds, base, note="for comparison")
    table.add("check one small file (whole process)", best(lambda f: timed([*FLOWMAP, str(f)]),
              SMALL, 5), note="target <= 0.35 s wall")
    ten = best(check, one, 3)
    hundred = best(check, huge, 2)
    table.add("check one file of 100,000 steps", hundred, ten,
              note="floor: 10,000 steps; target <= 11x (linear)")
    rss = peak_rss_mib([*FLOWMAP, "."], huge)
    table.add("peak memory, 100,000 steps (MiB, not s)", rss, note="target <= 1024 MiB")
