"""The rules' shared work is done once, and only for the rules that run (issue 23)."""

from __future__ import annotations

from dataclasses import replace

from flowmap.config import DEFAULT_CONFIG
from flowmap.graph import relations as rel
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.rules.engine import run_rules
from flowmap.rules.waiver_reason import holders


def _chain(*steps: t.Step) -> Organisation:
    process = t.Process(id="p", customer="c", steps=list(steps))
    the_map = t.Map(customers=[t.Customer(id="c")], processes=[process])
    for step in steps:
        step.process = "p"
    return Organisation.of([the_map])


def test_a_rule_not_selected_does_no_work_for_the_others():
    org = _chain(t.Step(id="a", by="c"), t.Step(id="b", by="c"))
    run_rules(org, [], replace(DEFAULT_CONFIG, select=frozenset({"duplicate-id"})))
    assert org not in rel._CACHE  # nobody asked for the handoffs
    run_rules(org, [], DEFAULT_CONFIG)
    assert org in rel._CACHE


def test_the_waiver_rules_walk_only_what_waives_something_and_once():
    waiving = t.Step(id="b", by="c", waive={"assure-own": "audited on site"})
    org = _chain(t.Step(id="a", by="c"), waiving)
    assert holders(org) == [waiving]
    assert holders(org) is holders(org)


def test_a_flow_without_next_has_no_loop_but_two_steps_of_one_id_may_close_one():
    plain = _chain(t.Step(id="a", by="c"), t.Step(id="b", by="c"), t.Step(id="c1", by="c"))
    assert rel.loops(plain) == {}
    # `a` twice: a -> b -> a (the second) is one node of the flow, a loop
    twice = _chain(t.Step(id="a", by="c"), t.Step(id="b", by="c"), t.Step(id="a", by="c"))
    assert rel.loops(twice) == {"a": 0, "b": 0}


def test_whether_an_executor_is_internal_is_worked_out_once_per_organisation(monkeypatch):
    # `clrk` names nobody: telling whether it means a role or the external customer takes
    # a fuzzy match, asked of both sides of every handoff
    asked = []
    meant = rel.meant
    monkeypatch.setattr(rel, "meant", lambda org, key: asked.append(key) or meant(org, key))
    steps = [t.Step(id=f"s{n}", by="clrk") for n in range(4)]
    org = _chain(t.Step(id="order", by="c"), *steps, t.Step(id="receive", by="c"))
    org.roles["clerk"] = t.Role(id="clerk")
    config = replace(DEFAULT_CONFIG, select=frozenset({"serve-downstream"}))
    findings, _ = run_rules(org, [], config)
    assert asked == ["clrk"]
    assert {f.rule for f in findings} == {"serve-downstream"}  # the handoffs were judged


def test_the_flow_graph_is_made_only_for_a_rule_that_walks_it():
    from flowmap.graph import build_graph

    org = _chain(t.Step(id="a", by="c"), t.Step(id="b", by="c"))
    graph = build_graph(org)  # drawing the handoffs needs no graph of the flow
    assert graph.has_edge("a", "b")
    assert rel.relations(org)._flow is None
    run_rules(org, [], replace(DEFAULT_CONFIG, select=frozenset({"serve-downstream"})))
    assert rel.relations(org)._flow is None
    # work that goes straight down its list reaches the customer without a graph
    run_rules(org, [], replace(DEFAULT_CONFIG, select=frozenset({"inside-outside-line"})))
    assert rel.relations(org)._flow is None
    assert rel.on_the_line(org) == {"a", "b"}
    # a `next` makes the flow a graph: the line to the customer is walked in it
    org = _chain(t.Step(id="a", by="c", next=["b"]), t.Step(id="b", by="c"))
    run_rules(org, [], replace(DEFAULT_CONFIG, select=frozenset({"inside-outside-line"})))
    assert list(rel.relations(org)._flow.edges) == [("a", "b")]
    assert rel.relations(org).line is rel.relations(org).flow  # no need from further up


def test_a_rule_that_asks_only_who_is_internal_works_out_no_handoffs():
    org = _chain(t.Step(id="a", by="c"), t.Step(id="b", by="c"))
    run_rules(org, [], replace(DEFAULT_CONFIG, select=frozenset({"assure-own"})))
    assert org not in rel._CACHE
