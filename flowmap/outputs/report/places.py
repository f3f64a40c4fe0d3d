"""Where a finding belongs in the report: the process and the unit it concerns.

A finding on a step or one of its needs belongs to the step's process and to the unit that
does the step; one on a role, goal or service to the unit of its role, owner or provider;
one on a process to that process. What concerns no process (units, services, goals, the
organisation's files) is listed under "Organisation".
"""

from __future__ import annotations

from dataclasses import dataclass

from flowmap.findings import Finding
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts.marks import Marks

ORGANISATION = "Organisation"


@dataclass(frozen=True)
class Place:
    process: str | None  # a process key
    unit: str | None  # a unit id


class Places:
    def __init__(self, org: Organisation, marks: Marks) -> None:
        self.org = org
        self.marks = marks
        self._step_of_need = {id(need): step for step in org.all_steps() for need in step.needs}

    def of(self, finding: Finding) -> Place:
        about = self.marks.about(finding)
        step = self._step_of_need.get(id(about)) if isinstance(about, t.StepNeed) else about
        org = self.org
        if isinstance(step, t.Step):
            return Place(step.process or None, org.unit_of(step.by))
        if isinstance(about, t.Process):
            return Place(about.id, None)
        if isinstance(about, t.Unit):
            return Place(None, about.id)
        if isinstance(about, t.Role):
            return Place(None, about.unit)
        if isinstance(about, t.Goal):
            return Place(None, org.unit_of(about.owner))
        if isinstance(about, t.Service):
            return Place(None, about.provider)
        return Place(None, None)

    def unit_name(self, unit: str | None) -> str:
        found = self.org.units.get(unit or "")
        return (found.name or found.id) if found else ""

    def process_name(self, key: str | None) -> str:
        found = self.org.processes.get(key or "")
        return (found.name or found.id) if found else ""
