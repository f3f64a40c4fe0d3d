"""Every speed device earns its place (issue 23): each measured with and without it on the
rows a user waits for, whole processes timed in turns (best of REPEAT), in the same run.

A device is switched off by a wrapper that patches flowmap before it runs the command, so
the code measured is the code shipped:

- `gc policy`: the collector off for a one-command program's command, and frozen at its
  end (`flowmap.memory`), against Python's own schedule (the pauses around loading, the
  graph and the rules it replaced measured +10% and +14% alone, under load);
- `fork pool`: reading the files on every core (`flowmap.batch`) against `-j 1`; and a row
  of its part that runs a large organisation's rules on two cores, against the rules in
  one process;
- `workbook process`: the report's workbook written by a second process;
- `C composer`: PyYAML's C composer for plain maps, against the event composer alone;
- `Jinja cache`: Jinja2's bytecode cache of the report's templates.

Removed after two quiet runs here: the report's charts drawn by a forked process (+7/+8% on
1,200 small processes, -5/-7% on 20 x 50) and its SVG cut down by libxml2 (+1 to +3%);
the fork pool's workers reading what `check`'s plan names while it is made (+2/+0% on
80,000 tiny files, -j 2).

The gain is (without - with) / without; a device stays when it gains >= 10% on a row.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench
from bench.corpus import make_corpus

HERE = Path(__file__).resolve().parent
REPEAT = 3
OFF = {
    "gc policy": (
        "import contextlib, flowmap.memory as m; "
        "m.one_command = m.finished = lambda: None; "
        "m.collector_paused = contextlib.nullcontext"
    ),
    "workbook process": (
        "import flowmap.outputs.workbook as w; i = w.WorkbookWriter.__init__; "
        "w.WorkbookWriter.__init__ = lambda self, python=None: i(self, None)"
    ),
    "C composer": "import flowmap.load.yaml_nodes as y; y._plain_and_shallow = lambda text: False",
    "Jinja cache": "import flowmap.outputs.report.page as p; p._bytecode_cache = lambda: None",
    # a part of the fork pool: the rules of a large organisation on two cores
    "rules on two cores": "import flowmap.rules.engine as e; e.SHARED_FROM_STEPS = 10**12",
}


def _command(args: list[str], off: str | None) -> list[str]:
    patch = OFF[off] + "; " if off else ""
    code = f"import sys; {patch}from flowmap.cli import program; sys.exit(program())"
    return [sys.executable, "-c", code, *args]


def _timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of a whole process and its children."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            errors.seek(0)
            raise RuntimeError(errors.read().decode()[-500:])
    return wall, usage.ru_utime + usage.ru_stime


def compare(args: list[str], cwd: Path, off: str | None, other: list[str] | None = None):
    """((wall, CPU) with the device, (wall, CPU) without), each the best, taken in turns."""
    best = [[float("inf")] * 2, [float("inf")] * 2]
    for _ in range(2 if bench.QUICK else REPEAT):
        for side, command in enumerate(
            (_command(args, None), _command(other or args, None if other else off))
        ):
            wall, cpu = _timed(command, cwd)
            best[side] = [min(best[side][0], wall), min(best[side][1], cpu)]
    return best


def run(table) -> None:
    many = make_corpus("files-1000x50", 1000, 5, 10)
    one = make_corpus("one-10000", 1, 1000, 10)
    report_small = HERE.parent / "processes"
    report_big = make_corpus("report-20x50", 1, 20, 50)
    out = tempfile.mkdtemp(prefix="flowmap-bench-devices-")
    rows = [
        ("gc policy", "check -j 1, 1,000 files x 50 steps", ["check", "-j", "1", "."], many),
        ("gc policy", "check, one file of 10,000 steps", ["check", "."], one),
        ("gc policy", "report, processes/", ["report", str(report_small), "-o", out], HERE),
        ("C composer", "check -j 1, 1,000 files x 50 steps", ["check", "-j", "1", "."], many),
        ("workbook process", "report, processes/", ["report", str(report_small), "-o", out], HERE),
        ("workbook process", "report, 20 x 50", ["report", str(report_big), "-o", out], HERE),
        ("Jinja cache", "report, processes/", ["report", str(report_small), "-o", out], HERE),
    ]
    for device, title, args, cwd in rows:
        with_it, without = compare(args, cwd, device)
        _add(table, device, title, with_it, without)
    with_it, without = compare(["check", "."], many, None, ["check", "-j", "1", "."])
    _add(table, "fork pool", "check, 1,000 files x 50 steps", with_it, without)
    with_it, without = compare(["check", "."], many, "rules on two cores")
    title = "its rules on two cores, check 1,000 files x 50 steps"
    _add(table, "fork pool", title, with_it, without, part=True)


def _add(table, device: str, title: str, with_it, without, part: bool = False) -> None:
    """A row of the device's gain; `part`: of a part of it (the device's own row decides)."""
    gain = (without[0] - with_it[0]) / without[0]
    cpu_gain = (without[1] - with_it[1]) / without[1]
    verdict = "keep" if gain >= 0.10 else "remove"
    verdict = f"{verdict} (>= 10%)" if not part else "kept with the device it is part of"
    table.add(
        f"{device}: {title}",
        with_it[0],
        without[0],
        note=f"floor: without it; gain {gain:+.0%} (cpu {cpu_gain:+.0%}) -> {verdict}",
    )
