"""The report's tables as plain rows of text: the page shows them, and `handoffs.csv`,
`findings.csv` and `report.xlsx` hold the very same rows, so what an auditor filters in a
spreadsheet is what the page says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flowmap.findings import ERROR, Finding, Waived
from flowmap.graph.relations import FLOW, NEED, REWORK
from flowmap.graph.responsible import responsible
from flowmap.i18n import N_, _
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.nonconformity import classification
from flowmap.outputs.report.handoff_table import HandoffRow
from flowmap.outputs.report.places import ORGANISATION, Places, acting_units, unit_name
from flowmap.outputs.report.scorecard import handoff_findings
from flowmap.outputs.report.sheets import waiver_status, waiver_terms
from flowmap.shares import fraction, percent

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


def said_fraction(part: int, whole: int) -> str:
    """`shares.fraction` in the report's language ("24 of 25, 96%"): for the page. The
    files keep `fraction`, in English, to be read back."""
    if not whole:
        return fraction(part, whole)
    return _("{part} of {whole}, {share}").format(
        part=part, whole=whole, share=percent(part / whole)
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
    # unit -> (its rows, the rows it supplies in, the rows it receives in), indexed once
    _by_unit: dict[str, tuple[list[Row], list[Row], list[Row]]] | None = field(
        default=None, repr=False
    )
    _unit_indexed: int = field(default=0, repr=False)

    def page_header(self, index: int) -> str:
        """A column's heading on the page, in the report's language (the files keep the
        English one: it names the column for whoever reads the file back)."""
        header = self.headers[index]
        return _(_HEADERS.get(header, header.replace("_", " ")))

    def page_cell(self, row: Row, index: int) -> str:
        """A cell as the page shows it: flowmap's own words in the report's language, map
        text as written. The files keep flowmap's words in English, so that a report can
        be followed up (`--since`) whatever language either was written in."""
        cell = row.cells[index]
        header = self.headers[index]
        own = _PAGE_WORDS_WAIVERS if self.name == "waivers" else {}
        translate = own.get(header) or _PAGE_WORDS.get(header)
        return translate(cell) if translate and cell else cell

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
        return list(self._of_unit(unit)[0])

    def supplied_by(self, unit: str) -> list[Row]:
        """The handoffs in which `unit` is on the supplier's side (its handoffs out)."""
        return list(self._of_unit(unit)[1])

    def received_by(self, unit: str) -> list[Row]:
        """The handoffs in which `unit` is on the customer's side (its handoffs in)."""
        return list(self._of_unit(unit)[2])

    def _of_unit(self, unit: str) -> tuple[list[Row], list[Row], list[Row]]:
        """The unit's rows (`of_unit`, `supplied_by`, `received_by`), from an index made in
        one pass over the rows: a report asks for every unit's, and a 50 KB map can state
        87,000 handoffs (which three passes a unit went over)."""
        if self._by_unit is None or self._unit_indexed != len(self.rows):
            self._by_unit = {}
            for row in self.rows:
                for name in dict.fromkeys((*row.units, *row.suppliers)):
                    about, supplies, receives = self._by_unit.setdefault(name, ([], [], []))
                    if name in row.units:
                        about.append(row)
                    if name in row.suppliers:
                        supplies.append(row)
                    elif name in row.units:
                        receives.append(row)
            self._unit_indexed = len(self.rows)
        return self._by_unit.get(unit, ([], [], []))


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
    # Each step's cells, made once: a step takes part in many handoffs (58 where `next`
    # fans out to 29 steps).
    sides: dict[tuple[int, str], tuple[str, str, tuple[str, ...]]] = {}

    def side(step: t.Step, executor: str) -> tuple[str, str, tuple[str, ...]]:
        key = (id(step), executor)
        if key not in sides:
            acting = acting_units(responsible(org, [step]))
            sides[key] = (_step(step, executor), _units(org, step), acting)
        return sides[key]

    for row in rows:
        findings = handoff_findings(marks, row.supplier, row.customer, row.needs)
        excused = handoff_findings(waived, row.supplier, row.customer, row.needs) if waived else []
        supplier_step, supplier_units, suppliers = side(row.supplier, row.supplier_executor)
        customer_step, customer_units, customers = side(row.customer, row.customer_executor)
        units = tuple(dict.fromkeys(suppliers + customers))
        table.rows.append(
            Row(
                (
                    row.process,
                    _VIA[row.via],
                    supplier_step,
                    supplier_units,
                    customer_step,
                    customer_units,
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


# -- the page's words -------------------------------------------------------------------------
# Every column heading as the page writes it (marked for the catalogue); a heading not listed
# shows as written, "_" as a space.
_HEADERS = {
    header: header
    for header in (
        N_("process"),
        N_("kind of handoff"),
        N_("supplier step"),
        N_("supplier's unit"),
        N_("customer step"),
        N_("customer's unit"),
        N_("item"),
        N_("requires"),
        N_("due"),
        N_("supplier's lead time"),
        N_("on time?"),
        N_("satisfaction"),
        N_("status"),
        N_("NC"),
        N_("severity"),
        N_("rule"),
        N_("where"),
        N_("subject"),
        N_("what to do"),
        N_("reason"),
        N_("approved by"),
        N_("until"),
        N_("days left"),
        N_("since"),
        N_("classification"),
        N_("message"),
        N_("change"),
        N_("what changed"),
        N_("responsible units"),
    )
}
_HEADERS["responsible_units"] = "responsible units"
# flowmap's own words in cells, each a message of the catalogue
_WORDS = (
    N_("flow"),
    N_("stated by a need"),
    N_("rework feedback"),
    N_("(no need stated)"),
    N_("(external customer)"),
    N_("(no unit)"),
    N_("(nobody named)"),
    N_("none"),
    N_("on time"),
    N_("late"),
    N_("no lead time"),
    N_("no due"),
    N_("no need stated"),
    N_("OK"),
    N_("error"),
    N_("warning"),
    N_("info"),
    N_("major"),
    N_("minor"),
    N_("observation"),
    N_("below target"),
    N_("waived"),
    N_("Organisation"),
    N_("Unassigned"),
    N_("no end date"),
    N_("no approver, no end date"),
    N_("ends today"),
    N_("new"),
    N_("resolved"),
    N_("still open"),
    N_("added"),
    N_("changed"),
    N_("removed"),
    N_("All processes"),
)
# The facts of a handoff the follow-up compares (`followup.HANDOFF_FACTS`), as it names them.
_FACTS = (N_("requires"), N_("due"), N_("lead time"), N_("satisfaction"), N_("status"))
# What a finding is about, by kind (`findings.Subject`; the model's nouns, `fields.NOUN`)
_KINDS = (
    N_("need"),
    N_("customer"),
    N_("unit"),
    N_("role"),
    N_("service"),
    N_("goal"),
    N_("step"),
    N_("process"),
    N_("map"),
    N_("file"),
    N_("handoff"),
    N_("operation"),
    N_("external customer"),
    N_("customer need"),
)
_WORD = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
    + r")(?![\w-])"
)


def _words(cell: str) -> str:
    """Each of flowmap's words in a cell in the report's language (rule ids, ids and map
    text around them untouched: a word must stand alone, not inside an id)."""
    return _WORD.sub(lambda found: _(found[1]), cell)


def whole_word(cell: str) -> str:
    """A cell that is one of flowmap's words, else map text (a process or unit name)."""
    return _(cell) if cell in _WORDS else cell


def _step_by(cell: str) -> str:
    """ "Name (id), by who": flowmap's "by" in the report's language."""
    step, by, who = cell.rpartition(", by ")
    if not by:
        return cell
    return _("{step}, by {who}").format(step=step, who=whole_word(who))


def _subject(cell: str) -> str:
    """ "kind id": the kind in the report's language, the id as written."""
    kind, space, key = cell.partition(" ")
    return f"{_(kind)} {key}" if space and kind in _KINDS else cell


def _changed(cell: str) -> str:
    """ "fact: before → after; …" (a handoff's change since the last audit): each fact's
    name, and flowmap's words in its values, in the report's language."""
    changes = []
    for change in cell.split("; "):
        fact, colon, values = change.partition(": ")
        if colon and fact in _FACTS:
            change = _("{fact}: {values}").format(fact=_(fact), values=_words(values))
        changes.append(change)
    return _("; ").join(changes)


def _holds(cell: str) -> str:
    found = re.fullmatch(r"holds, ends in (\d+) days", cell)
    return _("holds, ends in {days} days").format(days=found[1]) if found else whole_word(cell)


_PAGE_WORDS = {
    "process": whole_word,
    "kind of handoff": whole_word,
    "supplier step": _step_by,
    "customer step": _step_by,
    "supplier's unit": _words,
    "customer's unit": _words,
    "item": whole_word,
    "due": _words,
    "on time?": whole_word,
    "satisfaction": _words,
    "status": _words,
    "severity": _words,
    "classification": whole_word,
    "since": whole_word,
    "responsible_units": _words,
    "responsible units": _words,
    "subject": _subject,
    "change": whole_word,
    "what changed": _changed,
}
_PAGE_WORDS_WAIVERS = {"status": _holds}
