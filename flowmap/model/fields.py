"""The keys of format v1: for each object, its keys, their kinds and what they mean.

One table serves the model builder (`build.py`), the JSON Schema (`jsonschema.py`) and the
editor's forms, so the three can never disagree.
"""

from __future__ import annotations

from typing import NamedTuple

from flowmap.model import types as t
from flowmap.model.kinds import ID_PATTERN

__all__ = ["FIELDS", "ID_PATTERN", "NOUN", "Field"]


class Field(NamedTuple):
    # id, text, ref, refs, executors, texts, deliverables, rank, share, duration, unit-kind,
    # version, objects, waive: how a value of each is read and checked is in `kinds.py`
    kind: str
    doc: str
    attr: str = ""  # the attribute, when it differs from the key
    item: type | None = None  # for `objects`: the class of each item
    required: bool = False
    # For a reference (ref, refs, executors): the kinds of object its ids may name, as
    # `Organisation.indexes` calls them; messages, checks, renaming and the editor's choices
    # are all made from it.
    refers_to: tuple[str, ...] = ()
    every: bool = False  # for refs: `["*"]` stands for every object of the kind


WAIVE = Field(
    "waive",
    "Rules waived here: `rule-id: reason`, or `rule-id: {reason: ..., approved_by: ROLE-ID, "
    "until: YYYY-MM-DD}`.",
)

TARGET = Field(
    "share",
    "This relationship's satisfaction target, when not the project's (0 to 1).",
    attr="satisfaction_target",
)
ACTIONS = Field(
    "objects",
    "Improvement actions while the relationship's satisfaction is below target.",
    item=t.Action,
)

FIELDS: dict[type, dict[str, Field]] = {
    t.CustomerNeed: {
        "id": Field("id", "The need's id, served by goals.", required=True),
        "text": Field("text", "What the customer needs, in their words."),
    },
    t.Customer: {
        "id": Field("id", "The external customer's id.", required=True),
        "name": Field("text", "The customer's name."),
        "needs": Field(
            "objects", "What the customer needs: the top of the goal cascade.", item=t.CustomerNeed
        ),
    },
    t.Unit: {
        "id": Field("id", "The department's id.", required=True),
        "name": Field("text", "The department's name."),
        "kind": Field("unit-kind", "`line` (default) or `function` (a service department)."),
    },
    t.Role: {
        "id": Field("id", "The position's id.", required=True),
        "name": Field("text", "The position's name."),
        "unit": Field("ref", "The unit the position belongs to.", refers_to=("unit",)),
        "rank": Field("rank", "1 is the top; a subordinate's rank is larger."),
        "reports_to": Field("ref", "The role this one reports to.", refers_to=("role",)),
        "satisfaction_target": TARGET,
        "actions": ACTIONS,
        "waive": WAIVE,
    },
    t.Service: {
        "id": Field("id", "The service's id.", required=True),
        "provider": Field("ref", "The unit that provides the service.", refers_to=("unit",)),
        "customers": Field(
            "refs", 'The units served, or ["*"] for every unit.', refers_to=("unit",), every=True
        ),
        "delivers": Field("text", "What the service delivers."),
        "requires": Field("texts", "What the customer units require of it."),
        "due": Field("duration", "How soon it must be delivered: 30m, 4h, 2d, 1w."),
        "satisfaction_target": TARGET,
        "actions": ACTIONS,
        "waive": WAIVE,
    },
    t.Goal: {
        "id": Field("id", "The goal's id.", required=True),
        "owner": Field("ref", "The role or unit that owns the goal.", refers_to=("role", "unit")),
        "text": Field("text", "The goal."),
        "serves": Field(
            "ref", "The customer need or goal this goal serves.", refers_to=("need", "goal")
        ),
        "waive": WAIVE,
    },
    t.StepNeed: {
        "item": Field(
            "text", "What the step receives (an item its supplier delivers).", required=True
        ),
        "from": Field(
            "ref",
            "The supplier step; default: the step before that delivers the item.",
            attr="from_",
            refers_to=("step",),
        ),
        "requires": Field("texts", "What the receiving step requires of the item."),
        "due": Field("duration", "The longest lead time it accepts from its supplier."),
        "satisfaction": Field(
            "share",
            "Measured satisfaction, 0 to 1, where no survey measures this relationship.",
        ),
        "satisfaction_target": TARGET,
        "actions": ACTIONS,
        "waive": WAIVE,
    },
    t.Step: {
        "id": Field("id", "The step's id.", required=True),
        "name": Field("text", "The step's name."),
        "by": Field(
            "executors",
            "Who does it: an external customer, a role or a unit; or a list of roles and "
            "units that do it together (a joint step).",
            required=True,
            refers_to=("customer", "role", "unit"),
        ),
        "recheck": Field("texts", "Three-step 1: how it re-checks what it receives."),
        "assure": Field("texts", "Three-step 2: how it assures its own quality."),
        "delivers": Field(
            "deliverables",
            "What the step hands over: items, each a text, or `{item: ..., lead_time: 10m}` "
            "for an item that takes a lead time of its own (in the editor: `item @ 10m`).",
        ),
        "lead_time": Field("duration", "How long the step takes once its inputs are in."),
        "needs": Field(
            "objects", "What this step, as customer, requires of its suppliers.", item=t.StepNeed
        ),
        "next": Field("refs", "Explicit successors; [] ends the flow.", refers_to=("step",)),
        "rework": Field(
            "refs", "Steps this one sends work back to for rework.", refers_to=("step",)
        ),
        "operations": Field("objects", "Operations inside this step, in order.", item=t.Step),
        "waive": WAIVE,
    },
    t.Process: {
        "id": Field("id", "The process's id.", required=True),
        "name": Field("text", "The process's name."),
        "customer": Field(
            "ref", "The external customer the process serves.", refers_to=("customer",)
        ),
        "steps": Field("objects", "The steps, in flow order.", item=t.Step),
        "satisfaction_target": Field(
            "share",
            "The external customer's satisfaction target for this process, when not the "
            "project's (0 to 1).",
            attr="satisfaction_target",
        ),
        "actions": ACTIONS,
        "waive": WAIVE,
    },
    t.Map: {
        "flowmap": Field("version", "The format version: 1.", attr="version", required=True),
        "title": Field("text", "The map's title."),
        "include": Field("texts", "Other map files, relative to this one."),
        "customers": Field("objects", "External customers.", item=t.Customer),
        "units": Field("objects", "Departments.", item=t.Unit),
        "roles": Field("objects", "Positions and the rank chart.", item=t.Role),
        "services": Field("objects", "Function relationships.", item=t.Service),
        "goals": Field("objects", "The goal cascade.", item=t.Goal),
        "processes": Field("objects", "Process chains.", item=t.Process),
    },
    t.Action: {
        "what": Field("text", "What is done to raise the customer's satisfaction.", required=True),
        "owner": Field("ref", "The role that owns the action.", required=True, refers_to=("role",)),
        "by_date": Field("date", "The day it is done by (YYYY-MM-DD).", required=True),
    },
}

