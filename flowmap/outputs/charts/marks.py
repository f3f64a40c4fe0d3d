"""Which model object a finding is about, read from the finding's subject.

A finding names its subject (kind and id, see `flowmap.findings.Subject`); the charts draw
it on that object's node or edge, the report files it, the editor jumps to it. A handoff's
finding is drawn on the customer's need for the item (the edge's terms); a file's on the
file's map.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flowmap.findings import Finding
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.subjects import find_subject

T = TypeVar("T")


class Marks:
    """Findings by the model object they are about."""

    def __init__(self, org: Organisation, findings: list[Finding]) -> None:
        self.findings = list(findings)
        self._org = org
        self._by_process: dict[str, set[Finding]] | None = None
        self._by_object: dict[int, list[Finding]] = {}
        self._about: dict[Finding, t.Located] = {}
        self._grouped: dict[tuple[int, Callable], dict[Hashable, list[Finding]]] = {}
        self._cached: dict[Hashable, object] = {}
        for finding in self.findings:
            obj = find_subject(org, finding.subject) if finding.subject else None
            if obj is not None:
                self._by_object.setdefault(id(obj), []).append(finding)
                self._about[finding] = obj

    def about(self, finding: Finding) -> t.Located | None:
        """The object `finding` is about (the editor jumps to it)."""
        return self._about.get(finding)

    def on(self, obj: t.Located) -> list[Finding]:
        """The findings about `obj` itself (not about the objects nested in it)."""
        return self._by_object.get(id(obj), [])

    def of_process(self, key: str) -> set[Finding]:
        """The findings about process `key`, its steps and their needs (indexed once: a
        report asks for every process)."""
        if self._by_process is None:
            self._by_process = {}
            for finding, obj in self._about.items():
                if isinstance(obj, t.StepNeed):
                    obj = self._org.step_of(obj)
                process = obj.id if isinstance(obj, t.Process) else getattr(obj, "process", None)
                if isinstance(obj, t.Step | t.Process) and process:
                    self._by_process.setdefault(process, set()).add(finding)
        return self._by_process.get(key, set())

    def of_unit(self, unit: str) -> set[Finding]:
        """The findings unit `unit` must act on."""
        return {f for f in self.findings if unit in f.responsible.units}

    def grouped(
        self, obj: t.Located, kind: Callable[[Finding], Hashable]
    ) -> dict[Hashable, list[Finding]]:
        """The findings about `obj` by `kind(finding)`, sorted out once per object and kind:
        the report asks a step for its findings of a rule once per handoff it takes part in
        (29 handoffs a step where `next` fans out), which was quadratic in the handoffs."""
        key = (id(obj), kind)
        found = self._grouped.get(key)
        if found is None:
            found = self._grouped[key] = {}
            for finding in self.on(obj):
                found.setdefault(kind(finding), []).append(finding)
        return found

    def cached(self, key: Hashable, work: Callable[[], T]) -> T:
        """What `work()` gives, worked out once for these marks and `key`: the report's
        page table and its sheet both ask each handoff for the findings that make it fail
        (87,000 handoffs in a 50 KB map whose `next` fans out)."""
        if key not in self._cached:
            self._cached[key] = work()
        return self._cached[key]  # type: ignore[return-value]
