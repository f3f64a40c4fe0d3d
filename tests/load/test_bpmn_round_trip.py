"""Export -> import gives the same processes back; import -> export -> import is stable.

Compared as models: ids, names, executors, the three-step texts, needs, the flow each step
hands over to (`next` as it takes effect) and rework. Rank, `reports_to`, services and
goals are not in BPMN and are not compared.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flowmap.graph.relations import chains, successors
from flowmap.model.org import Organisation
from flowmap.outputs.bpmn import process_bpmn
from flowmap.project import open_workspace

REPO = Path(__file__).parents[2]
SOURCES = [
    (REPO / "processes", "order-to-delivery"),
    (REPO / "processes", "complaint-handling"),
    (REPO / "processes", "engineering-change"),
    (REPO / "tests" / "outputs" / "bpmn" / "shapes.yaml", "shapes"),
]


def described(org: Organisation, process_id: str) -> dict:
    """What a process says, step by step, as plain data."""
    flow: dict[str, list[str]] = {}
    for steps in chains(org):
        for index, step in enumerate(steps):
            flow[step.id] = sorted(s.id for s in successors(org, steps, index))
    process = org.processes[process_id]
    found = {"name": process.name, "customer": process.customer, "steps": {}}
    todo = list(process.steps)
    while todo:
        step = todo.pop()
        todo.extend(step.operations)
        found["steps"][step.id] = {
            "name": step.name,
            "executors": step.executors,
            "recheck": step.recheck,
            "assure": step.assure,
            "delivers": step.delivers,
            "lead_time": str(step.lead_time),
            "item_lead_times": {k: str(v) for k, v in step.item_lead_times.items()},
            "needs": [
                (n.item, n.from_, n.requires, str(n.due), n.satisfaction, n.waive)
                for n in step.needs
            ],
            "next": flow.get(step.id),
            "rework": sorted(step.rework),
            "operations": [op.id for op in step.operations],
            "waive": step.waive,
            "waive_terms": step.waive_terms,
        }
    return found


def opened(path: Path) -> Organisation:
    workspace = open_workspace([str(path)])
    errors = [f for f in workspace.findings if f.severity == "error"]
    assert not errors, errors
    return workspace.org


@pytest.mark.parametrize(("source", "process_id"), SOURCES, ids=[p for _, p in SOURCES])
def test_export_then_import_gives_the_same_process(tmp_path, source, process_id):
    org = opened(source)
    exported = tmp_path / f"{process_id}.bpmn"
    exported.write_bytes(process_bpmn(org, org.processes[process_id]))
    back = opened(exported)
    assert described(back, process_id) == described(org, process_id)
    # the units and roles come back with their names, each role in its unit
    for role in back.roles.values():
        assert role.name == org.roles[role.id].name
        assert role.unit == org.roles[role.id].unit


@pytest.mark.parametrize(("source", "process_id"), SOURCES, ids=[p for _, p in SOURCES])
def test_import_export_import_is_stable(tmp_path, source, process_id):
    org = opened(source)
    first = tmp_path / "first.bpmn"
    first.write_bytes(process_bpmn(org, org.processes[process_id]))
    imported = tmp_path / "imported.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "flowmap", "import", "bpmn", str(first), "-o", str(imported)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    once = opened(imported)
    second = tmp_path / "second.bpmn"
    second.write_bytes(process_bpmn(once, once.processes[process_id]))
    again = tmp_path / "again.yaml"
    subprocess.run(
        [sys.executable, "-m", "flowmap", "import", "bpmn", str(second), "-o", str(again)],
        check=True,
    )
    assert described(opened(again), process_id) == described(once, process_id)
    assert again.read_text(encoding="utf-8").replace("second.bpmn", "first.bpmn") == (
        imported.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(("source", "process_id"), SOURCES, ids=[p for _, p in SOURCES])
def test_without_the_extension_the_documentation_gives_the_texts_back(tmp_path, source, process_id):
    """A modeler that drops flowmap's extension elements when it saves keeps the
    documentation: the three-step texts come back from it."""
    from lxml import etree

    org = opened(source)
    root = etree.fromstring(process_bpmn(org, org.processes[process_id]))
    for extension in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}extensionElements"):
        extension.getparent().remove(extension)
    stripped = tmp_path / "stripped.bpmn"
    stripped.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    back = opened(stripped)
    keys = ("recheck", "assure", "delivers", "lead_time", "needs")
    ours = described(org, process_id)["steps"]
    theirs = {
        key: described_step
        for key, described_step in described(back, process_id_of(back))["steps"].items()
    }

    def texts(step: dict) -> dict:  # waivers come back from the extension only
        return {**{k: step[k] for k in keys}, "needs": [n[:5] for n in step["needs"]]}

    for step_id, step in ours.items():
        assert texts(theirs[step_id]) == texts(step), step_id


def process_id_of(org: Organisation) -> str:
    (key,) = org.processes
    return key
