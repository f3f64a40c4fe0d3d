"""The report's tables as plain rows of text: the page shows them, and `handoffs.csv`,
`findings.csv` and `report.xlsx` hold the very same rows, so what an auditor filters in a
spreadsheet is what the page says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flowmap.findings import ERROR, Finding, Waived
from flowmap.graph.relations import FLOW, NEED, REWORK
from flowmap.graph.responsible import responsible
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.nonconformity import classification
from flowmap.outputs.report.handoff_table import HandoffRow
from flowmap.outputs.report.places import ORGANISATION, Places, acting_units, unit_name
from flowmap.outputs.report.scorecard import handoff_findings
from flowmap.outputs.report.sheets import waiver_status, waiver_terms
from flowmap.shares import percent

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
FINDING_HEADERS = (
    "NC",
    "severity",
    "rule",
    "where",
    "process",
    "subject",
    "responsible_units",
    "what to do",
    "fingerprint",
)


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    tone: str = ""  # "error" (red), "warning" (amber) or "" — how the page colours the row
    process: str | None = None  # the key of the process it belongs to
    units: tuple[str, ...] = ()  # the ids of the units it concerns (that must act on it)
    rules: tuple[str, ...] = ()  # the rules it names (the page links them)
    steps: tuple[str, ...] = ()  # a handoff's supplier and customer step ids
    suppliers: tuple[str, ...] = ()  # a handoff's: the ids of the supplier side's units


@dataclass
class Table:
    name: str  # the file stem of its CSV and the sheet's name in report.xlsx
    headers: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
    for_files_only: tuple[str, ...] = ()  # columns the page leaves out (ids for filtering)
    _by_process: dict[str | None, list[Row]] | None = field(default=None, repr=False)
    _indexed: int = field(default=0, repr=False)  # how many rows the index holds

    @property
    def page_columns(self) -> list[int]:
        """The indexes of the columns the page shows."""
        return [i for i, header in enumerate(self.headers) if header not in self.for_files_only]

    def of_process(self, key: str) -> list[Row]:
        """The rows of process `key` (indexed once: a report asks for every process)."""
        if self._by_process is None or self._indexed != len(self.rows):
            self._by_process = {}
            for row in self.rows:
                self._by_process.setdefault(row.process, []).append(row)
            self._indexed = len(self.rows)
        return self._by_process.get(key, [])

    def of_unit(self, unit: str | None) -> list[Row]:
        """The rows about `unit`; with None, the rows about no process and no unit."""
        if unit is None:
            return [row for row in self.rows if row.process is None and not row.units]
        return [row for row in self.rows if unit in row.units]

    def supplied_by(self, unit: str) -> list[Row]:
        """The handoffs in which `unit` is on the supplier's side (its handoffs out)."""
        return [row for row in self.rows if unit in row.suppliers]

    def received_by(self, unit: str) -> list[Row]:
        """The handoffs in which `unit` is on the customer's side (its handoffs in)."""
        return [row for row in self.rows if unit in row.units and unit not in row.suppliers]


def handoff_table(
    org: Organisation,
    rows: list[HandoffRow],
    marks: Marks,
    target: float,
    external_target: float,
    waived: Marks | None = None,
    shares: dict[int, float] | None = None,
) -> Table:
    """One row per handoff: who supplies whom, in which units, with what, on what terms,
    and the findings that make it fail (its status), or that a waiver excuses (`waived`:
    the marks of the waived findings)."""
    table = Table("handoffs", HANDOFF_HEADERS)
    for row in rows:
        findings = handoff_findings(marks, row.supplier, row.customer, row.needs)
        excused = handoff_findings(waived, row.supplier, row.customer, row.needs) if waived else []
        suppliers = acting_units(responsible(org, [row.supplier]))
        units = tuple(dict.fromkeys(suppliers + acting_units(responsible(org, [row.customer]))))
        table.rows.append(
            Row(
                (
                    row.process,
                    _VIA[row.via],
                    _step(row.supplier, row.supplier_executor),
                    _units(org, row.supplier),
                    _step(row.customer, row.customer_executor),
                    _units(org, row.customer),
                    ", ".join(need.item for need in row.needs) or "(no need stated)",
                    "; ".join(r for need in row.needs for r in need.requires),
                    ", ".join(str(n.due) if n.due else "none" for n in row.needs) or "–",
                    _lead_times(row),
                    row.timeliness,
                    _satisfaction(row.needs, external_target if row.external else target, shares),
                    _status(findings, row.late, excused),
                ),
                _tone(findings, row),
                row.customer.process or None,  # as the scorecard counts: into its steps
                units,
                tuple(dict.fromkeys(f.rule for f in findings)),
                (row.supplier.id, row.customer.id),
                suppliers,
            )
        )
    return table


