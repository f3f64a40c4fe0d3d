"""`make run`'s job: check, chart and report on processes/, and say where the output went."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROCESSES, REPO


def test_run_main_writes_every_view_and_the_report_and_prints_where(tmp_path):
    flowmap = shutil.which("flowmap", path=str(Path(sys.executable).parent))
    out = tmp_path / "out"
    done = subprocess.run(
        [str(REPO / "scripts" / "run-main"), flowmap, str(PROCESSES), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    written = sorted(p.name for p in out.iterdir())
    rows = {"complaint-handling": 3, "engineering-change": 4, "order-to-delivery": 4}
    assert written == sorted(
        [
            "customers.svg",
            "findings.csv",
            "functions.svg",
            "goals.svg",
            "handoffs.csv",
            "org.svg",
            "report.html",
            "report.xlsx",
            "periods.csv",  # processes/surveys/: two quarters of answers
        ]
        + [f"process-{key}-row{n}.svg" for key, count in rows.items() for n in range(1, count + 1)]
        + [f"customers-unit-{n}.svg" for n in range(1, 13)]  # the map around each unit
    )
    for name in written:
        assert str(out / name) in done.stdout
    assert f"Open {out}/report.html" in done.stdout
