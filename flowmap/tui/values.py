"""A field's value as the form shows it, and the text a user typed as the value to save.

A value of a kind with a form (an id, a duration, a rank, a share) is read by
`flowmap.model.kinds`, as the loader reads it, so the form accepts exactly what the loader
reads. A list (texts, ids, a joint step's executors) is shown one item a row (`items`) and saved
from its rows (`parsed_items`). A waiver is `rule-id: reason; rule-id: reason`. An empty
field, or a list without items, removes the key.
"""

from __future__ import annotations

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


def shown(value: object, kind: str) -> str:
    if value is None:
        return ""
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
            waivers[rule.strip()] = reason.strip()
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
