"""Each view draws what an auditor expects to see, from the reference plant fixture."""

from __future__ import annotations

import pytest

from flowmap.outputs.charts import VIEWS, ChartError, build_chart, to_dot
from tests.outputs.charts.conftest import draw

ORDER = "order-to-delivery"


def test_every_view_draws_a_chart_with_a_legend(plant):
    for view in VIEWS:
        node_id = {"process": ORDER, "around": "planning"}.get(view)
        drawn = draw(plant, view, node_id)
        assert "legend" in drawn.nodes, view
        legend = drawn.nodes["legend"].attrs["label"]
        assert legend.startswith("<<TABLE") and "Legend" in legend, view
        assert len(drawn.nodes) > 3, view


# -- process: swimlanes --------------------------------------------------------------------


def test_process_has_one_lane_per_unit_and_one_for_the_customer(plant):
    drawn = draw(plant, "process", ORDER)
    lanes = [title for title in drawn.cluster_titles() if not title[0].startswith("Production o")]
    assert lanes == [
        ["Customer", "(external customer)"],
        ["Market department"],
        ["Planning department"],
        ["Purchasing department"],
        ["Warehouse"],
        ["Production"],
        ["Quality department"],
        ["Transport department"],
    ]
    assert drawn.node("Sales accepts order").clusters == [["Market department"]]
    # both warehouse steps share the one Warehouse lane
    assert drawn.node("Warehouse stores finished").clusters == [["Warehouse"]]
    assert drawn.node("Customer receives goods").clusters[0][0] == "Customer"


def test_process_steps_get_ids_in_flow_order(plant):
    drawn = draw(plant, "process", ORDER)
    first_lines = [drawn.nodes[f"n{i}"].lines[0] for i in range(13)]
    assert first_lines[:5] == [
        "Customer places order",
        "Sales accepts order",
        "Planning schedules",
        "Purchasing buys raw material",
        "Warehouse receives raw",
    ]
    assert first_lines[-1] == "Customer receives goods"


def test_handoffs_are_labelled_with_item_and_due(plant):
    drawn = draw(plant, "process", ORDER, show_findings=False)  # the labels alone
    (edge,) = drawn.edges_between("Customer places order", "Sales accepts order")
    assert edge.lines == ["purchase order", "due 1d"]
    (edge,) = drawn.edges_between("Sales accepts order", "Planning schedules")
    assert edge.lines == ["sales order", "due 1d", "satisfaction 80%"]  # narrow: a column each
    # scrap hands over to ship, but ship's need is from store-goods: no need stated
    (edge,) = drawn.edges_between("Quality scraps rejected lot", "Transport ships")
    assert edge.lines == ["scrap note", "(no need stated)"]


def test_steps_show_their_three_step_status(plant):
    drawn = draw(plant, "process", ORDER, show_findings=False)  # the labels alone
    assert drawn.node("Sales accepts order").lines[-1] == "recheck \u2713   assure \u2713"
    warehouse = drawn.node("Warehouse receives raw")
    assert warehouse.lines[-1] == "recheck \u2713   assure \u2717"
    assert warehouse.attrs["fillcolor"] == '"#FFF3CD"'
    scrap = drawn.node("Quality scraps rejected lot")
    assert scrap.lines[-1] == "recheck \u2717   assure \u2713"  # receives from inspect
    # the first operation receives from nothing internal: recheck not needed
    assert drawn.node("Cut blanks").lines[-1] == "recheck \u2013   assure \u2713"
    customer = drawn.node("Customer places order")
    assert customer.lines == ["Customer places order", "by Customer"]
    assert customer.attrs["fillcolor"] == '"#DEEBF7"'


def test_branches_merges_and_rework_are_drawn_distinctly(plant):
    drawn = draw(plant, "process", ORDER)
    inspect = drawn.node("Quality inspects product").id
    out_of_inspect = [e for e in drawn.edges if e.tail == inspect]
    flow = [e for e in out_of_inspect if e.attrs.get("style") != '"dashed"']
    assert len(flow) == 2
    assert all(e.attrs["arrowtail"] == '"odiamond"' and e.attrs["dir"] == '"both"' for e in flow)
    assert drawn.node("Transport ships").attrs["peripheries"] == '"2"'  # a merge
    assert "peripheries" not in drawn.node("Planning schedules").attrs
    (rework,) = [e for e in out_of_inspect if e.attrs.get("style") == '"dashed"']
    assert rework.lines == ["rework"]
    assert rework.attrs["constraint"] == '"false"'
    # back to the production step, drawn as the box of its operations
    assert rework.head == drawn.node("Cut blanks").id
    assert rework.attrs["lhead"] == '"cluster_c6"'


def test_a_step_with_operations_is_a_box_holding_its_operation_chain(plant):
    drawn = draw(plant, "process", ORDER)
    box = [
        "Production organises",
        "production",
        "by Foreman",
        "lead time 2d",
        "recheck \u2713   assure \u2713",
    ]
    assert drawn.node("Weld frame").clusters == [["Production"], box]
    (edge,) = drawn.edges_between("Cut blanks", "Weld frame")
    assert edge.lines == ["blanks", "due 2h"]
    (into,) = drawn.edges_between("Warehouse receives raw", "Cut blanks")
    assert into.attrs["lhead"] == '"cluster_c6"' and into.lines[0] == "material in stock"


def test_process_id_is_optional_only_when_there_is_one_process(plant):
    assert draw(plant, "process").nodes.keys() == draw(plant, "process", ORDER).nodes.keys()


