"""A process as a Mermaid flowchart, for Markdown that Git hosting renders (Mermaid 11).

A subgraph per unit (and one per external customer), a node per step (a step with
operations is a subgraph of its own holding them), an edge per handoff labelled with the
items handed over and the `due` the customer states, rework dashed, and the steps that
findings are about in the class `finding` (drawn red).

Map text never reaches Mermaid's syntax: node ids are made from the step ids with every
character but ASCII letters and digits coded (`end`, `a.b` and `a-b` are safe), and every
label is quoted with each character that Mermaid reads as syntax (quotes, brackets, `#`,
`;`, backticks, `<`, `>`, `&`, ...) written as an entity code (`#35;`), so a name is
always text and never markup or script.
"""

from __future__ import annotations

import re

from flowmap.findings import Finding
from flowmap.graph.relations import REWORK, handoffs, relations
from flowmap.load.names import shown_name
from flowmap.model import types as t
from flowmap.model.org import Organisation

FENCE = "```"
FINDING_CLASS = "finding"
_ID_RUN = re.compile(r"[^A-Za-z0-9_]+")
# Letters and digits of every script, spaces and a few harmless marks stay as they are.
_LABEL_KEPT = frozenset(" ,.:!?()/+-_'")  # not `%`: `%%{...}%%` is a directive anywhere


class Ids:
    """Mermaid node ids for map ids: a prefix, then ASCII letters, digits and `_` (every
    run of other characters one `_`), made unique with a number where two ids meet. The
    prefix keeps ids off Mermaid's keywords (`end`) and arrow heads (`o`, `x`).

    >>> ids = Ids()
    >>> ids.of("s", "end"), ids.of("s", "a.b-c"), ids.of("s", "a-b-c"), ids.of("s", "end")
    ('s_end', 's_a_b_c', 's_a_b_c_2', 's_end')
    """

    def __init__(self) -> None:
        self._given: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def of(self, prefix: str, key: str) -> str:
        found = self._given.get((prefix, key))
        if found is None:
            found = base = f"{prefix}_{_ID_RUN.sub('_', key)}"
            number = 1
            while found in self._taken:
                number += 1
                found = f"{base}_{number}"
            self._taken.add(found)
            self._given[(prefix, key)] = found
        return found


def label(text: str) -> str:
    """`text` as a quoted Mermaid label: every character Mermaid could read as syntax
    written as its entity code.

    >>> label('Say "hi" [now]; #1 `x`')
    '"Say #34;hi#34; #91;now#93;#59; #35;1 #96;x#96;"'
    """
    shown = shown_name(text)  # control characters as visible escapes, on one line
    coded = "".join(
        char if char.isalnum() or char in _LABEL_KEPT else f"#{ord(char)};" for char in shown
    )
    return f'"{coded}"'


def process_mermaid(
    org: Organisation, process: t.Process, findings: list[Finding], fenced: bool = False
) -> str:
    """The Mermaid flowchart of `process`; `fenced`: inside a ```mermaid block."""
    marked = _marked(org, findings)
    ids = Ids()
    lines = [
        "flowchart LR",
        f"  classDef {FINDING_CLASS} fill:#fde2e2,stroke:#c62828,stroke-width:2px",
    ]
    groups: dict[str, list[t.Step]] = {}
    for step in process.steps:
        groups.setdefault(_group(org, step), []).append(step)
    flagged: list[str] = []
    for group, steps in groups.items():
        lines.append(f"  subgraph {ids.of('g', group)}[{label(_group_name(org, group))}]")
        for step in steps:
            _step(lines, ids, step, "    ", marked, flagged)
        lines.append("  end")
    steps = {id(step) for step in _walk(process.steps)}
    for handoff in handoffs(org):
        if id(handoff.supplier) not in steps or id(handoff.customer) not in steps:
            continue
        arrow = "-.->" if handoff.via == REWORK else "-->"
        lines.append(_edge(ids, handoff.supplier, handoff.customer, arrow, _terms(handoff)))
    told = {(h.supplier.id, h.customer.id) for h in handoffs(org) if h.via == REWORK}
    for sender, target in relations(org).rework:
        if id(sender) in steps and id(target) in steps and (sender.id, target.id) not in told:
            lines.append(_edge(ids, sender, target, "-.->", "rework"))
    if flagged:
        lines.append(f"  class {','.join(flagged)} {FINDING_CLASS}")
    text = "\n".join(lines) + "\n"
    return f"{FENCE}mermaid\n{text}{FENCE}\n" if fenced else text


def _step(lines: list[str], ids: Ids, step: t.Step, indent: str, marked, flagged) -> None:
    key = ids.of("s", step.id)
    if id(step) in marked:
        flagged.append(key)
    if not step.operations:
        lines.append(f"{indent}{key}[{label(step.name or step.id)}]")
        return
    lines.append(f"{indent}subgraph {key}[{label(step.name or step.id)}]")
    for operation in step.operations:
        _step(lines, ids, operation, indent + "  ", marked, flagged)
    lines.append(f"{indent}end")


def _edge(ids: Ids, supplier: t.Step, customer: t.Step, arrow: str, terms: str) -> str:
    source, target = ids.of("s", supplier.id), ids.of("s", customer.id)
    return (
        f"  {source} {arrow}|{label(terms)}| {target}" if terms else f"  {source} {arrow} {target}"
    )


def _terms(handoff) -> str:
    """What the handoff carries: the items, with the due the customer states."""
    if handoff.needs:
        return "; ".join(
            f"{need.item}, due {need.due}" if need.due is not None else need.item
            for need in handoff.needs
        )
    return ", ".join(handoff.supplier.delivers)


def _group(org: Organisation, step: t.Step) -> str:
    """The unit (or external customer) whose subgraph holds `step`."""
    if step.by in org.customers:
        return f"customer:{step.by}"
    return f"unit:{org.unit_of(step.by) or step.by or '-'}"


def _group_name(org: Organisation, group: str) -> str:
    kind, _, key = group.partition(":")
    found = org.customers.get(key) if kind == "customer" else org.units.get(key)
    return (found.name if found else "") or key


def _walk(steps: list[t.Step]):
    for step in steps:
        yield step
        yield from _walk(step.operations)


def _marked(org: Organisation, findings: list[Finding]) -> set[int]:
    """The steps (by `id()`) that findings are about, their needs included."""
    from flowmap.model.subjects import find_subject

    marked: set[int] = set()
    for finding in findings:
        if finding.subject is None:
            continue
        obj = find_subject(org, finding.subject)
        if isinstance(obj, t.StepNeed):
            obj = org.step_of(obj)
        if isinstance(obj, t.Step):
            marked.add(id(obj))
    return marked
