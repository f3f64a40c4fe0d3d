"""`python -m bench [--quick] [NAME...]`: run the benchmarks and write the table to bench/results/.

Each benchmark module runs in a Python process of its own (`--one NAME ROWS.json`), so that
no row depends on which benchmarks ran before it in the same process: after the others had
grown the heap, the `csv` floor of the survey row ran about a third faster than alone (the
row read 3.3-3.9x in the full sequence against 2.3x alone), and what earlier benchmarks left
alive made the collector slow down the C-compose floor of bench_load by half.
"""

from __future__ import annotations

import compileall
import gc
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from bench.table import Row, Table

HERE = Path(__file__).parent


# Not the rows of a speed target: left out by `--quick`.
SLOW = ("bench_edit", "bench_long_texts", "bench_tui")


def main(args: list[str]) -> int:
    quick = "--quick" in args
    names = [name for name in args if name != "--quick"]
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if quick:
        modules = [m for m in modules if m not in SLOW]
    if names:
        modules = [m for m in modules if any(n in m for n in names)]
    table = Table()
    # Timed as a user's second run finds it: flowmap's bytecode compiled. With
    # PYTHONDONTWRITEBYTECODE set (as on some CI and sandboxes) every `flowmap` started
    # would otherwise compile it anew, a tenth of a second that no user pays twice.
    compileall.compile_dir(HERE.parent / "flowmap", quiet=1)
    print(
        f"flowmap benchmarks on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores"
        + (" (quick)" if quick else "")
    )
    for name in modules:
        print(f"-- {name}", flush=True)
        table.rows.extend(_run_apart(name, quick))
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(table.markdown(), encoding="utf-8")
    print()
    print(table.markdown())
    print(f"table written to {results / 'latest.md'}")
    return 0


def _run_apart(name: str, quick: bool) -> list[Row]:
    """The rows of one benchmark module, measured in a process of its own."""
    with tempfile.TemporaryDirectory(prefix="flowmap-bench-") as folder:
        rows = Path(folder) / "rows.json"
        command = [sys.executable, "-m", "bench", "--one", name, str(rows)]
        done = subprocess.run(command + (["--quick"] if quick else []), check=False)
        if done.returncode or not rows.exists():
            print(f"{name} failed (exit {done.returncode})", flush=True)
            return [Row(f"{name}: FAILED, exit {done.returncode}", 0.0)]
        return [Row(**row) for row in json.loads(rows.read_text(encoding="utf-8"))]


def one(name: str, rows: Path, quick: bool) -> int:
    """Run one benchmark module here and write its rows to `rows` (JSON)."""
    import bench

    bench.QUICK = quick
    table = Table()
    gc.collect()
    gc.freeze()  # what the imports left alive is not the collector's work in any row
    importlib.import_module(f"bench.{name}").run(table)
    rows.write_text(json.dumps([asdict(row) for row in table.rows]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        sys.exit(one(sys.argv[2], Path(sys.argv[3]), "--quick" in sys.argv[4:]))
    sys.exit(main(sys.argv[1:]))
