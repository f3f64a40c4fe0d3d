"""Charts an auditor can read: a long process in rows, the rework loop clear of the forward
handoff, the customer views left to right with what each edge carries, the goal cascade."""

from __future__ import annotations

import pytest

from tests.outputs.charts.conftest import draw, load
from tests.outputs.charts.test_views import ORDER
from tests.rules.test_cases import CASES


def test_a_row_draws_its_steps_and_stubs_for_the_steps_it_hands_over_to(plant):
    drawn = draw(plant, "process", ORDER, part=(2, 5))
    assert "steps 3–5 of 11" in drawn.graph_attrs["label"]
    drawn.node("Planning schedules")
    drawn.node("Warehouse receives raw")
    stub = drawn.node("Production organises")  # the next row's first step
    assert stub.attrs["style"] == '"dashed"' and stub.lines[-1] == "(in step 6 of 11)"
    assert [line for n in drawn.nodes.values() for line in n.lines[:1]].count(
        "Sales accepts order"
    ) == 0  # a handoff into the row is drawn once, in its supplier's row
    (into_stub,) = drawn.edges_between("Warehouse receives raw", "Production organises")
    assert into_stub.lines == ["material in stock", "due 4h"]


def test_the_rework_loop_runs_below_the_steps(plant):
    drawn = draw(plant, "process", ORDER)
    (rework,) = [e for e in drawn.edges if e.lines == ["rework"]]
    assert (rework.attrs["tailport"], rework.attrs["headport"]) == ('"s"', '"s"')
    forward = [e for e in drawn.edges if e.lines != ["rework"] and "tailport" in e.attrs]
    assert forward == []  # the handoffs keep Graphviz's own ports, on the flow's line


def test_around_two_deep_labels_process_edges_with_the_items_they_carry(plant):
    drawn = draw(plant, "around", "planner", depth=2)
    (edge,) = drawn.edges_between("Order clerk", "Planner")
    assert edge.lines == ["sales order"]
    rank = [e for e in drawn.edges if e.attrs.get("dir") == '"both"']
    assert rank and all(e.attrs["constraint"] == '"false"' for e in rank)  # no left/right say


def test_customers_view_labels_function_and_process_edges(plant):
    drawn = draw(plant, "customers")
    labelled = [e for e in drawn.edges if e.lines]
    assert any(e.lines == ["sales order"] for e in labelled)
    assert any("Certified operators" in " ".join(e.lines) for e in labelled)


def test_goals_view_runs_from_customer_needs_down_to_personal_goals(plant):
    drawn = draw(plant, "goals")
    tiers = [
        " ".join(n.lines) for n in drawn.nodes.values() if n.attrs.get("shape") == '"plaintext"'
    ]
    assert tiers == [
        "external customer needs",
        "company goals",
        "department goals",
        "personal goals",
    ]
    (serves,) = drawn.edges_between("98% on-time delivery", "Plan within 1 day")
    assert serves.attrs["dir"] == '"back"'  # the arrow points up: the lower goal serves
    assert "owner: Planning" in drawn.node("Plan within 1 day").lines


def test_goals_view_marks_a_goal_that_serves_nothing(project):
    org = (CASES / "_org.yaml").read_text(encoding="utf-8") + "  - {id: drift, owner: worker}\n"
    loaded = load(project.write("org.yaml", org))
    assert any(f.rule == "top-bottom-line" for f in loaded.findings)
    drawn = draw(loaded, "goals")
    drift = drawn.node("drift")
    assert drift.attrs["color"] == '"#D7191C"' and "top-bottom-line" in drift.lines[-1]
    assert drift.clusters == []  # in the personal tier: owned by a role


def test_a_step_of_an_unknown_executor_is_not_shown_as_lacking_a_check(project):
    chain = (CASES / "_chain.yaml").read_text(encoding="utf-8").replace("by: worker", "by: welder")
    project.write("_org.yaml", (CASES / "_org.yaml").read_text(encoding="utf-8"))
    drawn = draw(load(project.write("chain.yaml", chain)), "process", "order")
    make = drawn.node("make")
    assert make.attrs["fillcolor"] == '"#FFFFFF"'  # not the amber of a missing check
    assert "welder (unknown)" in " ".join(make.lines)


@pytest.mark.parametrize(
    ("view", "lowest"), [("org", "Line operator"), ("goals", "personal goals")]
)
def test_top_to_bottom_charts_carry_their_legend_in_a_row_at_the_foot(plant, view, lowest):
    """Beside a wide chart the legend would make it too wide to print at 6 pt."""
    drawn = draw(plant, view)
    (below,) = [e for e in drawn.edges if e.head == "legend"]
    assert below.attrs["style"] == '"invis"'
    assert " ".join(drawn.nodes[below.tail].lines).startswith(lowest)
