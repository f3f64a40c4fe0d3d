"""An editing session: the files being edited, their current text, undo and redo, saving.

Every change is made to the text (see `changes`), checked to still be YAML, and then the
whole session is re-read through the same workspace, model and rules as `flowmap check`:
the editor keeps no model of its own. Files whose text did not change are not read again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from flowmap.config import Config
from flowmap.edit import changes
from flowmap.edit.saving import read_bytes, save_atomically
from flowmap.edit.templates import new_map_text
from flowmap.edit.yaml_text import (
    SECTIONS,
    EditError,
    compose,
    content_end,
    find,
    get,
    items,
    pairs,
    scalar,
)
from flowmap.findings import Finding, Waived
from flowmap.model.fields import ID_PATTERN
from flowmap.workspace import Workspace, map_files, open_files

REFERENCE_KEYS = frozenset(
    (
        "by",
        "from",
        "next",
        "rework",
        "unit",
        "reports_to",
        "provider",
        "customers",
        "owner",
        "serves",
        "customer",
    )
)
_BOM = b"\xef\xbb\xbf"


@dataclass
class _File:
    path: Path
    text: str | None  # None: the file cannot be read as text (its findings say why)
    disk: bytes | None  # what the editor believes is on disk (None: not there yet)
    bom: bool = False


@dataclass
class _Change:
    label: str
    before: dict[str, str]
    after: dict[str, str]


@dataclass
class EditSession:
    config: Config
    named: list[tuple[Path, str]]
    files_by_name: dict[str, _File] = field(default_factory=dict)
    workspace: Workspace | None = None
    findings: list[Finding] = field(default_factory=list)
    waived: list[Waived] = field(default_factory=list)
    dirty_files: set[str] = field(default_factory=set)
    _undo: list[_Change] = field(default_factory=list)
    _redo: list[_Change] = field(default_factory=list)
    _read_cache: dict = field(default_factory=dict)
    # False: edits re-read the model but leave the rules to the caller (the editor runs
    # them in a worker thread, debounced)
    auto_check: bool = True

    # -- opening and re-checking ----------------------------------------------------------

    @classmethod
    def open(cls, paths: list[str], config: Config | None = None) -> EditSession:
        """Open files and folders (raises UsageError for a path that does not exist)."""
        if config is None:
            from flowmap.config_file import project_config

            config = project_config()
        session = cls(config, map_files(paths))
        session.recheck()
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
            if cached and file.text is not None and cached[0] == file.text:
                preloaded[(file.path, name)] = cached[1]
        workspace = open_files(self.named, self.config.limits, texts=texts, preloaded=preloaded)
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

    def _apply(self, label: str, after: dict[str, str]) -> None:
        for text in after.values():
            compose(text)  # refuse a change that would leave a file unreadable
        before = {name: self.text(name) for name in after}
        self._set_texts(after)
        self._undo.append(_Change(label, before, after))
        self._redo.clear()

    def _set_texts(self, texts: dict[str, str]) -> None:
        for name, text in texts.items():
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

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> str | None:
        """Take back the last change; returns what it was, or None when there is none."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._set_texts(change.before)
        self._redo.append(change)
        return change.label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        change = self._redo.pop()
        self._set_texts(change.after)
        self._undo.append(change)
        return change.label

    # -- edits ----------------------------------------------------------------------------

    def _files_defining(self, obj_id: str):
        """The file the organisation says defines `obj_id` first, then the others."""
        defined = self.workspace.org.definitions.get(obj_id) if self.workspace else None
        first = defined[0].pos[0] if defined else None
        readable = [(n, f) for n, f in self.files_by_name.items() if f.text is not None]
        return sorted(readable, key=lambda pair: pair[0] != first)

    def _locate(self, obj_id: str):
        """The file that defines `obj_id`, its text, and where the definition is."""
        for name, file in self._files_defining(obj_id):
            located = find(compose(file.text), obj_id)
            if located is not None:
                return name, file.text, located
        raise EditError(f"no `{obj_id}` to edit in the files of this session")

    def set_field(self, obj_id: str, key: str, value: object) -> None:
        """Set `key` of the object `obj_id` (a list, a text, a number; None removes it)."""
        if key == "id":
            self.rename(obj_id, str(value))
            return
        name, text, located = self._locate(obj_id)
        new = changes.set_key(text, located.node, key, value)
        self._apply(f"set {key} of {obj_id}", {name: new})

    def set_need_field(self, step_id: str, index: int, key: str, value: object) -> None:
        name, text, located = self._locate(step_id)
        needs = items(get(located.node, "needs")[1]) if get(located.node, "needs") else []
        if not 0 <= index < len(needs):
            raise EditError(f"`{step_id}` has no need number {index + 1}")
        new = changes.set_key(text, needs[index], key, value)
        self._apply(f"set {key} of a need of {step_id}", {name: new})

    def add_step(self, process_id: str, after: str | None = None, fields=None) -> str:
        return self._add_into(process_id, "steps", after, fields or {}, "step")

    def add_operation(self, step_id: str, after: str | None = None, fields=None) -> str:
        return self._add_into(step_id, "operations", after, fields or {}, "operation")

    def add_need(self, step_id: str, fields: dict) -> None:
        name, text, located = self._locate(step_id)
        if "item" not in fields:
            raise EditError("a need names its `item`")
        text = self._ensure_list(text, located.node, "needs")
        node = find(compose(text), step_id).node
        new = changes.insert_item(text, get(node, "needs")[1], None, dict(fields))
        self._apply(f"add a need to {step_id}", {name: new})

    def _add_into(self, owner: str, key: str, after, fields: dict, noun: str) -> str:
        name, text, located = self._locate(owner)
        new_id = self._new_id(fields.get("id") or noun)
        fields = {"id": new_id, **{k: v for k, v in fields.items() if k != "id"}}
        text = self._ensure_list(text, located.node, key)
        node = find(compose(text), owner).node
        sequence = get(node, key)[1]
        index = None
        if after is not None:
            ids = [item_id(item) for item in items(sequence)]
            if after not in ids:
                raise EditError(f"`{after}` is not in the {key} of `{owner}`")
            index = ids.index(after)
        new = changes.insert_item(text, sequence, index, fields)
        self._apply(f"add {noun} {new_id}", {name: new})
        return new_id

    def _ensure_list(self, text: str, mapping, key: str) -> str:
        found = get(mapping, key)
        if found is None or not hasattr(found[1], "flow_style") or found[1].tag.endswith("null"):
            return changes.set_key(text, mapping, key, [])
        return text

    def add_item(self, section: str, fields: dict) -> str:
        """A new customer, unit, role, service, goal or process, in the file that has that
        section (or the first file); returns its id."""
        if section not in SECTIONS:
            raise EditError(f"`{section}` is not one of {', '.join(SECTIONS)}")
        new_id = self._new_id(fields.get("id") or section.rstrip("s"))
        fields = {"id": new_id, **{k: v for k, v in fields.items() if k != "id"}}
        target = next(
            (n for n, f in self.files_by_name.items() if f.text and get(compose(f.text), section)),
            None,
        ) or next(n for n, f in self.files_by_name.items() if f.text is not None)
        text = self.text(target)
        root = compose(text)
        if get(root, section) is None:
            text = changes.set_key(text, root, section, [])
            root = compose(text)
        new = changes.insert_item(text, get(root, section)[1], None, fields)
        self._apply(f"add {section.rstrip('s')} {new_id}", {target: new})
        return new_id

    def delete(self, obj_id: str) -> None:
        name, text, located = self._locate(obj_id)
        self._apply(f"delete {obj_id}", {name: changes.remove_item(text, located)})

    def duplicate(self, obj_id: str) -> str:
        name, text, located = self._locate(obj_id)
        new_ids = {}
        for id_node in changes.ids_within(located.node):
            new_ids[id_node.value] = self._new_id(f"{id_node.value}-copy", taken=new_ids.values())
        new = changes.copy_item(text, located, new_ids)
        self._apply(f"duplicate {obj_id}", {name: new})
        return new_ids[obj_id]

    def move(self, obj_id: str, delta: int) -> None:
        """Move an item up (-1) or down (+1) in its list."""
        name, text, located = self._locate(obj_id)
        other = located.index + delta
        if delta not in (-1, 1) or not 0 <= other < len(located.parent.value):
            raise EditError(f"`{obj_id}` cannot move further {'up' if delta < 0 else 'down'}")
        first, second = sorted((located.index, other))
        new = changes.swap_items(text, located.parent, first, second)
        self._apply(f"move {obj_id} {'up' if delta < 0 else 'down'}", {name: new})

    def rename(self, old: str, new: str) -> int:
        """Give `old` the id `new` and update every reference to it; returns how many places
        changed."""
        if not re.fullmatch(ID_PATTERN.strip("^$"), new):
            raise EditError(
                f"`{new}` is not a valid id: lower-case letters, digits, `.`, `_` and `-`"
            )
        if new != old and self.workspace and new in self.workspace.org.definitions:
            raise EditError(f"`{new}` is already the id of something else")
        if self.workspace and old not in self.workspace.org.definitions:
            raise EditError(f"no `{old}` to rename")
        after, count = {}, 0
        for name, file in self.files_by_name.items():
            if file.text is None:
                continue
            places = _places_naming(compose(file.text), old)
            if places:
                text = file.text
                for node in sorted(places, key=lambda n: -n.start_mark.index):
                    text = (
                        text[: node.start_mark.index]
                        + scalar(new)
                        + text[content_end(file.text, node) :]
                    )
                after[name] = text
                count += len(places)
        if after:
            self._apply(f"rename {old} to {new}", after)
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

    def save(self, name: str | Path | None = None, overwrite: bool = False) -> list[str]:
        """Save one file, or every changed file; raises SaveConflict (nothing of that file
        written) when it changed on disk since it was loaded."""
        names = [self._name(name)] if name is not None else sorted(self.dirty_files)
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
        return saved

    def changed_on_disk(self) -> list[str]:
        """Files whose disk content is no longer what the session loaded or saved."""
        return [n for n, f in self.files_by_name.items() if read_bytes(f.path) != f.disk]

    def reload(self, name: str | Path) -> None:
        """Take the file as it is on disk now (an undoable change)."""
        each = self._name(name)
        file = self.files_by_name[each]
        fresh = self._load(file.path)
        file.disk = fresh.disk
        if fresh.text is None:
            raise EditError(f"{each} on disk cannot be read as UTF-8 text")
        file.bom = fresh.bom
        self._apply(f"reload {each}", {each: fresh.text})

    def new_file(self, path: str | Path, template: str = "process") -> str:
        """A new map file from a template (not on disk until saved); returns its name."""
        path = Path(path)
        if path.exists():
            raise EditError(f"{path} exists already")
        if path.suffix not in (".yaml", ".yml"):
            raise EditError("a map file ends in .yaml or .yml")
        org = self.workspace.org if self.workspace else None
        text = new_map_text(path, template, org, self.files_by_name, self._new_id)
        name = str(path)
        self.files_by_name[name] = _File(path.resolve(), text, None)
        self.named.append((path, name))
        self.dirty_files.add(name)
        self._undo.append(_Change(f"new file {name}", {}, {name: text}))
        self.recheck() if self.auto_check else self.reread()
        return name


def item_id(node) -> str | None:
    found = get(node, "id")
    return found[1].value if found else None


def _places_naming(root, old: str) -> list:
    """Scalar nodes that name `old`: its definition (`id`) and every reference key."""
    found = []

    def walk(node) -> None:
        for key, value in pairs(node):
            name = key.value
            if name == "id" or name in REFERENCE_KEYS:
                if getattr(value, "tag", "").endswith(":str") and value.value == old:
                    found.append(value)
                for item in items(value):
                    if getattr(item, "tag", "").endswith(":str") and item.value == old:
                        found.append(item)
            walk(value)
            for item in items(value):
                walk(item)

    if root is not None:
        walk(root)
    return found
