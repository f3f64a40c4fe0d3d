"""An editing session: the files being edited, their current text, undo and redo, saving.

Every change is made to the text (see `changes`), checked to still be YAML, and then the
whole session is re-read through the same workspace, model and rules as `flowmap check`:
the editor keeps no model of its own. Files whose text did not change are not read again.
"""

from __future__ import annotations

import functools
import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from flowmap.config import Config
from flowmap.edit import changes, recovery
from flowmap.edit.aliases import unshare
from flowmap.edit.saving import read_bytes, save_atomically
from flowmap.edit.templates import new_map_text
from flowmap.edit.verify import Tree, check_edit
from flowmap.edit.yaml_text import (
    SECTIONS,
    EditError,
    Located,
    compose,
    composed,
    content_end,
    find,
    find_at,
    get,
    item_span,
    items,
    pairs,
    scalar,
)
from flowmap.findings import Finding, Waived
from flowmap.load.yaml_nodes import NULL
from flowmap.memory import collector_paused
from flowmap.model.build import build_map
from flowmap.model.fields import ID_PATTERN, reference_keys
from flowmap.project import shown_path
from flowmap.workspace import Workspace, open_files


def naming_keys() -> frozenset[str]:
    """The keys whose values name an id: `id` and every reference key of `FIELDS`."""
    return reference_keys() | {"id"}


_KEY = re.compile(r"[a-z_][a-z0-9_]*")
_BOM = b"\xef\xbb\xbf"
_COLLECT_EVERY = 64


@dataclass
class _File:
    path: Path
    text: str | None  # None: the file cannot be read as text (its findings say why)
    disk: bytes | None  # what the editor believes is on disk (None: not there yet)
    bom: bool = False


class _Change:
    """One undoable action: for each file it touched, the span that changed (a big file's
    history costs what was edited, not a copy of the file per step)."""

    def __init__(self, label: str, before: dict, after: dict) -> None:
        self.label = label
        self.spans = {name: _delta(before[name], after[name]) for name in after}

    def texts(self, current: dict[str, str | None], undo: bool) -> dict[str, str | None]:
        """The texts after undoing (or redoing) this change, from the current ones."""
        result = {}
        for name, (start, old, new) in self.spans.items():
            was, becomes = (new, old) if undo else (old, new)
            text = current.get(name)
            if text is None or becomes is None or was is None:
                result[name] = becomes  # a file that comes or goes: its whole text
                continue
            result[name] = text[:start] + becomes + text[start + len(was) :]
        return result


def _delta(before: str | None, after: str | None) -> tuple[int, str | None, str | None]:
    """(where they start to differ, the old middle, the new middle)."""
    if before is None or after is None:
        return 0, before, after
    start = _same_from_start(before, after)
    end = _same_from_start(before[start:][::-1], after[start:][::-1])
    return start, before[start : len(before) - end], after[start : len(after) - end]


def _same_from_start(a: str, b: str, block: int = 4096) -> int:
    """How many leading characters `a` and `b` share (compared a block at a time)."""
    n, limit = 0, min(len(a), len(b))
    while n < limit and a[n : n + block] == b[n : n + block]:
        n += block
    while n < limit and a[n] == b[n]:
        n += 1
    return min(n, limit)


