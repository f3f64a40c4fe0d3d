"""PyYAML nodes -> typed objects, with a `schema` finding for everything that does not fit.

Scalars are read by our schema, not by YAML 1.1's resolver: `NO`, `on`, `1e3` and
`2024-01-01` stay text wherever text is expected.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from sys import intern
from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.findings import ERROR, Finding, Pos
from flowmap.load.limits import DEFAULT_LIMITS, Limits
from flowmap.load.names import clipped
from flowmap.load.yaml_nodes import MERGE, NULL, SEQ, STR
from flowmap.model import kinds
from flowmap.model import types as t
from flowmap.model.fields import FIELDS, NOUN, Field, plural
from flowmap.model.org import walk_steps
from flowmap.model.subjects import subject_of
from flowmap.model.texts import normal
from flowmap.model.types import LINE_BITS

_Y = "tag:yaml.org,2002:"
_CORE_TAGS = frozenset(
    _Y + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_BAD = object()
EXCERPT = 40  # characters of a value a message quotes
# The keys of a waiver written as a mapping.
_WAIVER = {
    "reason": Field("text", "Why the rule does not apply here."),
    "approved_by": Field("id", "The role that approved the waiver."),
    "until": Field("date", "The last day the waiver holds (YYYY-MM-DD)."),
}
# The keys of an item of `delivers` written as a mapping.
_DELIVERABLE = {
    "item": Field("text", "What is handed over, as the customer names it in `needs`."),
    "lead_time": Field("duration", "How long this item takes, when not the step's `lead_time`."),
}


def build_map(
    root: Node | None, file: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[t.Map | None, list[Finding]]:
    """Build the map of one file; None when its root is not a mapping."""
    builder = _Builder(file, limits.max_text_length)
    if root is None:
        builder.error((file, 1, 1), "the file is empty; a process map starts with `flowmap: 1`")
        return None, builder.findings
    the_map = builder.object(t.Map, root)
    if the_map is not None:
        the_map.file = file
        _link(the_map)
        builder.identify(the_map)
    return the_map, builder.findings


def build_processes(
    root: Node, file: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[t.Process], list[Finding]]:
    """The processes of a part of a file (`processes:` and some of its items)."""
    builder = _Builder(file, limits.max_text_length)
    the_map = t.Map(pos=(file, 1, 1))
    found = [(k, v) for k, v in getattr(root, "value", []) if k.value == "processes"]
    if found:
        processes = builder.objects(t.Process, "processes", found[0][1])
        the_map.processes = [] if processes is _BAD else processes
    _link(the_map)
    builder.identify(the_map)
    return the_map.processes, builder.findings


def _steps(the_map: t.Map):
    return (step for process in the_map.processes for step in walk_steps(process.steps))


def _link(the_map: t.Map) -> None:
    """Tell each step its process and parent, and each need its customer."""
    for customer in the_map.customers:
        for need in customer.needs:
            need.customer = customer.id
    for process in the_map.processes:
        stack = [(step, None) for step in process.steps]
        while stack:
            step, parent = stack.pop()
            step.process, step.parent = process.id, parent
            stack.extend((operation, step.id) for operation in step.operations)


# class -> (its FIELDS entry, how many keys it had, its plan): see _plan
_PLANS: dict[type, tuple[dict, int, tuple[dict, list]]] = {}


class _Builder:
    def __init__(self, file: str, max_text: int) -> None:
        self.file = file
        self.max_text = max_text
        self.key: str | None = None  # the key being read: what a schema finding concerns
        self.owners: list[t.Located | None] = []  # the object each finding was found in
        self.findings: list[Finding] = []
        self._plans: dict[type, tuple[dict, list]] = {}  # see _plan

    def _plan(self, cls: type) -> tuple[dict, list]:
        """How each key of `cls` is read (a `_Planned`), and its required keys. Worked out
        from FIELDS once, not for every key of every object, and kept for the next file
        while FIELDS holds the same entry for `cls` with as many keys (read at call time,
        so a key added to it is read like the others): 80,000 tiny files had it worked out
        again for each."""
        spec = FIELDS[cls]
        kept = _PLANS.get(cls)
        if kept is not None and kept[0] is spec and kept[1] == len(spec):
            self._plans[cls] = kept[2]
            return kept[2]
        plan = {key: _planned(key, field) for key, field in spec.items()}
        required = [(key, field) for key, field in spec.items() if field.required]
        self._plans[cls] = (plan, required)
        _PLANS[cls] = (spec, len(spec), self._plans[cls])
        return plan, required

    def pos(self, node: Node) -> Pos:
        mark = node.start_mark
        return (self.file, mark.line + 1, mark.column + 1)

    def place(self, node: Node) -> int:
        """Where `node` starts, as `Located.at` keeps it (`t.place`)."""
        mark = node.start_mark
        return t.place(mark.line + 1, mark.column + 1)

    def error(self, pos: Pos, message: str, key: str | None = None) -> None:
        key = key or self.key
        concerns = key if type(key) is str else None  # a key that is no word concerns none
        self.findings.append(Finding.at(pos, "schema", ERROR, message, key=concerns))
        self.owners.append(None)

    def identify(self, the_map: t.Map) -> None:
        """Give each finding the subject of the object it was found in (the file's own
        findings keep none: the engine knows the file's project-relative path)."""
        if not any(self.owners):
            return  # the common case: nothing was wrong inside an object
        steps = {id(need): step for step in _steps(the_map) for need in step.needs}
        for index, owner in enumerate(self.owners):
            if owner is None or isinstance(owner, t.Map):
                continue
            subject = subject_of(owner, lambda need: steps.get(id(need)), lambda _: "")
            if subject.kind != "file":
                self.findings[index] = self.findings[index]._replace(subject=subject)

    def object(self, cls: type, node: Node):
        if type(node) is not MappingNode or node.tag not in _CORE_TAGS:
            return self._not_an_object(cls, node)
        mark = node.start_mark
        obj = cls(pos=(self.file, mark.line + 1, mark.column + 1))
        seen: dict[str, Node] = {}
        plan, required = self._plans.get(cls) or self._plan(cls)
        first = len(self.findings)
        outer = self.key
        merged = self._fields(obj, plan, node.value, seen)
        if merged:
            self._fields(obj, plan, _merged_pairs(merged, seen), seen)
        self.key = outer
        for key, field in required:
            if key not in seen:
                noun = NOUN[cls]
                self.error(obj.pos, f"this {noun} has no `{key}`; add `{key}:` ({field.doc})", key)
        owners = self.owners
        if len(owners) > first:  # rare: only where something was wrong
            for index in range(first, len(owners)):
                if owners[index] is None:
                    owners[index] = obj
        return obj

    def _fields(self, obj, plan, pairs, seen) -> list[Node]:
        """Set the object's fields from key/value pairs; return the values of merge keys.

        A value that is one plain string, or a list of them, is read here (most values of
        a map are); anything else by the key's reader. The keys in `at` and `seen` are
        FIELDS' own strings, not the file's copies: one string for every object, which
        pickles once per batch (flowmap.batch) instead of once per key."""
        merges = []
        at = obj.at
        max_text = self.max_text
        for key_node, value_node in pairs:
            try:
                planned = plan.get(key_node.value)
            except TypeError:  # a list or a mapping as a key: no key of ours
                planned = None
            if planned is None or planned[0] in seen:  # not ours (`<<` neither) or again
                if key_node.tag == MERGE:
                    merges.append(value_node)
                    continue
                self.key = key_node.value
                self._bad_key(obj, FIELDS[type(obj)], key_node, seen)
                continue
            key, attr, how, convert, numeric, items_key = planned[:6]
            seen[key] = key_node
            kind = type(value_node)
            if how is _AS_IS and kind is ScalarNode and value_node.tag == STR:
                value = intern(value_node.value)
                if len(value) > max_text:
                    value = self._read(planned, value_node, obj)
            elif how is _CONVERTED and kind is ScalarNode and value_node.tag == STR:
                value = value_node.value
                if len(value) <= max_text and not (numeric and value_node.style):
                    try:
                        value = convert(value)
                    except kinds.BadValue:
                        value = self._read(planned, value_node, obj)  # (says what is wrong)
                else:
                    value = self._read(planned, value_node, obj)
            elif how is _LISTED and kind is SequenceNode and value_node.tag == SEQ:
                value = self._texts(key, items_key, value_node, obj)
            else:
                value = self._read(planned, value_node, obj)
            if value is not _BAD:
                setattr(obj, attr, value)
            # kept for a bad value too: the key is there, only its value is wrong, and the
            # rules should not also report it as missing
            mark = value_node.start_mark
            at[key] = (mark.line + 1) << LINE_BITS | (mark.column + 1)  # t.place, inline
        return merges

    def _read(self, planned: _Planned, node: Node, obj):
        """The value of `node` by its key's reader (_BAD, with a finding, when it is wrong)."""
        self.key = planned.key  # what a finding of the reader concerns
        return planned.read(self, planned.field, planned.key, node, obj)

    def _bad_key(self, obj, spec, key_node: Node, seen: dict[str, Node]) -> None:
        noun = NOUN[type(obj)]
        key = key_node.value
        if type(key) is not str:
            message = f"a key of a {noun} must be a plain word"
        elif key in seen:
            first = seen[key].start_mark.line + 1
            message = (
                f"`{clipped(key)}` is given twice in this {noun} (first on line {first}); keep one"
            )
        else:
            message = _unknown_key(key, noun, spec)
        self.error(self.pos(key_node), message)

    def _not_an_object(self, cls: type, node: Node) -> None:
        if type(node) is MappingNode:
            self._tag_ok(node)
            return None
        if not self._tag_ok(node):
            return None
        keys = ", ".join(FIELDS[cls])
        noun = NOUN[cls]
        self.error(self.pos(node), f"a {noun} is a mapping of keys ({keys}); found {_what(node)}")
        return None

    def read_objects(self, field: Field, key: str, node: Node, obj):
        found = self.objects(field.item, key, node)
        if field.item is t.Action and found is not _BAD:
            # an action is pointed at by its day: what an overdue action must change
            obj.at[_items_key(key)] = tuple(t.place_of(action.where("by_date")) for action in found)
        return found

    def read_texts(self, field: Field, key: str, node: Node, obj):
        return self.texts(key, node, obj)

    def read_deliverables(self, field: Field, key: str, node: Node, obj):
        """Items, each a text or `{item: X, lead_time: 10m}`: the texts are the value, the
        lead times go to `item_lead_times`."""
        if type(node) is not SequenceNode or not any(
            type(item) is MappingNode for item in node.value
        ):
            return self.texts(key, node, obj)  # the common case: texts alone
        values, places = [], []
        for item in node.value:
            if type(item) is MappingNode and item.tag in _CORE_TAGS:
                text, place = self._deliverable(item, obj)
            else:
                text, place = self.scalar(key, item), self.place(item)
            if text is not _BAD:
                values.append(text)
                places.append(place)
        obj.at[_items_key(key)] = tuple(places)
        return values

    def _deliverable(self, node: MappingNode, obj):
        """One `{item: X, lead_time: 10m}`: its item's text and place (_BAD when it has none)."""
        found = {}
        for key_node, value_node in node.value:
            name = key_node.value
            if type(name) is not str:
                self.error(self.pos(key_node), "a key of an item must be a plain word")
            elif name in found:
                self.error(self.pos(key_node), f"`{name}` is given twice in this item; keep one")
            elif name not in _DELIVERABLE:
                noun = "`delivers` item"
                self.error(self.pos(key_node), _unknown_key(name, noun, _DELIVERABLE))
            else:
                found[name] = value_node
        if "item" not in found:
            self.error(self.pos(node), "write the item as `{item: <what>, lead_time: 10m}`")
            return _BAD, None
        text = self.scalar("item", found["item"])
        if text is not _BAD and "lead_time" in found:
            lead = _DELIVERABLE["lead_time"]
            duration = self.read_kind(lead, "lead_time", found["lead_time"], obj)
            if duration is not _BAD:
                obj.item_lead_times[normal(text)] = duration
        return text, self.place(found["item"])

    def read_waivers(self, field: Field, key: str, node: Node, obj):
        return self.waivers(node, obj)

    def read_executors(self, field: Field, key: str, node: Node, obj):
        """One id, or a list of them for a joint step: the first is `by`, the rest `joint`."""
        if type(node) is ScalarNode and node.tag == STR:
            return node.value
        if not isinstance(node, SequenceNode):
            return self.scalar(key, node)
        ids = self.texts(key, node, obj)
        if ids is _BAD:
            return _BAD
        if not ids:
            return self.bad(node, f"`{key}: []` names nobody; write who does the step")
        obj.joint = ids[1:]
        return ids[0]

    def read_text(self, field: Field, key: str, node: Node, obj):
        if type(node) is ScalarNode and node.tag == STR:
            value = node.value  # the common case, kept short
            return value if len(value) <= self.max_text else self.too_long(node, value)
        return self.scalar(key, node)

    def too_long(self, node: Node, value: str) -> str:
        """A text over `max_text_length`: a finding, and the text cut to the limit, so that
        no rule or output copies more than that for each reference to it."""
        self.error(
            self.pos(node),
            f"this text has {len(value):,} characters, more than the limit of "
            f"{self.max_text:,}; shorten it (a name or a requirement needs a line or two), "
            "or raise `max_text_length` under [tool.flowmap.limits]",
        )
        return value[: self.max_text]

    def read_kind(self, field: Field, key: str, node: Node, obj):
        """A value of a kind with a form (`kinds.READERS`): an id, a duration, a rank, …"""
        text = self.read_text(field, key, node, obj)
        if text is _BAD:
            return _BAD
        if node.style and field.kind in kinds.NUMBERS:  # `"2"` is text, not a number
            quote = node.style if node.style in "'\"" else ""
            self.error(
                self.pos(node),
                f"`{key}: {quote}{clipped(text)}{quote}` is quoted, so it is text, not a "
                f"number; remove the quotes: `{key}: {clipped(text)}`",
            )
            return _BAD
        try:
            return kinds.read(field.kind, text)
        except kinds.BadValue as problem:
            self.error(self.pos(node), f"`{key}: {clipped(text)}` {problem}")
        # a bad id is kept, so that the rest of the map still makes sense to the other rules
        return text if field.kind == "id" else _BAD

    def bad(self, node: Node, message: str):
        # a tag that is not YAML's own (`!!python/object/apply:os.system`) is what is wrong,
        # whatever shape the node has: say so rather than "takes a single value"
        if self._tag_ok(node):
            self.error(self.pos(node), message)
        return _BAD

    def _tag_ok(self, node: Node) -> bool:
        if node.tag in _CORE_TAGS:
            return True
        self.error(self.pos(node), f"the tag `{node.tag}` is not allowed; remove it")
        return False

    def scalar(self, key: str, node: Node):
        if not isinstance(node, ScalarNode):
            return self.bad(node, f"`{key}` takes a single value; found {_what(node)}")
        if not self._tag_ok(node):
            return _BAD
        if node.tag == NULL and not node.style:
            return self.bad(node, f"`{key}` has no value; write one, or remove the key")
        value = node.value
        return value if len(value) <= self.max_text else self.too_long(node, value)

    def texts(self, key: str, node: Node, obj: t.Located):
        if type(node) is SequenceNode and node.tag == SEQ:
            return self._texts(key, _items_key(key), node, obj)
        if isinstance(node, ScalarNode) and not (node.tag == NULL and not node.style):
            value = self.scalar(key, node)
            if value is _BAD:
                return _BAD
            obj.at[_items_key(key)] = (self.place(node),)
            return [value]
        if isinstance(node, SequenceNode):
            self._tag_ok(node)
            return _BAD
        return self.bad(
            node, f"`{key}` takes a list, e.g. `{key}: [first, second]`; found {_what(node)}"
        )

    def _texts(self, key: str, items_key: str, node: SequenceNode, obj: t.Located) -> list:
        """The texts of a list (`key[]` in `at`: their places)."""
        values, places = [], []
        for item in node.value:
            if type(item) is ScalarNode and item.tag == STR:
                value = intern(item.value)  # the common case, kept short
                if len(value) > self.max_text:
                    self.key = key  # what the finding concerns
                    value = self.too_long(item, value)
            else:
                self.key = key
                value = self.scalar(key, item)
                if value is _BAD:
                    continue
            mark = item.start_mark
            values.append(value)
            places.append((mark.line + 1) << LINE_BITS | (mark.column + 1))  # t.place
        obj.at[items_key] = tuple(places)
        return values

    def objects(self, cls: type, key: str, node: Node):
        if not isinstance(node, SequenceNode):
            return self.bad(
                node,
                f"`{key}` takes a list of {plural(NOUN[cls])}, each starting with "
                f"`- {next(iter(FIELDS[cls]))}:`; found {_what(node)}",
            )
        if not self._tag_ok(node):
            return _BAD
        found = []
        for item in node.value:
            obj = self.object(cls, item)
            if obj is not None:
                found.append(obj)
        return found

    def waivers(self, node: Node, obj: t.Located):
        if not isinstance(node, MappingNode):
            return self.bad(
                node,
                "`waive` takes a mapping `rule-id: reason`, e.g. "
                "`waive: {assure-own: audited by the customer on site}`",
            )
        waivers = {}
        for key_node, value_node in node.value:
            rule = str(key_node.value) if isinstance(key_node, ScalarNode) else ""
            if type(value_node) is MappingNode:  # {reason, approved_by, until}
                reason = self._waiver_terms(rule, value_node, obj)
            else:
                reason = value_node.value if isinstance(value_node, ScalarNode) else ""
            if (
                isinstance(value_node, ScalarNode)
                and value_node.tag == NULL
                and not value_node.style
            ):
                reason = ""
            waivers[rule] = str(reason).strip()
            obj.at["waive." + rule] = self.place(key_node)
        return waivers

    def _waiver_terms(self, rule: str, node: MappingNode, obj) -> str:
        """A waiver written as `{reason: ..., approved_by: ROLE, until: YYYY-MM-DD}`: its
        approver and end go to `waive_terms`; returns its reason ("" when it has none)."""
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = key_node.value
            if type(name) is not str or name not in _WAIVER or name in found:
                shown = clipped(str(name))
                self.error(self.pos(key_node), _unknown_key(shown, "waiver", _WAIVER))
            else:
                found[name] = value_node
        values = {}
        for name, value_node in found.items():
            value = self.read_kind(_WAIVER[name], name, value_node, obj)
            if value is not _BAD:
                values[name] = value
        obj.waive_terms[rule] = t.WaiverTerms(values.get("approved_by"), values.get("until"))
        return values.get("reason", "")


_READERS = {
    "objects": _Builder.read_objects,
    "texts": _Builder.read_texts,
    "deliverables": _Builder.read_deliverables,
    "refs": _Builder.read_texts,
    "waive": _Builder.read_waivers,
    "text": _Builder.read_text,
    "ref": _Builder.read_text,
    "executors": _Builder.read_executors,
}
_READERS.update(dict.fromkeys(kinds.READERS, _Builder.read_kind))
_PLAIN_TEXT_KINDS = ("text", "ref", "executors")  # a plain string is their value
_LISTS = ("texts", "refs")  # a list of plain strings is their value


# How `_fields` reads a value that is a plain string, or a list of them, without a reader:
# as it stands (a text), converted (`kinds.READERS`), or each item as it stands.
_AS_IS, _CONVERTED, _LISTED = "as is", "converted", "listed"


class _Planned(NamedTuple):
    """How `_fields` reads a key's value (see `_Builder._plan`)."""

    key: str  # FIELDS' own string
    attr: str
    how: str | None  # _AS_IS, _CONVERTED, _LISTED or None: the reader alone
    convert: Callable | None  # for _CONVERTED
    numeric: bool  # written as a YAML number: a quoted `"2"` is text, not one
    items_key: str  # `key[]`: where in `at` the places of its items go
    field: Field
    read: Callable  # the reader of any value (`_READERS`)


def _planned(key: str, field: Field) -> _Planned:
    convert = kinds.READERS.get(field.kind)
    if field.kind in _PLAIN_TEXT_KINDS:
        how = _AS_IS
    elif convert is not None:
        how = _CONVERTED
    else:
        how = _LISTED if field.kind in _LISTS else None
    return _Planned(
        key, field.attr or key, how, convert, field.kind in kinds.NUMBERS, _items_key(key),
        field, _READERS[field.kind],
    )  # fmt: skip


@functools.cache
def _items_key(key: str) -> str:
    """`key[]`, one string for every object (see `_Builder._fields`)."""
    return key + "[]"


def _merged_pairs(sources: list[Node], seen: dict[str, Node]) -> list[tuple[Node, Node]]:
    """The pairs that YAML merge keys (`<<: *base`) bring in; keys already given win."""
    pairs: list[tuple[Node, Node]] = []
    names = set(seen)
    for value in sources:
        for source in value.value if isinstance(value, SequenceNode) else [value]:
            if not isinstance(source, MappingNode):
                continue
            nested = [v for k, v in source.value if k.tag == MERGE]
            own = [(k, v) for k, v in source.value if k.tag != MERGE]
            for key, item in own + _merged_pairs(nested, {k.value: k for k, _ in own}):
                if key.value not in names:
                    names.add(key.value)
                    pairs.append((key, item))
    return pairs


def _what(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL and not node.style:
        return "nothing"
    # a short excerpt: the file may be a secret someone named or included by mistake
    return f"`{clipped(node.value, EXCERPT)}`"


def _unknown_key(key: str, noun: str, spec: dict[str, Field]) -> str:
    close = difflib.get_close_matches(key[:100], list(spec), n=1, cutoff=0.6)
    if close:
        return f"unknown key `{clipped(key)}` in a {noun}; did you mean `{close[0]}`?"
    return f"unknown key `{clipped(key)}` in a {noun}; the keys are: {', '.join(spec)}"
