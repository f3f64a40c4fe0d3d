"""The kinds of value a key takes (`Field.kind` in `fields.py`): how each is read from the
text a person writes, what is wrong with text that is not one, and its JSON Schema.

The loader (`build.py`), the JSON Schema (`jsonschema.py`) and the editor's form all ask this
module, so the editor accepts exactly what the loader reads. A kind not listed in `READERS`
(text, a reference, a list) takes any text.

>>> read("rank", "2"), read("share", "85%"), read("duration", "1.5d").seconds
(2, 0.85, 129600)
>>> read("rank", "²")
Traceback (most recent call last):
  ...
flowmap.model.kinds.BadValue: must be a whole number from 1 (the top) down, of at most 9 digits
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Callable
from datetime import date

from flowmap.model.types import Duration

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
# As typed on an English or a Chinese keyboard: `1h` or `１ｈ` (read after NFKC).
DURATION_PATTERN = r"^[0-9０-９]+([.．][0-9０-９]+)?\s*[mhdwｍｈｄｗ]$"
# A percentage from 0% to 100%, with ASCII or full-width digits and sign (`96％`).
SHARE_PATTERN = r"^\s*(100([.．][0０]+)?|[0-9０-９]{1,2}([.．][0-9０-９]+)?)\s*[%％]\s*$"
UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_SECONDS = 5200 * 604800  # 5200w, a century: no lead time or due is longer
UNIT_KINDS = ("line", "function")

_ID = re.compile(ID_PATTERN)
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([mhdw])")
_WHOLE = re.compile(r"[0-9]+")
_SHARE = re.compile(r"([0-9]*\.?[0-9]+)(%?)")
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATE = re.compile(DATE_PATTERN)


class BadValue(ValueError):
    """Text that is not a value of its kind; the message says what to write instead, to be
    put after the quoted text (`` `2 days` is not a duration; write … ``)."""


@functools.lru_cache(maxsize=1024)  # maps repeat a few durations thousands of times
def parse_duration(text: str) -> Duration | None:
    """`4h` -> Duration(14400, '4h'); None when `text` is not a duration.

    >>> parse_duration("1.5d").seconds
    129600
    >>> parse_duration("3 days") is None
    True
    """
    match = _DURATION.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    seconds = float(match[1]) * UNIT_SECONDS[match[2]]
    if not seconds <= MAX_SECONDS:  # also infinity: a number of hundreds of digits
        return None
    return Duration(round(seconds), text.strip())


def read_id(text: str, every: bool = False) -> str:
    """An id: lower-case letters, digits, `.`, `_`, `-`; with `every`, also `*` (every one).

    >>> read_id("order-clerk")
    'order-clerk'
    >>> read_id("Order Clerk")
    Traceback (most recent call last):
      ...
    flowmap.model.kinds.BadValue: is not an id: use lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit, e.g. `order-clerk`
    """  # noqa: E501
    if _ID.fullmatch(text) or (every and text == "*"):
        return text
    star = "; `*` for every one" if every else ""
    raise BadValue(
        "is not an id: use lower-case letters, digits, `.`, `_` and `-`, starting with a "
        f"letter or digit, e.g. `{slug(text)}`{star}"
    )


def read_duration(text: str) -> Duration:
    duration = parse_duration(text)
    if duration is not None:
        return duration
    if re.fullmatch(DURATION_PATTERN, text.strip()):
        raise BadValue("is more than a century; at most 5200w")
    raise BadValue("is not a duration; write a number and a unit: 30m, 4h, 2d or 1w")


def read_rank(text: str) -> int:
    # int() refuses numbers of more than 4,300 digits; no chart has a billion ranks
    if _WHOLE.fullmatch(text) and len(text) <= 9 and int(text) >= 1:
        return int(text)
    raise BadValue("must be a whole number from 1 (the top) down, of at most 9 digits")


def read_share(text: str) -> float:
    """A share from 0 to 1, or a percentage: `0.85`, `85%`, `85％` (a Chinese keyboard's)."""
    match = _SHARE.fullmatch(unicodedata.normalize("NFKC", text))
    if match:
        value = float(match[1]) / (100 if match[2] else 1)
        if 0 <= value <= 1:
            return value
    raise BadValue("must be a share from 0 to 1, e.g. 0.85")


def read_date(text: str) -> date:
    """An ISO date, `2026-06-30`.

    >>> read_date("2026-06-30")
    datetime.date(2026, 6, 30)
    """
    if _DATE.fullmatch(text.strip()):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(text.strip())
    raise BadValue("is not a date; write it as YYYY-MM-DD, e.g. 2026-06-30")


def read_unit_kind(text: str) -> str:
    if text in UNIT_KINDS:
        return text
    raise BadValue("must be `line` or `function`")


def read_version(text: str) -> int:
    if text == "1":
        return 1
    raise BadValue("is not a format this flowmap reads; write `flowmap: 1`")


# The kinds whose text must have a form, and how each is read; any other kind takes any text.
READERS: dict[str, Callable[[str], object]] = {
    "id": read_id,
    "duration": read_duration,
    "rank": read_rank,
    "share": read_share,
    "unit-kind": read_unit_kind,
    "version": read_version,
    "date": read_date,
}
# Kinds written as YAML numbers: a quoted `"2"` is text, not one of them.
NUMBERS = ("rank", "share", "version")


def read(kind: str, text: str) -> object:
    """The value `text` stands for as a `kind`; BadValue says what to write instead."""
    reader = READERS.get(kind)
    return text if reader is None else reader(text)


# flowmap reads every scalar but null as text (`name: 123` is the name "123"), so a text's
# schema takes what a YAML parser makes of such scalars: numbers and booleans too.
_TEXT = {"type": ["string", "number", "boolean"]}
_TEXTS = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]}
_ID_SCHEMA = {  # `id: 2024` is the id "2024"; `-1` is no id
    "anyOf": [
        {"type": "string", "pattern": ID_PATTERN},
        {"type": "number", "minimum": 0},
        {"type": "boolean"},
    ]
}
# Each kind's JSON Schema (yaml-language-server checks a map with it as it is typed).
# tests/model/test_schema_agrees.py holds it to what flowmap reads; what JSON Schema cannot
# say is listed in docs/format.md ("What the JSON Schema cannot check").
SCHEMAS: dict[str, dict] = {
    "id": _ID_SCHEMA,
    "text": _TEXT,
    "ref": _TEXT,
    "refs": _TEXTS,
    "executors": {"anyOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}]},
    "texts": _TEXTS,
    "deliverables": {
        "anyOf": [
            _TEXT,
            {
                "type": "array",
                "items": {
                    "anyOf": [
                        _TEXT,
                        {
                            "type": "object",
                            "properties": {
                                "item": _TEXT,
                                "lead_time": {"type": "string", "pattern": DURATION_PATTERN},
                            },
                            "required": ["item"],
                            "additionalProperties": False,
                        },
                    ]
                },
            },
        ]
    },
    "rank": {"type": "integer", "minimum": 1, "maximum": 999_999_999},
    "share": {
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": 1},
            {"type": "string", "pattern": SHARE_PATTERN},  # `90%`, `96％` as typed in China
        ]
    },
    "duration": {"type": "string", "pattern": DURATION_PATTERN},
    "unit-kind": {"enum": list(UNIT_KINDS)},
    "version": {"const": 1},
    "date": {"type": "string", "pattern": DATE_PATTERN},
    "waive": {
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {**_TEXT, "minLength": 1},
                {
                    "type": "object",
                    "properties": {
                        "reason": {**_TEXT, "minLength": 1},
                        "approved_by": _ID_SCHEMA,
                        "until": {"type": "string", "pattern": DATE_PATTERN},
                    },
                    "required": ["reason"],
                    "additionalProperties": False,
                },
            ]
        },
    },
}


def slug(text: str) -> str:
    """An id like `text`, for a message that suggests one.

    >>> slug("Order Clerk")
    'order-clerk'
    """
    found = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")
    return found or "step-1"
