"""Version 1.1 on the process view: a joint step, a need from further upstream, rework
feedback stated as a need."""

from __future__ import annotations

from tests.outputs.charts.conftest import draw, load

MAP = """\
flowmap: 1
customers: [{id: customer}]
units: [{id: plant, name: Plant}, {id: quality, name: Quality}]
roles:
  - {id: fitter, name: Fitter, unit: plant, rank: 1}
  - {id: tester, name: Tester, unit: quality, rank: 1}
processes:
  - id: repair
    customer: customer
    steps:
      - id: fit
        name: Fit
        by: fitter
        delivers: [unit, drawing]
        needs: [{item: nonconformity report, from: check, requires: [Defect named], due: 1d}]
      - id: check
        name: Check
        by: [tester, fitter]
        delivers: [tested unit, nonconformity report]
        rework: [fit]
      - id: pack
        name: Pack
        by: fitter
        delivers: [parcel]
        rework: [check]
        needs: [{item: drawing, from: fit, due: 1d}]
      - {id: collect, name: Collect, by: customer}
  - id: fit-again
    steps:
      - id: refit
        name: Refit
        by: fitter
        needs: [{item: nonconformity report, from: check, requires: [Defect named], due: 4h}]
"""


def _loaded(project):
    return load(project.write("repair.yaml", MAP))


def test_a_joint_step_is_drawn_once_in_its_first_executors_lane(project):
    drawn = draw(_loaded(project), "process", "repair")
    node = drawn.node("Check")
    assert node.lines[1] == "by Tester and Fitter"
    assert [title[0] for title in node.clusters] == ["Quality"]


def test_a_need_from_further_upstream_is_a_bold_handoff_with_its_item(project):
    drawn = draw(_loaded(project), "process", "repair", show_findings=False)
    [edge] = drawn.edges_between("Fit", "Pack")
    assert edge.lines == ["drawing", "due 1d"]
    assert edge.attrs["style"] == '"bold"' and edge.attrs["tooltip"] == '"fit → pack"'


def test_rework_without_a_need_is_a_loop_and_with_one_a_handoff(project):
    drawn = draw(_loaded(project), "process", "repair")
    [loop] = drawn.edges_between("Pack", "Check")
    assert loop.lines == ["rework"]
    assert loop.attrs["tooltip"] == '"pack → check: rework, no need stated"'
    [feedback] = drawn.edges_between("Check", "Fit")
    assert feedback.lines == ["rework:", "nonconformity report", "due 1d"]
    assert feedback.attrs["tooltip"] == '"check → fit"'
    # in the other process, the need from `check` is a handoff between the processes
    drawn = draw(_loaded(project), "process", "fit-again")
    [edge] = drawn.edges_between("Check", "Refit")
    assert edge.lines == ["nonconformity report", "due 4h"]
