"""The documentation text flowmap's export gives each task, read back: where a modeler
dropped flowmap's extension elements but kept the documentation (some do when they save),
the three-step texts still come back.

    Done by: Order clerk (order-clerk), Planner (planner)
    Recheck: Order names item code; Quantity stated
    Assure: Credit checked
    Delivers: sales order
    Lead time: 4h
    Needs purchase order from Customer places order (place-order): Signed; due 1d; satisfaction 0.9

A list is written with `; ` between its texts, so a text that holds `; ` itself comes back
as two; the extension elements keep it whole.

>>> found = read_documentation("Recheck: a; b\\nLead time: 4h\\nNeeds x from A (a): r; due 1d")
>>> found["recheck"], found["lead_time"], found["needs"]
(['a', 'b'], '4h', [{'item': 'x', 'from': 'a', 'requires': ['r'], 'due': '1d'}])
"""

from __future__ import annotations

import re

DONE_BY, RECHECK, ASSURE, DELIVERS, LEAD_TIME = (
    "Done by",
    "Recheck",
    "Assure",
    "Delivers",
    "Lead time",
)
NEEDS, FROM, DUE, SATISFACTION, WAIVED = "Needs", "from", "due", "satisfaction", "Waived"
SEPARATOR = "; "
_LISTS = {RECHECK: "recheck", ASSURE: "assure", DELIVERS: "delivers"}
_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_NAMED = re.compile(r".*\(([a-z0-9][a-z0-9._-]*)\)")


def read_documentation(text: str | None) -> dict:
    """The three-step content a task's documentation states in flowmap's lines (other
    lines, and documentation written by people, give nothing)."""
    found: dict = {}
    for line in (text or "").splitlines():
        label, colon, value = line.partition(": ")
        if colon and label in _LISTS:
            found[_LISTS[label]] = [part for part in value.split(SEPARATOR) if part]
        elif colon and label == LEAD_TIME:
            found["lead_time"] = value.strip()
        elif line.startswith(f"{NEEDS} "):
            found.setdefault("needs", []).append(_need(line[len(NEEDS) + 1 :]))
    return found


def _need(body: str) -> dict:
    parts = body.split(SEPARATOR)
    terms: dict = {}
    while len(parts) > 1 and re.fullmatch(rf"({DUE}|{SATISFACTION}) \S+", parts[-1]):
        name, _, value = parts.pop().partition(" ")
        terms[name] = value
    head = SEPARATOR.join(parts)
    item, colon, requires = head.partition(": ")
    need: dict = {}
    named, _, source = item.rpartition(f" {FROM} ")
    found = _NAMED.fullmatch(source) or (_ID.fullmatch(source) and source)
    if named and found:
        item = named
        source = found if isinstance(found, str) else found[1]
    else:
        source = ""
    need["item"] = item
    if source:
        need["from"] = source
    if colon:
        need["requires"] = [part for part in requires.split(SEPARATOR) if part]
    for name in (DUE, SATISFACTION):
        if name in terms:
            need[name] = terms[name]
    return need
