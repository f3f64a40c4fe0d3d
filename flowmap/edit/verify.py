"""Proof that a text patch changed exactly what was asked, and nothing else.

A patch works on characters, so a slip (an indentation that swallows the next lines, a
quote left open) could change other data while the file still reads as YAML. Before an edit
is kept, the file's data before it — with the asked change made on plain Python data — must
equal the file's data after it; otherwise the edit is refused and the text stays as it was.

The data is the node tree without positions or styles: a mapping is (MAPPING, a list of
[key, value] pairs) (so order and duplicate keys count), a list a list, a scalar its text
(None for null).
"""

from __future__ import annotations

import copy

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.edit.yaml_text import EditError
from flowmap.load.yaml_nodes import NULL
from flowmap.model.fields import key_order

MAPPING = "{}"  # a mapping's data is (MAPPING, pairs): never equal to a list


def data_of_value(value: object) -> object:
    """What a value given to an edit reads back as, in the data above."""
    if isinstance(value, list | tuple):
        return [data_of_value(item) for item in value]
    if isinstance(value, dict):
        return (MAPPING, [[str(key), data_of_value(item)] for key, item in value.items()])
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return str(value)


class Tree:
    """A file's data, with a handle on the list that holds each mapping's pairs and each
    sequence's items, so that an edit can be made on the data by naming its node."""

    def __init__(self, root: Node | None) -> None:
        self._of: dict[int, list] = {}
        self.data = None if root is None else self._data(root)
        # the collections the asked changes were made in (rename: anywhere), so that the
        # proof of an edit inside one item compares that item only (`check_patch`)
        self.touched: set[int] = set()
        self.anywhere = False

    def _data(self, node: Node) -> object:
        kind = type(node)
        if kind is ScalarNode:
            return None if node.tag == NULL else node.value
        data = self._data
        if kind is SequenceNode:
            held: list = [data(item) for item in node.value]
            self._of[id(node)] = held
            return held
        held = [[data(key), data(value)] for key, value in node.value]
        self._of[id(node)] = held
        return (MAPPING, held)

    def of(self, node: MappingNode | SequenceNode) -> list:
        return self._of[id(node)]

    # -- the asked changes, made on the data ------------------------------------------------

    def set(self, mapping: MappingNode, key: str, value: object) -> None:
        self.touched.add(id(mapping))
        pairs = self.of(mapping)
        at = next((n for n, pair in enumerate(pairs) if pair[0] == key), None)
        if value is None:
            if at is not None:
                del pairs[at]
        elif at is None:  # where the text gets it: in the order of FIELDS (changes._add_key)
            keys = [pair[0] for pair in pairs]
            order = key_order([*keys, key]) if all(isinstance(k, str) for k in keys) else None
            later = [
                n
                for n, k in enumerate(keys)
                if n > 0 and order is not None and order.index(k) > order.index(key)
            ]
            pairs.insert(later[0] if later else len(pairs), [key, data_of_value(value)])
        else:
            pairs[at][1] = data_of_value(value)

    def insert(self, sequence: SequenceNode, at: int, fields: dict) -> None:
        self.touched.add(id(sequence))
        self.of(sequence).insert(at, data_of_value(fields))

    def remove(self, sequence: SequenceNode, index: int) -> None:
        self.touched.add(id(sequence))
        del self.of(sequence)[index]

    def swap(self, sequence: SequenceNode, first: int, second: int) -> None:
        self.touched.add(id(sequence))
        held = self.of(sequence)
        held[first], held[second] = held[second], held[first]

    def copy(self, sequence: SequenceNode, index: int, new_ids: dict[str, str]) -> None:
        self.touched.add(id(sequence))
        held = self.of(sequence)
        duplicate = copy.deepcopy(held[index])
        _rename(duplicate, new_ids, frozenset(("id",)))
        held.insert(index + 1, duplicate)

    def rename(self, old: str, new: str, keys: frozenset[str]) -> None:
        self.anywhere = True
        _rename(self.data, {old: new}, keys)


def _rename(data: object, names: dict[str, str], keys: frozenset[str]) -> None:
    """Rename the values of `keys` (and the items of their lists) throughout `data`."""
    if type(data) is tuple:
        for pair in data[1]:
            key, value = pair
            if key in keys:
                if isinstance(value, str) and value in names:
                    pair[1] = names[value]
                elif type(value) is list:
                    value[:] = [names.get(v, v) if isinstance(v, str) else v for v in value]
            _rename(value, names, keys)
    elif type(data) is list:
        for item in data:
            _rename(item, names, keys)


def check_edit(before: Tree, after_root: Node | None, what: str) -> Tree:
    """Refuse the edit unless the new text's data is the old data with the change made;
    returns the new text's tree."""
    after = Tree(after_root)
    if after.data != before.data:
        raise EditError(
            f"{what}: the change to the text would have changed other data too, so it was "
            "not made; edit this part of the file in a text editor"
        )
    return after


def check_patch(before: Tree, patch, what: str) -> Tree | None:
    """`check_edit` for a text whose tree `patch` made from the one `before` was read from
    (see flowmap.edit.patched): the rest of the file is the same text and reads the same,
    so only the item is compared, when the asked change was made inside it. Returns the new
    text's tree (`before`, brought up to date), None when the change reached outside the
    item (then `check_edit`)."""
    inside = {id(node): node for node in _collections(patch.old_item)}
    if before.anywhere or not before.touched <= inside.keys():
        return None
    held = before.of(patch.sequence)
    after = Tree(patch.new_item)
    if after.data != held[patch.index]:
        raise EditError(
            f"{what}: the change to the text would have changed other data too, so it was "
            "not made; edit this part of the file in a text editor"
        )
    held[patch.index] = after.data
    for key in inside:
        del before._of[key]
    before._of.update(after._of)
    before.touched = set()
    return before


def _collections(node: Node) -> list[Node]:
    found, stack = [], [node]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is SequenceNode:
            found.append(node)
            stack += node.value
        elif kind is MappingNode:
            found.append(node)
            for pair in node.value:
                stack += pair
    return found
