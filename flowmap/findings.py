"""The one small immutable type every layer speaks: a finding about a thing in a map.

A finding keeps, until an emitter writes it out, what it is about (its `subject`, the `key`
it concerns and, for a relationship, its `counterpart`) and who must act on it (its
`responsible` units, roles and steps). The place (file, line, column) is only where an editor
or a terminal points; no output works the subject or the unit out again from it.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

# A place in a source file: (file, line, column), line and column 1-based.
Pos = tuple[str, int, int]


class Subject(NamedTuple):
    """What a finding is about: a kind and an id within the organisation.

    Kinds: `step` (operations too), `need` (`STEP#needs/ITEM`), `handoff`
    (`SUPPLIER->CUSTOMER:ITEM`), `unit`, `role`, `service`, `goal`, `process`, `customer`,
    `customer-need`, and `file` (the file's path relative to the project root).
    """

    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class Responsible(NamedTuple):
    """Who must act on a finding: unit and role ids, and the steps whose doers they are.

    `unassigned` is set when a step that must act names no known executor: the report
    counts it under "Unassigned" (and under the units of its known executors, if any).
    """

    units: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    unassigned: bool = False


NOBODY = Responsible()


class Finding(NamedTuple):
    """One problem: which rule, how bad, where, what to write to fix it, what it is about
    and who must act."""

    rule: str
    severity: str
    file: str
    line: int
    column: int
    message: str
    subject: Subject | None = None
    key: str | None = None  # the key of the subject the finding concerns
    counterpart: Subject | None = None  # the other side of a relationship
    responsible: Responsible = NOBODY
    fingerprint: str = ""  # see `fingerprint`; set by the engine

    @classmethod
    def at(cls, pos: Pos, rule: str, severity: str, message: str, **about) -> Finding:
        return cls(rule, severity, pos[0], pos[1], pos[2], message, **about)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)


def fingerprint(
    rule: str, subject: Subject, key: str | None, counterpart: Subject | None, index: int | None
) -> str:
    """A finding's identity within its organisation: equal across runs, working folders and
    line moves; different for another rule, subject, key, counterpart or list item. Never
    the path as typed, the line or the message.

    >>> need = Subject("need", "plan#needs/order")
    >>> a = fingerprint("serve-downstream", need, "due", None, None)
    >>> a == fingerprint("serve-downstream", need, "due", None, None)
    True
    >>> a == fingerprint("serve-downstream", need, "requires", None, None)
    False
    """
    other = f"{counterpart.kind}\0{counterpart.id}" if counterpart else ""
    parts = (rule, subject.kind, subject.id, key or "", other, "" if index is None else str(index))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class Waived(NamedTuple):
    """A finding a waiver silenced, with the waiver's reason."""

    finding: Finding
    reason: str
