"""The report's tables as plain rows of text: the page shows them, and `handoffs.csv`,
`findings.csv` and `report.xlsx` hold the very same rows, so what an auditor filters in a
spreadsheet is what the page says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowmap.findings import ERROR, Finding
from flowmap.graph.relations import FLOW, NEED, REWORK
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.report.handoff_table import HandoffRow
from flowmap.outputs.report.places import ORGANISATION, Places
from flowmap.outputs.report.scorecard import handoff_findings

HANDOFF_HEADERS = (
    "process",
    "kind of handoff",
    "supplier step",
    "supplier's unit",
    "customer step",
    "customer's unit",
    "item",
    "requires",
    "due",
    "supplier's lead time",
    "on time?",
    "satisfaction",
    "status",
)
FINDING_HEADERS = ("severity", "rule", "where", "process", "unit", "what to do")


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    tone: str = ""  # "error" (red), "warning" (amber) or "" — how the page colours the row
    process: str | None = None  # the key of the process it belongs to
    units: tuple[str, ...] = ()  # the ids of the units it concerns
    rules: tuple[str, ...] = ()  # the rules it names (the page links them)
    steps: tuple[str, ...] = ()  # a handoff's supplier and customer step ids


@dataclass
class Table:
    name: str  # the file stem of its CSV and the sheet's name in report.xlsx
    headers: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def of_process(self, key: str) -> list[Row]:
        return [row for row in self.rows if row.process == key]

    def of_unit(self, unit: str | None) -> list[Row]:
        """The rows about `unit`; with None, the rows about no process and no unit."""
        if unit is None:
            return [row for row in self.rows if row.process is None and not row.units]
        return [row for row in self.rows if unit in row.units]


def handoff_table(
    org: Organisation,
    rows: list[HandoffRow],
    marks: Marks,
    target: float,
    external_target: float,
    waived: Marks | None = None,
) -> Table:
    """One row per handoff: who supplies whom, in which units, with what, on what terms,
    and the findings that make it fail (its status), or that a waiver excuses (`waived`:
    the marks of the waived findings)."""
    table = Table("handoffs", HANDOFF_HEADERS)
    for row in rows:
        findings = handoff_findings(marks, row.supplier, row.customer, row.needs)
        excused = handoff_findings(waived, row.supplier, row.customer, row.needs) if waived else []
        units = tuple(
            unit
            for unit in dict.fromkeys(map(org.unit_of, (row.supplier.by, row.customer.by)))
            if unit
        )
        table.rows.append(
            Row(
                (
                    row.process,
                    _VIA[row.via],
                    _step(row.supplier, row.supplier_executor),
                    _unit(org, row.supplier),
                    _step(row.customer, row.customer_executor),
                    _unit(org, row.customer),
                    ", ".join(need.item for need in row.needs) or "(no need stated)",
                    "; ".join(r for need in row.needs for r in need.requires),
                    ", ".join(str(n.due) if n.due else "none" for n in row.needs) or "–",
                    str(row.supplier.lead_time) if row.supplier.lead_time else "–",
                    row.timeliness,
                    _satisfaction(row.needs, external_target if row.external else target),
                    _status(findings, row.late, excused),
                ),
                _tone(findings, row),
                row.customer.process or None,  # as the scorecard counts: into its steps
                units,
                tuple(dict.fromkeys(f.rule for f in findings)),
                (row.supplier.id, row.customer.id),
            )
        )
    return table


_VIA = {FLOW: "flow", NEED: "stated by a need", REWORK: "rework feedback"}


def finding_table(findings: list[Finding], places: Places) -> Table:
    table = Table("findings", FINDING_HEADERS)
    for finding in findings:
        place = places.of(finding)
        table.rows.append(
            Row(
                (
                    finding.severity,
                    finding.rule,
                    f"{finding.file}:{finding.line}:{finding.column}",
                    places.process_name(place.process) or ORGANISATION,
                    places.unit_name(place.unit),
                    finding.message,
                ),
                finding.severity,
                place.process,
                (place.unit,) if place.unit else (),
                (finding.rule,),
            )
        )
    return table


def _step(step: t.Step, executor: str) -> str:
    name = f"{step.name} ({step.id})" if step.name else step.id
    return f"{name}, by {executor or '(nobody named)'}"


def _unit(org: Organisation, step: t.Step) -> str:
    if org.is_external(step):
        return "(external customer)"
    unit = org.units.get(org.unit_of(step.by) or "")
    if unit is None:
        return "(no unit)"
    return unit.name or unit.id


def _satisfaction(needs: list[t.StepNeed], target: float) -> str:
    measured = [need.satisfaction for need in needs if need.satisfaction is not None]
    return (
        ", ".join(f"{s:.0%}" + (" (below target)" if s < target else "") for s in measured) or "–"
    )


def _status(findings: list[Finding], late: bool, waived: list[Finding]) -> str:
    """ "late" when the lead time is over the due, then the findings on the handoff by
    severity and rule, else "OK"; then the rules a waiver excuses on it, so that a row the
    page does not colour still says why its numbers may look wrong (e.g. "OK (waived:
    satisfaction-target)" beside a satisfaction below target)."""
    named = (["late"] if late else []) + [f"{f.severity} {f.rule}" for f in findings]
    status = "; ".join(dict.fromkeys(named)) or "OK"
    excused = ", ".join(dict.fromkeys(f.rule for f in waived))
    return f"{status} (waived: {excused})" if excused else status


def _tone(findings: list[Finding], row: HandoffRow) -> str:
    """Red for an error or a late handoff; amber for a warning or a need with no `due`."""
    if row.late or any(f.severity == ERROR for f in findings):
        return "error"
    if findings or any(need.due is None for need in row.needs):
        return "warning"
    return ""
