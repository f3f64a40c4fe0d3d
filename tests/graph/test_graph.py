"""The graph has one edge kind per kind of internal customer, exactly as docs/format.md says."""

from __future__ import annotations

import doctest

import pytest

import flowmap.graph.queries
import flowmap.graph.relations
import flowmap.model.fields
import flowmap.model.kinds
import flowmap.model.texts
from flowmap.graph import build_graph, customers_of, handoffs, path_to_customer, suppliers_of
from flowmap.project import open_workspace

SMALL = """\
flowmap: 1
customers:
  - id: customer
    needs: [{id: on-time, text: On time}]
units:
  - {id: sales, name: Sales}
  - {id: planning, name: Planning}
  - {id: production, name: Production}
  - {id: hr, name: HR, kind: function}
  - {id: it, name: IT, kind: function}
roles:
  - {id: gm, unit: sales, rank: 1}
  - {id: clerk, unit: sales, rank: 2, reports_to: gm}
  - {id: planner, unit: planning, rank: 2, reports_to: gm}
services:
  - {id: recruiting, provider: hr, customers: [production, planning]}
  - {id: helpdesk, provider: it, customers: ["*"]}
goals:
  - {id: otd, owner: gm, serves: on-time}
  - {id: plan-fast, owner: planner, serves: otd}
processes:
  - id: order
    customer: customer
    steps:
      - {id: place, by: customer}
      - {id: accept, by: clerk}
      - {id: check, by: clerk, next: [plan, reject]}
      - id: plan
        by: planner
        operations:
          - {id: draft, by: planner}
          - {id: release, by: planner}
        next: [make]
      - {id: reject, by: clerk, next: [receive], rework: [accept]}
      - {id: make, by: production}
      - {id: receive, by: customer}
"""


@pytest.fixture
def graph(project):
    project.write("small.yaml", SMALL)
    return build_graph(open_workspace(["small.yaml"]).org)


def edges(graph, kind):
    return sorted((u, v) for u, v, k in graph.edges(data="kind") if k == kind)


def test_rank_edges_run_both_ways(graph):
    assert edges(graph, "rank") == [
        ("clerk", "gm"),
        ("gm", "clerk"),
        ("gm", "planner"),
        ("planner", "gm"),
    ]
    assert graph.get_edge_data("clerk", "gm")[0]["flow"] == "results"
    assert graph.get_edge_data("gm", "clerk")[0]["flow"] == "conditions"


def test_function_edges_run_from_provider_to_each_served_unit(graph):
    assert edges(graph, "function") == [
        ("hr", "planning"),
        ("hr", "production"),
        ("it", "hr"),
        ("it", "planning"),
        ("it", "production"),
        ("it", "sales"),
    ]


def test_step_edges_follow_the_flow_with_next_and_not_rework(graph):
    assert edges(graph, "step") == sorted(
        [
            ("place", "accept"),
            ("accept", "check"),
            ("check", "plan"),
            ("check", "reject"),
            ("draft", "release"),
            ("plan", "make"),
            ("make", "receive"),
            ("reject", "receive"),
        ]
    )
    assert not graph.has_edge("reject", "accept")


def test_process_edges_join_different_executors_and_reach_the_external_customer(graph):
    # clerk -> clerk is the same executor; the customer supplies, but is held to nothing;
    # who serves the external customer is a process relationship (`suppliers customer`).
    assert edges(graph, "process") == [
        ("clerk", "customer"),
        ("clerk", "planner"),
        ("planner", "production"),
        ("production", "customer"),
    ]


def test_nodes_carry_their_kind_and_place(graph):
    assert graph.nodes["draft"]["kind"] == "operation"
    assert graph.nodes["plan"]["kind"] == "step"
    assert graph.nodes["hr"]["kind"] == "unit"
    assert graph.nodes["receive"]["external"] is True
    assert (graph.nodes["accept"]["file"], graph.nodes["accept"]["line"]) == ("small.yaml", 26)
    assert edges(graph, "serves") == [("otd", "on-time"), ("plan-fast", "otd")]


def test_customers_and_suppliers_by_kind(graph):
    assert customers_of(graph, "clerk") == ["customer", "gm", "planner"]
    assert customers_of(graph, "clerk", kind="process") == ["customer", "planner"]
    assert customers_of(graph, "gm", kind="rank") == ["clerk", "planner"]
    assert suppliers_of(graph, "planning") == ["hr", "it"]
    assert suppliers_of(graph, "planner", kind="rank") == ["gm"]


def test_path_to_the_external_customer(graph):
    assert path_to_customer(graph, "accept") == ["accept", "check", "reject", "receive"]
    assert path_to_customer(graph, "plan") == ["plan", "make", "receive"]
    assert path_to_customer(graph, "draft") is None  # operations end inside their step


def test_handoffs_are_the_step_edges(project, graph):
    found = handoffs(open_workspace(["small.yaml"]).org)
    assert ("check", "reject", "flow") in [(h.supplier.id, h.customer.id, h.via) for h in found]
    assert sorted((h.supplier.id, h.customer.id) for h in found) == edges(graph, "step")


def test_unknown_references_leave_no_dangling_edges(project):
    project.write("m.yaml", "flowmap: 1\nroles: [{id: a, reports_to: nobody, unit: nowhere}]\n")
    graph = build_graph(open_workspace(["m.yaml"]).org)
    assert list(graph.nodes) == ["a"]


@pytest.mark.parametrize(
    "module",
    [
        flowmap.graph.queries,
        flowmap.graph.relations,
        flowmap.model.kinds,
        flowmap.model.fields,
        flowmap.model.texts,
    ],
)
def test_the_documented_examples_run(module):
    assert doctest.testmod(module).failed == 0


JOINT = """\
flowmap: 1
customers: [{id: customer}]
roles: [{id: clerk}, {id: planner}, {id: buyer}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk}
      - {id: plan, by: [planner, buyer]}
      - {id: receive, by: customer}
"""


def test_each_executor_of_a_joint_step_has_its_relationships(project):
    project.write("joint.yaml", JOINT)
    graph = build_graph(open_workspace(["joint.yaml"]).org)
    assert sorted(u for u, v, k in graph.in_edges("plan", data="kind") if k == "performs") == [
        "buyer",
        "planner",
    ]
    assert edges(graph, "process") == [
        ("buyer", "customer"),
        ("clerk", "buyer"),
        ("clerk", "planner"),
        ("planner", "customer"),
    ]
