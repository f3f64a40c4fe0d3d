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
    assert written == [
        "customers.svg",
        "functions.svg",
        "org.svg",
        "process-complaint-handling.svg",
        "process-engineering-change.svg",
        "process-order-to-delivery.svg",
        "report.html",
    ]
    for name in written:
        assert str(out / name) in done.stdout
    assert f"Open {out}/report.html" in done.stdout
