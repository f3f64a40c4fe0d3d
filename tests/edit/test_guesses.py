"""What the editor proposes when the user adds a step, an operation or a need and says no
more: the guesses are plain functions of the organisation, tested without a terminal."""

from __future__ import annotations

import doctest

import flowmap.edit.guesses
from flowmap.edit.guesses import (
    copied_need,
    executor_beside,
    first_executor,
    need_to_offer,
    supplied_item,
)
from flowmap.project import open_workspace

MAP = """\
flowmap: 1
customers: [{id: buyer}]
roles: [{id: clerk}, {id: planner}]
processes:
  - id: order
    customer: buyer
    steps:
      - id: place
        by: buyer
        delivers: [purchase order]
      - id: enter
        by: clerk
        delivers: [sales order, copy]
        needs: [{item: purchase order, requires: [Signed], due: 1d, satisfaction: 0.9}]
        operations:
          - {id: read, by: clerk, delivers: [notes]}
          - {id: type, by: [clerk, planner]}
      - id: plan
        by: [planner, clerk]
"""


def _org(project):
    project.write("map.yaml", MAP)
    return open_workspace(["map.yaml"]).org


def test_a_new_step_is_done_by_the_processs_customer_else_the_first_role(project):
    org = _org(project)
    assert first_executor(org, org.processes["order"]) == "buyer"
    assert first_executor(org) == "clerk"


def test_a_step_added_beside_another_is_done_by_the_same_executor(project):
    org = _org(project)
    assert executor_beside(org, org.steps["enter"]) == "clerk"
    assert executor_beside(org, org.steps["plan"]) == "planner"  # a joint step: its first


def test_a_new_need_is_for_what_the_step_before_delivers(project):
    org = _org(project)
    assert supplied_item(org, "enter") == "purchase order"
    assert supplied_item(org, "plan") == "sales order"
    assert supplied_item(org, "type") == "notes"  # the operation before it, inside the step
    assert supplied_item(org, "place") == "item"  # nothing before it


def test_a_step_put_before_another_is_offered_the_need_that_step_has(project):
    org = _org(project)
    offered = need_to_offer(org, "place")
    assert offered is not None and offered[0] == "enter"
    assert copied_need(offered[1]) == {
        "item": "purchase order",
        "requires": ["Signed"],
        "due": "1d",
    }  # not the satisfaction: that was measured for the handoff it had
    assert need_to_offer(org, "enter") is None  # plan states no need
    assert need_to_offer(org, "plan") is None  # no step after it


def test_the_documented_examples_run():
    assert doctest.testmod(flowmap.edit.guesses).failed == 0
