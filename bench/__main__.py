"""`python -m bench [NAME...]`: run the benchmarks and write the table to bench/results/."""

from __future__ import annotations

import compileall
import gc
import importlib
import os
import platform
import sys
from pathlib import Path

from bench.table import Table

HERE = Path(__file__).parent


# Not the rows of a speed target: left out by `--quick`.
SLOW = ("bench_edit", "bench_long_texts", "bench_tui")


def main(names: list[str]) -> int:
    import bench

    bench.QUICK = "--quick" in names
    names = [name for name in names if name != "--quick"]
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if bench.QUICK:
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
        + (" (quick)" if bench.QUICK else "")
    )
    for name in modules:
        print(f"-- {name}", flush=True)
        # What earlier benchmarks left alive must not slow the collector in later ones
        # (it made the C-compose floor of bench_load 50% slower when it ran last).
        gc.collect()
        gc.freeze()
        importlib.import_module(f"bench.{name}").run(table)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(table.markdown(), encoding="utf-8")
    print()
    print(table.markdown())
    print(f"table written to {results / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
