"""Which model object a finding is about, found from the finding's file and line.

A finding carries only a place. Every model object knows its own place (`pos`) and the
places of its values (`at`), so each object covers a span of lines in its file; a finding
belongs to the innermost object whose span holds its line (a need inside a step, an
operation inside a step). The charts then draw the finding on that object's node or edge.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from flowmap.findings import Finding
from flowmap.model import types as t
from flowmap.model.org import Organisation, walk_steps

_END = 1 << 62


class Marks:
    """Findings by the model object they are about."""

    def __init__(self, org: Organisation, findings: list[Finding]) -> None:
        self.findings = list(findings)
        self._by_object: dict[int, list[Finding]] = {}
        self._about: dict[Finding, t.Located] = {}
        spans = _Spans(org)
        for finding in self.findings:
            obj = spans.innermost(finding.file, finding.line)
            if obj is not None:
                self._by_object.setdefault(id(obj), []).append(finding)
                self._about[finding] = obj

    def about(self, finding: Finding) -> t.Located | None:
        """The object `finding` is about (the editor jumps to it)."""
        return self._about.get(finding)

    def on(self, obj: t.Located) -> list[Finding]:
        """The findings about `obj` itself (not about the objects nested in it)."""
        return self._by_object.get(id(obj), [])


class _Spans:
    """For each file, the objects sorted by where their span starts."""

    def __init__(self, org: Organisation) -> None:
        rows: dict[str, list[tuple[int, int, int, t.Located]]] = {}
        for depth, obj in _objects(org):
            file, start, _ = obj.pos
            # A map holds its whole file: findings about no object in it land on the map.
            end = _END if depth == 0 else max(_lines(obj))
            rows.setdefault(file, []).append((start, depth, end, obj))
        self._starts: dict[str, list[int]] = {}
        self._rows: dict[str, list[tuple[int, int, int, t.Located]]] = {}
        for file, file_rows in rows.items():
            # Sorted by start, then depth: an object nested in another comes after it.
            file_rows.sort(key=lambda row: row[:2])
            self._rows[file] = file_rows
            self._starts[file] = [row[0] for row in file_rows]

    def innermost(self, file: str, line: int) -> t.Located | None:
        """The deepest object whose span holds `line`.

        Spans nest like the YAML does, and a nested object starts after its parent (or with
        it, sorted after it), so walking back from the last start at or before `line`, the
        first span that holds it wins. When only the file's map holds it (a value the
        schema refused leaves no place behind), the object that starts last before the line
        is the one it was written in.
        """
        rows = self._rows.get(file)
        if not rows:
            return None
        last = bisect.bisect_right(self._starts[file], line)
        for _start, depth, end, obj in reversed(rows[:last]):
            if end >= line:
                return obj if depth > 0 else rows[last - 1][3]
        return None


def _lines(obj: t.Located) -> Iterator[int]:
    yield obj.pos[1]
    for place in obj.at.values():
        if not place:
            continue  # an empty list has no item places
        if isinstance(place[0], tuple):
            yield from (item[1] for item in place)
        else:
            yield place[1]


def _objects(org: Organisation) -> Iterator[tuple[int, t.Located]]:
    """Every object of every map with its nesting depth (the map itself is depth 0)."""
    for the_map in org.maps:
        yield 0, the_map
        for customer in the_map.customers:
            yield 1, customer
            yield from ((2, need) for need in customer.needs)
        for obj in (*the_map.units, *the_map.roles, *the_map.services, *the_map.goals):
            yield 1, obj
        for process in the_map.processes:
            yield 1, process
            for step in walk_steps(process.steps):
                depth = 2 + _operation_depth(org, step)
                yield depth, step
                yield from ((depth + 1, need) for need in step.needs)


def _operation_depth(org: Organisation, step: t.Step) -> int:
    depth, parent = 0, step.parent
    while parent is not None and depth < 100:
        depth += 1
        parent_step = org.steps.get(parent)
        parent = parent_step.parent if parent_step else None
    return depth
