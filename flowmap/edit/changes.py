"""Text changes to one map file: set, add, delete, duplicate and move keys and list items.

Each function takes the file's text and returns the new text; the span of what changes is
all that changes. They raise EditError when the edit cannot be made.
"""

from __future__ import annotations

from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.edit.verify import Tree, data_of_value
from flowmap.edit.yaml_text import (
    EditError,
    ItemNode,
    content_end,
    get,
    item_span,
    line_end,
    line_start,
    newline_of,
    pairs,
    replace,
    scalar,
    value_text,
)
from flowmap.model.fields import key_order


class Was(NamedTuple):
    """A key as the file on disk has it (the text loaded or last saved), for an edit that
    gives the key a value again: `mapping` is the same object's mapping in `text`."""

    text: str
    mapping: MappingNode
    key: ScalarNode
    value: Node


def set_key(
    text: str, mapping: MappingNode, key: str, value: object, was: Was | None = None
) -> str:
    """Give `key` the value `value` in `mapping` (None removes the key). With `was` (the
    key on disk), a key given back its value on disk is written back as it was there, and a
    list that was a block list on disk is written as one, at its indentation there."""
    found = get(mapping, key)
    if value is None:
        return text if found is None else _remove_key(text, mapping, found)
    restored = _as_it_was(text, mapping, found, value, was) if was is not None else None
    if restored is not None:
        return restored
    if found is not None:
        return _replace_value(text, found, value, flow=bool(mapping.flow_style))
    return _add_key(text, mapping, key, value)


def _as_it_was(
    text: str, mapping: MappingNode, found: tuple[ScalarNode, Node] | None, value, was: Was
) -> str | None:
    """`key: value` written as the disk has it, in place of the key's lines (or where a
    new key goes); None when that cannot be done line for line (a flow mapping, the key on
    the item's dash line, another indentation)."""
    keys = [k for k, _ in pairs(mapping)]
    if mapping.flow_style or was.mapping.flow_style or not keys:
        return None
    if was.key is pairs(was.mapping)[0][0] or (found is not None and found[0] is keys[0]):
        return None  # the key on the `- ` line: not a line of its own
    if was.key.start_mark.column != keys[0].start_mark.column:
        return None
    lines = _lines_as_it_was(was, value)
    if lines is None:
        return None
    nl = newline_of(text)
    lines = lines if lines.endswith("\n") else lines + nl
    if found is not None:
        start = line_start(text, found[0].start_mark.index)
        return replace(text, start, line_end(text, content_end(text, found[1]) - 1), lines)
    later = _later_key(mapping, was.key.value)
    if later is not None:
        at = line_start(text, later.start_mark.index)
    else:
        at = line_end(text, content_end(text, mapping) - 1)
        lines = (nl if at and text[at - 1] != "\n" else "") + lines
    return replace(text, at, at, lines)


def _lines_as_it_was(was: Was, value: object) -> str | None:
    """The lines of `key: value` in the style of the key on disk: its very lines when the
    value is the same; for a new list where the disk has a block list, a block list at
    that indentation, an item the same as one on disk written as it was."""
    text, node = was.text, was.value
    start = line_start(text, was.key.start_mark.index)
    if Tree(node).data == data_of_value(value):
        return text[start : line_end(text, content_end(text, node) - 1)]
    block = isinstance(node, SequenceNode) and not node.flow_style and node.value
    if not (block and isinstance(value, list) and value):
        return None
    nl = newline_of(text)
    key_line = text[start : line_end(text, _colon_end(text, was.key))]
    if text[_colon_end(text, was.key) : line_end(text, _colon_end(text, was.key))].strip():
        return None  # something after `key:` on its line (a comment): not a plain block
    spans = [item_span(text, node, n) for n in range(len(node.value))]
    old = _reusable(
        node, [text[a:b] if text[a:b].endswith("\n") else text[a:b] + nl for a, b in spans]
    )
    first = node.value[0]
    dash = text.rfind("-", line_start(text, first.start_mark.index), first.start_mark.index)
    indent = " " * (dash - line_start(text, dash))
    return key_line + "".join(old(v) or f"{indent}- {value_text(v, False)}{nl}" for v in value)


