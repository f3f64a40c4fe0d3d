"""Editing YAML text in place: find a node's span, write a value the way YAML reads it back.

The editor never re-dumps a file: it replaces the characters of the one node that changed,
so comments, key order, quoting, flow style and line endings elsewhere stay as they were.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.edit.patched import Patch, recompose
from flowmap.load import DEFAULT_LIMITS, Limits
from flowmap.load import compose as load_compose
from flowmap.model.fields import sections

SECTIONS = sections()  # the top-level lists of a map, from FIELDS
# Plain scalars YAML (1.1 or 1.2) would read as something other than text, or misparse.
_SPECIAL = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|"
    r"off|Off|OFF|y|Y|n|N|=|<<|"
    r"[-+]?(?:\.?[0-9][0-9_.:eE+-]*|0[xob][0-9a-fA-F_]+|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN))$"
)
_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
# What YAML allows unescaped in a stream (its "printable" set), less the characters that
# YAML 1.1 reads as line breaks (U+0085, U+2028, U+2029) and the byte order mark.
_NOT_PLAIN_SAFE = re.compile(
    "[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
_TO_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]')


class EditError(Exception):
    """An edit that cannot be made: the message says why."""


# The last texts composed, with the limits they were composed under: an edit reads its file
# a few times, and re-reading the session after it reuses the tree (see EditSession.reread).
_COMPOSED: dict[str, tuple[Limits, Node | None]] = {}
# How the trees of the last texts made from another text's tree were made (see `patched`).
_PATCHES: dict[str, Patch] = {}
_PATCHED = 0  # how many trees were made so (see `patches_made`)


def compose(text: str, limits: Limits = DEFAULT_LIMITS) -> Node | None:
    """The node tree of `text`, read by the same loader and limits as `flowmap check`
    (EditError when it is not YAML). Do not change the nodes: they are shared."""
    cached = _COMPOSED.get(text)
    if cached is not None and cached[0] == limits:
        _settled(text)
        return cached[1]
    root, problems = load_compose(text, "", limits)
    if problems:
        problem = problems[0]
        raise EditError(
            f"the text is not valid YAML at line {problem.line}, column {problem.column}: "
            f"{problem.message}"
        )
    _keep(text, limits, root)
    return root


def _keep(text: str, limits: Limits, root: Node | None) -> None:
    if len(_COMPOSED) >= 4:  # each tree of a big file is many objects: keep few
        _PATCHES.pop(next(iter(_COMPOSED)), None)
        _COMPOSED.pop(next(iter(_COMPOSED)))
    _COMPOSED[text] = (limits, root)


def patch(text: str, base: str, limits: Limits = DEFAULT_LIMITS) -> Patch | None:
    """Make the tree `compose` keeps for `base` the tree of `text`, an edit of it, when the
    edit stayed inside one item of a top-level list (see `patched.recompose`; `base` is
    composed anew when asked for again); how, or None when it did not (or `text` has a tree
    already)."""
    before = _COMPOSED.get(base)
    if text in _COMPOSED or before is None or before[0] != limits:
        return None
    _settled(base)
    made = recompose(base, before[1], text, limits)
    if made is not None:
        global _PATCHED
        _PATCHED += 1
        del _COMPOSED[base]
        _PATCHES.pop(base, None)
        _keep(text, limits, before[1])
        _PATCHES[text] = made
    return made


def patch_of(text: str) -> Patch | None:
    """How the tree `compose` keeps for `text` was made from another text's, if it was
    (its nodes after the item may not have their places yet: see `settle`)."""
    return _PATCHES.get(text) if text in _COMPOSED else None


def patches_made() -> int:
    """How many trees `patch` made from others' so far: what was read from a tree before
    may be stale once this changed, even when the tree and the text are the same again."""
    return _PATCHED


def known(text: str, limits: Limits) -> bool:
    """Whether `compose` has the tree of `text` under `limits` (it is YAML, then)."""
    cached = _COMPOSED.get(text)
    return cached is not None and cached[0] == limits


def settle() -> None:
    """Give every tree made by a patch its places after the item (see Patch.settle); the
    editor calls it once the findings of an edit are on the screen."""
    for made in _PATCHES.values():
        made.settle()


def _settled(text: str) -> None:
    made = _PATCHES.get(text)
    if made is not None:
        made.settle()


def composed(text: str, limits: Limits) -> Node | None | bool:
    """The tree of `text` if it was composed already under `limits`, else False."""
    cached = _COMPOSED.get(text)
    if cached is None or cached[0] != limits:
        return False
    _settled(text)
    return cached[1]


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def scalar(value: object, flow: bool = False) -> str:
    """`value` as a YAML scalar that reads back as the same text: plain when that is safe,
    else double-quoted with escapes (CJK and other printable text stays as it is)."""
    text = str(value)
    unsafe = (
        not text
        or text != text.strip()
        or _SPECIAL.match(text)
        or not _PLAIN_START.match(text)
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or "\t" in text
        or (flow and any(c in text for c in ",[]{}"))
        or _NOT_PLAIN_SAFE.search(text)
    )
    return double_quoted(text) if unsafe else text


def double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar; refuses what no YAML file can hold."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise EditError("the text holds a broken character (a lone surrogate); retype it")
    return '"' + _TO_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match) -> str:
    c = match.group()
    return _ESCAPES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def value_text(value: object, flow: bool) -> str:
    """A field's value as YAML: a list in flow style `[a, b]`, a mapping `{k: v}`, a number
    plain, anything else a scalar."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(item, True) for item in value) + "]"
    if isinstance(value, dict):  # a waiver `{rule-id: reason}`, or a need
        inner = ", ".join(f"{scalar(k, True)}: {value_text(v, True)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)  # a rank or a share: a number, as the schema reads it
    if value is None:
        return "null"
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


class ItemNode:
    """Where an item's mapping sits in its file's YAML nodes (the model's objects are
    `types.Located`): the node, the list holding it (and that list's key node), and its
    index in the list."""

    def __init__(
        self, node: MappingNode, parent: SequenceNode, index: int, key: ScalarNode
    ) -> None:
        self.node, self.parent, self.index, self.key = node, parent, index, key


def find(root: Node | None, obj_id: str) -> ItemNode | None:
    """The mapping that defines `obj_id`: a section item, a step, an operation or a need."""
    for section in SECTIONS:
        found = get(root, section) if root is not None else None
        if found:
            nested = section in ("processes", "customers")
            located = _find_in(found[0], found[1], obj_id, nested)
            if located:
                return located
    return None


def find_at(root: Node | None, obj_id: str, line: int, column: int) -> ItemNode | None:
    """Like `find`, but straight down to the mapping that starts at `line`, `column` (1-based,
    as the model's positions are): no walk over the whole file. None if it is not there."""
    target = (line - 1, column - 1)
    node, parent, index, key = root, None, 0, None
    while node is not None:
        if isinstance(node, MappingNode):
            start = (node.start_mark.line, node.start_mark.column)
            if start == target and parent is not None and id_of(node) == obj_id:
                return ItemNode(node, parent, index, key)
            key, node = next(((k, v) for k, v in node.value if _holds(v, target)), (None, None))
        elif isinstance(node, SequenceNode):
            found = next(((n, i) for n, i in enumerate(node.value) if _holds(i, target)), None)
            if found is None or key is None:
                return None
            parent, (index, node) = node, found
        else:
            return None
    return None


def _holds(node: Node, target: tuple[int, int]) -> bool:
    start, end = node.start_mark, node.end_mark
    return (start.line, start.column) <= target < (end.line, end.column)


def _find_in(key: ScalarNode, sequence: Node, obj_id: str, nested: bool) -> ItemNode | None:
    for index, item in enumerate(items(sequence)):
        if not isinstance(item, MappingNode):
            continue
        if id_of(item) == obj_id:
            return ItemNode(item, sequence, index, key)
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
