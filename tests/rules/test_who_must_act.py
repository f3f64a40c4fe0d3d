"""Every finding keeps what it is about and who must act, decided once per rule.

Each case breaks one thing in a copy of `processes/` the way a process owner would, and
states the finding's subject and the units, roles and steps that must act on it, as
`flowmap check --format json` reports them. A late or unsatisfying handoff is the
supplier's to fix (the rule's doc: "late by design"), never the receiving unit's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import PROCESSES, run_flowmap

ORDER = "order-to-delivery.yaml"
SCHEDULE_NEED = (
    "          - item: sales order\n"
    "            requires: [Delivery date confirmed with the customer]\n"
    "            due: 1d\n"
    "            satisfaction: 0.88"
)

# (name, old text, new text, rule, subject, units, roles, steps, unassigned)
CASES = [
    (
        "late handoff: the supplier, market",
        "        lead_time: 4h\n        needs:\n          - item: purchase order",
        "        lead_time: 3d\n        needs:\n          - item: purchase order",
        "serve-downstream",
        ("handoff", "accept-order->schedule-production:sales order"),
        ["sales"],
        ["order-clerk"],
        ["accept-order"],
        False,
    ),
    (
        "unsatisfied customer: the supplier, market",
        "satisfaction: 0.88",
        "satisfaction: 0.80",
        "satisfaction-target",
        ("handoff", "accept-order->schedule-production:sales order"),
        ["sales"],
        ["order-clerk"],
        ["accept-order"],
        False,
    ),
    (
        "external customer unsatisfied: the unit that hands over to it",
        "Undamaged]\n            due: 3d\n",
        "Undamaged]\n            due: 3d\n            satisfaction: 0.9\n",
        "external-satisfaction-target",
        ("handoff", "ship->receive-goods:goods"),
        ["transport"],
        ["dispatcher"],
        ["ship"],
        False,
    ),
    (
        "no recheck: the receiving step, planning",
        "        recheck: [Sales order has a confirmed delivery date and a valid item code]\n",
        "",
        "recheck-upstream",
        ("step", "schedule-production"),
        ["planning"],
        ["planner"],
        ["schedule-production"],
        False,
    ),
    (
        "no assure: the step itself, market",
        "        assure: [Credit limit checked, Order entered in the ERP the day it arrives]\n",
        "",
        "assure-own",
        ("step", "accept-order"),
        ["sales"],
        ["order-clerk"],
        ["accept-order"],
        False,
    ),
    (
        "a need without due: the receiving step, planning",
        SCHEDULE_NEED,
        SCHEDULE_NEED.replace("            due: 1d\n", ""),
        "serve-downstream",
        ("need", "schedule-production#needs/sales order"),
        ["planning"],
        ["planner"],
        ["schedule-production"],
        False,
    ),
    (
        "an unknown executor: the step, unassigned",
        "        by: planner\n",
        "        by: plannner\n",
        "unknown-reference",
        ("step", "schedule-production"),
        [],
        [],
        ["schedule-production"],
        True,
    ),
]


def _broken(tmp_path: Path, old: str, new: str, name: str = ORDER) -> Path:
    folder = tmp_path / "processes"
    shutil.copytree(PROCESSES, folder)
    (tmp_path / ".flowmap.toml").write_text("", encoding="utf-8")
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def _findings(folder: Path, cwd: Path | None = None, *args: str) -> list[dict]:
    result = run_flowmap("check", str(folder), "--format", "json", *args, cwd=cwd)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"]


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_each_finding_names_its_subject_and_who_must_act(tmp_path, case):
    _, old, new, rule, subject, units, roles, steps, unassigned = case
    found = [f for f in _findings(_broken(tmp_path, old, new)) if f["rule"] == rule]
    assert len(found) == 1, found
    (finding,) = found
    assert finding["subject"] == {"kind": subject[0], "id": subject[1]}
    who = finding["responsible"]
    assert (who["units"], who["roles"], who.get("steps", [])) == (units, roles, steps)
    assert who.get("unassigned", False) is unassigned


def test_a_handoff_finding_names_both_sides_in_one_line(tmp_path):
    folder = _broken(tmp_path, *CASES[0][1:3])
    result = run_flowmap("check", str(folder))
    (line,) = [line for line in result.out.splitlines() if "serve-downstream" in line]
    assert "`accept-order`" in line and "`schedule-production`" in line


# -- fingerprints ----------------------------------------------------------------------------


def _fingerprints(findings: list[dict]) -> dict[tuple, str]:
    return {(f["rule"], f["subject"]["id"], f.get("key")): f["fingerprint"] for f in findings}


def test_a_fingerprint_stays_across_runs_folders_and_moved_lines(tmp_path):
    folder = _broken(tmp_path, *CASES[0][1:3])
    first = _findings(folder, tmp_path)
    here = _fingerprints(first)
    assert here == _fingerprints(_findings(folder, tmp_path))  # another run
    assert here == _fingerprints(_findings(Path("processes"), tmp_path))  # as typed
    assert here == _fingerprints(_findings(Path("."), folder))  # another working folder
    path = folder / ORDER
    path.write_text("# a comment that moves every line\n\n" + path.read_text("utf-8"), "utf-8")
    moved = _findings(folder, tmp_path)
    assert here == _fingerprints(moved)
    assert [f["line"] for f in moved] == [f["line"] + 2 for f in first]


def test_two_findings_of_one_rule_on_one_need_differ(tmp_path):
    """A late lead time and a missing `due` on the same need are two things to follow up."""
    late = SCHEDULE_NEED.replace("due: 1d", "due: 1h")
    folder = _broken(tmp_path, SCHEDULE_NEED, late)
    (late_one,) = [f for f in _findings(folder) if f["rule"] == "serve-downstream"]
    shutil.rmtree(folder)
    folder = _broken(tmp_path, SCHEDULE_NEED, SCHEDULE_NEED.replace("            due: 1d\n", ""))
    (no_due,) = [f for f in _findings(folder) if f["rule"] == "serve-downstream"]
    assert late_one["fingerprint"] != no_due["fingerprint"]


def test_renaming_the_subject_changes_the_fingerprint(tmp_path):
    folder = _broken(tmp_path, *CASES[4][1:3])  # accept-order has no assure
    (before,) = [f for f in _findings(folder) if f["rule"] == "assure-own"]
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("accept-order", "take-order"), encoding="utf-8")
    (after,) = [f for f in _findings(folder) if f["rule"] == "assure-own"]
    assert after["subject"]["id"] == "take-order"
    assert after["fingerprint"] != before["fingerprint"]


def test_sarif_carries_the_fingerprint_and_who_must_act(tmp_path):
    folder = _broken(tmp_path, *CASES[0][1:3])
    result = run_flowmap("check", str(folder), "--format", "sarif", cwd=tmp_path)
    (late,) = [r for r in json.loads(result.out)["runs"][0]["results"] if r["level"] == "error"]
    (finding,) = [f for f in _findings(folder, tmp_path) if f["rule"] == "serve-downstream"]
    assert late["partialFingerprints"] == {"flowmap/v1": finding["fingerprint"]}
    assert late["properties"]["responsibleUnits"] == ["sales"]
    assert late["properties"]["subject"] == finding["subject"]


def test_a_schema_finding_is_about_the_object_and_key_it_was_found_in(tmp_path):
    folder = _broken(tmp_path, "        lead_time: 1d\n", "        lead_time: one day\n")
    (finding,) = _findings(folder)
    assert finding["rule"] == "schema" and finding["key"] == "lead_time"
    assert finding["subject"] == {"kind": "step", "id": "schedule-production"}
    assert finding["responsible"]["units"] == ["planning"]


def test_a_finding_about_a_file_is_identified_by_its_project_relative_path(tmp_path):
    folder = _broken(tmp_path, "title: Order to delivery, main plant\n", "title: [a, list]\n")
    (finding,) = _findings(folder, folder)
    assert finding["subject"] == {"kind": "file", "id": f"processes/{ORDER}"}
    assert finding["responsible"] == {"units": [], "roles": []}