def _later_key(mapping: MappingNode, key: str) -> ScalarNode | None:
    """The first key of `mapping`, after its first, that `FIELDS` puts after `key`: a new
    key goes before it (so a list emptied and typed again comes back where it was)."""
    keys = [k for k, _ in pairs(mapping)]
    order = key_order([k.value for k in keys] + [key])
    if order is None:
        return None
    rank = order.index(key)
    return next((k for k in keys[1:] if order.index(k.value) > rank), None)


def _replace_value(text: str, found: tuple[ScalarNode, Node], value, flow: bool) -> str:
    key_node, value_node = found
    nl = newline_of(text)
    block = not getattr(value_node, "flow_style", True) and value_node.value
    if isinstance(value_node, SequenceNode) and block and isinstance(value, list) and value:
        return _replace_block_list(text, value_node, value)
    if isinstance(value_node, MappingNode) and block and isinstance(value, dict) and value:
        first = value_node.value[0][0]
        start = line_start(text, first.start_mark.index)
        end = line_end(text, content_end(text, value_node) - 1)
        indent = " " * first.start_mark.column
        lines = "".join(
            f"{indent}{scalar(k)}: {value_text(v, False)}{nl}" for k, v in value.items()
        )
        return replace(text, start, end, lines)
    if isinstance(value_node, MappingNode | SequenceNode) and block:
        # a block collection becomes a flow one on the key's line
        end = line_end(text, content_end(text, value_node) - 1)
        return replace(text, _colon_end(text, key_node), end, " " + value_text(value, flow) + nl)
    if isinstance(value_node, SequenceNode) and isinstance(value, list) and value:
        old = _reusable(
            value_node, [text[i.start_mark.index : content_end(text, i)] for i in value_node.value]
        )
        inner = ", ".join(old(v) or value_text(v, True) for v in value)
        return replace(
            text, value_node.start_mark.index, content_end(text, value_node), f"[{inner}]"
        )
    rendered = value_text(value, flow)
    start, end = value_node.start_mark.index, content_end(text, value_node)
    if start == end:  # `key:` with no value
        return replace(text, _colon_end(text, key_node), _colon_end(text, key_node), " " + rendered)
    return replace(text, start, end, rendered)


def _replace_block_list(text: str, sequence: SequenceNode, value: list) -> str:
    """A block list stays a block list at the same indentation; items that keep their
    value keep their line as written (quoting, comment)."""
    nl = newline_of(text)
    count = len(sequence.value)
    spans = [item_span(text, sequence, n) for n in range(count)]
    chunks = [text[a:b] if text[a:b].endswith("\n") else text[a:b] + nl for a, b in spans]
    old = _reusable(sequence, chunks)
    first = sequence.value[0]
    dash = text.rfind("-", line_start(text, first.start_mark.index), first.start_mark.index)
    indent = " " * (dash - line_start(text, dash))
    new = "".join(old(v) or f"{indent}- {value_text(v, False)}{nl}" for v in value)
    start, end = spans[0][0], spans[-1][1]
    if not text[start:end].endswith("\n"):  # the list ends the file with no newline
        new = new.removesuffix(nl)
    return replace(text, start, end, new)


def _reusable(sequence: SequenceNode, chunks: list[str]):
    """A function giving, for a new item's value, the text of an old text item with that
    value (each old item used once), or None."""
    unused = [
        (item.value, chunk)
        for item, chunk in zip(sequence.value, chunks, strict=True)
        if isinstance(item, ScalarNode) and item.tag.endswith(":str")
    ]

    def old(value: object) -> str | None:
        for n, (was, chunk) in enumerate(unused):
            if isinstance(value, str) and was == value:
                del unused[n]
                return chunk
        return None

    return old


def _colon_end(text: str, key_node: ScalarNode) -> int:
    """Just after the `:` that follows a key."""
    colon = text.find(":", key_node.end_mark.index)
    if colon < 0:
        raise EditError(f"cannot find the `:` after `{key_node.value}`")
    return colon + 1


