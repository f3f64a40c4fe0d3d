"""The report's satisfaction section: each unit's trend over the survey periods (internal
beside external, the two target lines drawn), the relationships below target with who
must act, their action and its day, and the responses counted.

The numbers come from `flowmap.graph.satisfaction` (the rules read the same); this module
only lays them out. The trend charts are small SVG drawn here: a few points and two lines
per panel, where a charting library would add a dependency for a picture this simple.
Every text from the maps or the survey files is escaped; respondents and comments are shown
only with the setting `show_respondents = true`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from flowmap.config import Config
from flowmap.findings import Waived
from flowmap.graph.satisfaction import (
    BELOW,
    Measured,
    Summary,
    Tally,
    responses_of,
    summarise,
    units_of,
)
from flowmap.i18n import N_, _
from flowmap.load.names import shown_text
from flowmap.model.org import Organisation
from flowmap.model.subjects import subject_of
from flowmap.outputs.report.tables import said_fraction
from flowmap.shares import percent

# the colour-blind-safe pair the charts use (Okabe–Ito): blue inside, orange outside
INSIDE, OUTSIDE = "#0072B2", "#D55E00"
PANEL_WIDTH, PANEL_HEIGHT = 260, 160
MAX_COMMENTS = 200


@dataclass
class Trend:
    name: str  # the unit's name, or "Company"
    anchor: str
    svg: Markup
    latest: str  # "internal 6 of 8, 75%; external –"


@dataclass
class BelowTarget:
    kind: str
    supplier: str
    customer: str
    item: str
    units: str  # the supplier's units: who must act
    measured: str  # "6 of 8, 75% in 2026-Q4"
    target: str
    action: str
    owner: str
    by_date: str
    waived: str  # the waiver's reason, when one silences the finding


@dataclass
class Counted:
    kind: str
    supplier: str
    customer: str
    item: str
    periods: list[str]  # one cell per period: "6 of 8, 75%", or "" when not asked
    status: str


@dataclass
class Comment:
    relationship: str
    period: str
    respondent: str
    comment: str


@dataclass
class SatisfactionSection:
    periods: list[str]
    latest: str
    targets: tuple[str, str]
    trends: list[Trend] = field(default_factory=list)
    below: list[BelowTarget] = field(default_factory=list)
    counted: list[Counted] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    show_respondents: bool = False


def satisfaction_section(
    org: Organisation, config: Config, waived: list[Waived]
) -> SatisfactionSection | None:
    """The section, or None when no survey response was counted."""
    summary = summarise(org, config)
    if not summary.periods:
        return None
    targets = (config.satisfaction_target, config.external_satisfaction_target)
    section = SatisfactionSection(
        summary.periods,
        summary.latest or "",
        (percent(targets[0]), percent(targets[1])),
        show_respondents=config.show_respondents,
    )
    section.trends.append(
        _trend(_("Company"), "satisfaction-company", summary.periods, summary.company, targets)
    )
    for index, (unit, by_period) in enumerate(summary.units.items(), start=1):
        name = org.units[unit].name or unit
        section.trends.append(
            _trend(name, f"satisfaction-unit-{index}", summary.periods, by_period, targets)
        )
    section.below = _below(org, summary, waived)
    section.counted = [_counted(m, summary, config) for m in summary.measured]
    if config.show_respondents:
        section.comments = _comments(org, summary, config)
    return section


def _below(org: Organisation, summary: Summary, waived: list[Waived]) -> list[BelowTarget]:
    reasons = {
        (w.finding.subject, w.finding.counterpart): w.reason
        for w in waived
        if w.finding.rule in ("satisfaction-target", "external-satisfaction-target")
    }
    rows = []
    for found in summary.standing:
        if found.status != BELOW or found.tally is None:
            continue
        rel = found.relationship
        actions = getattr(rel.holder, "actions", [])
        first = actions[0] if actions else None
        counterpart = None
        if rel.counterpart is not None:
            counterpart = subject_of(rel.counterpart, org.step_of, org.source)
        rows.append(
            BelowTarget(
                rel.kind,
                rel.supplier,
                rel.customer,
                rel.item if rel.kind in ("handoff", "function") else "",
                ", ".join(org.units[u].name or u for u in units_of(org, rel)) or "–",
                _("{fraction} in {period}").format(
                    fraction=said_fraction(found.tally.satisfied, found.tally.responses),
                    period=found.period,
                ),
                percent(found.target),
                first.what if first else _("none planned"),
                (first.owner or "") if first else "",
                first.by_date.isoformat() if first and first.by_date else "",
                reasons.get((rel.subject, counterpart), ""),
            )
        )
    return rows


# The statuses of `graph.satisfaction`, as the page names them.
_STATUS_WORDS = (N_("below"), N_("met"), N_("too few"), N_("not measured"))
# The kinds of relationship (`graph.satisfaction`), which the page names beside each one.
_KIND_WORDS = (N_("handoff"), N_("function"), N_("rank"), N_("external"))


def _counted(measured: Measured, summary: Summary, config: Config) -> Counted:
    from flowmap.graph.satisfaction import target_of

    rel = measured.relationship
    cells = []
    for period in summary.periods:
        tally = measured.periods.get(period)
        cells.append(said_fraction(tally.satisfied, tally.responses) if tally else "")
    status = next(
        (s.status for s in summary.standing if s.relationship.key == rel.key and s.period),
        "",
    )
    target = percent(target_of(rel, config))
    return Counted(
        rel.kind,
        rel.supplier,
        rel.customer,
        rel.item if rel.kind in ("handoff", "function") else "",
        cells,
        _("{status} (target {target})").format(status=_(status), target=target) if status else "",
    )


def _comments(org: Organisation, summary: Summary, config: Config) -> list[Comment]:
    """The comments of the latest period's answers, for the relationships below target."""
    from flowmap.graph.satisfaction import period_of

    found: list[Comment] = []
    for standing in summary.standing:
        if standing.status != BELOW or standing.tally is None:
            continue
        measured = next(m for m in summary.measured if m.relationship is standing.relationship)
        rel = measured.relationship
        for response in responses_of(org, measured, config):
            period = period_of(response.day, config.survey_period)
            if period == summary.latest and (response.comment or response.respondent):
                found.append(
                    Comment(
                        f"{rel.supplier} → {rel.customer}",
                        period,
                        shown_text(response.respondent),
                        shown_text(response.comment),
                    )
                )
    return found[:MAX_COMMENTS]


