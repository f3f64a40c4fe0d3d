"""The numbers of the audit report: how far each process and unit follows the three steps.

A step complies with a three-step rule when no finding of that rule is charged to it: each
finding says which steps must act (`Finding.responsible`), so a late handoff counts against
the supplier step, a missing recheck against the receiving step. Waived findings count as
complied with, and the report lists the waiver. A unit counts every step one of its roles
(or the unit itself) does, a joint step in each executor's unit; a step whose executor is
unknown is counted in the "Unassigned" row (and in its known executors' units).

A handoff between two internal steps, supplier A -> customer B, complies when B re-checks
what it receives (no `recheck-upstream` finding on B), A assures its own work (no
`assure-own` finding on A), the handoff and B's needs from A carry none of the findings
(when B states no need from A: no `serve-downstream` finding on B; when A has no
`lead_time`: no `serve-downstream` finding on A), and both name known executors. A unit
counts the handoffs it takes part in, as supplier or customer; a process counts the
handoffs into its steps. The handoffs are those of
`graph.relations`: the flow, and every need that names its supplier further upstream, in
another process or as the step sending rework back.

A `satisfaction` on a need of a step the external customer does is external customer
satisfaction: it is held to its own target (95% by default) and shown apart, not averaged
into internal customer satisfaction (85% inside so that 95% outside).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flowmap.config import DEFAULT_CONFIG, Config
from flowmap.findings import ERROR, WARNING, Finding
from flowmap.graph.relations import Handoff, handoffs, is_internal
from flowmap.graph.responsible import responsible
from flowmap.graph.satisfaction import BELOW, MET
from flowmap.graph.satisfaction import standing as satisfaction_standing
from flowmap.model import types as t
from flowmap.model.org import Organisation, walk_steps
from flowmap.outputs.charts.marks import Marks
from flowmap.outputs.report.places import UNASSIGNED, UNASSIGNED_NAME, acting_units, unit_name

THREE_STEPS = ("recheck-upstream", "assure-own", "serve-downstream")
# A placeholder (`recheck: [无]`) keeps the three steps no better than an empty text: it
# counts against the three-step rule of the key it fills.
_PLACEHOLDER_COUNTS_AS = {
    "recheck": "recheck-upstream",
    "assure": "assure-own",
    "requires": "serve-downstream",
    "delivers": "serve-downstream",
}
PRINCIPLES = ("inside-outside-line", "top-bottom-line", "next-step-is-customer")


@dataclass
class Compliance:
    """Internal steps and handoffs of a process or unit, and how many break the three steps."""

    name: str
    steps: int = 0
    breaking: dict[str, int] = field(default_factory=lambda: dict.fromkeys(THREE_STEPS, 0))
    compliant: int = 0
    handoffs: int = 0  # between internal steps
    handoffs_compliant: int = 0

    @property
    def share(self) -> float | None:
        return self.compliant / self.steps if self.steps else None

    @property
    def handoff_share(self) -> float | None:
        return self.handoffs_compliant / self.handoffs if self.handoffs else None


@dataclass(frozen=True)
class Measured:
    """A measured satisfaction: the customer step's need from its supplier step."""

    supplier: str  # the supplier step's id; "" when the need names no known supplier
    customer: str
    item: str
    value: float
    waived: bool  # a waiver of the satisfaction rule that judges the need
    external: bool = False  # the need of a step the external customer does
    # What a reader knows the handoff by: its process and, of each side, the step's name
    # and the units doing it (names, not ids)
    process: str = ""
    supplier_name: str = ""
    supplier_units: str = ""
    customer_name: str = ""
    customer_units: str = ""


@dataclass
class Scorecard:
    processes: int
    steps: int
    internal_steps: int
    operations: int
    handoffs: int
    internal_handoffs: int
    by_process: list[Compliance]
    by_unit: list[Compliance]
    principles: dict[str, int]
    errors: int
    warnings: int
    waived: int
    measured: list[float]  # internal customer satisfaction, each measured handoff
    target: float
    total: Compliance = field(default_factory=lambda: Compliance("All processes"))
    measured_handoffs: list[Measured] = field(default_factory=list)  # internal and external
    external_measured: list[float] = field(default_factory=list)
    external_target: float = 0.95
    units: dict[str, Compliance] = field(default_factory=dict)  # by_unit, by unit id

    @property
    def satisfaction(self) -> float | None:
        return sum(self.measured) / len(self.measured) if self.measured else None

    @property
    def below_target(self) -> int:
        return sum(1 for value in self.measured if value < self.target)

    @property
    def external_satisfaction(self) -> float | None:
        found = self.external_measured
        return sum(found) / len(found) if found else None

    def target_of(self, measured: Measured) -> float:
        return self.external_target if measured.external else self.target


