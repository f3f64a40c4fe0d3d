"""The example maps in processes/: who is whose internal customer, by each kind of edge.

These are the answers a process owner would give by reading the maps; if a map or the graph
builder changes them, that is a change in meaning and must be deliberate.
"""

from __future__ import annotations

import pytest

from flowmap.graph import build_graph, customers_of, handoffs, path_to_customer, suppliers_of
from flowmap.project import open_workspace
from tests.conftest import PROCESSES


@pytest.fixture(scope="module")
def org():
    workspace = open_workspace([str(PROCESSES)])
    assert workspace.findings == []
    return workspace.org


@pytest.fixture(scope="module")
def graph(org):
    return build_graph(org)


@pytest.mark.parametrize(
    ("node", "kind", "customers"),
    [
        # process: each link's executor is the customer of the link before (slide 71)
        ("order-clerk", "process", ["planner", "process-engineer"]),
        ("planner", "process", ["buyer", "production-manager"]),
        ("buyer", "process", ["storekeeper"]),
        ("storekeeper", "process", ["dispatcher", "production-manager"]),
        ("production-manager", "process", ["inspector"]),
        ("inspector", "process", ["dispatcher", "service-rep", "storekeeper"]),
        ("sales-director", "process", ["accountant", "production-manager"]),
        # the external customer supplies its order, but is held to nothing: no edge from it
        ("customer", "process", []),
        # who serves the external customer: the executor of the link before its own
        ("dispatcher", "process", ["customer"]),
        # the last operation of a step hands over to the step after it
        ("tester", "process", ["inspector"]),
        # step: the next step, and inside pilot-build the next operation (slide 72)
        ("accept-order", "step", ["schedule-production"]),
        ("decide-remedy", "step", ["issue-credit", "rework-goods"]),
        ("reinspect", "step", ["close-complaint"]),
        ("machine-parts", "step", ["assemble"]),
        ("assemble", "step", ["function-test"]),
        ("ship", "step", ["receive-goods"]),
        # function: the units a service department serves (slide 70)
        ("rd", "function", ["production", "quality"]),
        ("hr", "function", ["production", "quality", "transport", "warehouse"]),
        ("finance", "function", ["production", "purchasing", "sales"]),
        # rank: the superior is the customer of results, the subordinate of conditions
        ("order-clerk", "rank", ["sales-director"]),
        ("sales-director", "rank", ["gm", "order-clerk", "service-rep"]),
        ("inspector", "rank", ["quality-manager"]),
    ],
)
def test_customers_by_kind(graph, node, kind, customers):
    assert customers_of(graph, node, kind=kind) == customers


def test_suppliers_of_production_manager(graph):
    # planner twice over: the step before in engineering change, and the production plan
    # that `produce` needs from `schedule-production`; the work instruction that
    # `pilot-build` needs from `design-change` makes the process engineer a supplier too
    assert suppliers_of(graph, "production-manager", kind="process") == [
        "planner",
        "process-engineer",
        "sales-director",
        "storekeeper",
    ]
    assert suppliers_of(graph, "production", kind="function") == ["finance", "hr", "it", "rd"]


def test_rework_is_not_a_customer_edge(graph):
    assert "rework-goods" not in customers_of(graph, "reinspect", kind="step")


def test_suppliers_of_the_external_customer(graph):
    assert suppliers_of(graph, "customer", kind="process") == ["dispatcher", "service-rep"]


def test_every_step_reaches_the_customer(graph):
    # the production plan goes from planning straight to production (a need's `from`)
    assert path_to_customer(graph, "accept-order") == [
        "accept-order",
        "schedule-production",
        "produce",
        "inspect",
        "store-goods",
        "ship",
        "receive-goods",
    ]
    assert path_to_customer(graph, "issue-credit") == [
        "issue-credit",
        "close-complaint",
        "receive-answer",
    ]


def test_the_reference_process_has_ten_links(org):
    links = [h for h in handoffs(org) if h.supplier.process == "order-to-delivery"]
    assert len([h for h in links if h.via == "flow"]) == 9  # ten links, nine handoffs
    stated = [(h.supplier.id, h.customer.id) for h in links if h.via != "flow"]
    assert stated == [("schedule-production", "produce")]  # the production plan
