"""What the editor's tree shows, and the text views beside it: plain data, no widgets.

Kept apart from the widgets so that the tree's content, the preview and the relations can
be tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import networkx as nx

from flowmap.dates import today
from flowmap.graph import customers_of, suppliers_of
from flowmap.graph.build import CUSTOMER_KINDS
from flowmap.graph.relations import REWORK, Handoff, chains, handoffs_into, successors
from flowmap.load.names import shown_name
from flowmap.model import types as t
from flowmap.model.fields import FIELDS, NOUN, sections
from flowmap.model.org import Organisation
from flowmap.shares import percent

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


SPARKS = "▁▂▃▄▅▆▇█"


@dataclass
class SatisfactionView:
    """What the customers panel shows of the selection's measured satisfaction."""

    text: str
    holder: t.Located | None = None  # where "add action" writes: the first shortfall shown
    about: str = ""  # that relationship, for the question
    suggestion: str = ""  # the answer offered: "; SUPPLIER-ROLE; A DAY 90 DAYS ON"


def satisfaction_view(org: Organisation, config, kind: str, key: str) -> SatisfactionView:
    """The surveyed relationships the selection supplies or receives (a step, role,
    service, process, unit or external customer): latest share, a sparkline over the
    periods, the status against the target, and the first improvement action."""
    from flowmap.graph.satisfaction import BELOW, summarise, units_of

    summary = summarise(org, config)
    if not summary.periods:
        return SatisfactionView("")
    shown = [
        found
        for found in summary.standing
        if _concerns(found.relationship, kind, key)
        or (kind == "unit" and key in units_of(org, found.relationship))
    ]
    if not shown:
        return SatisfactionView("")
    lines = [f"Satisfaction, by {config.survey_period} ({' '.join(summary.periods)}):"]
    for found in shown:
        rel = found.relationship
        measured = next(m for m in summary.measured if m.relationship.key == rel.key)
        spark = "".join(
            _spark(measured.periods[p].share) if p in measured.periods else " "
            for p in summary.periods
        )
        item = f": {rel.item}" if rel.kind in ("handoff", "function") and rel.item else ""
        kind_shown = "" if rel.kind == "handoff" else f" ({rel.kind})"
        lines.append(shown_name(f" {rel.supplier} → {rel.customer}{item}{kind_shown}"))
        tally = found.tally
        counted = f" ({tally.satisfied}/{tally.responses})" if tally else ""
        latest = f"{percent(found.share)}{counted}" if found.share is not None else "–"
        lines.append(
            f"   {spark} {latest} {found.status} {percent(found.target)}"
            + (f", {found.period}" if found.period else "")
        )
        actions = getattr(rel.holder, "actions", [])
        for action in actions[:1]:
            day = action.by_date.isoformat() if action.by_date else "no date"
            more = f"; {len(actions) - 1} more" if len(actions) > 1 else ""
            lines.append(shown_name(f"   action: {action.what} ({action.owner}, by {day}{more})"))
        if not actions:
            lines.append("   action: none")
    # "add action" acts on the first relationship below target, else on the first shown
    target = next((found for found in shown if found.status == BELOW), shown[0]).relationship
    item = f": {target.item}" if target.kind in ("handoff", "function") and target.item else ""
    return SatisfactionView(
        "\n".join(lines),
        target.holder,
        f"{target.supplier} → {target.customer}{item}",
        f"; {_owner(org, target)}; {today() + timedelta(days=90)}",
    )


def _owner(org: Organisation, rel) -> str:
    """The role a new action is offered to: the first role among the supplier's."""
    from flowmap.graph.responsible import responsible

    roles = responsible(org, rel.acting).roles
    return roles[0] if roles else ""


def _spark(share: float) -> str:
    """A period's bar: from 50% (the lowest) to 100% (the highest), as the report's axis."""
    return SPARKS[max(0, min(int((share - 0.5) / 0.5 * 8), 7))]


def _concerns(rel, kind: str, key: str) -> bool:
    if kind in ("step", "operation", "role", "service", "process", "customer"):
        return key in (rel.supplier, rel.customer)
    return False


def chain_of(org: Organisation, step_id: str) -> str | None:
    """The process a step (or operation) belongs to."""
    step = org.steps.get(step_id)
    return step.process if step else None


__all__ = [
    "SECTION_KINDS",
    "Entry",
    "chains",
    "outline",
    "process_preview",
    "relations",
    "satisfaction_view",
]
