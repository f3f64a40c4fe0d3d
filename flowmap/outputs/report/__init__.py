"""The audit report: a scorecard, the charts, every finding and waiver, the handoff table.

    report = build_report(org, findings, waived, config)
    report.html        # one self-contained page
    report.charts      # file name -> SVG bytes, the charts the page shows

Charts need Graphviz; without it the report is still made, each chart replaced by a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowmap.config import Config
from flowmap.findings import Finding, Waived
from flowmap.graph import build_graph
from flowmap.model.org import Organisation
from flowmap.outputs import charts as chart_views
from flowmap.outputs.report.handoff_table import handoff_rows
from flowmap.outputs.report.page import page
from flowmap.outputs.report.scorecard import scorecard


@dataclass
class Report:
    html: str
    charts: dict[str, bytes] = field(default_factory=dict)
    problem: str = ""  # why charts are missing, when they are


def build_report(
    org: Organisation,
    findings: list[Finding],
    waived: list[Waived],
    config: Config,
    title: str = "Internal customer audit",
    dot: str | None = None,
) -> Report:
    graph = build_graph(org)
    wanted = [("org.svg", "Rank chart", "org", None)]
    wanted.append(
        ("functions.svg", "Service departments and the units they serve", "functions", None)
    )
    wanted.append(("customers.svg", "The internal-customer map", "customers", None))
    wanted += [
        (f"process-{key}.svg", f"Process: {process.name or key}", "process", key)
        for key, process in org.processes.items()
    ]
    report = Report("")
    shown: list[tuple[str, str | None]] = []
    for name, caption, view, key in wanted:
        svg = None
        if not report.problem:
            try:
                chart = chart_views.build_chart(org, graph, findings, view, key)
                data = chart_views.render_chart(chart, "svg", dot=dot)
                report.charts[name] = data
                svg = data.decode("utf-8")
            except (chart_views.GraphvizMissing, chart_views.GraphvizFailed) as error:
                report.problem = str(error)
        shown.append((caption, svg))
    card = scorecard(org, findings, len(waived), config.satisfaction_target)
    report.html = page(
        title,
        card,
        shown,
        f"Chart not drawn: {report.problem}",
        findings,
        waived,
        handoff_rows(org),
        _rule_docs(),
    )
    return report


def _rule_docs() -> dict[str, tuple[str, str]]:
    """Rule id -> (summary, why it matters), from the rules' docstrings."""
    from flowmap.rules import RULES
    from flowmap.rules.docs import summary

    docs = {}
    for rule, module in RULES.items():
        text = module.__doc__ or ""
        why = text.split("## Why is this bad?", 1)[-1].split("##", 1)[0] if "## Why" in text else ""
        docs[rule] = (summary(module), " ".join(why.split()))
    return docs
