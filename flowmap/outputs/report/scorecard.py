"""The numbers of the audit report: how far each process and unit follows the three steps.

A step complies with a three-step rule when no finding of that rule is about it (or about
one of its needs). Waived findings count as complied with, and the report lists the waiver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowmap.findings import Finding
from flowmap.model import types as t
from flowmap.model.flow import handoffs
from flowmap.model.org import Organisation, walk_steps
from flowmap.outputs.charts.marks import Marks

THREE_STEPS = ("recheck-upstream", "assure-own", "serve-downstream")
PRINCIPLES = ("inside-outside-line", "top-bottom-line", "next-step-is-customer")


@dataclass
class Compliance:
    """Internal steps of a process or unit, and how many break each three-step rule."""

    name: str
    steps: int = 0
    breaking: dict[str, int] = field(default_factory=lambda: dict.fromkeys(THREE_STEPS, 0))
    compliant: int = 0

    @property
    def share(self) -> float | None:
        return self.compliant / self.steps if self.steps else None


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
    measured: list[float]
    target: float

    @property
    def satisfaction(self) -> float | None:
        return sum(self.measured) / len(self.measured) if self.measured else None

    @property
    def below_target(self) -> int:
        return sum(1 for value in self.measured if value < self.target)


def scorecard(
    org: Organisation, findings: list[Finding], waived: int, target: float
) -> Scorecard:
    marks = Marks(org, findings)
    steps = list(org.all_steps())
    flow = list(handoffs(org))
    by_process = [
        _compliance(org, marks, process.name or process.id, walk_steps(process.steps))
        for process in org.processes.values()
    ]
    units: dict[str, list[t.Step]] = {unit: [] for unit in org.units}
    for step in steps:
        unit = org.unit_of(step.by)
        if unit in units and org.is_internal(step):
            units[unit].append(step)
    by_unit = [
        _compliance(org, marks, org.units[unit].name or unit, unit_steps)
        for unit, unit_steps in units.items()
        if unit_steps
    ]
    return Scorecard(
        processes=len(org.processes),
        steps=len(steps),
        internal_steps=sum(1 for step in steps if org.is_internal(step)),
        operations=sum(1 for step in steps if step.parent),
        handoffs=len(flow),
        internal_handoffs=sum(
            1 for h in flow if org.is_internal(h.supplier) and org.is_internal(h.customer)
        ),
        by_process=by_process,
        by_unit=by_unit,
        principles={rule: sum(1 for f in findings if f.rule == rule) for rule in PRINCIPLES},
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity == "warning"),
        waived=waived,
        measured=[
            need.satisfaction
            for step in steps
            for need in step.needs
            if need.satisfaction is not None
        ],
        target=target,
    )


def _compliance(org: Organisation, marks: Marks, name: str, steps) -> Compliance:
    result = Compliance(name)
    for step in steps:
        if not org.is_internal(step):
            continue
        result.steps += 1
        rules = {f.rule for f in marks.on(step)}
        rules.update(f.rule for need in step.needs for f in marks.on(need))
        broken = rules.intersection(THREE_STEPS)
        for rule in broken:
            result.breaking[rule] += 1
        if not broken:
            result.compliant += 1
    return result