def _add_key(text: str, mapping: MappingNode, key: str, value: object) -> str:
    rendered = value_text(value, flow=bool(mapping.flow_style))
    later = _later_key(mapping, key) if mapping.value else None
    if later is not None and mapping.flow_style:
        at = later.start_mark.index
        return replace(text, at, at, f"{key}: {rendered}, ")
    if later is not None:
        at = line_start(text, later.start_mark.index)
        indent = " " * later.start_mark.column
        return replace(text, at, at, f"{indent}{key}: {rendered}{newline_of(text)}")
    if mapping.flow_style:
        close = content_end(text, mapping) - 1
        if text[close] != "}":
            raise EditError("cannot find the `}` that closes this mapping")
        joiner = ", " if mapping.value else ""
        return replace(text, close, close, f"{joiner}{key}: {rendered}")
    if not mapping.value:
        raise EditError("cannot add a key to an empty block mapping")
    indent = pairs(mapping)[0][0].start_mark.column
    at = line_end(text, content_end(text, mapping) - 1)
    nl = newline_of(text)
    prefix = "" if at == 0 or text[at - 1] == "\n" else nl
    return replace(text, at, at, f"{prefix}{' ' * indent}{key}: {rendered}{nl}")


def _remove_key(text: str, mapping: MappingNode, found: tuple[ScalarNode, Node]) -> str:
    key_node, value_node = found
    if mapping.flow_style:
        keys = [k for k, _ in pairs(mapping)]
        index = keys.index(key_node)
        if index > 0:
            previous = pairs(mapping)[index - 1][1]
            return replace(text, content_end(text, previous), content_end(text, value_node), "")
        if len(keys) > 1:
            return replace(text, key_node.start_mark.index, keys[1].start_mark.index, "")
        return replace(text, key_node.start_mark.index, content_end(text, value_node), "")
    if pairs(mapping)[0][0] is key_node:
        if len(pairs(mapping)) == 1:
            raise EditError(f"`{key_node.value}` is the only key here; delete the item instead")
        # `- name: x` / `  id: y` becomes `- id: y`: the next key moves up after the dash
        return replace(text, key_node.start_mark.index, pairs(mapping)[1][0].start_mark.index, "")
    start = line_start(text, key_node.start_mark.index)
    return replace(text, start, line_end(text, content_end(text, value_node) - 1), "")


def remove_item(text: str, located: ItemNode) -> str:
    """Cut an item out of its list; a list left empty becomes `[]`."""
    sequence = located.parent
    if len(sequence.value) == 1:
        return _replace_value(text, (located.key, sequence), [], flow=True)
    start, end = item_span(text, sequence, located.index)
    if not sequence.flow_style:  # the blank line that parted it from its neighbour goes too
        above = line_start(text, start - 1) if start else start
        if start and not text[above:start].strip():
            start = above
        elif not text[end : line_end(text, end)].strip() and located.index == 0:
            end = line_end(text, end)
    return replace(text, start, end, "")


def insert_item(
    text: str,
    sequence: SequenceNode,
    after: int | None,
    fields: dict,
    key_column: int | None = None,
) -> str:
    """Add an item made of `fields` after item `after` (None: at the end of the list).

    A new item looks like its siblings: `- {id: a, ...}` among flow-style items, one key a
    line among block items, with the file's indentation and line endings. An empty `[]`
    under a block key (at `key_column`) becomes a block list.
    """
    nl = newline_of(text)
    index = len(sequence.value) - 1 if after is None else after
    if not sequence.value and sequence.flow_style and key_column is not None:
        return _first_block_item(text, sequence, fields, key_column)
    if sequence.flow_style or not sequence.value:
        item = _flow_mapping(fields)
        if not sequence.value:
            close = content_end(text, sequence) - 1
            if text[close] != "]":
                raise EditError("cannot find the `]` that closes this list")
            return replace(text, close, close, item)
        end = content_end(text, sequence.value[index])
        return replace(text, end, end, ", " + item)
    first = sequence.value[0]
    dash_at = text.rfind("-", line_start(text, first.start_mark.index), first.start_mark.index)
    indent = " " * (dash_at - line_start(text, dash_at))
    if getattr(sequence.value[index], "flow_style", False):  # siblings like `- {id: a}`
        lines = f"{indent}- {_flow_mapping(fields)}{nl}"
    else:
        offset = max(first.start_mark.column - len(indent), 2)  # `- id` or `-   id`
        lines = _block_mapping(fields, indent + "-" + " " * (offset - 1), indent + " " * offset, nl)
    at = item_span(text, sequence, index)[1]
    prefix = "" if at == 0 or text[at - 1] == "\n" else nl
    return replace(text, at, at, prefix + (nl if _spaced(text, sequence, index) else "") + lines)


