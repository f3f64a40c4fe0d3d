"""What a rule says about one object: the engine turns it into a finding."""

from __future__ import annotations

from typing import NamedTuple

from flowmap.findings import Subject
from flowmap.model.types import Located


class Issue(NamedTuple):
    subject: Located  # the object the issue is written at; its waivers apply
    message: str  # what is wrong and what to write to fix it
    key: str | None = None  # the key the issue concerns (where it points, if written)
    index: int | None = None  # the item of a list value
    # What the issue is about, when that is not `subject` itself: a handoff
    # (`model.subjects.handoff_subject`) whose terms are written at a need.
    about: Subject | None = None
    counterpart: Located | None = None  # the other side of a relationship
    acting: tuple[Located, ...] | None = None  # who must act (graph.responsible); None: subject
    # A rule whose findings differ in weight (improvement-action: a missing action is a
    # warning, an overdue one an error) says so here; None: the rule's SEVERITY. A severity
    # set in the settings wins over both.
    severity: str | None = None
