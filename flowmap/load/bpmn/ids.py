"""BPMN ids from flowmap ids, reversibly.

A BPMN id is an XML NCName: it cannot start with a digit, a dot or a dash, and holds no
space, colon or slash. A flowmap id may start with a digit (`2024-accept-order`), and an id
the schema refused may hold anything. So every BPMN id is a prefix naming what the element
is (`Step_`, `Lane_`, ...) and the flowmap id with every character but ASCII letters,
digits, `.` and `-` written as `_HEX_` (an underscore too), which `flowmap_id` reads back.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"[^A-Za-z0-9.\-]")
_CODED = re.compile(r"_([0-9a-f]{1,6})_")


def bpmn_id(prefix: str, key: str) -> str:
    """The BPMN id of the flowmap id `key` as a `prefix` element.

    >>> bpmn_id("Step", "2024-accept-order"), bpmn_id("Step", "a_b"), bpmn_id("Lane", "qa/司")
    ('Step_2024-accept-order', 'Step_a_5f_b', 'Lane_qa_2f__53f8_')
    """
    return f"{prefix}_{_KEPT.sub(lambda match: f'_{ord(match[0]):x}_', key)}"


def flowmap_id(prefix: str, key: str) -> str | None:
    """The flowmap id a BPMN id made by `bpmn_id(prefix, ...)` stands for; None when it was
    not made so.

    >>> flowmap_id("Step", "Step_a_5f_b"), flowmap_id("Step", "Task_1")
    ('a_b', None)
    """
    head = f"{prefix}_"
    if not key.startswith(head):
        return None
    coded = key[len(head) :]
    try:
        return _CODED.sub(lambda match: chr(int(match[1], 16)), coded)
    except (ValueError, OverflowError):
        return None