def _spaced(text: str, sequence: SequenceNode, index: int) -> bool:
    """Whether the items around `index` are set apart by blank lines (a new one is too)."""
    items = sequence.value
    pair = (index, index + 1) if index + 1 < len(items) else (index - 1, index)
    if pair[0] < 0:
        return False
    gap = text[
        line_end(text, content_end(text, items[pair[0]]) - 1) : line_start(
            text, items[pair[1]].start_mark.index
        )
    ]
    return any(not line.strip() for line in gap.splitlines())


def _flow_mapping(fields: dict) -> str:
    return "{" + ", ".join(f"{k}: {value_text(v, True)}" for k, v in fields.items()) + "}"


def _block_mapping(fields: dict, first: str, rest: str, nl: str) -> str:
    """`fields` one key a line, the first line starting with `first`, the others `rest`."""
    return "".join(
        f"{first if n == 0 else rest}{key}: {value_text(value, False)}{nl}"
        for n, (key, value) in enumerate(fields.items())
    )


def _first_block_item(text: str, sequence: SequenceNode, fields: dict, key_column: int) -> str:
    """`key: []` becomes `key:` with a block list of one item under it."""
    start, end = sequence.start_mark.index, content_end(text, sequence)
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    text = replace(text, start, end, "")
    at = line_end(text, start)
    nl = newline_of(text)
    indent = " " * (key_column + 2)
    prefix = "" if text[at - 1 : at] == "\n" else nl
    return replace(text, at, at, prefix + _block_mapping(fields, indent + "- ", indent + "  ", nl))


def swap_items(text: str, sequence: SequenceNode, first: int, second: int) -> str:
    """Exchange two items of a list (first < second), keeping what lies between them."""
    if sequence.flow_style:
        a, b = sequence.value[first], sequence.value[second]
        spans = [
            (a.start_mark.index, content_end(text, a)),
            (b.start_mark.index, content_end(text, b)),
        ]
    else:
        spans = [item_span(text, sequence, first), item_span(text, sequence, second)]
    (a0, a1), (b0, b1) = spans
    nl = newline_of(text)
    one, two = text[a0:a1], text[b0:b1]
    if not sequence.flow_style and not two.endswith("\n"):
        two, one = two + nl, one.removesuffix(nl)
    return text[:a0] + two + text[a1:b0] + one + text[b1:]


def ids_within(node: Node) -> list[ScalarNode]:
    """Every `id` value in a subtree (a step and the operations inside it)."""
    found = []
    if isinstance(node, MappingNode):
        for key, value in pairs(node):
            if key.value == "id" and isinstance(value, ScalarNode):
                found.append(value)
            else:
                found += ids_within(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            found += ids_within(item)
    return found


def copy_item(text: str, located: ItemNode, new_ids: dict[str, str]) -> str:
    """Put a copy of the item right after it, its ids (and its operations') renamed."""
    node = located.node
    if located.parent.flow_style:
        start, end = node.start_mark.index, content_end(text, node)
    else:
        start = line_start(text, node.start_mark.index)
        end = line_end(text, content_end(text, node) - 1)
    copy = text[start:end]
    for id_node in sorted(ids_within(node), key=lambda n: -n.start_mark.index):
        if id_node.value in new_ids:
            at = id_node.start_mark.index - start
            copy = (
                copy[:at]
                + scalar(new_ids[id_node.value])
                + copy[content_end(text, id_node) - start :]
            )
    if located.parent.flow_style:
        return replace(text, end, end, ", " + copy)
    if _spaced(text, located.parent, located.index):
        copy = newline_of(text) + copy
    if not copy.endswith("\n"):  # the item ends the file: start the copy on a new line
        return replace(text, end, end, newline_of(text) + copy)
    return replace(text, end, end, copy)