def _trend(
    name: str,
    anchor: str,
    periods: list[str],
    by_period: dict[str, tuple[Tally, Tally]],
    targets: tuple[float, float],
) -> Trend:
    """Two panels side by side: internal satisfaction against its target, external
    against its own, one point per period."""
    inside = [by_period.get(p, (Tally(0, 0), Tally(0, 0)))[0] for p in periods]
    outside = [by_period.get(p, (Tally(0, 0), Tally(0, 0)))[1] for p in periods]
    panels = [
        _panel(0, _("Internal customers"), periods, inside, targets[0], INSIDE),
        _panel(PANEL_WIDTH + 20, _("External customer"), periods, outside, targets[1], OUTSIDE),
    ]
    width = 2 * PANEL_WIDTH + 20
    label = escape(_("Satisfaction of {name}'s customers by period").format(name=name))
    svg = Markup(
        f'<svg class="trend" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{PANEL_HEIGHT}" viewBox="0 0 {width} {PANEL_HEIGHT}" role="img" '
        f'aria-label="{label}">{"".join(panels)}</svg>'
    )
    last = periods[-1]
    pair = by_period.get(last, (Tally(0, 0), Tally(0, 0)))
    latest = _("internal {inside}; external {outside}").format(
        inside=said_fraction(pair[0].satisfied, pair[0].responses),
        outside=said_fraction(pair[1].satisfied, pair[1].responses),
    )
    return Trend(shown_text(name), anchor, svg, latest)


def _panel(
    left: int, title: str, periods: list[str], tallies: list[Tally], target: float, colour: str
) -> str:
    """One panel: 50%–100% on the left axis (below 50% is drawn at the floor, labelled),
    the target as a dashed line, the points joined where consecutive periods have one."""
    top, bottom, axis = 34, PANEL_HEIGHT - 22, left + 36
    target_label = escape(_("target {share}").format(share=percent(target)))
    no_answers = escape(_("no answers"))
    right = left + PANEL_WIDTH - 10
    first_x, last_x = axis + 32, right - 28  # room for a period's label at either end
    step = (last_x - first_x) / max(len(periods) - 1, 1)

    def y(share: float) -> float:
        return bottom - (max(share, 0.5) - 0.5) / 0.5 * (bottom - top)

    parts = [
        f'<text x="{left + 4}" y="14" font-size="12" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{axis}" y1="{top}" x2="{axis}" y2="{bottom}" stroke="#888"/>',
        f'<line x1="{axis}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#888"/>',
    ]
    for share in (0.5, 0.75, 1.0):
        parts.append(
            f'<text x="{axis - 4}" y="{y(share) + 4:.1f}" font-size="10" text-anchor="end">'
            f"{percent(share)}</text>"
        )
    parts.append(
        f'<line class="target" x1="{axis}" y1="{y(target):.1f}" x2="{right}" y2="{y(target):.1f}"'
        f' stroke="{colour}" stroke-dasharray="5 4" stroke-width="1.5"/>'
        f'<text x="{axis + 4}" y="{y(target) + 12:.1f}" font-size="10" '
        f'fill="{colour}">{target_label}</text>'
    )
    points: list[tuple[float, float, Tally] | None] = []
    for index, (period, tally) in enumerate(zip(periods, tallies, strict=True)):
        x = first_x + index * step if len(periods) > 1 else (first_x + last_x) / 2
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 14}" font-size="10" text-anchor="middle">'
            f"{escape(period)}</text>"
        )
        points.append((x, y(tally.share), tally) if tally.responses else None)
    for first, second in zip(points, points[1:], strict=False):
        if first and second:
            parts.append(
                f'<line x1="{first[0]:.1f}" y1="{first[1]:.1f}" x2="{second[0]:.1f}" '
                f'y2="{second[1]:.1f}" stroke="{colour}" stroke-width="2"/>'
            )
    for point in points:
        if point is None:
            continue
        x, at, tally = point
        of_count = _("{part} of {whole}").format(part=tally.satisfied, whole=tally.responses)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{at:.1f}" r="4" fill="{colour}">'
            f"<title>{escape(of_count)}</title></circle>"
            f'<text x="{x:.1f}" y="{at - 8:.1f}" font-size="10" text-anchor="middle">'
            f"{percent(tally.share)}</text>"
        )
    if not any(points):
        parts.append(
            f'<text x="{(axis + right) / 2:.1f}" y="{(top + bottom) / 2:.1f}" font-size="11" '
            f'text-anchor="middle" fill="#666">{no_answers}</text>'
        )
    return "".join(parts)
