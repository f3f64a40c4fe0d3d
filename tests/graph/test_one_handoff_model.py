"""Every output sees the same handoffs: the one relationship model, checked on random maps.

For each random map, the handoffs (supplier step, customer step) are taken from each output
the way a reader takes them: the DOT of every process view (each handoff edge's tooltip
names its two steps), the report's handoff table (the steps of each row), `flowmap graph
--format json` (the `step` edges) and the needs `serve-downstream` judged (every step in
these maps is internal and no need states `requires`, so each handoff gets a finding: "states
no requirement" for each need, "states no need" where there is none, and at a merge where a
need without `from` fits no single branch, next-step-is-customer names the branches). All
four must agree.
"""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowmap.cli import main
from flowmap.config import DEFAULT_CONFIG
from flowmap.graph import build_graph
from flowmap.outputs.charts import build_chart, to_dot
from flowmap.outputs.report import build_report
from flowmap.project import open_workspace
from flowmap.rules import next_step_is_customer, serve_downstream
from flowmap.rules.engine import run_rules

pytestmark = pytest.mark.slow
ROLES = ("clerk", "planner", "worker")
ITEMS = ("order", "plan", "parts", "goods")


@st.composite
def maps(draw) -> str:
    """A map of one or two processes, with branches, rework, operations, joint steps and needs
    that name their supplier (upstream, in the other process, the rework sender, a step
    downstream, or left out)."""
    processes = []
    for p in range(draw(st.integers(1, 2))):
        count = draw(st.integers(2, 6))
        ids = [f"p{p}s{i}" for i in range(count)]
        processes.append(ids)
    every = [key for ids in processes for key in ids]
    lines = ["flowmap: 1", "roles:"]
    lines += [f"  - {{id: {role}, rank: 1}}" for role in ROLES]
    lines.append("processes:")
    for p, ids in enumerate(processes):
        lines += [f"  - id: proc{p}", "    steps:"]
        for i, key in enumerate(ids):
            delivers = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=2, unique=True))
            lines += [
                f"      - id: {key}",
                f"        by: {draw(st.sampled_from([*ROLES, '[clerk, worker]']))}",
                f"        delivers: [{', '.join(delivers)}]",
                "        lead_time: 1d",
            ]
            later = ids[i + 1 :]
            if later and draw(st.booleans()):
                lines.append(f"        next: [{', '.join(draw(_some(later)))}]")
            earlier = ids[:i]
            if earlier and draw(st.integers(0, 4)) == 0:
                lines.append(f"        rework: [{draw(st.sampled_from(earlier))}]")
            needs = draw(st.lists(st.sampled_from([None, *every]), max_size=3))
            if needs:
                lines.append("        needs:")
            for source in needs:
                item = draw(st.sampled_from(ITEMS))
                source_key = f", from: {source}" if source else ""
                lines.append(f"          - {{item: {item}{source_key}, due: 1d}}")
            if i == 1 and draw(st.booleans()):
                lines += [
                    "        operations:",
                    f"          - {{id: {key}o0, by: worker, delivers: [parts]}}",
                    f"          - {{id: {key}o1, by: clerk, needs: [{{item: parts, due: 1d}}]}}",
                ]
    return "\n".join(lines) + "\n"


def _some(keys: list[str]):
    return st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True)


TOOLTIP = re.compile(r'tooltip="([a-z0-9]+) → ([a-z0-9]+)"')
ROW = re.compile(r'<tr[^>]* data-steps="([^" ]+) ([^" ]+)"')
FROM = re.compile(r"from `([^`]+)`")
MEANT = re.compile(r"`([^`]+)`, which hands over to `([^`]+)`")


def _from_charts(org, graph) -> set[tuple[str, str]]:
    found = set()
    for process in org.processes:
        chart = build_chart(org, graph, [], "process", process, show_findings=False)
        found.update(TOOLTIP.findall(to_dot(chart)))
    return found


def _from_report(org, findings) -> set[tuple[str, str]]:
    # the whole page, its charts left out (no Graphviz here: they are compared above)
    report = build_report(org, findings, [], DEFAULT_CONFIG, dot="/nonexistent/dot")
    pages = [data.decode() for name, data in report.files.items() if name.endswith(".html")]
    return {pair for html in pages for pair in ROW.findall(html)}


def _from_graph_json(path) -> set[tuple[str, str]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["graph", str(path), "--format", "json"]) == 0
    data = json.loads(out.getvalue())
    return {(e["source"], e["target"]) for e in data["edges"] if e["kind"] == "step"}


def _judged(org) -> set[tuple[str, str]]:
    """The handoffs the rules judged, read from their findings: serve-downstream's, and, for a
    need without `from` at a merge where it cannot tell the supplier, next-step-is-customer's
    (it names the steps that hand over)."""
    found = set()
    for issue in next_step_is_customer.check(org, DEFAULT_CONFIG):
        merge = re.match(r"`([^`]+)` receives from (.*?), and ", issue.message)
        if merge:
            found.update((supplier, merge[1]) for supplier in re.findall(r"`([^`]+)`", merge[2]))
        found.update(MEANT.findall(issue.message))  # a `from` naming a step downstream
    for issue in serve_downstream.check(org, DEFAULT_CONFIG):
        subject = issue.subject
        if "states no requirement" in issue.message:
            customer = next(s for s in org.all_steps() if subject in s.needs)
            found.add((FROM.search(issue.message)[1], customer.id))
        elif MEANT.search(issue.message):  # a `from` that names the wrong step
            meant, customer = MEANT.search(issue.message).groups()
            named = re.match(r"`([^`]+)`", issue.message)[1]
            found.update({(named, customer), (meant, customer)})
        elif "states no need from it" in issue.message:
            found.add((re.search(r"receives from `([^`]+)`", issue.message)[1], subject.id))
    return found


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=maps())
def test_every_output_shows_the_same_handoffs(tmp_path, text):
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    workspace = open_workspace([str(path)])
    org = workspace.org
    findings, _ = run_rules(org, workspace.findings)
    graph = build_graph(org)
    judged = _judged(org)
    assert _from_charts(org, graph) == judged, text
    assert _from_report(org, findings) == judged, text
    assert _from_graph_json(path) == judged, text
