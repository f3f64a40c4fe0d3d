"""`flowmap import bpmn` and `flowmap check model.bpmn` on a plain modeler's file
(tests/load/bpmn_plain/order.bpmn: no flowmap extension), as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from flowmap.project import open_workspace

PLAIN = Path(__file__).parent / "bpmn_plain" / "order.bpmn"


def flowmap(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flowmap", *args], capture_output=True, text=True, cwd=cwd
    )


def test_a_plain_model_imports_as_a_map(tmp_path):
    out = tmp_path / "map.yaml"
    done = flowmap("import", "bpmn", str(PLAIN), "-o", str(out))
    assert done.returncode == 0, done.stderr
    # the lanes three deep are folded, and said so
    assert "info schema the lanes inside lane `Workshop` are deeper" in done.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["customers"] == [{"id": "customer", "name": "Customer"}]
    assert [u["id"] for u in data["units"]] == ["sales", "production"]
    roles = {r["id"]: (r["name"], r["unit"]) for r in data["roles"]}
    assert roles == {
        "sales-role": ("Sales", "sales"),  # a lane without lanes: a unit with one role
        "planner": ("Planner", "production"),
        "workshop": ("Workshop", "production"),
        "lane_qc": ("质检员", "production"),  # a Chinese name kept; the id from the lane's
    }
    steps = {s["id"]: s for s in data["processes"][0]["steps"]}
    assert list(steps) == [
        "customer-sends-purchase-order",  # the closed customer pool's two steps
        "accept-order",
        "plan-production",
        "weld-frames",
        "paint-panels",
        "task_inspect",
        "ship-goods",
        "customer-receives-goods",
    ]
    assert steps["customer-sends-purchase-order"]["by"] == "customer"
    assert steps["customer-sends-purchase-order"]["delivers"] == ["purchase order"]
    assert steps["accept-order"]["delivers"] == ["sales order"]  # a data object written
    assert steps["plan-production"]["needs"] == [{"item": "sales order", "from": "accept-order"}]
    assert steps["plan-production"]["next"] == ["weld-frames", "paint-panels"]  # parallel
    assert steps["weld-frames"]["by"] == "workshop"  # the lane under Workshop, folded
    assert steps["task_inspect"]["name"] == "检验产品"
    assert steps["task_inspect"]["rework"] == ["weld-frames"]  # back through the gateway
    assert "next" not in steps["task_inspect"]  # forward: the step after it, ship-goods
    assert steps["ship-goods"]["delivers"] == ["goods"]  # what its message flow carries
    again = flowmap("check", str(out), "--format", "json")
    rules = {f["rule"] for f in json.loads(again.stdout)["findings"]}
    assert not rules & {"syntax", "schema", "duplicate-id", "unknown-reference", "flow-cycle"}


def test_check_of_the_model_says_what_each_lane_must_add_at_the_xml_lines():
    done = flowmap("check", str(PLAIN), "--format", "json")
    assert done.returncode == 1
    found = {(f["rule"], f["line"]) for f in json.loads(done.stdout)["findings"]}
    text = PLAIN.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(text, 1) if 'id="Task_plan"' in row)
    assert ("recheck-upstream", line) in found  # what the planner rechecks
    assert ("assure-own", line) in found  # how it assures its plan
    need = line + 1  # the data input: the need for the sales order, without terms
    assert ("serve-downstream", need) in found
    # the external customer states no need for the goods it receives
    assert any(rule == "serve-downstream" for rule, _ in found)


def test_render_and_report_take_a_named_bpmn_file(tmp_path):
    chart = tmp_path / "chart.dot"
    done = flowmap("render", str(PLAIN), "--view", "process", "--id", "plant", "-o", str(chart))
    assert done.returncode == 0, done.stderr
    assert "Weld frames" in chart.read_text(encoding="utf-8")
    done = flowmap("report", str(PLAIN), "--dot", "/nonexistent/dot", "-o", str(tmp_path / "out"))
    assert done.returncode in (0, 1), done.stderr
    assert (tmp_path / "out" / "report.html").exists()
    # two BPMN files are two organisations: one report of both stays a usage error
    other = tmp_path / "other.bpmn"
    shutil.copy(PLAIN, other)
    done = flowmap("report", str(PLAIN), str(other), "-o", str(tmp_path / "both"))
    assert done.returncode == 2 and "organisations" in done.stderr


def test_folder_scans_take_bpmn_files_only_when_the_setting_says_so(tmp_path):
    shutil.copy(PLAIN, tmp_path / "order.bpmn")
    (tmp_path / "map.yaml").write_text("flowmap: 1\n", encoding="utf-8")
    (tmp_path / ".flowmap.toml").write_text("", encoding="utf-8")
    done = flowmap("check", ".", "--format", "json", cwd=tmp_path)
    assert json.loads(done.stdout)["files"] == 1
    assert done.returncode == 0
    (tmp_path / ".flowmap.toml").write_text("bpmn = true\n", encoding="utf-8")
    done = flowmap("check", ".", "--format", "json", cwd=tmp_path)
    document = json.loads(done.stdout)
    assert document["files"] == 2 and done.returncode == 1
    assert {f["file"] for f in document["findings"]} == {"order.bpmn"}


def test_a_bpmn_file_is_an_organisation_of_its_own(tmp_path):
    shutil.copy(PLAIN, tmp_path / "order.bpmn")
    (tmp_path / "org.yaml").write_text(
        "flowmap: 1\nunits:\n  - {id: sales, name: Sales}\n", encoding="utf-8"
    )
    # the same ids in a map beside it are no duplicates: each file its own organisation
    done = flowmap(
        "check", str(tmp_path / "order.bpmn"), str(tmp_path / "org.yaml"), "--format", "json"
    )
    rules = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert "duplicate-id" not in rules
    assert open_workspace([str(tmp_path / "order.bpmn")]).org.units["sales"].name == "Sales"


def test_the_editor_refuses_a_bpmn_file_and_says_how_to_edit_it(tmp_path):
    model = tmp_path / "order.bpmn"
    shutil.copy(PLAIN, model)
    before = model.read_bytes()
    done = flowmap("edit", str(model))
    assert done.returncode == 2
    assert "is a BPMN file" in done.stderr and "flowmap import bpmn" in done.stderr
    assert model.read_bytes() == before
