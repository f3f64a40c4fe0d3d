"""The editor's operations: each turns the session's texts into new texts, nothing more.

An operation reads a `Source` — every file's text, the organisation the texts make (where
each id is defined), the loader's limits — and returns an `Edit`: a label for the history
and the new text of each file it changes. It changes no state: the session records the
edit, re-reads and re-checks. An operation that cannot be made raises EditError and
returns nothing.

Every operation patches the characters of the nodes concerned (see `changes`), writes out
the aliases that would otherwise change with them (see `aliases`), and proves on the data
that exactly the asked change was made (see `verify`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.edit import changes
from flowmap.edit.aliases import unshare
from flowmap.edit.templates import new_map_text
from flowmap.edit.verify import Tree, check_edit, check_patch
from flowmap.edit.yaml_text import (
    SECTIONS,
    EditError,
    ItemNode,
    compose,
    content_end,
    find,
    find_at,
    get,
    id_of,
    item_span,
    items,
    pairs,
    patch,
    patches_made,
    scalar,
)
from flowmap.load import Limits
from flowmap.load.yaml_nodes import NULL
from flowmap.model.fields import in_key_order, reference_keys
from flowmap.model.kinds import BadValue, read_id
from flowmap.project import shown_path

_KEY = re.compile(r"[a-z_][a-z0-9_]*")


class Proofs:
    """The data of the text the last edit made, for the next edit that starts from it.

    Proving an edit reads the data before and after it; in a run of edits to one big file,
    the "before" of an edit is the "after" of the last one, so it is read once, not twice.
    """

    def __init__(self) -> None:
        self._kept: tuple | None = None  # (text, root, trees patched by then, its Tree)

    def take(self, text: str, root: Node | None) -> Tree:
        """The data of `root` (compose's tree of `text`); the caller may change it. A tree
        patched in place stays the same object (see yaml_text.patch), and an undo and a
        redo bring back the same text on other nodes: so the text and the count of patches
        must be the same too."""
        kept, self._kept = self._kept, None  # changed from here on: never reused
        if kept is not None and kept[1] is root and kept[2] == patches_made() and kept[0] == text:
            return kept[3]
        return Tree(root)

    def keep(self, text: str, root: Node | None, tree: Tree) -> None:
        self._kept = (text, root, patches_made(), tree)


@dataclass
class Source:
    """What an operation reads."""

    texts: dict[str, str | None]  # every file by name; None: not readable as text
    paths: dict[str, Path]  # every file's path by name
    org: object | None  # the organisation of the texts (flowmap.model.org.Org)
    limits: Limits
    proofs: Proofs = field(default_factory=Proofs)
    # a file's text on disk and its node tree (None: not on disk, or not YAML there)
    on_disk: Callable[[str], tuple[str, Node | None] | None] = lambda name: None

    @property
    def definitions(self) -> dict:
        return self.org.definitions if self.org is not None else {}


class Edit(NamedTuple):
    label: str  # what the history calls it ("set lead_time of pack")
    texts: dict[str, str]  # the new text of each file it changes
    made: str | int | None = None  # the new id, or how many places a rename changed


def naming_keys() -> frozenset[str]:
    """The keys whose values name an id: `id` and every reference key of `FIELDS`."""
    return reference_keys() | {"id"}


# -- setting keys ----------------------------------------------------------------------------


def set_field(source: Source, obj_id: str, key: str, value: object) -> Edit:
    """Set `key` of the object `obj_id` (a text, a list of texts, a number, a duration, a
    waiver mapping; None removes the key). Setting `id` renames."""
    if key == "id":
        return rename(source, obj_id, str(value))
    return _set(source, obj_id, key, value, lambda node: node, f"set {key} of {obj_id}")


def set_need_field(source: Source, step_id: str, index: int, key: str, value: object) -> Edit:
    """Set `key` of need number `index` (from 0) of a step."""

    def need(node):
        found = get(node, "needs")
        needs = items(found[1]) if found else []
        if not 0 <= index < len(needs):
            raise EditError(f"`{step_id}` has no need number {index + 1}")
        return needs[index]

    return _set(source, step_id, key, value, need, f"set {key} of a need of {step_id}")


def _set(source: Source, obj_id: str, key: str, value: object, part, label: str) -> Edit:
    _check_key(key)
    value = _plain(value)
    name, text, located = _locate(source, obj_id)
    mapping = part(located.node)
    if not isinstance(mapping, MappingNode):
        raise EditError(f"`{obj_id}` is not a mapping of keys; fix it in a text editor")
    found = get(mapping, key)
    span = _span(text, found[1] if found else mapping)
    text, mapping = _unshared(
        source, text, [span], lambda root: part(find(root, obj_id).node), mapping
    )
    # a key given a value again (a list above all) is written as the file on disk has it
    again = value is not None and (found is None or isinstance(value, list))
    was = _on_disk(source, name, obj_id, part, key) if again else None
    new = _proven(
        source,
        text,
        label,
        lambda: changes.set_key(text, mapping, key, value, was),
        lambda tree: tree.set(mapping, key, value),
    )
    return Edit(label, {name: new})


def _on_disk(source: Source, name: str, obj_id: str, part, key: str) -> changes.Was | None:
    """`key` of the object as the file on disk has it (None: not there)."""
    disk = source.on_disk(name)
    located = find(disk[1], obj_id) if disk is not None else None
    if located is None:
        return None
    try:
        mapping = part(located.node)
    except EditError:  # a need the disk does not have
        return None
    found = get(mapping, key) if isinstance(mapping, MappingNode) else None
    return changes.Was(disk[0], mapping, *found) if found is not None else None


# -- adding items ----------------------------------------------------------------------------


def add_step(source: Source, process_id: str, after: str | None = None, fields=None) -> Edit:
    """A new step in a process, after the step `after` (None: at the end); made: its id
    (from `fields["id"]`, made unique, or a fresh one)."""
    return _add_into(source, process_id, "steps", after, fields or {}, "step")


def add_operation(source: Source, step_id: str, after: str | None = None, fields=None) -> Edit:
    """A new operation inside a step, after the operation `after`; made: its id."""
    return _add_into(source, step_id, "operations", after, fields or {}, "operation")


def add_need(source: Source, step_id: str, fields: dict) -> Edit:
    """A new need at the end of a step's needs (`fields` names its `item`)."""
    if "item" not in fields:
        raise EditError("a need names its `item`")
    return _insert(source, step_id, "needs", None, dict(fields), f"add a need to {step_id}")


def add_customer_need(source: Source, customer_id: str, after: str | None = None) -> Edit:
    """A new need of an external customer, after the need `after`; made: its id."""
    return _add_into(source, customer_id, "needs", after, {"id": "need"}, "need")


def add_item(
    source: Source, section: str, fields: dict, file: str | None = None, after: str | None = None
) -> Edit:
    """A new customer, unit, role, service, goal or process, in `file` (None: the file that
    has that section, or the first file), after the item `after` (None: at the end); made:
    its id."""
    if section not in SECTIONS:
        raise EditError(f"`{section}` is not one of {', '.join(SECTIONS)}")
    new_id = _new_id(source, fields.get("id") or section.rstrip("s"))
    fields = {"id": new_id, **{k: _plain(v) for k, v in fields.items() if k != "id"}}
    for each in fields:
        _check_key(each)
    readable = [n for n, text in source.texts.items() if text is not None]
    if not readable:
        raise EditError("there is no readable file to add to")
    target = next(
        (n for n in readable if get(_root(source, n), section)),
        next((n for n in readable if _root(source, n) is not None), readable[0]),
    )
    if file is not None and file in readable:
        target = file
    label = f"add {section.rstrip('s')} {new_id}"
    text = _with_list(source, source.texts[target], lambda root: root, section, label)
    new = _insert_into(source, text, None, section, after, fields, label)
    return Edit(label, {target: new}, new_id)


def _add_into(source: Source, owner: str, key: str, after, fields: dict, noun: str) -> Edit:
    new_id = _new_id(source, fields.get("id") or noun)
    fields = {"id": new_id, **{k: v for k, v in fields.items() if k != "id"}}
    return _insert(source, owner, key, after, fields, f"add {noun} {new_id}")._replace(made=new_id)


def _insert(source: Source, owner: str, key: str, after, fields: dict, label: str) -> Edit:
    # written in the order of FIELDS, as the examples and the format doc write them
    fields = {k: _plain(v) for k, v in in_key_order(fields).items()}
    for each in fields:
        _check_key(each)
    name, text, _ = _locate(source, owner)
    text = _with_list(source, text, lambda root: find(root, owner).node, key, label)
    return Edit(label, {name: _insert_into(source, text, owner, key, after, fields, label)})


def _with_list(source: Source, text: str, mapping_of, key: str, label: str) -> str:
    """`text` where the mapping has `key` holding a list (`key: []` added if need be)."""
    mapping = mapping_of(compose(text, source.limits))
    found = get(mapping, key)
    if found is not None and isinstance(found[1], SequenceNode):
        return text
    if found is not None and not (isinstance(found[1], ScalarNode) and found[1].tag == NULL):
        raise EditError(f"`{key}` here is not a list; fix it in a text editor")
    return _proven(
        source,
        text,
        label,
        lambda: changes.set_key(text, mapping, key, []),
        lambda tree: tree.set(mapping, key, []),
    )


def _insert_into(source: Source, text, owner, key, after, fields, label) -> str:
    def relocate(root):
        mapping = find(root, owner).node if owner else root
        return mapping, get(mapping, key)[1]

    mapping, sequence = relocate(compose(text, source.limits))
    index = None
    if after is not None:
        ids = [id_of(item) for item in items(sequence)]
        if after not in ids:
            raise EditError(f"`{after}` is not in the {key} of `{owner}`")
        index = ids.index(after)
    point = sequence.start_mark.index
    text, (mapping, sequence) = _unshared(
        source, text, [(point, point)], relocate, (mapping, sequence)
    )
    at = len(sequence.value) if index is None else index + 1
    key_column = None if mapping.flow_style else get(mapping, key)[0].start_mark.column
    return _proven(
        source,
        text,
        label,
        lambda: changes.insert_item(text, sequence, index, fields, key_column),
        lambda tree: tree.insert(sequence, at, fields),
    )


# -- deleting, duplicating, moving -----------------------------------------------------------


def delete(source: Source, obj_id: str) -> Edit:
    """Delete a step, operation, need, customer, unit, role, service, goal or process (with
    what is nested in it). References to it are left for the findings to show."""
    name, text, located = _locate(source, obj_id)
    span = item_span(text, located.parent, located.index)
    text, located = _unshared(source, text, [span], lambda root: find(root, obj_id), located)
    label = f"delete {obj_id}"
    new = _proven(
        source,
        text,
        label,
        lambda: changes.remove_item(text, located),
        lambda tree: tree.remove(located.parent, located.index),
    )
    return Edit(label, {name: new})


def duplicate(source: Source, obj_id: str) -> Edit:
    """A copy right after the item, with fresh ids for it and everything nested in it;
    made: the copy's id."""
    name, text, located = _locate(source, obj_id)
    span = item_span(text, located.parent, located.index)
    text, located = _unshared(
        source, text, [span], lambda root: find(root, obj_id), located, strip_anchors=True
    )
    new_ids: dict[str, str] = {}
    for id_node in changes.ids_within(located.node):
        new_ids[id_node.value] = _new_id(source, f"{id_node.value}-copy", new_ids.values())
    label = f"duplicate {obj_id}"
    new = _proven(
        source,
        text,
        label,
        lambda: changes.copy_item(text, located, new_ids),
        lambda tree: tree.copy(located.parent, located.index, new_ids),
    )
    return Edit(label, {name: new}, new_ids[obj_id])


def move(source: Source, obj_id: str, delta: int) -> Edit:
    """Move an item up (-1) or down (+1) in its list."""
    name, text, located = _locate(source, obj_id)
    other = located.index + delta
    if delta not in (-1, 1) or not 0 <= other < len(located.parent.value):
        raise EditError(f"`{obj_id}` cannot move further {'up' if delta < 0 else 'down'}")
    first, second = sorted((located.index, other))
    spans = [item_span(text, located.parent, n) for n in (first, second)]
    text, located = _unshared(source, text, spans, lambda root: find(root, obj_id), located)
    label = f"move {obj_id} {'up' if delta < 0 else 'down'}"
    new = _proven(
        source,
        text,
        label,
        lambda: changes.swap_items(text, located.parent, first, second),
        lambda tree: tree.swap(located.parent, first, second),
    )
    return Edit(label, {name: new})


# -- renaming --------------------------------------------------------------------------------


def rename(source: Source, old: str, new: str) -> Edit:
    """Give `old` the id `new` and update every reference to it in every file; made: how
    many places changed."""
    try:
        read_id(new)
    except BadValue as problem:
        raise EditError(f"`{new}` {problem}") from None
    definitions = source.definitions
    if new != old and new in definitions:
        raise EditError(f"`{new}` is already the id of something else")
    if source.org is not None and old not in definitions:
        raise EditError(f"no `{old}` to rename")
    label = f"rename {old} to {new}"
    after, count = {}, 0
    for name, text in source.texts.items():
        if text is None or old not in text:  # no need to read it
            continue
        if _root(source, name) is None:
            raise EditError(f"{name} is not valid YAML: fix it first, then rename")
        places = _places_naming(compose(text, source.limits), old)
        if not places:
            continue
        spans = [_span(text, node) for node in places]
        text, places = _unshared(
            source, text, spans, lambda root: _places_naming(root, old), places
        )
        after[name] = _proven(
            source,
            text,
            label,
            lambda text=text, places=places: _renamed(text, places, new),
            lambda tree: tree.rename(old, new, naming_keys()),
        )
        count += len(places)
    return Edit(label, after, count)


def _places_naming(root, old: str) -> list:
    """Scalar nodes that name `old`: its definition (`id`) and every reference key (each
    node once, even when an alias shows it twice)."""
    found: dict[int, ScalarNode] = {}
    keys = naming_keys()

    def named(node) -> None:
        if isinstance(node, ScalarNode) and node.tag.endswith(":str") and node.value == old:
            found.setdefault(id(node), node)

    def walk(node) -> None:
        for key, value in pairs(node):
            if key.value in keys:
                named(value)
                for item in items(value):
                    named(item)
            walk(value)
        for item in items(node):
            walk(item)

    if root is not None:
        walk(root)
    return sorted(found.values(), key=lambda node: node.start_mark.index)


def _renamed(text: str, places: list, new: str) -> str:
    for node in sorted(places, key=lambda n: -n.start_mark.index):
        text = text[: node.start_mark.index] + scalar(new) + text[content_end(text, node) :]
    return text


# -- new files -------------------------------------------------------------------------------


def new_file(source: Source, root: Path, path: str | Path, template: str = "process") -> Edit:
    """A new map file from a template at `path` (relative: from the project `root`); made:
    its name. Refused outside the root, over an existing file, in a missing folder."""
    path = root / path
    if path.suffix not in (".yaml", ".yml"):
        raise EditError("a map file ends in .yaml or .yml")
    try:
        # resolve() raises for a NUL, which exists() only answers False to
        inside = path.resolve().is_relative_to(root)
        exists, folder = path.exists(), path.parent.is_dir()
    except (OSError, ValueError) as error:  # a name too long, a NUL character
        reason = getattr(error, "strerror", None) or error
        shown = str(path) if len(str(path)) <= 80 else f"{str(path)[:60]}…{path.suffix}"
        raise EditError(f"`{shown}` cannot name a file ({reason}); choose another name") from None
    if not inside:
        raise EditError(f"{path} is outside the project root {root}")
    path = Path(shown_path(path))
    if exists:
        raise EditError(f"{path} exists already")
    if not folder:
        raise EditError(f"there is no folder {path.parent}; create it first")
    name = str(path)
    if name in source.texts:
        raise EditError(f"{path} is already a file of this session")
    files = [(source.paths[n], text) for n, text in source.texts.items()]
    text = new_map_text(path, template, source.org, files, lambda w: _new_id(source, w), root)
    return Edit(f"new file {name}", {name: text}, name)


# -- finding what to edit --------------------------------------------------------------------


def _locate(source: Source, obj_id: str) -> tuple[str, str, ItemNode]:
    """The file that defines `obj_id`, its text, and where the definition is."""
    for definition in source.definitions.get(obj_id, []):
        name, line, column = definition.pos
        text = source.texts.get(name)
        if text is not None:
            located = find_at(compose(text, source.limits), obj_id, line, column)
            if located is not None:
                return name, text, located
    for name in _files_defining(source, obj_id):
        located = find(_root(source, name), obj_id)
        if located is not None:
            return name, source.texts[name], located
    broken = [n for n in source.texts if _root(source, n) is None]
    if broken:
        raise EditError(
            f"no `{obj_id}` to edit in the readable files; {', '.join(broken)} "
            "is not valid YAML: fix it first"
        )
    raise EditError(f"no `{obj_id}` to edit in the files of this session")


def _files_defining(source: Source, obj_id: str) -> list[str]:
    """The readable files, the one the organisation says defines `obj_id` first."""
    defined = source.definitions.get(obj_id)
    first = defined[0].pos[0] if defined else None
    readable = [n for n, text in source.texts.items() if text is not None]
    return sorted(readable, key=lambda name: name != first)


def _root(source: Source, name: str) -> Node | None:
    """The node tree of a file's current text; None when it is not readable YAML."""
    text = source.texts[name]
    try:
        return None if text is None else compose(text, source.limits)
    except EditError:
        return None


def _new_id(source: Source, wanted: str, taken=()) -> str:
    base = re.sub(r"[^a-z0-9._-]+", "-", wanted.lower()).strip("-._") or "item"
    known = set(source.definitions) | set(taken)
    if base not in known:
        return base
    number = 2
    while f"{base}-{number}" in known:
        number += 1
    return f"{base}-{number}"


# -- the proof every edit passes ---------------------------------------------------------------


def _unshared(
    source: Source, text: str, spans, relocate, current, strip_anchors: bool = False
) -> tuple[str, object]:
    """`text` with the aliases an edit of `spans` concerns written out (see aliases), and
    what `relocate(root)` finds in it (`current` when the text stays as it is)."""
    new = unshare(text, spans, strip_anchors)
    if new is text:
        return text, current
    limits = source.limits
    check_edit(Tree(compose(text, limits)), compose(new, limits), "anchors")
    return new, relocate(compose(new, limits))


def _proven(
    source: Source, text: str, label: str, change: Callable[[], str], expect: Callable
) -> str:
    """`change()`'s new text, refused unless its data is the data of `text` with
    `expect(tree)` done to it. `change` and `expect` name nodes of compose(text)."""
    tree = source.proofs.take(text, compose(text, source.limits))
    new = change()
    expect(tree)
    made = patch(new, text, source.limits)  # inside one item: that item composed alone
    new_root = made.root if made is not None else compose(new, source.limits)
    proven = check_patch(tree, made, label) if made is not None else None
    source.proofs.keep(new, new_root, proven or check_edit(tree, new_root, label))
    return new


# -- values as the text layer writes them ------------------------------------------------------


def _span(text: str, node) -> tuple[int, int]:
    return node.start_mark.index, max(content_end(text, node), node.start_mark.index + 1)


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise EditError(f"`{key}` is not a key of the format (see `flowmap schema`)")


def _plain(value: object) -> object:
    """A value as the text layer writes it: a Duration by its text, tuples as lists."""
    if hasattr(value, "seconds") and hasattr(value, "text"):
        return value.text
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value
