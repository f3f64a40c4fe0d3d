"""Every rule on a realistic map: processes/ with one fault put in at a time.

processes/ is clean; each mutation below breaks one thing the way a process owner might, and
the rule must report it at the line that holds the fault (given by a piece of that line's
text), and no other rule reports anything, unless the mutation names the rules that rightly
report its consequences too.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from flowmap.project import open_workspace
from flowmap.rules.engine import run_rules


class Mutation(NamedTuple):
    rule: str
    file: str
    old: str  # text to replace, found once in the file
    new: str
    marker: str  # text on the line the findings point at (the first line holding it), in
    # `file`, or in another file: "other.yaml: text"; "A >> B": the first B after an A
    also: tuple[str, ...] = ()  # rules that rightly report the fault's consequences too


MUTATIONS = [
    Mutation(
        "syntax",
        "order-to-delivery.yaml",
        "name: Order to delivery (订单到交付)",
        "name: Order: to delivery",
        "name: Order: to delivery",
    ),
    Mutation(
        "schema",
        "order-to-delivery.yaml",
        "lead_time: 1w",
        "lead_time: one week",
        "lead_time: one week",
    ),
    Mutation(
        "duplicate-id",
        "order-to-delivery.yaml",
        "- id: store-goods",
        "- id: close-complaint",
        "- id: close-complaint",
    ),
    Mutation(
        "unknown-reference",
        "engineering-change.yaml",
        "by: process-engineer",
        "by: process-enginer",
        "by: process-enginer",
    ),
    Mutation(
        "flow-cycle",
        "complaint-handling.yaml",
        "next: [close-complaint]",
        "next: [rework-goods]",
        "next: [rework-goods]",
        # one finding: not also the steps the loop keeps from the customer, the handoff it
        # adds without a need, or the need its `next` no longer serves
    ),
    Mutation(
        "rank-cycle",
        "org.yaml",
        "{id: gm, name: General manager, unit: management, rank: 1}",
        "{id: gm, name: General manager, unit: management, rank: 1, reports_to: ops-director}",
        "reports_to: ops-director}",
    ),
    Mutation(
        "recheck-upstream",
        "order-to-delivery.yaml",
        "recheck: [Shipment matches the delivery note]",
        "",
        "- id: ship",
    ),
    Mutation(
        "assure-own",
        "engineering-change.yaml",
        "assure: [Torque recorded for every joint]",
        "",
        "- id: assemble",
    ),
    Mutation(
        "serve-downstream",
        "order-to-delivery.yaml",
        "lead_time: 2d\n        needs:\n          - item: raw material",
        "lead_time: 4d\n        needs:\n          - item: raw material",
        "due: 3d",
    ),
    Mutation(
        "next-step-is-customer",
        "complaint-handling.yaml",
        "delivers: [root-cause report]",
        "delivers: [root-cause report, 8D report]",
        "delivers: [root-cause report, 8D report]",
    ),
    Mutation(
        "inside-outside-line",
        "org.yaml",
        "  - {id: it, name: IT department (信息部), kind: function}",
        "  - {id: it, name: IT department (信息部), kind: function}\n"
        "  - {id: archive, name: Archive}",
        "{id: archive, name: Archive}",
    ),
    Mutation(
        "top-bottom-line",
        "org.yaml",
        "text: Orders entered the day they arrive, serves: otd-98}",
        "text: Orders entered the day they arrive}",
        "{id: orders-same-day",
    ),
    Mutation(
        "satisfaction-target",
        "order-to-delivery.yaml",
        "satisfaction: 0.91",
        "satisfaction: 0.6",
        "satisfaction: 0.6",
    ),
    Mutation(
        "waiver-reason",
        "order-to-delivery.yaml",
        "satisfaction-target: Kitting project KP-7 runs until March; re-measured after it",
        "satisfaction-target:",
        "Picked to the line >> satisfaction-target:",
        also=("satisfaction-target",),  # a waiver without a reason silences nothing
    ),
    Mutation(
        "include-cycle",
        "org.yaml",
        "flowmap: 1\ntitle: Main plant — organisation",
        "flowmap: 1\ninclude: [order-to-delivery.yaml]\ntitle: Main plant — organisation",
        "order-to-delivery.yaml: include: [org.yaml]",
    ),
    # the edge cases of the rules, on the realistic maps
    Mutation(  # an operation receives from the operation before it
        "recheck-upstream",
        "engineering-change.yaml",
        "recheck: [Parts carry the new revision mark]",
        "",
        "- id: assemble",
    ),
    Mutation(  # a step with operations still assures what it hands on
        "assure-own",
        "engineering-change.yaml",
        "assure: [Pilot batch kept apart and labelled PILOT]",
        "",
        "- id: pilot-build",
    ),
    Mutation(  # `next: []` ends the flow before the customer
        "inside-outside-line",
        "engineering-change.yaml",
        "delivers: [samples]\n",
        "delivers: [samples]\n        next: []\n",
        "next: []",  # one finding: not also the customer's need it no longer serves
    ),
    Mutation(  # a need from a step of another process is a handoff held to the three steps
        "serve-downstream",
        "complaint-handling.yaml",
        "            requires: [Lot number and the customer's sample]\n            due: 4h\n",
        "            requires: [Lot number and the customer's sample]\n            due: 4h\n"
        "          - item: released product\n            from: inspect\n"
        "            requires: [Inspection record of the lot]\n",
        "- item: released product",
    ),
    Mutation(  # a branch of a merge whose need names the wrong step in `from`: one
        # finding, naming the step meant (not also a handoff without a need, nor a credit
        # note nobody takes)
        "serve-downstream",
        "complaint-handling.yaml",
        "            from: issue-credit\n",
        "            from: decide-remedy\n",
        "- id: close-complaint >> from: decide-remedy",
    ),
    # version 1.1: every stated need is a handoff, held to the three steps
    Mutation(  # a need from an earlier, non-adjacent step
        "serve-downstream",
        "order-to-delivery.yaml",
        "            requires: [Sequence fixed three days ahead]\n            due: 1d\n",
        "            requires: [Sequence fixed three days ahead]\n",
        "- item: production plan",
    ),
    Mutation(  # the same need, its supplier too slow for it
        "serve-downstream",
        "order-to-delivery.yaml",
        "            requires: [Sequence fixed three days ahead]\n            due: 1d\n",
        "            requires: [Sequence fixed three days ahead]\n            due: 4h\n",
        "due: 4h",
    ),
    Mutation(  # a service is held to the three steps: what, to which terms, how soon
        "serve-downstream",
        "org.yaml",
        "    delivers: Approved budgets and monthly cost reports\n"
        "    requires: [Cost report by the 5th working day of the month]\n"
        "    due: 1w\n",
        "",
        "- id: costing",
    ),
    Mutation(  # an empty text counts as missing
        "assure-own",
        "engineering-change.yaml",
        "assure: [Sent by tracked courier]",
        "assure: ['']",
        "assure: ['']",
    ),
    Mutation(
        "recheck-upstream",
        "engineering-change.yaml",
        "recheck: [Approval report packed with the samples]",
        "recheck: ['  ']",
        "recheck: ['  ']",
    ),
    Mutation(
        "serve-downstream",
        "complaint-handling.yaml",
        "requires: [Amount and invoice number]",
        "requires: ['']",
        "- id: issue-credit >> requires: ['']",
    ),
    Mutation(  # a need from the step that sends rework back is a handoff too
        "serve-downstream",
        "complaint-handling.yaml",
        "            requires: [Lots and quantities to rework]\n            due: 1d\n",
        "            requires: [Lots and quantities to rework]\n            due: 1d\n"
        "          - item: nonconformity report\n            from: reinspect\n"
        "            requires: [Defect and part number for every rejected part]\n",
        "- item: nonconformity report",
    ),
    Mutation(  # full-width brackets and spaces name the same item: noted, once
        "item-spelling",
        "order-to-delivery.yaml",
        "          - item: shipment\n",
        "          - item: shipment\u3000\n",
        "- item: shipment",
    ),
    Mutation(  # the external customer's satisfaction is held to 95%, not 85%
        "external-satisfaction-target",
        "order-to-delivery.yaml",
        "            requires: [Delivered on the promised date, Undamaged]\n",
        "            requires: [Delivered on the promised date, Undamaged]\n"
        "            satisfaction: 0.9\n",
        "- id: receive-goods >> satisfaction: 0.9",
    ),
    Mutation(  # a merge: a need without `from` that no branch (or both) delivers
        "next-step-is-customer",
        "complaint-handling.yaml",
        "          - item: replacement goods\n            from: reinspect\n",
        "          - item: replacement parts\n",
        "- item: replacement parts",
    ),
]


def _line_of(lines: list[str], marker: str) -> int:
    after = 0
    while " >> " in marker:
        before, marker = marker.split(" >> ", 1)
        after = _line_of(lines, before)
    return next(n for n, text in enumerate(lines, 1) if n > after and marker in text)


def _check(folder):
    workspace = open_workspace([str(folder)])
    findings, _ = run_rules(workspace.org, workspace.findings)
    return findings


def test_processes_is_clean(project):
    assert _check(project.copy_processes()) == []


@pytest.mark.parametrize(
    "mutation", MUTATIONS, ids=[f"{m.rule}-{n}" for n, m in enumerate(MUTATIONS)]
)
def test_one_fault_in_processes_gives_that_rule(project, mutation):
    rule, name, old, new, marker, also = mutation
    folder = project.copy_processes()
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the mutation must match once in {name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    if ".yaml: " in marker:
        name, marker = marker.split(": ", 1)
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    line = _line_of(lines, marker)

    findings = _check(folder)

    ours = [f for f in findings if f.rule == rule]
    assert ours, f"{rule} did not fire; findings: {findings}"
    assert all(f.file.endswith(name) and f.line == line for f in ours), ours
    others = [f for f in findings if f.rule not in (rule, *also)]
    assert others == [], others


# Changes a process owner makes that break nothing: no rule may report anything.
CLEAN = [
    pytest.param(  # a support process reaches the customer through the process it feeds
        "engineering-change.yaml",
        "processes:\n",
        "processes:\n"
        "  - id: tooling\n"
        "    name: Fixture making (support)\n"
        "    steps:\n"
        "      - id: make-fixture\n"
        "        by: process-engineer\n"
        "        assure: [Fixture measured against its drawing]\n"
        "        delivers: [assembly fixture]\n"
        "        lead_time: 2d\n",
        id="support-process-feeding-another",
    ),
    pytest.param(  # the need above, stated by the step the fixture goes to
        "order-to-delivery.yaml",
        "          - item: production plan\n",
        "          - item: assembly fixture\n"
        "            from: make-fixture\n"
        "            requires: [Fixture released by quality]\n"
        "            due: 1w\n"
        "          - item: production plan\n",
        id="need-from-the-support-process",
    ),
    pytest.param(  # at a merge, a need without `from` belongs to the branch delivering it
        "complaint-handling.yaml",
        "          - item: replacement goods\n            from: reinspect\n",
        "          - item: replacement goods\n",
        id="merge-need-without-from",
    ),
    pytest.param(  # rework feedback, stated as a need, is a handoff like any other
        "complaint-handling.yaml",
        "        delivers: [replacement goods]\n",
        "        delivers: [replacement goods, nonconformity report]\n",
        id="rework-feedback-delivered",
    ),
    pytest.param(  # a joint step: each executor has the step's relationships
        "order-to-delivery.yaml",
        "        by: inspector\n",
        "        by: [inspector, quality-manager]\n",
        id="joint-step",
    ),
    pytest.param(  # an item written with full-width brackets, the same on both sides
        "order-to-delivery.yaml",
        "delivers: [released product]",
        "delivers: [released product（lot）]",
        id="full-width-delivered",
    ),
    pytest.param(
        "order-to-delivery.yaml",
        "- item: released product",
        "- item: released product（lot）",
        id="full-width-needed",
    ),
]


def _apply(folder, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the change must match once in {name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changes_that_break_nothing_give_no_finding(project):
    folder = project.copy_processes()
    for change in CLEAN:
        _apply(folder, *change.values)
    _apply(  # the rework need, for the rework-feedback change above
        folder,
        "complaint-handling.yaml",
        "            requires: [Lots and quantities to rework]\n            due: 1d\n",
        "            requires: [Lots and quantities to rework]\n            due: 1d\n"
        "          - item: nonconformity report\n            from: reinspect\n"
        "            requires: [Defect and part number for every rejected part]\n"
        "            due: 1d\n",
    )
    assert _check(folder) == []


def test_an_unknown_executor_hides_no_other_fault(project):
    """A late handoff stays reported when the step it goes to gets a typo'd `by`."""
    folder = project.copy_processes()
    late = (
        "delivers: [shipment]\n        lead_time: 3d",
        "`store-goods` takes 3d (`lead_time`) to deliver `shipment`, but `ship` accepts at most 1d",
    )
    _apply(folder, "order-to-delivery.yaml", "delivers: [shipment]\n        lead_time: 4h", late[0])
    before = _check(folder)
    assert [f.rule for f in before] == ["serve-downstream"] and late[1] in before[0].message
    _apply(
        folder,
        "order-to-delivery.yaml",
        "        by: dispatcher\n        recheck: [Shipment",
        "        by: driver\n        recheck: [Shipment",
    )
    after = _check(folder)
    assert sorted(f.rule for f in after) == ["serve-downstream", "unknown-reference"]
    assert any(late[1] in f.message for f in after)
