"""Summarising survey results against the floor: reading the same CSV with the `csv` module.

100,000 responses (a year of weekly answers from a plant's every relationship) over the
reference process's questions: read, checked row by row, matched to their relationships,
counted per quarter, per unit and for the company. Target: at most 3x the floor.

Measured 2026-12-07 on the shared 2-core machine at load 6-12 (the same run's
load+model+graph rows read 0.20x and 2.09x against their 1.3x): from 2.62x (0.454 s against
0.173 s) to 7.4x, best of 5 in turns each time; at load 4 the CPU time was 4.5-4.9x the
floor's. Most of it went to transposing every row into columns (`zip(*rows)`) and mapping
each column again.

Now (issue 27, the same minute, load 4.0, before -> after): CPU 4.47x -> 2.60x and
4.89x -> 2.61x the floor's (0.31-0.33 s -> 0.18 s; wall 3.4-3.55x -> 2.4-2.7x). One pass
over the rows picks each row's answer cells (date, ids, item, score; not who or why) and
counts identical answers in C (`Counter.update(map(itemgetter(...), reader))`); the 19,677
distinct answers of 100,000 rows are each read once; the rows are not kept, and a row's
`Response` (respondent, comment) is made again from the text only when asked for.
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


def floor(folder: Path) -> tuple[float, float]:
    """Reading the file with the csv module: its rows as lists (`list(csv.reader(...))`).
    Iterating without keeping them takes about half as long (0.11 s against 0.24 s here).
    (wall, CPU) seconds."""
    with collector_paused():
        start, cpu = time.perf_counter(), time.process_time()
        with (folder / "surveys" / "answers.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(rows) == ROWS + 1
    return seconds, cpu


def ours(folder: Path, org) -> tuple[float, float]:
    """Read the file, check and match every row, and sum up: what `flowmap survey summary`
    does after loading the maps (timed apart: `bench_load` has them). (wall, CPU) seconds."""
    plan = one_organisation([str(folder)])
    with collector_paused():
        start, cpu = time.perf_counter(), time.process_time()
        org.surveys = read_surveys(folder / "surveys", plan.root, plan.config.limits)
        summarise(org)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(org.surveys.responses) == ROWS and not measure(org).unmatched
    return seconds, cpu


def run(table) -> None:
    folder = corpus()
    seconds, floors = [], []
    for _ in range(5):  # in turns, so that a busy machine slows both alike
        org = open_workspace([str(folder)]).org  # a fresh organisation: nothing cached
        seconds.append(ours(folder, org))
        floors.append(floor(folder))
    table.add(
        f"survey summary, {ROWS:,} responses",
        min(wall for wall, _ in seconds),
        min(wall for wall, _ in floors),
        note="target <= 3x list(csv.reader)",
        cpu=(min(cpu for _, cpu in seconds), min(cpu for _, cpu in floors)),
    )
