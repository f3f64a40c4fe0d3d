"""Summarising survey results against the floor: reading the same CSV with the `csv` module.

100,000 responses (a year of weekly answers from a plant's every relationship) over the
reference process's questions: read, checked row by row, matched to their relationships,
counted per quarter, per unit and for the company. Target: at most 3x the floor.

Measured 2026-12-07 on the shared 2-core machine at load 6-12 (the same run's
load+model+graph rows read 0.20x and 2.09x against their 1.3x): from 2.62x (0.454 s against
0.173 s) to 7.4x, best of 5 in turns each time. Reading alone (rows a column at a time) was
0.25 s at a quiet moment. The target is met in the quietest run, not shown in the others.
Counting identical answers as typed before reading them (one read per distinct answer)
was tried and measured slower: 100,000 rows held 19,677 distinct answers.
"""

from __future__ import annotations

import csv
import random
import shutil
import time
from pathlib import Path

from bench.corpus import CORPUS
from flowmap.graph.satisfaction import measure, questions, summarise
from flowmap.memory import collector_paused
from flowmap.model.surveys import read_surveys
from flowmap.project import one_organisation, open_workspace

PROCESSES = Path(__file__).resolve().parent.parent / "processes"
ROWS = 100_000


def corpus() -> Path:
    """processes/'s maps, and one survey file of ROWS answers to its questions."""
    folder = CORPUS / f"surveys-{ROWS}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in PROCESSES.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    (folder / ".flowmap.toml").write_text("", encoding="utf-8")
    asked = questions(open_workspace([str(folder)]).org)
    chance = random.Random(27)
    (folder / "surveys").mkdir()
    with (folder / "surveys" / "answers.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "supplier", "customer", "item", "score", "respondent", "comment"])
        for index in range(ROWS):
            q = asked[index % len(asked)]
            day = f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}"
            item = q.item if q.kind == "handoff" else ""
            score = chance.choice("12345")
            comment = "late again" if score < "3" else ""
            writer.writerow([day, q.supplier, q.customer, item, score, f"r{index % 50}", comment])
    marker.write_text("", encoding="utf-8")
    return folder


def floor(folder: Path) -> float:
    """Reading the file with the csv module: its rows as lists (`list(csv.reader(...))`).
    Iterating without keeping them takes about half as long (0.11 s against 0.24 s here)."""
    with collector_paused():
        start = time.perf_counter()
        with (folder / "surveys" / "answers.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        seconds = time.perf_counter() - start
    assert len(rows) == ROWS + 1
    return seconds


def ours(folder: Path, org) -> float:
    """Read the file, check and match every row, and sum up: what `flowmap survey summary`
    does after loading the maps (timed apart: `bench_load` has them)."""
    plan = one_organisation([str(folder)])
    with collector_paused():
        start = time.perf_counter()
        org.surveys = read_surveys(folder / "surveys", plan.root, plan.config.limits)
        summarise(org)
        seconds = time.perf_counter() - start
    assert len(org.surveys.responses) == ROWS and not measure(org).unmatched
    return seconds


def run(table) -> None:
    folder = corpus()
    seconds, floors = [], []
    for _ in range(5):  # in turns, so that a busy machine slows both alike
        org = open_workspace([str(folder)]).org  # a fresh organisation: nothing cached
        seconds.append(ours(folder, org))
        floors.append(floor(folder))
    table.add(
        f"survey summary, {ROWS:,} responses",
        min(seconds),
        min(floors),
        note="target <= 3x list(csv.reader)",
    )
