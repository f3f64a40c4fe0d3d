"""The audit report: a scorecard, the charts, every finding and waiver, the handoff table.

    report = build_report(org, findings, waived, config)
    report.html        # one self-contained page
    report.charts      # file name -> SVG bytes, the charts the page shows

Charts need Graphviz; without it the report is still made, each chart replaced by a note.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
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
    shown = _draw_all(report, org, findings, dot)
    card = scorecard(
        org,
        findings,
        len(waived),
        config.satisfaction_target,
        config.external_satisfaction_target,
    )
    report.html = page(title, card, shown, findings, waived, handoff_rows(org), _rule_docs())
    return report


def _wanted(org: Organisation) -> list[tuple[str, str, str, str | None]]:
    """(file name, caption, view, id) of every chart, in page order."""
    wanted = [
        ("org.svg", "Rank chart", "org", None),
        ("functions.svg", "Service departments and the units they serve", "functions", None),
        ("customers.svg", "The internal-customer map", "customers", None),
    ]
    for number, (key, process) in enumerate(org.processes.items(), start=1):
        name = chart_views.process_chart_name(key, number)
        wanted.append((name, f"Process: {process.name or key}", "process", key))
    return wanted


def _draw_all(report: Report, org: Organisation, findings, dot: str | None) -> list[Shown]:
    """Draw every chart into `report.charts`, Graphviz running on every core at once."""
    wanted = _wanted(org)
    try:
        chart_views.find_dot(dot)
    except chart_views.GraphvizMissing as error:
        report.problem = str(error)
        return [Shown(caption, note=f"Chart not drawn: {error}") for _, caption, _, _ in wanted]
    graph = build_graph(org)
    texts = [_dot_text(org, graph, findings, view, key) for _, _, view, key in wanted]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        drawn = list(pool.map(lambda text: _svg(text, dot), texts))
    shown = []
    for index, ((name, caption, _, _), (data, problem)) in enumerate(
        zip(wanted, drawn, strict=True)
    ):
        if data is not None:
            try:
                shown.append(Shown(caption, inline_svg(data, f"c{index}")))
                report.charts[name] = data
                continue
            except ValueError as error:
                problem = str(error)
        report.failed.append(f"{caption}: {problem}")
        shown.append(Shown(caption, note=f"Chart not drawn: {problem}"))
    return shown


def _dot_text(org, graph, findings, view: str, key: str | None) -> str | Exception:
    try:
        return chart_views.to_dot(chart_views.build_chart(org, graph, findings, view, key))
    except chart_views.ChartError as error:
        return error


def _svg(text: str | Exception, dot: str | None) -> tuple[bytes | None, str]:
    """The SVG of one chart's DOT, or why there is none."""
    if isinstance(text, Exception):
        return None, str(text)
    try:
        return chart_views.run_dot(text, "svg", dot=dot), ""
    except (chart_views.GraphvizFailed, chart_views.GraphvizMissing) as error:
        return None, str(error)


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