def test_unknown_process_id_is_a_chart_error_with_a_suggestion(plant):
    with pytest.raises(ChartError, match=r"did you mean 'order-to-delivery'\?"):
        build_chart(plant.org, plant.graph, [], "process", "order-to-delivry")
    with pytest.raises(ChartError, match="unknown view 'swim'"):
        build_chart(plant.org, plant.graph, [], "swim")


# -- org: the rank chart -------------------------------------------------------------------


def test_org_rows_follow_rank_and_edges_run_both_ways(plant):
    chart = build_chart(plant.org, plant.graph, [], "org")
    rows = [sub for sub in chart.get_subgraphs() if sub.get("rank") == '"same"']
    assert len(rows) == 4  # ranks 1 to 4
    drawn = draw(plant, "org")
    assert drawn.node("General manager").lines == ["General manager", "Management", "rank 1"]
    down, up = drawn.edges_between("Foreman", "Line operator")
    assert down.attrs["color"] == '"#56B4E9"' and "dir" not in down.attrs  # conditions down
    assert up.attrs["color"] == '"#0072B2"' and up.attrs["dir"] == '"back"'  # results up
    assert drawn.graph_attrs["rankdir"] == '"TB"'


# -- functions -----------------------------------------------------------------------------


def test_functions_draw_providers_services_and_the_units_they_serve(plant):
    drawn = draw(plant, "functions")
    service = drawn.node("Certified operators")
    assert service.lines == [
        "Certified operators",
        "due 20d",
        "\u2022 Operator certified for the",
        "line before the first shift",
    ]
    served = {drawn.nodes[e.head].lines[0] for e in drawn.edges if e.tail == service.id}
    assert served == {"Production", "Warehouse"}
    erp = drawn.node("Working ERP accounts")
    assert "(every unit)" in erp.lines
    every = [e for e in drawn.edges if e.tail == erp.id]
    assert len(every) == 11  # 12 units but the provider
    assert all(e.attrs["color"] == '"#009E73"' for e in every)
    # IT is drawn as a provider on the left and HR, a provider too, is also served on the right
    assert len([n for n in drawn.nodes.values() if n.lines[:1] == ["Human resources"]]) == 2


# -- customers -----------------------------------------------------------------------------


def test_customers_colours_every_kind_and_names_them_in_the_legend(plant):
    drawn = draw(plant, "customers", show_findings=False)  # no red: the kinds alone
    colours = {e.attrs["color"] for e in drawn.edges}
    assert colours == {'"#0072B2"', '"#009E73"', '"#E69F00"', '"#6A3D9A"'}
    legend = drawn.nodes["legend"].attrs["label"]
    for kind in ("rank:", "function:", "process:", "step:"):
        assert kind in legend
    # one rank edge per pair, arrows at both ends
    (rank,) = drawn.edges_between("Foreman", "Line operator")
    assert rank.attrs["dir"] == '"both"'
    # one process edge for the planner handing over to the buyer
    (process,) = drawn.edges_between("Planner", "Buyer")
    assert process.attrs["color"] == '"#E69F00"'


# -- around --------------------------------------------------------------------------------


def _names(drawn) -> set[str]:
    return {n.lines[0] for n in drawn.nodes.values() if n.lines}


def test_around_a_role_shows_its_customers_and_suppliers(plant):
    assert _names(draw(plant, "around", "planner")) == {
        "Planner",
        "Order clerk",
        "Buyer",
        "Operations manager",
    }


def test_around_grows_with_depth(plant):
    one = _names(draw(plant, "around", "planner", depth=1))
    two = _names(draw(plant, "around", "planner", depth=2))
    assert one < two and {"General manager", "Store keeper", "Inspector"} <= two
    assert _names(draw(plant, "around", "planner", depth=0)) == {"Planner"}


def test_around_a_unit_takes_in_its_roles(plant):
    drawn = draw(plant, "around", "planning")
    assert {"Planning department", "Planner", "IT", "Order clerk", "Buyer"} <= _names(drawn)
    # the unit and its roles share the highlighted centre box; the others stand outside
    assert drawn.node("Planner").clusters == [[""]]
    assert drawn.node("Planning department").clusters == [[""]]
    assert drawn.node("Buyer").clusters == []


def test_around_a_step_follows_step_customers(plant):
    drawn = draw(plant, "around", "inspect")
    assert _names(drawn) == {
        "Quality inspects product",
        "Production organises",
        "Quality scraps rejected lot",
        "Warehouse stores finished",
    }
    (edge,) = drawn.edges_between("Quality inspects product", "Quality scraps rejected lot")
    assert edge.lines == ["rejected lot", "due 1d"]


def test_around_needs_a_known_unit_role_or_step(plant):
    with pytest.raises(ChartError, match="did you mean 'planner'"):
        build_chart(plant.org, plant.graph, [], "around", "planer")
    with pytest.raises(ChartError, match="--id"):
        build_chart(plant.org, plant.graph, [], "around")
    with pytest.raises(ChartError):
        build_chart(plant.org, plant.graph, [], "around", "otd")  # a goal


def test_same_map_gives_the_same_dot(plant):
    for view in VIEWS:
        node_id = {"process": ORDER, "around": "production"}.get(view)
        first = to_dot(build_chart(plant.org, plant.graph, plant.findings, view, node_id))
        second = to_dot(build_chart(plant.org, plant.graph, plant.findings, view, node_id))
        assert first == second
