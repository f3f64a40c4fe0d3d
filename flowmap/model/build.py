"""PyYAML nodes -> typed objects, with a `schema` finding for everything that does not fit.

Scalars are read by our schema, not by YAML 1.1's resolver: `NO`, `on`, `1e3` and
`2024-01-01` stay text wherever text is expected.
"""

from __future__ import annotations

import difflib
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.findings import ERROR, Finding, Pos
from flowmap.model import types as t
from flowmap.model.durations import parse_duration
from flowmap.model.fields import FIELDS, ID_PATTERN, NOUN, Field

_Y = "tag:yaml.org,2002:"
_CORE_TAGS = frozenset(
    _Y + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_MERGE = _Y + "merge"
_NULL = _Y + "null"
_ID = re.compile(ID_PATTERN)
_WHOLE = re.compile(r"[0-9]+")
_SHARE = re.compile(r"([0-9]*\.?[0-9]+)(%?)")
_BAD = object()


def build_map(root: Node | None, file: str) -> tuple[t.Map | None, list[Finding]]:
    """Build the map of one file; None when its root is not a mapping."""
    builder = _Builder(file)
    if root is None:
        builder.error((file, 1, 1), "the file is empty; a process map starts with `flowmap: 1`")
        return None, builder.findings
    the_map = builder.object(t.Map, root)
    if the_map is not None:
        the_map.file = file
        _link(the_map)
    return the_map, builder.findings


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


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []

    def pos(self, node: Node) -> Pos:
        mark = node.start_mark
        return (self.file, mark.line + 1, mark.column + 1)

    def error(self, pos: Pos, message: str) -> None:
        self.findings.append(Finding.at(pos, "schema", ERROR, message))

    def object(self, cls: type, node: Node):
        noun = NOUN[cls]
        if not isinstance(node, MappingNode):
            keys = ", ".join(FIELDS[cls])
            self.error(self.pos(node), f"a {noun} is a mapping of keys ({keys}); found {_what(node)}")
            return None
        if not self._tag_ok(node):
            return None
        spec = FIELDS[cls]
        obj = cls(pos=self.pos(node))
        at = obj.at
        seen: dict[str, Node] = {}
        for key_node, value_node in _pairs(node):
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.error(self.pos(key_node), f"a key of a {noun} must be a plain word")
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.error(self.pos(key_node), f"`{key}` is given twice in this {noun} (first on "
                           f"line {first}); keep one")
                continue
            seen[key] = key_node
            field = spec.get(key)
            if field is None:
                self.error(self.pos(key_node), _unknown_key(key, noun, spec))
                continue
            value = self.value(field, key, value_node, obj)
            if value is not _BAD:
                setattr(obj, field.attr or key, value)
                at[key] = self.pos(value_node)
        for key, field in spec.items():
            if field.required and key not in seen:
                self.error(obj.pos, f"this {noun} has no `{key}`; add `{key}:` ({field.doc})")
        return obj

    def value(self, field: Field, key: str, node: Node, obj: t.Located):
        kind = field.kind
        if kind == "objects":
            return self.objects(field.item, key, node)
        if kind in ("texts", "refs"):
            return self.texts(key, node, obj)
        if kind == "waive":
            return self.waivers(node, obj)
        text = self.scalar(key, node)
        if text is _BAD:
            return _BAD
        if kind in ("text", "ref"):
            return text
        if kind == "id":
            if _ID.fullmatch(text):
                return text
            return self.bad(node, f"`{text}` is not a valid id: use lower-case letters, digits, "
                            f"`.`, `_` and `-`, starting with a letter or digit, e.g. `{_slug(text)}`")
        if kind == "duration":
            duration = parse_duration(text)
            if duration is None:
                return self.bad(node, f"`{key}: {text}` is not a duration; write a number and a "
                                "unit: 30m, 4h, 2d or 1w")
            return duration
        if kind == "rank":
            if not node.style and _WHOLE.fullmatch(text) and int(text) >= 1:
                return int(text)
            return self.bad(node, f"`rank: {text}` must be a whole number from 1 (the top) down")
        if kind == "share":
            return self.share(node, text)
        if kind == "unit-kind":
            if text in ("line", "function"):
                return text
            return self.bad(node, f"`kind: {text}` must be `line` or `function`")
        if kind == "version":
            if not node.style and text == "1":
                return 1
            return self.bad(node, f"`flowmap: {text}`: this flowmap reads format version 1; "
                            "write `flowmap: 1`")
        raise AssertionError(kind)  # pragma: no cover - FIELDS names only the kinds above

    def bad(self, node: Node, message: str):
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
        if node.tag == _NULL and not node.style:
            return self.bad(node, f"`{key}` has no value; write one, or remove the key")
        return node.value

    def share(self, node: Node, text: str):
        match = _SHARE.fullmatch(text) if not node.style else None
        if match:
            value = float(match[1]) / (100 if match[2] else 1)
            if 0 <= value <= 1:
                return value
        return self.bad(node, f"`satisfaction: {text}` must be a share from 0 to 1, e.g. 0.85")

    def texts(self, key: str, node: Node, obj: t.Located):
        if isinstance(node, ScalarNode) and not (node.tag == _NULL and not node.style):
            value = self.scalar(key, node)
            if value is _BAD:
                return _BAD
            obj.at[key + "[]"] = (self.pos(node),)
            return [value]
        if not isinstance(node, SequenceNode):
            return self.bad(node, f"`{key}` takes a list, e.g. `{key}: [first, second]`; "
                            f"found {_what(node)}")
        if not self._tag_ok(node):
            return _BAD
        values, places = [], []
        for item in node.value:
            value = self.scalar(key, item)
            if value is not _BAD:
                values.append(value)
                places.append(self.pos(item))
        obj.at[key + "[]"] = tuple(places)
        return values

    def objects(self, cls: type, key: str, node: Node):
        if not isinstance(node, SequenceNode):
            return self.bad(node, f"`{key}` takes a list of {NOUN[cls]}s, each starting with "
                            f"`- id:`; found {_what(node)}")
        if not self._tag_ok(node):
            return _BAD
        built = (self.object(cls, item) for item in node.value)
        return [obj for obj in built if obj is not None]

    def waivers(self, node: Node, obj: t.Located):
        if not isinstance(node, MappingNode):
            return self.bad(node, "`waive` takes a mapping `rule-id: reason`, e.g. "
                            "`waive: {assure-own: audited by the customer on site}`")
        waivers = {}
        for key_node, value_node in _pairs(node):
            rule = str(key_node.value) if isinstance(key_node, ScalarNode) else ""
            reason = value_node.value if isinstance(value_node, ScalarNode) else ""
            if isinstance(value_node, ScalarNode) and value_node.tag == _NULL and not value_node.style:
                reason = ""
            waivers[rule] = reason.strip()
            obj.at["waive." + rule] = self.pos(key_node)
        return waivers


def _pairs(node: MappingNode) -> list[tuple[Node, Node]]:
    """The key/value pairs, with YAML merge keys (`<<: *base`) applied: own keys win."""
    pairs = node.value
    if not any(key.tag == _MERGE for key, _ in pairs):
        return pairs
    own = [(k, v) for k, v in pairs if k.tag != _MERGE]
    names = {k.value for k, _ in own}
    for key, value in pairs:
        if key.tag != _MERGE:
            continue
        sources = value.value if isinstance(value, SequenceNode) else [value]
        for source in sources:
            if isinstance(source, MappingNode):
                for k, v in _pairs(source):
                    if k.value not in names:
                        names.add(k.value)
                        own.append((k, v))
    return own


def _what(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL and not node.style:
        return "nothing"
    return f"`{node.value}`"


def _unknown_key(key: str, noun: str, spec: dict[str, Field]) -> str:
    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
    if close:
        return f"unknown key `{key}` in a {noun}; did you mean `{close[0]}`?"
    return f"unknown key `{key}` in a {noun}; the keys are: {', '.join(spec)}"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")
    return slug or "step-1"