def scorecard(
    org: Organisation,
    findings: list[Finding],
    waived: int,
    target: float,
    external_target: float = 0.95,
    config: Config | None = None,
    marks: Marks | None = None,
) -> Scorecard:
    """`config` gives the survey settings (`flowmap.graph.satisfaction`); by default the
    defaults, with these targets. `marks`: the marks of these `findings`, when the caller
    has them: the findings that make each handoff fail are then worked out once for the
    scorecard, the page and the sheets (87,000 handoffs in a 50 KB map that fans out)."""
    marks = marks or Marks(org, [f for f in findings if _counted(f)])
    charged = _charged(findings)
    steps = list(org.all_steps())
    flow = handoffs(org)
    internal = [h for h in flow if is_internal(org, h.supplier) and is_internal(org, h.customer)]
    by_process = {
        key: _compliance(org, charged, process.name or key, walk_steps(process.steps))
        for key, process in org.processes.items()
    }
    units: dict[str, list[t.Step]] = {unit: [] for unit in org.units}
    units[UNASSIGNED] = []
    for step in steps:
        if is_internal(org, step):
            for unit in acting_units(responsible(org, [step])):
                units[unit].append(step)
    names = {unit: org.units[unit].name or unit for unit in org.units}
    names[UNASSIGNED] = UNASSIGNED_NAME
    by_unit = {
        unit: _compliance(org, charged, names[unit], unit_steps)
        for unit, unit_steps in units.items()
    }
    total = _compliance(org, charged, "All processes", steps)
    for handoff in internal:
        failing = [f for f in _failing(marks, handoff) if _counted(f)]
        for group in (total, by_process.get(handoff.customer.process)):
            if group is not None:
                group.handoffs += 1
                group.handoffs_compliant += not failing
        for unit in _units_of(org, handoff):  # a unit fails a handoff it must act on
            by_unit[unit].handoffs += 1
            by_unit[unit].handoffs_compliant += not any(
                unit in acting_units(f.responsible) for f in failing
            )
    settings = config or replace(
        DEFAULT_CONFIG, satisfaction_target=target, external_satisfaction_target=external_target
    )
    measured = _measured(org, settings)
    shown_units = {unit: c for unit, c in by_unit.items() if c.steps or c.handoffs}
    return Scorecard(
        processes=len(org.processes),
        steps=len(steps),
        internal_steps=total.steps,
        operations=sum(1 for step in steps if step.parent),
        handoffs=len(flow),
        internal_handoffs=len(internal),
        by_process=list(by_process.values()),
        by_unit=list(shown_units.values()),
        principles={rule: sum(1 for f in findings if f.rule == rule) for rule in PRINCIPLES},
        errors=sum(1 for f in findings if f.severity == ERROR),
        warnings=sum(1 for f in findings if f.severity == WARNING),
        waived=waived,
        measured=[m.value for m in measured if not m.external],
        target=target,
        total=total,
        measured_handoffs=measured,
        external_measured=[m.value for m in measured if m.external],
        external_target=external_target,
        units=shown_units,
    )


def _charged(findings: list[Finding]) -> dict[str, set[str]]:
    """Step id -> the three-step rules whose findings that step must act on."""
    charged: dict[str, set[str]] = {}
    for finding in findings:
        rule = three_step_rule(finding)
        if rule is not None:
            for step in finding.responsible.steps:
                charged.setdefault(step, set()).add(rule)
    return charged


def three_step_rule(finding: Finding) -> str | None:
    """The three-step rule a finding breaks, if any (a placeholder's: its key's)."""
    if finding.rule == "placeholder-text":
        return _PLACEHOLDER_COUNTS_AS.get(finding.key or "")
    return finding.rule if finding.rule in THREE_STEPS else None


def _compliance(org: Organisation, charged: dict, name: str, steps) -> Compliance:
    result = Compliance(name)
    for step in steps:
        if not is_internal(org, step):
            continue
        result.steps += 1
        rules = charged.get(step.id, ())
        for rule in rules:
            result.breaking[rule] += 1
        if not rules:
            result.compliant += 1
    return result


def _failing(marks: Marks, handoff: Handoff) -> list[Finding]:
    return handoff_findings(marks, handoff.supplier, handoff.customer, list(handoff.needs))


def handoff_findings(
    marks: Marks, supplier: t.Step, customer: t.Step, needs: list[t.StepNeed]
) -> list[Finding]:
    """The findings that make the handoff supplier -> customer fail: the customer does not
    re-check, the supplier does not assure, or the customer's needs from the supplier carry
    a finding (when it states none, its own `serve-downstream` about this supplier; when the
    supplier has no `lead_time`, the supplier's). The report's handoff table names them.

    A step's findings are sorted by rule once (`Marks.grouped`), and a customer's findings
    about its other suppliers are left out: the table of a map whose `next` fans out to 29
    steps listed every step's 29 missing needs on each of its 29 handoffs."""
    if not marks.findings:  # (the waived findings' marks, most often)
        return []
    key = ("handoff", id(supplier), id(customer), *map(id, needs))
    return marks.cached(key, lambda: _handoff_findings(marks, supplier, customer, needs))


