"""The one small immutable type every layer speaks: a finding about a place in a file."""

from __future__ import annotations

from typing import NamedTuple

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

# A place in a source file: (file, line, column), line and column 1-based.
Pos = tuple[str, int, int]


class Finding(NamedTuple):
    """One problem: which rule, how bad, where, and what to write to fix it."""

    rule: str
    severity: str
    file: str
    line: int
    column: int
    message: str

    @classmethod
    def at(cls, pos: Pos, rule: str, severity: str, message: str) -> Finding:
        return cls(rule, severity, pos[0], pos[1], pos[2], message)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)


class Waived(NamedTuple):
    """A finding a waiver silenced, with the waiver's reason."""

    finding: Finding
    reason: str
