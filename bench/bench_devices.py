"""Every speed device earns its place (issue 23): each measured with and without it on the
rows a user waits for, whole processes timed in turns (best of REPEAT), in the same run.

A device is switched off by a wrapper that patches flowmap before it runs the command, so
the code measured is the code shipped:

- `gc policy`: the collector's schedule for a one-command program (`flowmap.memory`) and
  its pauses around loading, the graph and the rules, all off;
- `collector pauses`: the pauses alone off, the schedule kept;
- `fork pool`: reading the files on every core (`flowmap.batch`) against `-j 1`;
- `workbook process`: the report's workbook written by a second process;
- `C composer`: PyYAML's C composer for plain maps, against the event composer alone;
- `Jinja cache`: Jinja2's bytecode cache of the report's templates.

The gain is (without - with) / without; a device stays when it gains >= 10% on a row.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import make_corpus

HERE = Path(__file__).resolve().parent
REPEAT = 3
OFF = {
    "gc policy": (
        "import contextlib, flowmap.memory as m; "
        "m.one_command = m.finished = lambda: None; "
        "m.collector_paused = contextlib.nullcontext"
    ),
    "collector pauses": (
        "import contextlib, flowmap.memory as m; m.collector_paused = contextlib.nullcontext"
    ),
    "workbook process": (
        "import flowmap.outputs.workbook as w; i = w.WorkbookWriter.__init__; "
        "w.WorkbookWriter.__init__ = lambda self, python=None: i(self, None)"
    ),
    "C composer": "import flowmap.load.yaml_nodes as y; y._plain_and_shallow = lambda text: False",
    "Jinja cache": "import flowmap.outputs.report.page as p; p._bytecode_cache = lambda: None",
}


def _command(args: list[str], off: str | None) -> list[str]:
    patch = OFF[off] + "; " if off else ""
    code = f"import sys; {patch}from flowmap.cli import program; sys.exit(program())"
    return [sys.executable, "-c", code, *args]


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.decode()[-500:])
    return time.perf_counter() - start


def compare(args: list[str], cwd: Path, off: str | None, other: list[str] | None = None):
    """(best time with the device, best time without), taken in turns."""
    best = [float("inf"), float("inf")]
    for _ in range(REPEAT):
        best[0] = min(best[0], _timed(_command(args, None), cwd))
        best[1] = min(best[1], _timed(_command(other or args, None if other else off), cwd))
    return best


def run(table) -> None:
    load = os.getloadavg()[0]
    many = make_corpus("files-1000x50", 1000, 5, 10)
    one = make_corpus("one-10000", 1, 1000, 10)
    report_small = HERE.parent / "processes"
    report_big = make_corpus("report-20x50", 1, 20, 50)
    out = tempfile.mkdtemp(prefix="flowmap-bench-devices-")
    rows = [
        ("gc policy", "check -j 1, 1,000 files x 50 steps", ["check", "-j", "1", "."], many),
        ("gc policy", "check, one file of 10,000 steps", ["check", "."], one),
        ("gc policy", "report, processes/", ["report", str(report_small), "-o", out], HERE),
        ("collector pauses", "check -j 1, 1,000 files x 50 steps", ["check", "-j1", "."], many),
        ("collector pauses", "check, 1,000 files x 50 steps", ["check", "."], many),
        ("C composer", "check -j 1, 1,000 files x 50 steps", ["check", "-j", "1", "."], many),
        ("workbook process", "report, processes/", ["report", str(report_small), "-o", out], HERE),
        ("workbook process", "report, 20 x 50", ["report", str(report_big), "-o", out], HERE),
        ("Jinja cache", "report, processes/", ["report", str(report_small), "-o", out], HERE),
    ]
    for device, title, args, cwd in rows:
        with_it, without = compare(args, cwd, device)
        _add(table, device, title, with_it, without, load)
    with_it, without = compare(["check", "."], many, None, ["check", "-j", "1", "."])
    _add(table, "fork pool", "check, 1,000 files x 50 steps", with_it, without, load)


def _add(table, device: str, title: str, with_it: float, without: float, load: float) -> None:
    gain = (without - with_it) / without
    verdict = "keep" if gain >= 0.10 else "remove"
    table.add(
        f"{device}: {title}",
        with_it,
        without,
        note=f"floor: without it; gain {gain:+.0%} -> {verdict} (>= 10%); load {load:.1f}",
    )