def _action(method):
    """A public action: run with the cyclic collector paused, then settle (see _settle)."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with collector_paused():
            try:
                return method(self, *args, **kwargs)
            finally:
                self._settle()

    return run


@dataclass
class EditSession:
    config: Config
    named: list[tuple[Path, str]]
    root: Path  # the project root: includes stay inside it, new files and charts go there
    files_by_name: dict[str, _File] = field(default_factory=dict)
    workspace: Workspace | None = None
    findings: list[Finding] = field(default_factory=list)
    waived: list[Waived] = field(default_factory=list)
    dirty_files: set[str] = field(default_factory=set)
    _undo: list[_Change] = field(default_factory=list)
    _redo: list[_Change] = field(default_factory=list)
    _read_cache: dict = field(default_factory=dict)
    _last_tree: tuple = (None, None)  # (root, Tree) of the text the last edit made
    _changes_since_collect: int = 0
    # False: edits re-read the model but leave the rules to the caller (the editor runs
    # them in a worker thread, debounced)
    auto_check: bool = True

    # -- opening and re-checking ----------------------------------------------------------

    @classmethod
    def open(cls, paths: list[str], config: Config | None = None) -> EditSession:
        """Open files and folders of one organisation, with its root's settings unless
        `config` is given (raises UsageError for a path that does not exist or when the
        paths hold several organisations, ConfigError for broken settings)."""
        from flowmap.project import one_organisation

        org = one_organisation(paths)
        session = cls(config or org.config, org.named, org.root)
        session.recheck()
        session._settle()
        return session

    @property
    def files(self) -> list[str]:
        """Every file of the session, as shown in findings, in reading order."""
        return list(self.files_by_name)

    def path(self, name: str | Path) -> Path:
        return self._file(name).path

    def text(self, name: str | Path) -> str:
        file = self._file(name)
        if file.text is None:
            raise EditError(f"{name} cannot be read as UTF-8 text; fix it outside the editor")
        return file.text

    def recheck(self) -> list[Finding]:
        """Read every file again from the session's texts and run the rules."""
        with collector_paused():
            self.reread()
            self.findings, self.waived = self.check(self.workspace)
        return self.findings

    def check(self, workspace: Workspace) -> tuple[list[Finding], list[Waived]]:
        """Run the rules on a workspace (safe in a worker thread: it changes nothing here)."""
        from flowmap.rules.engine import run_rules

        return run_rules(workspace.org, workspace.findings, self.config)

    def reread(self) -> Workspace:
        """Build the model again from the session's texts (files not changed are reused)."""
        texts = {
            f.path.resolve(): f.text for f in self.files_by_name.values() if f.text is not None
        }
        preloaded = {}
        for name, file in self.files_by_name.items():
            cached = self._read_cache.get((file.path, name))
            if file.text is None:
                continue
            if cached and cached[0] == file.text:
                preloaded[(file.path, name)] = cached[1]
                continue
            root = composed(file.text, self.limits)  # the edit has read it already
            if root is not False and root is not None:
                preloaded[(file.path, name)] = build_map(root, name, self.limits)
        workspace = open_files(
            self.named, self.config.limits, texts=texts, preloaded=preloaded, root=self.root
        )
        self.workspace = workspace
        for name in workspace.files:
            if name not in self.files_by_name:
                self.files_by_name[name] = self._load(workspace.paths[name])
        for name, file in self.files_by_name.items():
            read = workspace.loaded.get((file.path, name))
            if file.text is not None and read is not None:
                self._read_cache[(file.path, name)] = (file.text, read)
        return workspace

    def _load(self, path: Path) -> _File:
        raw = read_bytes(path)
        if raw is None:
            return _File(path, None, None)
        bom = raw.startswith(_BOM)
        try:
            text = raw[len(_BOM) if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            return _File(path, None, raw)
        return _File(path, text, raw, bom)

    def _file(self, name: str | Path) -> _File:
        if isinstance(name, Path):
            resolved = name.resolve()
            for file in self.files_by_name.values():
                if file.path.resolve() == resolved:
                    return file
            raise EditError(f"{name} is not a file of this session")
        if name not in self.files_by_name:
            raise EditError(f"{name} is not a file of this session")
        return self.files_by_name[name]

    def _name(self, name: str | Path) -> str:
        file = self._file(name)
        return next(n for n, f in self.files_by_name.items() if f is file)

    # -- the one way texts change ---------------------------------------------------------

    def _apply(self, label: str, after: dict[str, str], check_yaml: bool = True) -> None:
        if check_yaml:
            for name, text in after.items():
                try:  # refuse a change that leaves a file unreadable
                    compose(text, self.limits)
                except EditError as error:
                    raise EditError(f"{name}: {error}") from None
        before = {name: getattr(self.files_by_name.get(name), "text", None) for name in after}
        self._set_texts(after)
        self._undo.append(_Change(label, before, after))
        self._redo.clear()

    def _set_texts(self, texts: dict[str, str | None]) -> None:
        with collector_paused():
            self._set_texts_now(texts)

    def _set_texts_now(self, texts: dict[str, str | None]) -> None:
        for name, text in texts.items():
            if text is None:  # undoing a new file: it leaves the session
                self._forget(name)
                continue
            if name not in self.files_by_name:  # redoing a new file
                self._adopt(name, text)
                continue
            file = self.files_by_name[name]
            file.text = text
            if self._bytes(file) == file.disk:
                self.dirty_files.discard(name)
            else:
                self.dirty_files.add(name)
        if self.auto_check:
            self.recheck()
        else:
            self.reread()

    def _settle(self) -> None:
        """Move what is alive now out of the cyclic collector's young generations.

        Each re-read of a 1,000-step file leaves ~100,000 long-lived objects (the file's
        nodes and model); the collector would scan them again in the next young collections,
        a pause of 150-300 ms every few edits. Frozen objects are still freed by reference
        counting (the model has no cycles); every `_COLLECT_EVERY` changes, and on save, the
        collector runs once over everything, so cyclic garbage of the host application is
        freed too.
        """
        self._changes_since_collect += 1
        if self._changes_since_collect >= _COLLECT_EVERY:
            self.collect()
        else:
            gc.freeze()

    def collect(self) -> None:
        """Run the cyclic collector over everything (unfreezing what `_settle` froze)."""
        self._changes_since_collect = 0
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _current(self, change: _Change) -> dict[str, str | None]:
        return {name: getattr(self.files_by_name.get(name), "text", None) for name in change.spans}

    @property
    def limits(self):
        return self.config.limits

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @_action
    def undo(self) -> str | None:
        """Take back the last change; returns what it was, or None when there is none."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._set_texts(change.texts(self._current(change), undo=True))
        self._redo.append(change)
        return change.label

    @_action
    def redo(self) -> str | None:
        """Make the last change taken back again; returns what it was, or None."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._set_texts(change.texts(self._current(change), undo=False))
        self._undo.append(change)
        return change.label

    # -- finding what to edit -------------------------------------------------------------

    def _files_defining(self, obj_id: str):
        """The file the organisation says defines `obj_id` first, then the others."""
        defined = self.workspace.org.definitions.get(obj_id) if self.workspace else None
        first = defined[0].pos[0] if defined else None
        readable = [(n, f) for n, f in self.files_by_name.items() if f.text is not None]
        return sorted(readable, key=lambda pair: pair[0] != first)

    def _locate(self, obj_id: str) -> tuple[str, str, Located]:
        """The file that defines `obj_id`, its text, and where the definition is."""
        defined = self.workspace.org.definitions.get(obj_id, []) if self.workspace else []
        for definition in defined:
            name, line, column = definition.pos
            file = self.files_by_name.get(name)
            if file is not None and file.text is not None:
                located = find_at(compose(file.text, self.limits), obj_id, line, column)
                if located is not None:
                    return name, file.text, located
        for name, file in self._files_defining(obj_id):
            located = find(self._root(name), obj_id)
            if located is not None:
                return name, file.text, located
        broken = [n for n, f in self.files_by_name.items() if self._root(n) is None]
        if broken:
            raise EditError(
                f"no `{obj_id}` to edit in the readable files; {', '.join(broken)} "
                "is not valid YAML: fix it first"
            )
        raise EditError(f"no `{obj_id}` to edit in the files of this session")

    def _root(self, name: str):
        """The node tree of a file's current text; None when it is not readable YAML."""
        text = self.files_by_name[name].text
        try:
            return None if text is None else compose(text, self.limits)
        except EditError:
            return None

    def _unshared(self, text: str, spans, relocate, current, strip_anchors: bool = False):
        """`text` with the aliases an edit of `spans` concerns written out (see aliases),
        and what `relocate(root)` finds in it (`current` when the text stays as it is)."""
        new = unshare(text, spans, strip_anchors)
        if new is text:
            return text, current
        check_edit(Tree(compose(text, self.limits)), compose(new, self.limits), "anchors")
        return new, relocate(compose(new, self.limits))

    def _changed(self, text: str, label: str, change, expect) -> str:
        """`change()`'s new text, refused unless its data is the data of `text` with
        `expect(tree)` done to it. `change` and `expect` name nodes of compose(text)."""
        with collector_paused():  # the trees are many small objects, all freed at once
            root = compose(text, self.limits)
            last_root, tree = self._last_tree
            if last_root is not root:  # the last edit's result is this edit's start
                tree = Tree(root)
            self._last_tree = (None, None)
            new = change()
            expect(tree)
            new_root = compose(new, self.limits)
            self._last_tree = (new_root, check_edit(tree, new_root, label))
        return new

    # -- edits ----------------------------------------------------------------------------

    @_action
    def set_field(self, obj_id: str, key: str, value: object) -> None:
        """Set `key` of the object `obj_id` (a text, a list of texts, a number, a duration,
        a waiver mapping; None removes the key). Setting `id` renames."""
        if key == "id":
            self.rename(obj_id, str(value))
            return
        self._set(obj_id, key, value, lambda node: node, f"set {key} of {obj_id}")

    @_action
    def set_need_field(self, step_id: str, index: int, key: str, value: object) -> None:
        """Set `key` of need number `index` (from 0) of a step."""

        def need(node):
            found = get(node, "needs")
            needs = items(found[1]) if found else []
            if not 0 <= index < len(needs):
                raise EditError(f"`{step_id}` has no need number {index + 1}")
            return needs[index]

        self._set(step_id, key, value, need, f"set {key} of a need of {step_id}")

    def _set(self, obj_id: str, key: str, value: object, part, label: str) -> None:
        _check_key(key)
        value = _plain(value)
        name, text, located = self._locate(obj_id)
        mapping = part(located.node)
        if not isinstance(mapping, MappingNode):
            raise EditError(f"`{obj_id}` is not a mapping of keys; fix it in a text editor")
        found = get(mapping, key)
        span = _span(text, found[1] if found else mapping)
        text, mapping = self._unshared(
            text, [span], lambda root: part(find(root, obj_id).node), mapping
        )
        new = self._changed(
            text,
            label,
            lambda: changes.set_key(text, mapping, key, value),
            lambda tree: tree.set(mapping, key, value),
        )
        self._apply(label, {name: new})

    @_action
    def add_step(self, process_id: str, after: str | None = None, fields=None) -> str:
        """A new step in a process, after the step `after` (None: at the end); returns its
        id (from `fields["id"]`, made unique, or a fresh one)."""
        return self._add_into(process_id, "steps", after, fields or {}, "step")

    @_action
    def add_operation(self, step_id: str, after: str | None = None, fields=None) -> str:
        """A new operation inside a step, after the operation `after`; returns its id."""
        return self._add_into(step_id, "operations", after, fields or {}, "operation")

    @_action
    def add_need(self, step_id: str, fields: dict) -> None:
        """A new need at the end of a step's needs (`fields` names its `item`)."""
        if "item" not in fields:
            raise EditError("a need names its `item`")
        self._insert(step_id, "needs", None, dict(fields), f"add a need to {step_id}")

    @_action
    def add_customer_need(self, customer_id: str, after: str | None = None) -> str:
        """A new need of an external customer, after the need `after`; returns its id."""
        return self._add_into(customer_id, "needs", after, {"id": "need"}, "need")

    def _add_into(self, owner: str, key: str, after, fields: dict, noun: str) -> str:
        new_id = self._new_id(fields.get("id") or noun)
        fields = {"id": new_id, **{k: v for k, v in fields.items() if k != "id"}}
        self._insert(owner, key, after, fields, f"add {noun} {new_id}")
        return new_id

    def _insert(self, owner: str, key: str, after: str | None, fields: dict, label: str) -> None:
        fields = {k: _plain(v) for k, v in fields.items()}
        for each in fields:
            _check_key(each)
        name, text, located = self._locate(owner)
        text = self._with_list(text, lambda root: find(root, owner).node, key, label)
        self._apply(label, {name: self._insert_into(text, owner, key, after, fields, label)})

    def _with_list(self, text: str, mapping_of, key: str, label: str) -> str:
        """`text` where the mapping has `key` holding a list (`key: []` added if need be)."""
        mapping = mapping_of(compose(text, self.limits))
        found = get(mapping, key)
        if found is not None and isinstance(found[1], SequenceNode):
            return text
        if found is not None and not (isinstance(found[1], ScalarNode) and found[1].tag == NULL):
            raise EditError(f"`{key}` here is not a list; fix it in a text editor")
        return self._changed(
            text,
            label,
            lambda: changes.set_key(text, mapping, key, []),
            lambda tree: tree.set(mapping, key, []),
        )

    def _insert_into(self, text, owner, key, after, fields, label) -> str:
        def relocate(root):
            mapping = find(root, owner).node if owner else root
            return mapping, get(mapping, key)[1]

        mapping, sequence = relocate(compose(text, self.limits))
        index = None
        if after is not None:
            ids = [item_id(item) for item in items(sequence)]
            if after not in ids:
                raise EditError(f"`{after}` is not in the {key} of `{owner}`")
            index = ids.index(after)
        point = sequence.start_mark.index
        text, (mapping, sequence) = self._unshared(
            text, [(point, point)], relocate, (mapping, sequence)
        )
        at = len(sequence.value) if index is None else index + 1
        key_column = None if mapping.flow_style else get(mapping, key)[0].start_mark.column
        return self._changed(
            text,
            label,
            lambda: changes.insert_item(text, sequence, index, fields, key_column),
            lambda tree: tree.insert(sequence, at, fields),
        )

    @_action
    def add_item(
        self, section: str, fields: dict, file: str | None = None, after: str | None = None
    ) -> str:
        """A new customer, unit, role, service, goal or process, in `file` (None: the file
        that has that section, or the first file), after the item `after` (None: at the
        end); returns its id."""
        if section not in SECTIONS:
            raise EditError(f"`{section}` is not one of {', '.join(SECTIONS)}")
        new_id = self._new_id(fields.get("id") or section.rstrip("s"))
        fields = {"id": new_id, **{k: _plain(v) for k, v in fields.items() if k != "id"}}
        for each in fields:
            _check_key(each)
        readable = [n for n, f in self.files_by_name.items() if f.text is not None]
        if not readable:
            raise EditError("there is no readable file to add to")
        target = next(
            (n for n in readable if get(self._root(n), section)),
            next((n for n in readable if self._root(n) is not None), readable[0]),
        )
        if file is not None and self._name(file) in readable:
            target = self._name(file)
        label = f"add {section.rstrip('s')} {new_id}"
        text = self._with_list(self.text(target), lambda root: root, section, label)
        new = self._insert_into(text, None, section, after, fields, label)
        self._apply(label, {target: new})
        return new_id

    @_action
    def delete(self, obj_id: str) -> None:
        """Delete a step, operation, need, customer, unit, role, service, goal or process
        (with what is nested in it). References to it are left for the findings to show."""
        name, text, located = self._locate(obj_id)
        span = item_span(text, located.parent, located.index)
        text, located = self._unshared(text, [span], lambda root: find(root, obj_id), located)
        label = f"delete {obj_id}"
        new = self._changed(
            text,
            label,
            lambda: changes.remove_item(text, located),
            lambda tree: tree.remove(located.parent, located.index),
        )
        self._apply(label, {name: new})

    @_action
    def duplicate(self, obj_id: str) -> str:
        """Put a copy right after the item, with fresh ids for it and everything nested in
        it; returns the copy's id."""
        name, text, located = self._locate(obj_id)
        span = item_span(text, located.parent, located.index)
        text, located = self._unshared(
            text, [span], lambda root: find(root, obj_id), located, strip_anchors=True
        )
        new_ids: dict[str, str] = {}
        for id_node in changes.ids_within(located.node):
            new_ids[id_node.value] = self._new_id(f"{id_node.value}-copy", taken=new_ids.values())
        label = f"duplicate {obj_id}"
        new = self._changed(
            text,
            label,
            lambda: changes.copy_item(text, located, new_ids),
            lambda tree: tree.copy(located.parent, located.index, new_ids),
        )
        self._apply(label, {name: new})
        return new_ids[obj_id]

    @_action
    def move(self, obj_id: str, delta: int) -> None:
        """Move an item up (-1) or down (+1) in its list."""
        name, text, located = self._locate(obj_id)
        other = located.index + delta
        if delta not in (-1, 1) or not 0 <= other < len(located.parent.value):
            raise EditError(f"`{obj_id}` cannot move further {'up' if delta < 0 else 'down'}")
        first, second = sorted((located.index, other))
        spans = [item_span(text, located.parent, n) for n in (first, second)]
        text, located = self._unshared(text, spans, lambda root: find(root, obj_id), located)
        label = f"move {obj_id} {'up' if delta < 0 else 'down'}"
        new = self._changed(
            text,
            label,
            lambda: changes.swap_items(text, located.parent, first, second),
            lambda tree: tree.swap(located.parent, first, second),
        )
        self._apply(label, {name: new})

    @_action
    def rename(self, old: str, new: str) -> int:
        """Give `old` the id `new` and update every reference to it in every file; returns
        how many places changed."""
        if not re.fullmatch(ID_PATTERN.strip("^$"), new):
            raise EditError(
                f"`{new}` is not a valid id: lower-case letters, digits, `.`, `_` and `-`"
            )
        if new != old and self.workspace and new in self.workspace.org.definitions:
            raise EditError(f"`{new}` is already the id of something else")
        if self.workspace and old not in self.workspace.org.definitions:
            raise EditError(f"no `{old}` to rename")
        label = f"rename {old} to {new}"
        after, count = {}, 0
        for name, file in self.files_by_name.items():
            if file.text is None or old not in file.text:  # no need to read it
                continue
            if self._root(name) is None:
                raise EditError(f"{name} is not valid YAML: fix it first, then rename")
            places = _places_naming(compose(file.text, self.limits), old)
            if not places:
                continue
            spans = [_span(file.text, node) for node in places]
            text, places = self._unshared(
                file.text, spans, lambda root: _places_naming(root, old), places
            )
            after[name] = self._changed(
                text,
                label,
                lambda text=text, places=places: _renamed(text, places, new),
                lambda tree: tree.rename(old, new, naming_keys()),
            )
            count += len(places)
        if after:
            self._apply(label, after)
        return count

    def _new_id(self, wanted: str, taken=()) -> str:
        base = re.sub(r"[^a-z0-9._-]+", "-", wanted.lower()).strip("-._") or "item"
        known = set(self.workspace.org.definitions if self.workspace else ()) | set(taken)
        if base not in known:
            return base
        number = 2
        while f"{base}-{number}" in known:
            number += 1
        return f"{base}-{number}"

    # -- files ----------------------------------------------------------------------------

    def _bytes(self, file: _File) -> bytes:
        return (_BOM if file.bom else b"") + (file.text or "").encode("utf-8")

    def save(self, path: str | Path | None = None, overwrite: bool = False) -> list[str]:
        """Save one file (by its name in `files` or its path), or every changed file;
        returns the names saved. Raises SaveConflict, writing nothing of that file, when it
        changed on disk since it was loaded or saved, unless `overwrite`."""
        names = [self._name(path)] if path is not None else sorted(self.dirty_files)
        saved = []
        for each in names:
            file = self.files_by_name[each]
            if file.text is None:
                continue
            data = self._bytes(file)
            save_atomically(file.path, data, file.disk, overwrite)
            file.disk = data
            self.dirty_files.discard(each)
            saved.append(each)
        self.collect()
        return saved

    def changed_on_disk(self) -> list[str]:
        """Files whose disk content is no longer what the session loaded or saved."""
        return [n for n, f in self.files_by_name.items() if read_bytes(f.path) != f.disk]

    @_action
    def reload(self, path: str | Path) -> None:
        """Take the file as it is on disk now (an undoable change; the disk version may be
        broken YAML: its findings say so)."""
        each = self._name(path)
        file = self.files_by_name[each]
        fresh = self._load(file.path)
        if fresh.disk is None:
            raise EditError(f"{each} cannot be read from disk (is it still a file?)")
        file.disk = fresh.disk
        if fresh.text is None:
            raise EditError(f"{each} on disk cannot be read as UTF-8 text")
        file.bom = fresh.bom
        self._apply(f"reload {each}", {each: fresh.text}, check_yaml=False)

    @_action
    def new_file(self, path: str | Path, template: str = "process") -> str:
        """A new map file from a template (not on disk until saved); returns its name.

        A relative path is taken from the project root, wherever the editor was started."""
        path = self.root / path
        if path.suffix not in (".yaml", ".yml"):
            raise EditError("a map file ends in .yaml or .yml")
        try:
            # resolve() raises for a NUL, which exists() only answers False to
            inside = path.resolve().is_relative_to(self.root)
            exists, folder = path.exists(), path.parent.is_dir()
        except (OSError, ValueError) as error:  # a name too long, a NUL character
            reason = getattr(error, "strerror", None) or error
            shown = str(path) if len(str(path)) <= 80 else f"{str(path)[:60]}…{path.suffix}"
            raise EditError(
                f"`{shown}` cannot name a file ({reason}); choose another name"
            ) from None
        if not inside:
            raise EditError(f"{path} is outside the project root {self.root}")
        path = Path(shown_path(path))
        if exists:
            raise EditError(f"{path} exists already")
        if not folder:
            raise EditError(f"there is no folder {path.parent}; create it first")
        if any(n == str(path) for n in self.files_by_name):
            raise EditError(f"{path} is already a file of this session")
        org = self.workspace.org if self.workspace else None
        text = new_map_text(path, template, org, self.files_by_name, self._new_id, root=self.root)
        name = str(path)
        self._apply(f"new file {name}", {name: text})
        return name

    # -- recovery copies ------------------------------------------------------------------

    def keep_unsaved(self) -> Path | None:
        """Write a recovery copy of every unsaved file under the project root (see
        flowmap.edit.recovery); returns the folder, None when nothing is unsaved. Raises
        EditError when the copies cannot be written."""
        unsaved = [self.files_by_name[n] for n in sorted(self.dirty_files)]
        unsaved = [f for f in unsaved if f.text is not None]
        if not unsaved:
            return None
        try:
            return recovery.keep(self.root, [(f.path, self._bytes(f), f.disk) for f in unsaved])
        except OSError as error:
            raise EditError(f"no recovery copy written in {self.root}: {error}") from None

    def kept_copies(self) -> list[recovery.Copy]:
        """The recovery copies an earlier editor of this project left."""
        return recovery.kept(self.root)

    @_action
    def restore(self, copies: list[recovery.Copy]) -> list[str]:
        """Take the copies' texts as the files' unsaved texts (one undoable change) and
        remove those copies; returns the names restored. Of several copies of a file the
        newest is taken, the others stay to be offered again. A file changed on disk since
        its copy was made still asks reload or overwrite when it is saved."""
        newest = {copy.path.resolve(): copy for copy in copies}  # copies come oldest first
        after, bases, taken = {}, {}, []
        for copy in newest.values():
            bom = copy.data.startswith(_BOM)
            try:
                text = copy.data[len(_BOM) if bom else 0 :].decode("utf-8")
            except UnicodeDecodeError:
                continue  # not ours to judge: the copy stays in the folder
            name = self._name_of(copy.path)
            after[name], bases[name] = text, (copy.base, bom)
            taken.append(copy)
        if after:
            self._apply(f"restore {', '.join(after)}", after, check_yaml=False)
            for name, (base, bom) in bases.items():
                file = self.files_by_name[name]
                file.disk, file.bom = base, bom
                self.dirty_files.add(name)  # unsaved, against the disk its edits started from
        recovery.drop(self.root, taken)
        return list(after)

    def discard(self, copies: list[recovery.Copy]) -> None:
        """Remove recovery copies without taking them."""
        recovery.drop(self.root, copies)

    def _name_of(self, path: Path) -> str:
        """The session's name for a file, or the name it gets when it joins the session."""
        resolved = path.resolve()
        for name, file in self.files_by_name.items():
            if file.path.resolve() == resolved:
                return name
        try:
            return str(resolved.relative_to(Path.cwd()))
        except ValueError:
            return str(resolved)

    def _adopt(self, name: str, text: str) -> None:
        """A new file joins the session (not on disk until saved)."""
        path = Path(name)
        self.files_by_name[name] = _File(path.resolve(), text, None)
        self.named.append((path, name))
        self.dirty_files.add(name)

    def _forget(self, name: str) -> None:
        self.files_by_name.pop(name, None)
        self.named = [(p, n) for p, n in self.named if n != name]
        self.dirty_files.discard(name)


def item_id(node) -> str | None:
    found = get(node, "id")
    return found[1].value if found else None


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


def _span(text: str, node) -> tuple[int, int]:
    return node.start_mark.index, max(content_end(text, node), node.start_mark.index + 1)


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise EditError(f"`{key}` is not a key of the format (see `flowmap schema`)")


def _plain(value: object) -> object:
    """A value as the text layer writes it: a Duration by its text, tuples as lists."""
    if hasattr(value, "seconds") and hasattr(value, "text"):
        return value.text
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value
