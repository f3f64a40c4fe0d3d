"""Search in the tree (`/`, then n / N) and the ids `ctrl+g` jumps to: what each row of the
tree can be found by, and the next row that matches. The screen shows the results
(screens/main.py); nothing here knows Textual."""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.model import types as t
from flowmap.model.fields import FIELDS
from flowmap.model.org import Organisation
from flowmap.tui.outline import Entry, find_object

Row = tuple[str, str]  # (kind, key) of a tree row


def searchable(org: Organisation, entries: list[Entry]) -> list[tuple[Row, str]]:
    """Every row of the tree, in its order, with the text a search looks in: the row's
    label (its id and name) and every text of its object (recheck, assure, what it
    delivers, its needs' items and requirements, …), lower-cased."""
    found = []
    for entry in _flat(entries):
        if entry.kind in ("file", "section"):
            continue
        obj = find_object(org, entry.kind, entry.key)
        texts = [entry.label, entry.key, *(_texts(obj) if obj is not None else [])]
        found.append(((entry.kind, entry.key), "\n".join(texts).casefold()))
    return found


def next_match(
    rows: list[tuple[Row, str]], query: str, start: Row | None, delta: int
) -> Row | None:
    """The row after (delta 1) or before (-1) `start` whose text holds `query` (any case),
    going round the end; `start` itself when it is the only one; None when none does.
    With delta 0, `start` itself when it matches, else the next."""
    wanted = query.strip().casefold()
    if not wanted or not rows:
        return None
    keys = [row for row, _ in rows]
    at = keys.index(start) if start in keys else (-1 if delta >= 0 else 0)
    step = delta or 1
    first = at if delta == 0 and at >= 0 else at + step
    for offset in range(len(rows)):
        row, text = rows[(first + offset * step) % len(rows)]
        if wanted in text:
            return row
    return None


def every_id(org: Organisation) -> dict[str, Row]:
    """The ids `ctrl+g` offers, with the row of each (a need has none of its own)."""
    rows = {}
    for kind, index in org.indexes():
        if kind == "need":
            continue
        for key, obj in index.items():
            rows[key] = ("operation" if kind == "step" and obj.parent else kind, key)
    return rows


def _flat(entries: list[Entry]) -> Iterator[Entry]:
    for entry in entries:
        yield entry
        yield from _flat(entry.children)


def _texts(obj: t.Located) -> Iterator[str]:
    for key, spec in FIELDS.get(type(obj), {}).items():
        if spec.kind == "objects" and spec.item is not t.StepNeed:
            continue  # steps, operations: rows of their own
        yield from _strings(getattr(obj, spec.attr or key, None))


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif type(value) in FIELDS:
        yield from _texts(value)
    elif value is not None and hasattr(value, "item"):  # a deliverable with its lead time
        yield from _strings(value.item)
