"""The id a finding gives the thing it is about (format 1.2; docs/rules/README.md, "Who must act").

Objects with ids use them; a step's need is `STEP#needs/ITEM` and a handoff
`SUPPLIER->CUSTOMER:ITEM`, the item as normalised for matching; a file is its path
relative to the project root. These ids are what fingerprints are made of, so they never
hold a line number or a path as typed.

>>> from flowmap.model import types as t
>>> step = t.Step(id="plan", needs=[t.StepNeed(item="Sales  order ")])
>>> str(need_subject(step, step.needs[0]))
'need plan#needs/Sales  order'
>>> str(handoff_subject(t.Step(id="accept"), step, "sales order"))
'handoff accept->plan:sales order'
"""

from __future__ import annotations

from flowmap.findings import Subject
from flowmap.model import types as t
from flowmap.model.texts import normal

KINDS: dict[type, str] = {
    t.Step: "step",
    t.StepNeed: "need",
    t.Unit: "unit",
    t.Role: "role",
    t.Service: "service",
    t.Goal: "goal",
    t.Process: "process",
    t.Customer: "customer",
    t.CustomerNeed: "customer-need",
    t.Map: "file",
}


def need_subject(step: t.Step, need: t.StepNeed) -> Subject:
    return Subject("need", f"{step.id}#needs/{normal(need.item)}")


def handoff_subject(supplier: t.Step, customer: t.Step, item: str) -> Subject:
    return Subject("handoff", f"{supplier.id}->{customer.id}:{normal(item)}")


def subject_of(obj: t.Located, step_of_need, file_id) -> Subject:
    """The subject for a model object; `step_of_need(need)` gives a need's step and
    `file_id(shown)` a file's project-relative path."""
    kind = KINDS.get(type(obj), "file")
    if isinstance(obj, t.StepNeed):
        step = step_of_need(obj)
        if step is not None:
            return need_subject(step, obj)
    key = getattr(obj, "id", "")
    if kind == "file" or not key:  # a map, or an object whose id the schema refused
        return Subject("file", file_id(obj.pos[0]))
    return Subject(kind, key)


def find_subject(org, subject: Subject) -> t.Located | None:
    """The object a subject names in `org` (a handoff: the customer's need for its item)."""
    kind, key = subject
    if kind in ("need", "handoff"):
        if kind == "need":
            step_id, _, item = key.partition("#needs/")
        else:
            route, _, item = key.partition(":")
            step_id = route.partition("->")[2]
        step = org.steps.get(step_id)
        if step is None:
            return None
        return next((need for need in step.needs if normal(need.item) == item), step)
    if kind == "file":
        return next((m for m in org.maps if org.source(m.file) == key), None)
    if kind == "customer-need":
        return org.needs.get(key)
    return org.get(kind, key)
