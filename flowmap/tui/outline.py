"""What the editor's tree shows, and the text views beside it: plain data, no widgets.

Kept apart from the widgets so that the tree's content, the preview and the relations can
be tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from flowmap.graph import customers_of, suppliers_of
from flowmap.graph.build import CUSTOMER_KINDS
from flowmap.graph.relations import REWORK, Handoff, chains, handoffs_into, successors
from flowmap.load.names import shown_name
from flowmap.model import types as t
from flowmap.model.fields import FIELDS, NOUN, sections
from flowmap.model.org import Organisation

# The sections of a file (from FIELDS), processes first, with the kind of their items.
SECTION_KINDS = tuple(
    sorted(
        ((key, NOUN[FIELDS[t.Map][key].item]) for key in sections()),
        key=lambda section: section[0] != "processes",
    )
)


@dataclass
class Entry:
    """One line of the tree: what it says and which object it stands for."""

    label: str
    kind: str  # file, section, process, step, operation, customer, need, unit, ...
    key: str  # the object's id (for a file: its name; for a section: "file:section")
    children: list[Entry] = field(default_factory=list)


def outline(org: Organisation, files: list[str]) -> list[Entry]:
    """Files → sections → items; processes → steps → operations; customers → needs."""
    entries = []
    for the_map in sorted(org.maps, key=lambda m: files.index(m.file) if m.file in files else 0):
        file_entry = Entry(the_map.file, "file", the_map.file)
        for section, kind in SECTION_KINDS:
            objects = getattr(the_map, section)
            if not objects:
                continue
            section_entry = Entry(
                f"{section} ({len(objects)})", "section", f"{the_map.file}:{section}"
            )
            for obj in objects:
                section_entry.children.append(_entry(obj, kind))
            file_entry.children.append(section_entry)
        entries.append(file_entry)
    return entries


def label(obj: t.Located) -> str:
    """An item's row in the tree: its id and its name (or text)."""
    name = getattr(obj, "name", "") or getattr(obj, "text", "")
    text = f"{obj.id} — {name}" if name and name != obj.id else obj.id or "(no id)"
    return shown_name(text)  # control and bidi characters as escapes: data, not commands


def _entry(obj: t.Located, kind: str) -> Entry:
    entry = Entry(label(obj), kind, obj.id)
    if isinstance(obj, t.Process):
        entry.children = [_entry(step, "step") for step in obj.steps]
    elif isinstance(obj, t.Step):
        entry.children = [_entry(op, "operation") for op in obj.operations]
    elif isinstance(obj, t.Customer):
        entry.children = [_entry(need, "need") for need in obj.needs]
    return entry


def find_object(org: Organisation, kind: str, key: str) -> t.Located | None:
    return org.get(kind, key)


def row_of(org: Organisation, obj: t.Located) -> tuple[str, str] | None:
    """The tree's (kind, key) for a model object; a step need is shown as its step."""
    if isinstance(obj, t.StepNeed):
        step = step_of_need(org, obj)
        return (("operation" if step.parent else "step"), step.id) if step else None
    kinds = {
        t.Process: "process",
        t.Customer: "customer",
        t.CustomerNeed: "need",
        t.Unit: "unit",
        t.Role: "role",
        t.Service: "service",
        t.Goal: "goal",
    }
    if isinstance(obj, t.Step):
        return ("operation" if obj.parent else "step"), obj.id
    kind = kinds.get(type(obj))
    return (kind, obj.id) if kind else None


def step_of_need(org: Organisation, need: t.StepNeed) -> t.Step | None:
    """The step (or operation) that has a need."""
    return org.step_of(need)


def process_preview(org: Organisation, process_id: str | None) -> str:
    """The chain of a process as text: who hands over to whom, branches, rework, operations."""
    process = org.processes.get(process_id or "")
    if process is None:
        return "Select a process or one of its steps to see its chain."
    lines = [f"{process.name or process.id}  →  {process.customer or '(no customer)'}", ""]
    _chain_lines(org, process.steps, lines, depth=0)
    return "\n".join(lines)


def _chain_lines(org: Organisation, steps: list[t.Step], lines: list[str], depth: int) -> None:
    pad = "    " * depth
    for index, step in enumerate(steps):
        who = step.by or "nobody"
        mark = "◆" if org.is_external(step) else "●"
        lines.append(f"{pad}{mark} {step.id}  [{who}]")
        for handoff in handoffs_into(org, step):  # the model `flowmap check` judges
            lines.append(f"{pad}    ⇐ {_handed_over(handoff)}")
        if step.operations:
            _chain_lines(org, step.operations, lines, depth + 1)
        after = [s.id for s in successors(org, steps, index)]
        if step.next is not None or len(after) > 1:
            lines.append(f"{pad}    ↳ next: {', '.join(after) or '(the flow ends here)'}")
        elif after:
            lines.append(f"{pad}    ↓")
        if step.rework:
            lines.append(f"{pad}    ↺ rework: {', '.join(step.rework)}")


def _handed_over(handoff: Handoff) -> str:
    """What a handoff carries, from whom, and by when its customer needs it."""
    supplier = handoff.supplier.id
    if handoff.via == REWORK:
        return f"rework from {supplier}"
    if not handoff.needs:
        items = ", ".join(handoff.supplier.delivers) or "(nothing stated)"
        return f"{items} from {supplier} (no need stated)"
    parts = []
    for need in handoff.needs:
        due = f" (due {need.due.text})" if need.due else ""
        parts.append(f"{need.item}{due}")
    return f"{'; '.join(parts)} from {supplier}"


def relations(graph: nx.MultiDiGraph, key: str) -> str:
    """The customers and suppliers of a node, by edge kind."""
    if key not in graph:
        return "Select a unit, role, step or customer to see its customers and suppliers."
    lines = []
    for title, query in (("Customers of", customers_of), ("Suppliers of", suppliers_of)):
        lines.append(f"{title} {key}:")
        found = False
        for kind in CUSTOMER_KINDS:
            others = query(graph, key, kind=kind)
            if others:
                found = True
                lines.append(f"  {kind:<9} {', '.join(others)}")
        if not found:
            lines.append("  (none)")
    return "\n".join(lines)


def chain_of(org: Organisation, step_id: str) -> str | None:
    """The process a step (or operation) belongs to."""
    step = org.steps.get(step_id)
    return step.process if step else None


__all__ = ["SECTION_KINDS", "Entry", "chains", "outline", "process_preview", "relations"]
