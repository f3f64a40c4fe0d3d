"""`flowmap report` on 20 processes of 50 steps (1,000 steps) against the floor: Graphviz
`dot -Tsvg` alone on the DOT of the same 23 charts (org, functions, customers and each
process), run one after the other in the same run. The report does the same drawing plus
loading, checking, the scorecard and the HTML."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import make_corpus

PROCESSES, STEPS = 20, 50
REPEAT = 3


def _best(action) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _dot_texts(folder: Path) -> list[str]:
    from flowmap.graph import build_graph
    from flowmap.outputs import charts
    from flowmap.project import open_workspace
    from flowmap.rules.engine import run_rules

    workspace = open_workspace([str(folder)])
    findings, _ = run_rules(workspace.org, workspace.findings)
    graph = build_graph(workspace.org)
    views = [("org", None), ("functions", None), ("customers", None)]
    views += [("process", key) for key in workspace.org.processes]
    return [
        charts.to_dot(charts.build_chart(workspace.org, graph, findings, view, key))
        for view, key in views
    ]


def run(table) -> None:
    dot = shutil.which("dot")
    if dot is None:
        print("   skipped: Graphviz `dot` is not installed")
        return
    folder = make_corpus(f"report-{PROCESSES}x{STEPS}", 1, PROCESSES, STEPS)
    texts = _dot_texts(folder)
    with tempfile.TemporaryDirectory() as scratch:
        report = [sys.executable, "-m", "flowmap", "report", str(folder), "-o", scratch]
        ours = _best(lambda: subprocess.run(report, check=True, stdout=subprocess.DEVNULL))
        floor = _best(
            lambda: [
                subprocess.run(
                    [dot, "-Tsvg"], input=text.encode(), check=True, stdout=subprocess.DEVNULL
                )
                for text in texts
            ]
        )
        size = (Path(scratch) / "report.html").stat().st_size
    table.add(
        f"report, {PROCESSES} processes x {STEPS} steps, {len(texts)} charts",
        ours,
        floor,
        note=f"floor: `dot -Tsvg` on the same charts' DOT; report.html {size / 1e6:.1f} MB",
    )
