"""A field's value as the form shows it, and the text a user typed as the value to save.

A value of a kind with a form (an id, a duration, a rank, a share) is read by
`flowmap.model.kinds`, as the loader reads it, so the form accepts exactly what the loader
reads. A list (texts, ids, a joint step's executors) is shown one item a row (`items`) and saved
from its rows (`parsed_items`). A waiver is `rule-id: reason; rule-id: reason`. An empty
field, or a list without items, removes the key.
"""

from __future__ import annotations

import re

from flowmap.model import kinds
from flowmap.model import types as t

SEPARATOR = "; "

# The kinds of key the form edits as a list, one item a row.
LISTS = ("texts", "deliverables", "refs", "executors")
# A row of `delivers` for an item with a lead time of its own: `重采要求 @ 10m`.
LEAD = " @ "


def deliverable_rows(step: t.Step) -> list[str]:
    """A step's `delivers` as the form shows it: an item's own lead time after ` @ `."""
    from flowmap.model.texts import normal

    leads = step.item_lead_times
    return [
        f"{item}{LEAD}{leads[normal(item)].text}" if normal(item) in leads else item
        for item in step.delivers
    ]


def _deliverable(text: str) -> str | dict:
    """A row of `delivers` as saved: the item, or `{item, lead_time}` for `item @ 10m`."""
    item, separator, lead = text.rpartition(LEAD)
    if not separator:
        return text
    try:
        kinds.read_duration(lead.strip())
    except kinds.BadValue:
        raise ValueError(
            f"after `{LEAD.strip()}` write the item's lead time: 30m, 4h, 2d or 1w"
        ) from None
    return {"item": item.strip(), "lead_time": lead.strip()}


def items(value: object) -> list[str]:
    """A list field's items as its rows show them (one executor is a list of one)."""
    if value is None or value == "":
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def parsed_items(rows: list[str], kind: str, every: bool = False) -> object:
    """The value to save from a list field's rows (empty rows left out), None to remove
    the key; ValueError says what is wrong with an item."""
    texts = [row.strip() for row in rows if row.strip()]
    if kind in ("refs", "executors"):
        for text in texts:
            problem = id_problem(text, every)
            if problem:
                raise ValueError(problem)
    if not texts:
        return None
    if kind == "executors":  # one id, or several for a joint step
        return texts if len(texts) > 1 else texts[0]
    if kind == "deliverables":
        return [_deliverable(text) for text in texts]
    return texts


def id_problem(text: str, every: bool = False) -> str:
    """Why `text` cannot be an id ("" when it can): a `[x` typed is not taken silently."""
    try:
        kinds.read_id(text, every)
    except kinds.BadValue as problem:
        return f"`{text}` {problem}"
    return ""


# A waiver's approver and end, after its reason: `assure-own: Pilot (approved by qm until
# 2026-06-30)`; the form shows them so and reads them back, so that no edit loses them.
_TERMS = re.compile(r"\s*\(approved by (\S+)(?: until (\S+))?\)\s*$|\s*\(until (\S+)\)\s*$")


def waiver_text(obj: t.Located) -> str:
    """An object's waivers as the form shows them, approvers and ends included."""
    parts = []
    for rule, reason in obj.waive.items():
        terms = obj.waive_terms.get(rule)
        said = []
        if terms and terms.approved_by:
            said.append(f"approved by {terms.approved_by}")
        if terms and terms.until:
            said.append(f"until {terms.until.isoformat()}")
        parts.append(f"{rule}: {reason}" + (f" ({' '.join(said)})" if said else ""))
    return SEPARATOR.join(parts)


def _waiver(reason: str) -> str | dict:
    """A waiver's text as saved: the reason, or `{reason, approved_by, until}`."""
    found = _TERMS.search(reason)
    if found is None:
        return reason
    approver, until = found[1], found[2] or found[3]
    if until is not None:
        try:
            kinds.read("date", until)
        except kinds.BadValue as problem:
            raise ValueError(f"`until {until}` {problem}") from None
    terms = {"reason": reason[: found.start()].strip()}
    terms.update({"approved_by": approver} if approver else {})
    terms.update({"until": until} if until else {})
    return terms


def shown(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "waive" and isinstance(value, str):
        return value  # as `waiver_text` gives it
    if kind == "waive":
        return SEPARATOR.join(f"{rule}: {reason}" for rule, reason in value.items())
    if isinstance(value, t.Duration):
        return value.text
    if kind == "share" and isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parsed(text: str, kind: str) -> object:
    """The value to save, None to remove the key; ValueError says what to type instead."""
    text = text.strip()
    if not text:
        return None
    if kind == "waive":
        waivers = {}
        for part in text.split(";"):
            rule, colon, reason = part.partition(":")
            if not colon or not rule.strip():
                raise ValueError("write each waiver as `rule-id: reason`, separated by `;`")
            waivers[rule.strip()] = _waiver(reason.strip())
        return waivers
    try:
        value = kinds.read(kind, text)
    except kinds.BadValue as problem:
        raise ValueError(f"`{text}` {problem}") from None
    # a duration is saved as typed (`2d`, not a number of seconds)
    return text if isinstance(value, t.Duration) else value


def valid(text: str, kind: str) -> bool:
    try:
        parsed(text, kind)
    except ValueError:
        return False
    return True
