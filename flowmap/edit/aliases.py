"""Anchors and aliases around an edit: `requires: &signed [...]` … `requires: *signed`.

An alias is the anchored node itself, so patching, cutting or moving the anchored node (or
copying its anchor, which YAML forbids twice) would change or break every alias. Before such
an edit, each alias concerned is written out as a flow-style copy of what it stands for: the
data stays the same, and the edit then touches only the one place it is about.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.edit.yaml_text import compose, scalar
from flowmap.load.yaml_nodes import _ALIAS, NULL, Loader

Span = tuple[int, int]


def has_aliases(text: str) -> bool:
    return "*" in text and _ALIAS.search(text) is not None


def unshare(text: str, spans: list[Span], strip_anchors: bool = False) -> str:
    """Write out every alias inside `spans` or bound to an anchored node that overlaps them;
    with `strip_anchors`, also drop the anchors that start inside `spans`."""
    if not has_aliases(text) and not strip_anchors:
        return text
    anchored, aliases = _anchors_and_aliases(text)
    nodes = _nodes_by_start(compose(text))
    patches: list[tuple[int, int, str]] = []
    for start, end, bound in aliases:
        node = nodes.get(bound)
        if node is None:
            continue
        if any(_overlaps((start, end), span) for span in spans) or any(
            _overlaps((bound, node.end_mark.index), span) for span in spans
        ):
            patches.append((start, end, flow(node)))
    if strip_anchors:
        for name, start in anchored:
            if any(a <= start < b for a, b in spans) and not _inside(start, patches):
                end = start + 1 + len(name)
                while end < len(text) and text[end] in " \t":
                    end += 1
                patches.append((start, end, ""))
    for start, end, new in sorted(patches, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _overlaps(inner: Span, span: Span) -> bool:
    a, b = span
    if a == b:  # an insertion point: inside the node, or at its very start
        return inner[0] <= a < inner[1]
    return inner[0] < b and a < inner[1]


def _inside(index: int, patches: list[tuple[int, int, str]]) -> bool:
    return any(start <= index < end for start, end, _ in patches)


def _anchors_and_aliases(text: str) -> tuple[list[tuple[str, int]], list[tuple[int, int, int]]]:
    """The anchors (name, where `&` is) and the aliases (start, end, where the node they
    stand for starts), from the parser's events."""
    anchored: list[tuple[str, int]] = []
    aliases: list[tuple[int, int, int]] = []
    bound: dict[str, int] = {}
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in bound:
                aliases.append((event.start_mark.index, event.end_mark.index, bound[event.anchor]))
        elif getattr(event, "anchor", None):
            bound[event.anchor] = event.start_mark.index
            anchored.append((event.anchor, event.start_mark.index))
    return anchored, aliases


def _nodes_by_start(root: Node | None) -> dict[int, Node]:
    found: dict[int, Node] = {}
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        found.setdefault(node.start_mark.index, node)
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return found


def flow(node: Node) -> str:
    """A node written in flow style, so that it fits wherever an alias stood."""
    if isinstance(node, ScalarNode):
        return "null" if node.tag == NULL else scalar(node.value, flow=True)
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(flow(item) for item in node.value) + "]"
    return "{" + ", ".join(f"{flow(key)}: {flow(value)}" for key, value in node.value) + "}"