def _handoff_findings(
    marks: Marks, supplier: t.Step, customer: t.Step, needs: list[t.StepNeed]
) -> list[Finding]:
    of_customer = marks.grouped(customer, _handoff_kind)
    of_supplier = marks.grouped(supplier, _handoff_kind)
    found = of_customer.get("recheck-upstream", []) + of_supplier.get("assure-own", [])
    found += [f for need in needs for f in marks.on(need)]
    found += of_supplier.get(_UNKNOWN_DOER, []) + of_customer.get(_UNKNOWN_DOER, [])
    own = of_customer.get(_SERVE, [])  # about none of its suppliers in particular
    if not needs:
        found += of_customer.get((_SERVE, supplier.id), [])
        found += [f for f in own if f.key != "lead_time"]
    if supplier.lead_time is None:
        # (not those about its own suppliers: they are its handoffs in, not this one)
        found += of_supplier.get(_SERVE, [])
    return sorted(dict.fromkeys(found), key=Finding.sort_key)


_UNKNOWN_DOER = "unknown doer"
_SERVE = "serve-downstream"


def _handoff_kind(finding: Finding) -> str | tuple | None:
    """What a finding on a step of a handoff counts as there: its three-step rule (for
    serve-downstream, with the supplier it is about, if any), or an executor nobody knows."""
    if _unknown_doer(finding):
        return _UNKNOWN_DOER
    rule = three_step_rule(finding)
    if rule == _SERVE and finding.counterpart is not None:
        return (_SERVE, finding.counterpart.id)
    return rule


def _counted(finding: Finding) -> bool:
    """Whether a finding can fail a handoff in the scorecard: a three-step rule's, or an
    executor nobody knows."""
    return bool(three_step_rule(finding)) or _unknown_doer(finding)


def _unknown_doer(finding: Finding) -> bool:
    """A step's `by` names nobody known: its handoffs have no known party on that side."""
    return finding.rule == "unknown-reference" and finding.key == "by"


def _units_of(org: Organisation, handoff: Handoff) -> tuple[str, ...]:
    """The units of both sides of a handoff (every executor of a joint step), each once;
    UNASSIGNED for a side whose executor is unknown. Put together from each side's, which
    are worked out once per step (`responsible`): a step takes part in many handoffs."""
    supplier = responsible(org, [handoff.supplier])
    customer = responsible(org, [handoff.customer])
    units = tuple(dict.fromkeys(supplier.units + customer.units))
    return (*units, UNASSIGNED) if supplier.unassigned or customer.unassigned else units


def _measured(org: Organisation, config: Config) -> list[Measured]:
    """Each measured relationship as the satisfaction rules judge it: by the latest survey
    period (too few responses, or none since an earlier period, are not a measurement),
    else by a need's static `satisfaction:`."""
    found = []
    for standing in satisfaction_standing(org, config):
        rel = standing.relationship
        if standing.share is None or standing.status not in (BELOW, MET):
            continue
        rule = "external-satisfaction-target" if rel.external else "satisfaction-target"
        found.append(
            Measured(
                rel.supplier,
                rel.customer,
                rel.item if rel.kind in ("handoff", "function") else "",
                standing.share,
                rule in rel.holder.waive,
                rel.external,
                *_names(org, rel.supplier, rel.customer),
            )
        )
    return found


def _names(org: Organisation, supplier: str, customer: str) -> tuple[str, str, str, str, str]:
    """What a reader knows a measured relationship by: the process of its customer step,
    and of each side the name and the units doing it (a role's, a unit's or a process's
    name where the survey names one)."""
    found = [org.get(org.kind_of(key) or "", key) for key in (supplier, customer)]
    process = found[1].process if isinstance(found[1], t.Step) else ""
    names = []
    for key, obj in zip((supplier, customer), found, strict=True):
        name = (getattr(obj, "name", "") or key) if obj is not None else key
        if isinstance(obj, t.Step):
            units = _step_units(org, obj)
        else:  # a role: its unit; a unit, a service or a process: its own name says it
            units = unit_name(org, obj.unit) if isinstance(obj, t.Role) and obj.unit else ""
        names += [name, units]
    return (_process_name(org, process) if process else "", *names)


def _process_name(org: Organisation, key: str) -> str:
    process = org.processes.get(key)
    return (process.name or key) if process else key


def _step_units(org: Organisation, step: t.Step) -> str:
    """The names of the units doing `step`; the external customer's name for its own."""
    if org.is_external(step):
        from flowmap.outputs.report.handoff_table import executors_name

        return executors_name(org, step)
    return ", ".join(unit_name(org, unit) for unit in acting_units(responsible(org, [step])))
