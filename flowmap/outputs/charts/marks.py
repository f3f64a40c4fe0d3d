"""Which model object a finding is about, read from the finding's subject.

A finding names its subject (kind and id, see `flowmap.findings.Subject`); the charts draw
it on that object's node or edge, the report files it, the editor jumps to it. A handoff's
finding is drawn on the customer's need for the item (the edge's terms); a file's on the
file's map.
"""

from __future__ import annotations

from flowmap.findings import Finding
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.subjects import find_subject


class Marks:
    """Findings by the model object they are about."""

    def __init__(self, org: Organisation, findings: list[Finding]) -> None:
        self.findings = list(findings)
        self._by_object: dict[int, list[Finding]] = {}
        self._about: dict[Finding, t.Located] = {}
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
