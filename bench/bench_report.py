"""`flowmap report` against the floor: Graphviz `dot -Tsvg` alone on the DOT of the very
charts the report draws (the organisation's four, each process in rows), one after the
other, timed in turns with the report (the best of each). The report does the same drawing,
on every core, plus loading, checking, the scorecard, the pages and the tables. On a
machine other work loads, the report's share of the cores shrinks and its ratio grows:
give the load average with every figure.

Measured on processes/ (the target: at most 1.5x), on 20 processes of 50 steps, and on
100 processes of 10 steps (20 files x 5), where the sizes of what it writes and the time
headless Chromium takes to load report.html and screenshot it whole are reported too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench
from bench.corpus import make_corpus

HERE = Path(__file__).resolve().parent
PROCESSES = HERE.parent / "processes"
REPEAT = 5  # small corpora: each run is short, and this machine's speed wanders
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _best_of_pairs(ours, floor, repeat: int) -> tuple[float, float]:
    """The best time of each of two actions run in turns, `repeat` times: what else the
    machine does then slows both alike, not one more than the other."""
    times: list[tuple[float, float]] = []
    for _ in range(repeat):
        pair = []
        for action in (ours, floor):
            start = time.perf_counter()
            action()
            pair.append(time.perf_counter() - start)
        times.append((pair[0], pair[1]))
    return min(t[0] for t in times), min(t[1] for t in times)


def _dot_texts(folder: Path) -> list[str]:
    from flowmap.outputs.report import chart_dots
    from flowmap.project import open_workspace
    from flowmap.rules.engine import run_rules

    workspace = open_workspace([str(folder)])
    findings, _ = run_rules(workspace.org, workspace.findings)
    return chart_dots(workspace.org, findings)


def _measure(table, title: str, folder: Path, dot: str, repeat: int = REPEAT) -> Path:
    """Time the report and its floor; return the folder of the last report written."""
    texts = _dot_texts(folder)
    scratch = Path(tempfile.mkdtemp(prefix="flowmap-bench-report-"))
    report = [sys.executable, "-m", "flowmap", "report", str(folder), "-o", str(scratch)]
    ours, floor = _best_of_pairs(
        lambda: subprocess.run(report, check=True, stdout=subprocess.DEVNULL),
        lambda: [
            subprocess.run(
                [dot, "-Tsvg"], input=text.encode(), check=True, stdout=subprocess.DEVNULL
            )
            for text in texts
        ],
        repeat,
    )
    size = (scratch / "report.html").stat().st_size
    table.add(
        f"report, {title}, {len(texts)} charts",
        ours,
        floor,
        note=f"floor: `dot -Tsvg` on the same charts' DOT; report.html {size / 1e3:.0f} kB",
    )
    return scratch


def _screenshot_seconds(page: Path) -> float:
    """Headless Chromium loading `page` and taking a full-page screenshot of it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        tab.goto(page.as_uri())
        tab.screenshot(path=str(page.parent / "index.png"), full_page=True)
        seconds = time.perf_counter() - start
        browser.close()
    return seconds


def run(table) -> None:
    dot = shutil.which("dot")
    if dot is None:
        print("   skipped: Graphviz `dot` is not installed")
        return
    quick = bench.QUICK
    shutil.rmtree(_measure(table, "processes/", PROCESSES, dot, repeat=3 if quick else REPEAT))
    shutil.rmtree(
        _measure(
            table,
            "20 processes x 50 steps",
            make_corpus("report-20x50", 1, 20, 50),
            dot,
            repeat=2 if quick else 3,
        )
    )
    big = make_corpus("files-20x5x10", 20, 5, 10)
    out = _measure(table, "100 processes x 10 steps", big, dot, repeat=1)
    index = out / "report.html"
    total = sum(path.stat().st_size for path in out.iterdir())
    pages = len(list(out.glob("process-*.html")))
    if Path(CHROMIUM).exists() and not quick:
        table.add(
            "index full-page screenshot, 100 processes",
            _screenshot_seconds(index),
            note=f"target < 10 s; report.html {index.stat().st_size / 1e3:.0f} kB "
            f"(target < 1 MB), {pages} process pages, {total / 1e6:.1f} MB written in all",
        )
    shutil.rmtree(out)
