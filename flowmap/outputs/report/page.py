"""The audit report as one self-contained HTML page: no script, no link outside the page.

Every piece of user text goes through `esc` (html.escape); the charts are Graphviz SVG,
whose labels the charts package already escaped, inlined with their ids made unique.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from flowmap import __version__
from flowmap.findings import Finding, Waived
from flowmap.outputs.report.handoff_table import HandoffRow
from flowmap.outputs.report.scorecard import (
    PRINCIPLES,
    THREE_STEPS,
    Compliance,
    Measured,
    Scorecard,
)
from flowmap.outputs.report.style import CSS

if TYPE_CHECKING:
    from flowmap.outputs.report import Shown


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def page(
    title: str,
    card: Scorecard,
    charts: list[Shown],
    findings: list[Finding],
    waived: list[Waived],
    rows: list[HandoffRow],
    rules: dict[str, tuple[str, str]],
) -> str:
    """The whole page. `charts`: inline SVG (already made safe) or a note each; `rules`:
    id -> (summary, doc)."""
    body = "\n".join(
        [
            f"<header><h1>{esc(title)}</h1>{_verdict(card)}</header>",
            _scorecard(card),
            _charts(charts),
            _findings(findings, rules),
            _waivers(waived),
            _handoffs(rows, card.target, card.external_target),
            _rules(rules),
            f"<footer>Made by flowmap {esc(__version__)}.</footer>",
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Nothing may run and nothing may load: the page is all there is.
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def _verdict(card: Scorecard) -> str:
    state, said = ("fail", "Errors found") if card.errors else ("pass", "No errors")
    words = f"{card.errors} errors, {card.warnings} warnings, {card.waived} waived"
    return f'<p class="verdict {state}">{said}: {words}</p>'


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _scorecard(card: Scorecard) -> str:
    counts = [
        ("Processes", card.processes),
        ("Steps", f"{card.steps} ({card.internal_steps} internal, {card.operations} operations)"),
        ("Handoffs", f"{card.handoffs} ({card.internal_handoffs} between internal steps)"),
        (
            "Three-step compliance",
            f"{_percent(card.total.share)} of internal steps, "
            f"{_percent(card.total.handoff_share)} of internal handoffs",
        ),
    ]
    sat = card.satisfaction
    satisfaction = (
        "no measurement"
        if sat is None
        else f"{sat:.0%} on average over {len(card.measured)} handoffs, "
        f"{card.below_target} below the target of {card.target:.0%}"
    )
    counts.append(("Internal customer satisfaction", satisfaction))
    outside = card.external_satisfaction
    if outside is not None:
        below = sum(1 for value in card.external_measured if value < card.external_target)
        counts.append(
            (
                "External customer satisfaction",
                f"{outside:.0%} on average over {len(card.external_measured)} measured needs, "
                f"{below} below the target of {card.external_target:.0%}",
            )
        )
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in counts)
    principles = "".join(
        f'<tr><th><a href="#rule-{esc(rule)}">{esc(rule)}</a></th><td>{count}</td></tr>'
        for rule, count in card.principles.items()
    )
    return (
        '<section id="scorecard"><h2>Scorecard</h2>'
        f'<table class="counts">{rows}</table>'
        "<h3>Three-step compliance by process</h3>"
        f"{_compliance(card.by_process, 'process', card.total)}"
        "<h3>Three-step compliance by unit</h3>"
        f"{_compliance(card.by_unit, 'unit')}"
        "<h3>The three principles: findings</h3>"
        f'<table class="principles">{principles}</table>'
        f"{_satisfaction(card)}"
        "</section>"
    )


def _compliance(rows: list[Compliance], noun: str, total: Compliance | None = None) -> str:
    head = "".join(f'<th><a href="#rule-{r}">{esc(r)}</a></th>' for r in THREE_STEPS)

    def line(row: Compliance, tag: str = "td") -> str:
        return (
            f"<tr><{tag}>{esc(row.name)}</{tag}><td>{row.steps}</td>"
            + "".join(f"<td>{row.breaking[rule]}</td>" for rule in THREE_STEPS)
            + f'<td class="share">{_percent(row.share)}</td>'
            f"<td>{row.handoffs}</td>"
            f'<td class="share">{_percent(row.handoff_share)}</td></tr>'
        )

    lines = "".join(line(row) for row in rows)
    foot = f"<tfoot>{line(total, 'th')}</tfoot>" if total is not None else ""
    return (
        f'<table class="compliance"><thead><tr><th>{noun}</th><th>internal steps</th>'
        f"{head}<th>steps compliant</th><th>internal handoffs</th>"
        f"<th>handoffs compliant</th></tr></thead><tbody>{lines}</tbody>{foot}</table>"
    )


def _satisfaction(card: Scorecard) -> str:
    if not card.measured_handoffs:
        return ""
    rows = "".join(
        f'<tr class="{"below" if m.value < card.target_of(m) else "met"}">'
        f"<td>{esc(m.supplier or '?')} → {esc(m.customer)}"
        f"{' <small>(external customer)</small>' if m.external else ''}</td>"
        f'<td>{esc(m.item)}</td><td class="share">{m.value:.0%}</td>'
        f"<td>{_verdict_of(m, card.target_of(m))}</td></tr>"
        for m in card.measured_handoffs
    )
    return (
        f"<h3>Measured satisfaction: internal customers against {card.target:.0%}, the "
        f"external customer against {card.external_target:.0%}</h3>"
        '<table class="satisfaction"><thead><tr><th>supplier → customer</th><th>item</th>'
        f"<th>measured</th><th>against the target</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _verdict_of(measured: Measured, target: float) -> str:
    if measured.value >= target:
        return "meets it"
    return "below, waived" if measured.waived else "below"


def _charts(charts: list[Shown]) -> str:
    figures = []
    for chart in charts:
        drawing = chart.svg if chart.svg else f'<p class="note">{esc(chart.note)}</p>'
        figures.append(f"<figure>{drawing}<figcaption>{esc(chart.caption)}</figcaption></figure>")
    return f'<section id="charts"><h2>Charts</h2>{"".join(figures)}</section>'


def _findings(findings: list[Finding], rules: dict[str, tuple[str, str]]) -> str:
    if not findings:
        return '<section id="findings"><h2>Findings</h2><p>None.</p></section>'
    rows = "".join(
        f'<tr class="{esc(f.severity)}"><td>{esc(f.severity)}</td>'
        f'<td><a href="#rule-{esc(f.rule)}" title="{esc(rules.get(f.rule, ("", ""))[0])}">'
        f"{esc(f.rule)}</a></td>"
        f'<td class="place">{esc(f.file)}:{f.line}:{f.column}</td><td>{esc(f.message)}</td></tr>'
        for f in findings
    )
    return (
        f'<section id="findings"><h2>Findings ({len(findings)})</h2><table class="findings">'
        "<thead><tr><th>severity</th><th>rule</th><th>where</th><th>what to do</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def _waivers(waived: list[Waived]) -> str:
    if not waived:
        return '<section id="waivers"><h2>Waivers</h2><p>None.</p></section>'
    rows = "".join(
        f'<tr><td><a href="#rule-{esc(w.finding.rule)}">{esc(w.finding.rule)}</a></td>'
        f'<td class="place">{esc(w.finding.file)}:{w.finding.line}:{w.finding.column}</td>'
        f"<td>{esc(w.reason)}</td><td>{esc(w.finding.message)}</td></tr>"
        for w in waived
    )
    return (
        f'<section id="waivers"><h2>Waivers ({len(waived)})</h2><table class="waivers">'
        "<thead><tr><th>rule</th><th>where</th><th>reason</th><th>what it silences</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def _handoffs(rows: list[HandoffRow], target: float, external_target: float) -> str:
    lines = []
    for row in rows:
        goal = external_target if row.external else target
        items = ", ".join(need.item for need in row.needs) or "(no need stated)"
        requires = "; ".join(r for need in row.needs for r in need.requires)
        dues = ", ".join(str(need.due) for need in row.needs if need.due) or "–"
        lead = str(row.supplier.lead_time) if row.supplier.lead_time else "–"
        sats = [need.satisfaction for need in row.needs if need.satisfaction is not None]
        sat = ", ".join(f"{s:.0%}" + (" (below target)" if s < goal else "") for s in sats) or "–"
        late = ' class="late"' if row.late else ""
        kind = "" if row.via == "flow" else f"<br><small>({_VIA[row.via]})</small>"
        lines.append(
            f"<tr{late}><td>{esc(row.process)}{kind}</td>"
            f'<td data-step="{esc(row.supplier.id)}">{_step(row.supplier, row.supplier_executor)}'
            f'</td><td data-step="{esc(row.customer.id)}">'
            f"{_step(row.customer, row.customer_executor)}</td>"
            f"<td>{esc(items)}</td><td>{esc(requires)}</td>"
            f"<td>{esc(dues)}</td><td>{esc(lead)}</td><td>{esc(row.timeliness)}</td>"
            f"<td>{esc(sat)}</td></tr>"
        )
    return (
        f'<section id="handoffs"><h2>Handoffs ({len(rows)})</h2><table class="handoffs">'
        "<thead><tr><th>process</th><th>supplier step</th><th>customer step</th><th>item</th>"
        "<th>requires</th><th>due</th><th>supplier's lead time</th><th>on time?</th>"
        f"<th>satisfaction (target {target:.0%}; the external customer {external_target:.0%})</th>"
        f"</tr></thead><tbody>{''.join(lines)}</tbody></table></section>"
    )


_VIA = {"need": "stated by the need", "rework": "rework feedback"}


def _step(step, executor: str) -> str:
    """A step's name, its id and who does it."""
    name = f"{esc(step.name)} <small>({esc(step.id)})</small>" if step.name else esc(step.id)
    return f'{name}<br><small class="by">by {esc(executor or "?")}</small>'


def _rules(rules: dict[str, tuple[str, str]]) -> str:
    entries = "".join(
        f'<article id="rule-{esc(rule)}"><h3>{esc(rule)}</h3><p><strong>{esc(summary)}</strong>'
        f"</p><p>{esc(why)}</p></article>"
        for rule, (summary, why) in rules.items()
    )
    return f'<section id="rules"><h2>The rules</h2>{entries}</section>'


__all__ = ["PRINCIPLES", "page"]
