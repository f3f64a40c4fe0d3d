"""A field's value as the form shows it, and the text a user typed as the value to save.

Lists are written one item after another, separated by `;` (items often hold commas).
A waiver is `rule-id: reason; rule-id: reason`. An empty field removes the key.
"""

from __future__ import annotations

import re

from flowmap.model import types as t
from flowmap.model.durations import parse_duration
from flowmap.model.fields import ID_PATTERN

SEPARATOR = "; "


def shown(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("texts", "refs") or (kind == "executors" and isinstance(value, list)):
        return SEPARATOR.join(str(item) for item in value)
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
    if kind == "texts":
        return [item.strip() for item in text.split(";") if item.strip()]
    if kind in ("refs", "executors"):
        ids = [item.strip() for item in text.split(";") if item.strip()]
        wrong = next((i for i in ids if i != "*" and not re.fullmatch(ID_PATTERN, i)), None)
        if wrong is not None:
            raise ValueError(
                f"`{wrong}` is not an id (lowercase letters, digits, `.`, `_`, `-`); "
                "separate ids with `;`"
            )
        if kind == "executors":  # one id, or several for a joint step
            return ids if len(ids) > 1 else ids[0]
        return ids
    if kind == "waive":
        waivers = {}
        for part in text.split(";"):
            rule, colon, reason = part.partition(":")
            if not colon or not rule.strip():
                raise ValueError("write each waiver as `rule-id: reason`, separated by `;`")
            waivers[rule.strip()] = reason.strip()
        return waivers
    if kind == "duration":
        if parse_duration(text) is None:
            raise ValueError("a duration is a number and a unit: 30m, 4h, 2d or 1w")
        return text
    if kind == "rank":
        if not text.isdigit() or int(text) < 1:
            raise ValueError("a rank is a whole number from 1 (the top) down")
        return int(text)
    if kind == "share":
        try:
            share = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
        except ValueError:
            share = -1.0
        if not 0 <= share <= 1:
            raise ValueError("a satisfaction is a share from 0 to 1, e.g. 0.85")
        return share
    return text


def valid(text: str, kind: str) -> bool:
    try:
        parsed(text, kind)
    except ValueError:
        return False
    return True
