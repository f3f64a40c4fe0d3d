"""Editing YAML text in place: find a node's span, write a value the way YAML reads it back.

The editor never re-dumps a file: it replaces the characters of the one node that changed,
so comments, key order, quoting, flow style and line endings elsewhere stay as they were.
"""

from __future__ import annotations

import json
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.load.yaml_nodes import Loader
from flowmap.memory import collector_paused

SECTIONS = ("customers", "units", "roles", "services", "goals", "processes")
# Plain scalars YAML (1.1 or 1.2) would read as something other than text, or misparse.
_SPECIAL = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|"
    r"off|Off|OFF|y|Y|n|N|[-+]?(?:\.?[0-9][0-9_.:eE+-]*|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)"
    r"|<<)$"
)
_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


class EditError(Exception):
    """An edit that cannot be made: the message says why."""


_COMPOSED: dict[str, Node | None] = {}  # the last texts composed: an edit reads its file twice


def compose(text: str) -> Node | None:
    """The node tree of `text` (EditError when it is not YAML). Do not change the nodes."""
    if text in _COMPOSED:
        return _COMPOSED[text]
    try:
        with collector_paused():
            root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as error:
        raise EditError(f"the file is not valid YAML, fix it first: {error}") from error
    if len(_COMPOSED) >= 8:
        _COMPOSED.pop(next(iter(_COMPOSED)))
    _COMPOSED[text] = root
    return root


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def scalar(value: object, flow: bool = False) -> str:
    """`value` as a YAML scalar that reads back as the same text: plain when safe, else
    double-quoted (JSON strings are YAML double-quoted strings)."""
    text = str(value)
    unsafe = (
        not text
        or text != text.strip()
        or _SPECIAL.match(text)
        or not _PLAIN_START.match(text)
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or any(c in text for c in "\n\r\t\x00")
        or (flow and any(c in text for c in ",[]{}"))
        or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\ufeff\u2028\u2029" for c in text)
    )
    return json.dumps(text, ensure_ascii=False) if unsafe else text


def value_text(value: object, flow: bool) -> str:
    """A field's value as YAML: a list in flow style `[a, b]`, anything else a scalar."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(item, flow=True) for item in value) + "]"
    if isinstance(value, dict):  # a waiver: `{rule-id: reason}`
        inner = ", ".join(f"{scalar(k, True)}: {scalar(v, True)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)  # a rank or a share: a number, as the schema reads it
    return scalar(value, flow)


def pairs(node: Node) -> list[tuple[ScalarNode, Node]]:
    return list(node.value) if isinstance(node, MappingNode) else []


def get(node: Node, key: str) -> tuple[ScalarNode, Node] | None:
    for key_node, value_node in pairs(node):
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def id_of(node: Node) -> str | None:
    found = get(node, "id")
    return found[1].value if found and isinstance(found[1], ScalarNode) else None


class Located:
    """Where an object's mapping sits: the node, the list holding it (and that list's key
    node), and its index in the list."""

    def __init__(
        self, node: MappingNode, parent: SequenceNode, index: int, key: ScalarNode
    ) -> None:
        self.node, self.parent, self.index, self.key = node, parent, index, key


def find(root: Node | None, obj_id: str) -> Located | None:
    """The mapping that defines `obj_id`: a section item, a step, an operation or a need."""
    for section in SECTIONS:
        found = get(root, section) if root is not None else None
        if found:
            nested = section in ("processes", "customers")
            located = _find_in(found[0], found[1], obj_id, nested)
            if located:
                return located
    return None


def _find_in(key: ScalarNode, sequence: Node, obj_id: str, nested: bool) -> Located | None:
    for index, item in enumerate(items(sequence)):
        if not isinstance(item, MappingNode):
            continue
        if id_of(item) == obj_id:
            return Located(item, sequence, index, key)
        if nested:
            for name in ("steps", "operations", "needs"):
                found = get(item, name)
                if found:
                    located = _find_in(found[0], found[1], obj_id, nested=True)
                    if located:
                        return located
    return None


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """The index just after the newline that ends the line holding `index`."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def content_end(text: str, node: Node) -> int:
    """Where the node's own characters end: its end mark, less trailing blanks and lines."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def item_span(text: str, sequence: SequenceNode, index: int) -> tuple[int, int]:
    """The characters that make item `index` of a list, to cut, copy or move it.

    In a block list: whole lines, from the comment lines just above its `-` to its last
    line. In a flow list `[a, b]`: the item with the `, ` that joins it to the next one (or,
    for the last item, to the one before).
    """
    item = sequence.value[index]
    if sequence.flow_style:
        start, end = item.start_mark.index, item.end_mark.index
        if index + 1 < len(sequence.value):
            return start, sequence.value[index + 1].start_mark.index
        if index > 0:
            return _after(text, sequence.value[index - 1]), end
        return start, end
    start = line_start(text, item.start_mark.index)
    while start > 0:
        above = line_start(text, start - 1)
        if not text[above:start].strip().startswith("#"):
            break
        start = above
    return start, line_end(text, content_end(text, item) - 1)


def _after(text: str, node: Node) -> int:
    return content_end(text, node)


def replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]
