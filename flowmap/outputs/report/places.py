"""Where a finding belongs in the report: the process it concerns and the units that must act.

Both are read from the finding itself: its subject (a step, a need or a handoff belongs to
the process of the step that states it; a process to itself) and its responsible units,
which the rule decided (the supplier of a late handoff, the receiver of a missing
recheck, ...). A finding whose acting step names no known executor is filed under
"Unassigned" as well. What concerns no process is listed under "Organisation".
"""

from __future__ import annotations

from dataclasses import dataclass

from flowmap.findings import Finding, Responsible
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.subjects import find_subject

ORGANISATION = "Organisation"
# The scorecard's row and the page's section for work nobody known must do: not a unit id
# (ids start with a letter or digit), so no unit of a map can be mistaken for it.
UNASSIGNED = "(unassigned)"
UNASSIGNED_NAME = "Unassigned"


@dataclass(frozen=True)
class Place:
    process: str | None  # a process key
    units: tuple[str, ...]  # the ids of the units that must act (and UNASSIGNED)


def acting_units(who: Responsible) -> tuple[str, ...]:
    """The units of a responsible party, with UNASSIGNED for a step nobody known does."""
    return (*who.units, UNASSIGNED) if who.unassigned else who.units


class Places:
    def __init__(self, org: Organisation) -> None:
        self.org = org
        self._places: dict[int, tuple[Finding, Place]] = {}  # id(finding) -> its place

    def of(self, finding: Finding) -> Place:
        """Where `finding` belongs (worked out once: the page's table and the sheet ask)."""
        found = self._places.get(id(finding))
        if found is None or found[0] is not finding:
            place = Place(self._process(finding), acting_units(finding.responsible))
            found = self._places[id(finding)] = (finding, place)
        return found[1]

    def _process(self, finding: Finding) -> str | None:
        subject = finding.subject
        if subject is None or subject.kind not in ("step", "need", "handoff", "process"):
            return None
        about = find_subject(self.org, subject)
        if isinstance(about, t.StepNeed):
            about = self.org.step_of(about)
        if isinstance(about, t.Step):
            return about.process or None
        return about.id if isinstance(about, t.Process) else None

    def unit_names(self, units: tuple[str, ...]) -> str:
        return ", ".join(unit_name(self.org, unit) for unit in units)

    def process_name(self, key: str | None) -> str:
        found = self.org.processes.get(key or "")
        return (found.name or found.id) if found else ""


def unit_name(org: Organisation, unit: str) -> str:
    if unit == UNASSIGNED:
        return UNASSIGNED_NAME
    found = org.units.get(unit)
    return (found.name or found.id) if found else unit