# What each object is called in messages.
NOUN = {
    t.Action: "action",
    t.CustomerNeed: "need",
    t.Customer: "customer",
    t.Unit: "unit",
    t.Role: "role",
    t.Service: "service",
    t.Goal: "goal",
    t.StepNeed: "need",
    t.Step: "step",
    t.Process: "process",
    t.Map: "map",
}


def key_order(keys) -> list[str] | None:
    """The order `FIELDS` gives the keys of an object that has `keys` (the order the
    examples and docs/format.md write them in, and the editor writes new keys in); None
    when no kind of object has them all.

    >>> key_order(["by", "id", "delivers", "name"])[:4]
    ['id', 'name', 'by', 'recheck']
    """
    wanted = set(keys)
    return next((list(fields) for fields in FIELDS.values() if wanted <= set(fields)), None)


def in_key_order(mapping: dict) -> dict:
    """`mapping` with its keys in `key_order` (unknown keys after, as they came)."""
    order = key_order(mapping) or []
    ranked = {key: index for index, key in enumerate(order)}
    return dict(sorted(mapping.items(), key=lambda pair: ranked.get(pair[0], len(ranked))))


def plural(noun: str) -> str:
    """`processes`, `steps`: the nouns of NOUN, more than one.

    >>> plural("process"), plural("need")
    ('processes', 'needs')
    """
    return noun + ("es" if noun.endswith("s") else "s")


REFERENCE_KINDS = ("ref", "refs", "executors")

# What a kind of object is called when a reference must name one.
_TARGET_NOUNS = {"customer": "external customer", "need": "customer need"}


def references(cls: type) -> dict[str, Field]:
    """The keys of `cls` whose values name other objects.

    >>> sorted(references(t.Role))
    ['reports_to', 'unit']
    """
    return {key: spec for key, spec in FIELDS[cls].items() if spec.kind in REFERENCE_KINDS}


def referrers(objects, target: str) -> list[tuple[t.Located, str]]:
    """Who names `target` (an id): `(object, key)` for each reference key of each of
    `objects` (an organisation's `objects()`) that holds it, alone or in its list."""
    found = []
    for obj in objects:
        for key, spec in references(type(obj)).items():
            if key not in obj.at:
                continue  # not written here (another key may share its attribute)
            attr = "executors" if spec.kind == "executors" else spec.attr or key
            value = getattr(obj, attr, None)
            if value == target or (isinstance(value, list | tuple) and target in value):
                found.append((obj, key))
    return found


def reference_keys() -> frozenset[str]:
    """Every key, of any object, whose value names another object (read at call time, so
    a key added to `FIELDS` is renamed and checked like the others)."""
    return frozenset(key for cls in FIELDS for key in references(cls))


def target_noun(spec: Field) -> str:
    """What a reference must name, for messages: `external customer, role or unit`.

    >>> target_noun(FIELDS[t.Goal]["serves"])
    'customer need or goal'
    """
    nouns = [_TARGET_NOUNS.get(kind, kind) for kind in spec.refers_to]
    return nouns[0] if len(nouns) == 1 else f"{', '.join(nouns[:-1])} or {nouns[-1]}"


def sections() -> tuple[str, ...]:
    """The top-level lists of a map file, in the format's order.

    >>> sections()
    ('customers', 'units', 'roles', 'services', 'goals', 'processes')
    """
    return tuple(key for key, spec in FIELDS[t.Map].items() if spec.kind == "objects")
