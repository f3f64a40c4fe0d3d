"""BPMN files from modelers (tests/load/bpmn_files, sources and licences in its README):
`flowmap check` and `flowmap import bpmn` read each as a map, with an info finding naming
every element the map has no notion of, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flowmap.project import open_workspace

FILES = Path(__file__).parent / "bpmn_files"
REAL = sorted(FILES.glob("*.bpmn"))


def flowmap(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flowmap", *args], capture_output=True, text=True)


def checked(name: str) -> list[dict]:
    done = flowmap("check", str(FILES / name), "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    assert "internal error" not in done.stderr
    return json.loads(done.stdout)["findings"]


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_each_file_is_checked_and_imported_without_a_traceback(path, tmp_path):
    findings = checked(path.name)
    for finding in findings:
        assert finding["line"] >= 1 and finding["column"] >= 1 and finding["message"]
        assert finding["file"].endswith(path.name)
    # the import passes flowmap's syntax and schema: only three-step findings remain
    assert not [
        f for f in findings if f["rule"] in ("syntax", "schema") and f["severity"] == "error"
    ]
    out = tmp_path / "map.yaml"
    done = flowmap("import", "bpmn", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    again = flowmap("check", str(out), "--format", "json")
    rules = {f["rule"] for f in json.loads(again.stdout)["findings"]}
    assert not rules & {"syntax", "schema", "duplicate-id", "unknown-reference"}, again.stdout


def messages(name: str, severity: str = "info") -> list[str]:
    return [f"{f['line']}: {f['message']}" for f in checked(name) if f["severity"] == severity]


def test_elements_outside_the_map_are_named_in_info_findings():
    found = messages("bpmn-moddle-yaoqiang-event-definitions.bpmn")
    assert (
        "151: a timer event on `UserTask` is not part of the map; flows through it are kept"
        in found
    )
    assert any("the signal event `SubmitLazyWorkerSignal`" in m for m in found)
    gateways = messages("bpmn-js-gateways.bpmn")
    assert any("the eventBasedGateway `EventBasedGateway_1` is not part" in m for m in gateways)
    assert any("the complexGateway `ComplexGateway_1` is not part" in m for m in gateways)
    assert any(
        "inclusiveGateway `InclusiveGateway_1` is read as a parallel gateway" in m for m in gateways
    )
    boundary = messages("bpmn-js-boundary-events.bpmn")
    assert any("boundary event on `SubProcess_1`" in m for m in boundary)
    stores = messages("bpmn-js-collaboration-data-items.bpmn")
    assert any("dataStoreReference `Data Store 1`" in m for m in stores)


def test_findings_say_which_three_step_information_the_model_lacks():
    found = checked("bpmn-js-conditions.bpmn")
    by_rule = {(f["rule"], f["line"]) for f in found}
    # Task_2 (line 12 of the file) receives from ServiceTask_1: what does it recheck, what
    # does it need by when; every task: how does it assure its work
    assert ("recheck-upstream", 12) in by_rule
    assert ("serve-downstream", 12) in by_rule
    assert ("assure-own", 4) in by_rule


def test_nested_lanes_are_units_and_roles_and_other_pools_customers():
    org = open_workspace([str(FILES / "bpmn-js-collaboration-sequence-flows.bpmn")]).org
    assert sorted(org.units) == ["lane-1", "lane-4"]
    assert {r.id: r.unit for r in org.roles.values()} == {
        "lane-2": "lane-1",
        "lane-3": "lane-1",
        "lane-4-role": "lane-4",  # a lane without lanes inside: a unit with one role
    }
    org = open_workspace([str(FILES / "bpmn-js-collaboration-message-flows.bpmn")]).org
    assert list(org.customers) == ["pool"]


def test_sub_processes_are_steps_with_operations_nested():
    org = open_workspace([str(FILES / "bpmn-js-nested-subprocesses.bpmn")]).org
    (process,) = org.processes.values()
    (outer,) = process.steps
    assert [op.id for op in outer.operations] == ["subprocess_2"]
    assert [op.id for op in outer.operations[0].operations] == ["usertask_1"]
    assert outer.operations[0].operations[0].by == outer.by  # done by whoever does its step
