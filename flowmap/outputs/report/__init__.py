"""The audit report: a scorecard, the charts, every finding and waiver, the handoff table.

    report = build_report(org, findings, waived, config)
    report.html        # one self-contained page
    report.charts      # file name -> SVG bytes, the charts the page shows

Charts need Graphviz; without it the report is still made, each chart replaced by a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flowmap.config import Config
from flowmap.findings import Finding, Waived
from flowmap.graph import build_graph
from flowmap.model.org import Organisation
from flowmap.outputs import charts as chart_views
from flowmap.outputs.report.handoff_table import handoff_rows
from flowmap.outputs.report.page import page
from flowmap.outputs.report.scorecard import scorecard
from flowmap.outputs.report.svg import inline_svg


@dataclass
class Report:
    html: str
    charts: dict[str, bytes] = field(default_factory=dict)  # file name -> SVG
    problem: str = ""  # why no chart is drawn (no Graphviz), when none is
    failed: list[str] = field(default_factory=list)  # "caption: why", a chart that failed


@dataclass
class Shown:
    """A chart as the page shows it: its SVG, or the note saying why it is not there."""

    caption: str
    svg: str | None = None
    note: str = ""


def build_report(
    org: Organisation,
    findings: list[Finding],
    waived: list[Waived],
    config: Config,
    title: str = "Internal customer audit",
    dot: str | None = None,
) -> Report:
    report = Report("")
    shown = [
        _draw(report, org, build_graph(org), findings, dot, *chart)
        for chart in _wanted(org)
    ]
    card = scorecard(org, findings, len(waived), config.satisfaction_target)
    report.html = page(
        title, card, shown, findings, waived, handoff_rows(org), _rule_docs()
    )
    return report


def _wanted(org: Organisation) -> list[tuple[str, str, str, str | None]]:
    """(file name, caption, view, id) of every chart, in page order."""
    wanted = [
        ("org.svg", "Rank chart", "org", None),
        ("functions.svg", "Service departments and the units they serve", "functions", None),
        ("customers.svg", "The internal-customer map", "customers", None),
    ]
    for number, (key, process) in enumerate(org.processes.items(), start=1):
        # An id the schema refused may hold "/" or "..": never let it name a file.
        name = key if _FILE_ID.fullmatch(key) else str(number)
        wanted.append((f"process-{name}.svg", f"Process: {process.name or key}", "process", key))
    return wanted


_FILE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*")


def _draw(report: Report, org, graph, findings, dot, name, caption, view, key) -> Shown:
    """Draw one chart into `report.charts`; without Graphviz, draw no more."""
    if report.problem:
        return Shown(caption, note=f"Chart not drawn: {report.problem}")
    try:
        chart = chart_views.build_chart(org, graph, findings, view, key)
        data = chart_views.render_chart(chart, "svg", dot=dot)
        svg = inline_svg(data, f"c{len(report.charts)}")
    except chart_views.GraphvizMissing as error:
        report.problem = str(error)
        return Shown(caption, note=f"Chart not drawn: {error}")
    except (chart_views.ChartError, chart_views.GraphvizFailed, ValueError) as error:
        report.failed.append(f"{caption}: {error}")
        return Shown(caption, note=f"Chart not drawn: {error}")
    report.charts[name] = data
    return Shown(caption, svg)


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