_VIA = {FLOW: "flow", NEED: "stated by a need", REWORK: "rework feedback"}


def finding_table(
    findings: list[Finding], places: Places, numbers: dict[str, str] | None = None
) -> Table:
    """A row per finding; `numbers`: fingerprint -> nonconformity number (`nonconformity`)."""
    numbers = numbers or {}
    table = Table("findings", FINDING_HEADERS, for_files_only=("subject", "fingerprint"))
    for finding in findings:
        place = places.of(finding)
        table.rows.append(
            Row(
                (
                    numbers.get(finding.fingerprint, ""),
                    f"{finding.severity} ({classification(finding.severity)})",
                    finding.rule,
                    f"{finding.file}:{finding.line}:{finding.column}",
                    places.process_name(place.process) or ORGANISATION,
                    str(finding.subject or ""),
                    places.unit_names(place.units),
                    finding.message,
                    finding.fingerprint,
                ),
                finding.severity,
                place.process,
                place.units,
                (finding.rule,),
            )
        )
    return table


def _step(step: t.Step, executor: str) -> str:
    name = f"{step.name} ({step.id})" if step.name else step.id
    return f"{name}, by {executor or '(nobody named)'}"


def _lead_times(row: HandoffRow) -> str:
    """The supplier's lead time for what the customer needs (an item may have its own)."""
    leads = [row.supplier.lead_time_for(need.item) for need in row.needs] or [
        row.supplier.lead_time
    ]
    return ", ".join(dict.fromkeys(str(lead) if lead else "–" for lead in leads))


def _units(org: Organisation, step: t.Step) -> str:
    """The units that do a step (each executor's of a joint step)."""
    if org.is_external(step):
        return "(external customer)"
    who = responsible(org, [step])
    names = [unit_name(org, unit) for unit in who.units]
    if who.unassigned:
        names.append("(no unit)")
    return ", ".join(names)


def _satisfaction(
    needs: list[t.StepNeed], target: float, shares: dict[int, float] | None = None
) -> str:
    """The needs' measured satisfaction: `shares` (`graph.satisfaction.need_shares`: the
    latest survey period's), else the static `satisfaction:` keys."""
    if shares is not None:
        measured = [shares[id(need)] for need in needs if id(need) in shares]
    else:
        measured = [need.satisfaction for need in needs if need.satisfaction is not None]
    return (
        ", ".join(percent(s) + (" (below target)" if s < target else "") for s in measured) or "–"
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


WAIVER_HEADERS = (
    "NC",
    "rule",
    "process",
    "responsible_units",
    "subject",
    "reason",
    "approved by",
    "until",
    "days left",
    "status",
    "where",
)


def waiver_table(
    waived: list[Waived], places: Places, today: date, numbers: dict[str, str] | None = None
) -> Table:
    """One row per waiver that silenced a finding: what it silences, who approved it and
    until when ("no approver, no end date" for the short `rule-id: reason` form)."""
    table = Table("waivers", WAIVER_HEADERS)
    for waiver in waived:
        finding = waiver.finding
        place = places.of(finding)
        approver, until, left = waiver_terms(waiver, today)
        table.rows.append(
            Row(
                (
                    (numbers or {}).get(finding.fingerprint, ""),
                    finding.rule,
                    places.process_name(place.process) or ORGANISATION,
                    places.unit_names(place.units),
                    str(finding.subject or ""),
                    waiver.reason,
                    approver or "",
                    until.isoformat() if until else "",
                    "" if left is None else str(left),
                    waiver_status(approver, left),
                    f"{finding.file}:{finding.line}:{finding.column}",
                ),
                "warning" if until is None else "",
                place.process,
                place.units,
                (finding.rule,),
            )
        )
    return table
