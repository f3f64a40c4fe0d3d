"""Every rule on a realistic map: processes/ with one fault put in at a time.

processes/ is clean; each mutation below breaks one thing the way a process owner might, and
the rule must report it at the line that holds the fault (given by a piece of that line's
text), with no other finding at error level.
"""

from __future__ import annotations

import pytest

from flowmap.rules.engine import run_rules
from flowmap.workspace import open_workspace

# (rule, file, text to replace, replacement, text on the line the finding must point at),
# the line being in the same file unless the marker is "other-file.yaml: text"
MUTATIONS = [
    (
        "syntax",
        "order-to-delivery.yaml",
        "name: Order to delivery (订单到交付)",
        "name: Order: to delivery",
        "name: Order: to delivery",
    ),
    (
        "schema",
        "order-to-delivery.yaml",
        "lead_time: 1w",
        "lead_time: one week",
        "lead_time: one week",
    ),
    (
        "duplicate-id",
        "order-to-delivery.yaml",
        "- id: store-goods",
        "- id: close-complaint",
        "- id: close-complaint",
    ),
    (
        "unknown-reference",
        "engineering-change.yaml",
        "by: process-engineer",
        "by: process-enginer",
        "by: process-enginer",
    ),
    (
        "flow-cycle",
        "complaint-handling.yaml",
        "next: [close-complaint]",
        "next: [rework-goods]",
        "next: [rework-goods]",
    ),
    (
        "rank-cycle",
        "org.yaml",
        "{id: gm, name: General manager, unit: management, rank: 1}",
        "{id: gm, name: General manager, unit: management, rank: 1, reports_to: ops-director}",
        "reports_to: ops-director}",
    ),
    (
        "recheck-upstream",
        "order-to-delivery.yaml",
        "recheck: [Shipment matches the delivery note]",
        "",
        "- id: ship",
    ),
    (
        "assure-own",
        "engineering-change.yaml",
        "assure: [Torque recorded for every joint]",
        "",
        "- id: assemble",
    ),
    (
        "serve-downstream",
        "order-to-delivery.yaml",
        "lead_time: 2d\n        needs:\n          - item: raw material",
        "lead_time: 4d\n        needs:\n          - item: raw material",
        "due: 3d",
    ),
    (
        "next-step-is-customer",
        "complaint-handling.yaml",
        "delivers: [root-cause report]",
        "delivers: [root-cause report, 8D report]",
        "delivers: [root-cause report, 8D report]",
    ),
    (
        "inside-outside-line",
        "org.yaml",
        "  - {id: it, name: IT department (信息部), kind: function}",
        "  - {id: it, name: IT department (信息部), kind: function}\n"
        "  - {id: archive, name: Archive}",
        "{id: archive, name: Archive}",
    ),
    (
        "top-bottom-line",
        "org.yaml",
        "text: Orders entered the day they arrive, serves: plan-1d}",
        "text: Orders entered the day they arrive}",
        "{id: orders-same-day",
    ),
    (
        "satisfaction-target",
        "order-to-delivery.yaml",
        "satisfaction: 0.91",
        "satisfaction: 0.6",
        "satisfaction: 0.6",
    ),
    (
        "waiver-reason",
        "order-to-delivery.yaml",
        "satisfaction-target: Kitting project KP-7 runs until March; re-measured after it",
        "satisfaction-target:",
        "satisfaction-target:",
    ),
    (
        "include-cycle",
        "org.yaml",
        "flowmap: 1\ntitle: Main plant — organisation",
        "flowmap: 1\ninclude: [order-to-delivery.yaml]\ntitle: Main plant — organisation",
        "order-to-delivery.yaml: include: [org.yaml]",
    ),
]

# Faults whose consequences other rules rightly report too.
ALSO = {
    # a loop in the flow keeps its steps from the customer, and adds a handoff with no need
    "flow-cycle": ("inside-outside-line", "serve-downstream"),
}


def _check(folder):
    workspace = open_workspace([str(folder)])
    findings, _ = run_rules(workspace.org, workspace.findings)
    return findings


def test_processes_is_clean(project):
    assert _check(project.copy_processes()) == []


@pytest.mark.parametrize(
    ("rule", "name", "old", "new", "marker"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_one_fault_in_processes_gives_that_rule(project, rule, name, old, new, marker):
    folder = project.copy_processes()
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the mutation must match once in {name}: {old!r}"
    mutated = text.replace(old, new)
    path.write_text(mutated, encoding="utf-8")
    if ".yaml: " in marker:
        name, marker = marker.split(": ", 1)
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(lines, 1) if marker in t)

    findings = _check(folder)

    ours = [f for f in findings if f.rule == rule]
    assert ours, f"{rule} did not fire; findings: {findings}"
    assert any(f.file.endswith(name) and f.line == line for f in ours), ours
    others = [
        f for f in findings if f.rule not in (rule, *ALSO.get(rule, ())) and f.severity == "error"
    ]
    assert others == [], others
