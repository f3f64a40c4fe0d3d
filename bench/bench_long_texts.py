"""Cost linear in the input: a map whose one role has a very long name, done by every step.

A 4 MB role name used by 300 steps made `report` run out of memory and `render` take
minutes: the name was copied for every step and every handoff row. Now a text over
`max_text_length` is a finding and is cut in the model, and charts and the report cut what
they show before they clean or escape it. The map grows by a factor (the name's length and
the number of steps both); each row's floor is the time at size 1 times that factor, so a
ratio at or below 1 means time grew at most linearly. The note gives the peak memory of the
process against size 1 (it includes the interpreter and the libraries, about 50 MB).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAME_CHARS = 1_000_000  # the role's name at size 1
STEPS = 100  # steps done by the role at size 1
FACTORS = (1, 2, 4)

_MEASURE = """
import resource, sys
from flowmap.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def long_name_map(factor: int) -> str:
    """A map whose role `r` has a name of `factor` MB, doing `factor` x 100 steps."""
    name = "N" * (NAME_CHARS * factor)
    lines = [
        "flowmap: 1",
        "customers:",
        "  - {id: customer, name: Customer, needs: [{id: need, text: On time}]}",
        "units:",
        "  - {id: unit, name: Unit}",
        "roles:",
        f"  - {{id: r, name: {name}, unit: unit, rank: 1}}",
        "processes:",
        "  - id: p",
        "    customer: customer",
        "    steps:",
        "      - {id: s0, by: customer, delivers: [item0]}",
    ]
    steps = STEPS * factor
    for n in range(1, steps):
        lines.append(
            f"      - {{id: s{n}, by: r, delivers: [item{n}], recheck: [ok], assure: [ok], "
            f"lead_time: 1d, needs: [{{item: item{n - 1}, requires: [ok], due: 1d}}]}}"
        )
    lines.append(
        f"      - {{id: end, by: customer, needs: [{{item: item{steps - 1}, requires: [ok], "
        "due: 1d}]}"
    )
    return "\n".join(lines) + "\n"


def _measure(args: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of `flowmap ARGS` in a fresh interpreter."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"flowmap {' '.join(args)} failed: {done.stderr[-500:]}")
    return seconds, int(done.stderr.strip().splitlines()[-1])


def run(table) -> None:
    commands = {
        "check": ["check", "map.yaml"],
        "render --view process": ["render", "map.yaml", "--view", "process", "--id", "p"],
        "report": ["report", "map.yaml", "-o", "out"],
    }
    if shutil.which("dot") is None:
        print("   render and report skipped: Graphviz `dot` is not installed")
        commands = {"check": commands["check"]}
    commands["render --view process"] += ["--format", "dot", "-o", "chart.dot"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / ".flowmap.toml").write_text("", encoding="utf-8")
        for what, args in commands.items():
            base: tuple[float, int] | None = None
            for factor in FACTORS:
                (folder / "map.yaml").write_text(long_name_map(factor), encoding="utf-8")
                seconds, peak = min(_measure(args, folder) for _ in range(3))
                if base is None:
                    base = (seconds, peak)
                table.add(
                    f"{what}, {factor} MB role name x {STEPS * factor} steps",
                    seconds,
                    base[0] * factor,
                    note=f"peak memory {peak / 1024:.0f} MiB, {peak / base[1]:.2f}x size 1's; "
                    "floor: size 1's time x the size",
                )
