"""The report's facts as sheets to work in: report.xlsx and the CSV files beside the page.

The page tables (`tables`) are written for reading; these are written for filtering and
sorting: one fact per column (a step's id, name, role and unit apart; the status apart from
the rule ids), numbers as numbers (satisfaction a share, durations in hours beside their
text), ISO dates as dates, a blank an empty cell. Sheets: handoffs (a row per need of a
handoff), findings (with the nonconformity number), waivers, scorecard and scope.
"""

from __future__ import annotations

from datetime import date

from flowmap.findings import ERROR, Finding, Waived
from flowmap.graph.responsible import responsible
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.subjects import find_subject
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.nonconformity import classification
from flowmap.outputs.report.handoff_table import HandoffRow
from flowmap.outputs.report.places import Places, unit_name
from flowmap.outputs.report.scope import Scope
from flowmap.outputs.report.scorecard import Compliance, Scorecard, handoff_findings
from flowmap.outputs.workbook import DATE, HOURS, INTEGER, SHARE, TEXT, YES_NO, Cell, Sheet


def _columns(*pairs: tuple[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


_SIDE = ("step", "step name", "role", "unit", "unit name")
HANDOFF_COLUMNS = _columns(
    ("process", TEXT),
    ("process name", TEXT),
    ("kind of handoff", TEXT),
    *[(f"supplier {c}", TEXT) for c in _SIDE],
    *[(f"customer {c}", TEXT) for c in _SIDE],
    ("external customer", YES_NO),
    ("item", TEXT),
    ("requires", TEXT),
    ("due", TEXT),
    ("due hours", HOURS),
    ("lead time", TEXT),
    ("lead time hours", HOURS),
    ("timeliness", TEXT),
    ("satisfaction", SHARE),
    ("target", SHARE),
    ("below target", YES_NO),
    ("status", TEXT),
    ("rules", TEXT),
    ("waived rules", TEXT),
)


def handoff_sheet(
    org: Organisation,
    rows: list[HandoffRow],
    marks: Marks,
    waived: Marks,
    target: float,
    external_target: float,
    shares: dict[int, float] | None = None,
) -> Sheet:
    """A row per need a customer states of its supplier (one row for a handoff with none).
    Status: "late" (lead time over due), else "error" or "warning" (the worst finding that
    makes the handoff fail), else "OK"; `rules` names those findings' rules. `shares`:
    the satisfaction the rules judge each need by (`graph.satisfaction.need_shares`; by
    default the static `satisfaction:`)."""
    out = []
    sides: dict[int, tuple[Cell, ...]] = {}  # a step's cells, made once for its handoffs

    def side(step: t.Step) -> tuple[Cell, ...]:
        if id(step) not in sides:
            sides[id(step)] = _side(org, step)
        return sides[id(step)]

    for row in rows:
        findings = handoff_findings(marks, row.supplier, row.customer, row.needs)
        excused = handoff_findings(waived, row.supplier, row.customer, row.needs)
        rules = ", ".join(dict.fromkeys(f.rule for f in findings))
        excused_rules = ", ".join(dict.fromkeys(f.rule for f in excused))
        worst = (
            "error"
            if any(f.severity == ERROR for f in findings)
            else ("warning" if findings else "OK")
        )
        goal = external_target if row.external else target
        head = (
            row.customer.process or row.supplier.process,
            row.process,
            row.via,
            *side(row.supplier),
            *side(row.customer),
            row.external,
        )
        for need in row.needs or [None]:
            lead = row.supplier.lead_time_for(need.item) if need else row.supplier.lead_time
            due = need.due if need else None
            late = lead is not None and due is not None and lead.seconds > due.seconds
            if shares is not None:
                satisfaction = shares.get(id(need)) if need else None
            else:
                satisfaction = need.satisfaction if need else None
            out.append(
                (
                    *head,
                    need.item if need else None,
                    "; ".join(need.requires) if need and need.requires else None,
                    _text(due),
                    _hours(due),
                    _text(lead),
                    _hours(lead),
                    _timeliness(need, lead, late),
                    satisfaction,
                    goal if satisfaction is not None else None,
                    satisfaction < goal if satisfaction is not None else None,
                    "late" if late else worst,
                    rules or None,
                    excused_rules or None,
                )
            )
    return Sheet("handoffs", *HANDOFF_COLUMNS[:1], out, HANDOFF_COLUMNS[1])


def _side(org: Organisation, step: t.Step) -> tuple[Cell, ...]:
    """A step's id, name, the roles that do it, and their units' ids and names."""
    roles = [e for e in step.executors if e in org.roles]
    if org.is_external(step):
        return (step.id, step.name or None, None, None, None)
    units = responsible(org, [step]).units
    return (
        step.id,
        step.name or None,
        ", ".join(roles) or None,
        ", ".join(units) or None,
        ", ".join(unit_name(org, u) for u in units) or None,
    )


def _timeliness(need: t.StepNeed | None, lead, late: bool) -> str:
    if need is None:
        return "no need stated"
    if late:
        return "late"
    if lead is None:
        return "no lead time"
    return "no due" if need.due is None else "on time"


def _text(duration: t.Duration | None) -> str | None:
    return str(duration) if duration else None


def _hours(duration: t.Duration | None) -> float | None:
    return duration.seconds / 3600 if duration else None


FINDING_COLUMNS = _columns(
    ("NC", TEXT),
    ("severity", TEXT),
    ("classification", TEXT),
    ("rule", TEXT),
    ("file", TEXT),
    ("line", INTEGER),
    ("column", INTEGER),
    ("process", TEXT),
    ("process name", TEXT),
    ("step", TEXT),
    ("subject kind", TEXT),
    ("subject", TEXT),
    ("key", TEXT),
    ("responsible units", TEXT),
    ("responsible unit names", TEXT),
    ("responsible roles", TEXT),
    ("steps that must act", TEXT),
    ("message", TEXT),
    ("fingerprint", TEXT),
)


def finding_sheet(findings: list[Finding], places: Places, numbers: dict[str, str]) -> Sheet:
    """A row per finding; `numbers`: fingerprint -> nonconformity number."""
    rows = []
    for finding in findings:
        place = places.of(finding)
        who = finding.responsible
        subject = finding.subject
        rows.append(
            (
                numbers.get(finding.fingerprint) or None,
                finding.severity,
                classification(finding.severity),
                finding.rule,
                finding.file,
                finding.line,
                finding.column,
                place.process,
                places.process_name(place.process) or None,
                _step_of(places.org, finding),
                subject.kind if subject else None,
                subject.id if subject else None,
                finding.key,
                ", ".join(place.units) or None,
                places.unit_names(place.units) or None,
                ", ".join(who.roles) or None,
                ", ".join(who.steps) or None,
                finding.message,
                finding.fingerprint or None,
            )
        )
    return Sheet("findings", *FINDING_COLUMNS[:1], rows, FINDING_COLUMNS[1])


def _step_of(org: Organisation, finding: Finding) -> str | None:
    """The step a finding is about: the step itself, the step stating a need, or a
    handoff's receiving step (whose need it is)."""
    subject = finding.subject
    if subject is None or subject.kind not in ("step", "need", "handoff"):
        return None
    found = find_subject(org, subject)
    if isinstance(found, t.StepNeed):
        found = org.step_of(found)
    if isinstance(found, t.Step):
        return found.id
    if subject.kind == "handoff":  # SUPPLIER->CUSTOMER:ITEM
        return subject.id.partition("->")[2].partition(":")[0] or None
    return None


WAIVER_COLUMNS = _columns(
    ("NC", TEXT),
    ("rule", TEXT),
    ("process", TEXT),
    ("responsible units", TEXT),
    ("subject", TEXT),
    ("reason", TEXT),
    ("approved by", TEXT),
    ("until", DATE),
    ("days left", INTEGER),
    ("status", TEXT),
    ("file", TEXT),
    ("line", INTEGER),
)


def waiver_sheet(
    waived: list[Waived], places: Places, today: date, numbers: dict[str, str]
) -> Sheet:
    rows = []
    for waiver in waived:
        finding = waiver.finding
        place = places.of(finding)
        approver, until, left = waiver_terms(waiver, today)
        rows.append(
            (
                numbers.get(finding.fingerprint) or None,
                finding.rule,
                place.process,
                ", ".join(place.units) or None,
                str(finding.subject) if finding.subject else None,
                waiver.reason,
                approver or None,
                until.isoformat() if until else None,
                left,
                waiver_status(approver, left),
                finding.file,
                finding.line,
            )
        )
    return Sheet("waivers", *WAIVER_COLUMNS[:1], rows, WAIVER_COLUMNS[1])


def waiver_terms(waiver: Waived, today: date) -> tuple[str | None, date | None, int | None]:
    """Who approved a waiver, until when, and how many days are left (None: not stated)."""
    until = getattr(waiver.terms, "until", None)
    return (
        getattr(waiver.terms, "approved_by", None),
        until,
        (until - today).days if until else None,
    )


def waiver_status(approver: str | None, left: int | None) -> str:
    """What a waiver's terms say: the short form has no approver and no end date."""
    if left is None:
        return "no end date" if approver else "no approver, no end date"
    return "ends today" if left == 0 else f"holds, ends in {left} days"


SCORECARD_COLUMNS = _columns(
    ("level", TEXT),
    ("id", TEXT),
    ("name", TEXT),
    ("steps", INTEGER),
    ("steps compliant", INTEGER),
    ("steps compliant share", SHARE),
    ("steps breaking recheck-upstream", INTEGER),
    ("steps breaking assure-own", INTEGER),
    ("steps breaking serve-downstream", INTEGER),
    ("handoffs", INTEGER),
    ("handoffs compliant", INTEGER),
    ("handoffs compliant share", SHARE),
)


def scorecard_sheet(card: Scorecard, processes: list[str]) -> Sheet:
    """A row for the whole company, each process (`processes`: their keys, in the order of
    `card.by_process`) and each unit."""
    rows = [_compliance_row("company", None, card.total)]
    rows += [
        _compliance_row("process", key, c)
        for key, c in zip(processes, card.by_process, strict=True)
    ]
    rows += [_compliance_row("unit", unit, c) for unit, c in card.units.items()]
    return Sheet("scorecard", *SCORECARD_COLUMNS[:1], rows, SCORECARD_COLUMNS[1])


def _compliance_row(level: str, key: str | None, c: Compliance) -> tuple[Cell, ...]:
    return (
        level,
        key,
        c.name,
        c.steps,
        c.compliant,
        c.share,
        c.breaking["recheck-upstream"],
        c.breaking["assure-own"],
        c.breaking["serve-downstream"],
        c.handoffs,
        c.handoffs_compliant,
        c.handoff_share,
    )


SCOPE_COLUMNS = _columns(
    ("map file", TEXT),
    ("date", DATE),
    ("version of the maps", TEXT),
    ("processes", INTEGER),
    ("steps", INTEGER),
    ("handoffs", INTEGER),
    ("errors", INTEGER),
    ("warnings", INTEGER),
    ("waived findings", INTEGER),
    ("internal satisfaction target", SHARE),
    ("external satisfaction target", SHARE),
)


def scope_sheet(covered: Scope, card: Scorecard, target: float, external: float) -> Sheet:
    """What the report covers: a row per map file, each with the report's date, the maps'
    version, the counts and the targets (so a filter on a file keeps its context)."""
    facts = (
        covered.date,
        covered.version,
        covered.processes,
        covered.steps,
        card.handoffs,
        card.errors,
        card.warnings,
        card.waived,
        target,
        external,
    )
    rows = [(name, *facts) for name in covered.files]
    return Sheet("scope", *SCOPE_COLUMNS[:1], rows, SCOPE_COLUMNS[1])
