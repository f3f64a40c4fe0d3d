"""A monorepo as a DevOps engineer meets it: two organisations (plants) sharing org.yaml, a
git-ignored build/ with copies of maps, and deliberately bad examples that are excluded.

In a whole-repository check exactly one finding is left: `plant-b/sub/returns.yaml`
takes a `scrap report` from plant-b's `make` step sooner than `make` can deliver it.
Checked alone, without the rest of plant-b, that file would say `make` is no step.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.rules.test_cases import CASES

SETTINGS = 'organisations = ["plant-a/", "plant-b/"]\nextend-exclude = ["examples/bad/"]\n'
RETURNS = """\
flowmap: 1
include: [../../org.yaml]
processes:
  - id: returns
    customer: customer
    steps:
      - id: sort
        by: clerk
        recheck: [Report is complete]
        assure: [Sorted the same day]
        delivers: [returns list]
        lead_time: 1d
        needs: [{item: scrap report, from: make, requires: [Counted], due: 1d}]
      - id: take-back
        by: customer
        needs: [{item: returns list, requires: [Signed], due: 3d}]
"""
# the one finding of a whole-repository check: (file, line, column, rule)
ONE_FINDING = ("plant-b/sub/returns.yaml", 13, 76, "serve-downstream")
BAD = "        assure: [First piece checked]\n"  # removed: an assure-own error


def chain(include: str) -> str:
    return (CASES / "_chain.yaml").read_text(encoding="utf-8").replace("_org.yaml", include)


def make_plants(root: Path, git: bool = True) -> Path:
    """The repository under `root` (made), a git repository when `git`."""
    root.mkdir(parents=True, exist_ok=True)
    if git:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True, timeout=60)
    (root / ".flowmap.toml").write_text(SETTINGS, encoding="utf-8")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    (root / "org.yaml").write_text((CASES / "_org.yaml").read_text(encoding="utf-8"))
    for folder in ("plant-a", "plant-b/sub", "build", "examples/bad"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "plant-a" / "order.yaml").write_text(chain("../org.yaml"), encoding="utf-8")
    plant_b = chain("../org.yaml").replace("delivers: [goods]", "delivers: [goods, scrap report]")
    (root / "plant-b" / "order.yaml").write_text(plant_b, encoding="utf-8")
    (root / "plant-b" / "sub" / "returns.yaml").write_text(RETURNS, encoding="utf-8")
    # ignored and excluded: each would fail the check
    (root / "build" / "copy.yaml").write_text(chain("../org.yaml"), encoding="utf-8")
    bad = chain("../../org.yaml").replace(BAD, "")
    (root / "examples" / "bad" / "bad.yaml").write_text(bad, encoding="utf-8")
    return root
