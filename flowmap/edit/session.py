"""An editing session: the buffers, the history and the operations, re-read after each change.

Every change is made to the text by an operation (see `edits`), checked to still be YAML,
recorded in the history (see `history`), and then the whole session is re-read through the
same workspace, model and rules as `flowmap check`: the editor keeps no model of its own.
Files whose text did not change are not read again (see `buffers`), and an edit that stays
inside one item of a top-level list (a process, a role...) composes and builds that item
only, into the tree and the model of the text before it (see `patched`): the same tree and
model as reading the whole file, which the tests prove on random edits.

The session leaves the cyclic garbage collector alone: when to pause, freeze and collect
is the policy of the program that keeps the session alive (the editor uses
`flowmap.memory.Collector`); the session is correct with any.
"""

from __future__ import annotations

import os
from pathlib import Path

from flowmap.config import Config
from flowmap.edit import edits, recovery
from flowmap.edit.buffers import Buffer, Buffers, decode, load
from flowmap.edit.history import History
from flowmap.edit.patched import graft
from flowmap.edit.saving import save_atomically
from flowmap.edit.yaml_text import (
    EditError,
    compose,
    composed,
    known,
    patch,
    patch_of,
    settle,
)
from flowmap.findings import Finding, Waived
from flowmap.load import compose as load_compose
from flowmap.model.build import build_map
from flowmap.workspace import Workspace, open_files


class EditSession:
    def __init__(self, config: Config, named: list[tuple[Path, str]], root: Path) -> None:
        self.config = config
        self.root = root  # the project root: includes stay inside it, new files go there
        self.buffers = Buffers(named)  # the files named, and those the re-reads find
        self.history = History()
        self.workspace: Workspace | None = None
        self.findings: list[Finding] = []
        self.waived: list[Waived] = []
        # False: edits re-read the model but leave the rules to the caller (the editor runs
        # them in a worker thread, one check at a time)
        self.auto_check = True
        self._proofs = edits.Proofs()
        self._disk_trees: dict[str, tuple[bytes, tuple[str, object]]] = {}  # see _on_disk
        self._texts_read: dict[str, str] = {}  # each file's text the model was last read from
        self.surveys = None  # the organisation's survey results, read once (Surveys)

    # -- opening and re-checking ----------------------------------------------------------

    @classmethod
    def open(cls, paths: list[str], config: Config | None = None) -> EditSession:
        """Open files and folders of one organisation, with its root's settings unless
        `config` is given (raises UsageError for a path that does not exist or when the
        paths hold several organisations, ConfigError for broken settings)."""
        from flowmap.load.bpmn import is_bpmn
        from flowmap.load.names import clipped
        from flowmap.project import one_organisation, org_surveys
        from flowmap.workspace import UsageError

        org = one_organisation(paths)
        bpmn = [shown for path, shown in org.named if is_bpmn(path.name)]
        if bpmn:  # its text is XML: an edit made as YAML would break it
            raise UsageError(
                f"{clipped(bpmn[0])} is a BPMN file; the editor edits YAML maps: run "
                f"`flowmap import bpmn {clipped(bpmn[0])} -o map.yaml` and edit that"
            )
        session = cls(config or org.config, org.named, org.root)
        session.surveys = org_surveys(org)
        session.recheck()
        return session

    @property
    def files(self) -> list[str]:
        """Every file of the session, as shown in findings, in reading order."""
        return list(self.buffers)

    @property
    def dirty_files(self) -> set[str]:
        """The files whose text is not what is on disk."""
        return self.buffers.dirty

    @property
    def limits(self):
        return self.config.limits

    def path(self, name: str | Path) -> Path:
        return self.buffers.get(name).path

    def text(self, name: str | Path) -> str:
        buffer = self.buffers.get(name)
        if buffer.text is None:
            raise EditError(f"{name} cannot be read as UTF-8 text; fix it outside the editor")
        return buffer.text

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
        buffers = self.buffers
        texts, preloaded = {}, {}
        for name, buffer in buffers.by_name.items():
            if buffer.text is None:
                continue
            texts[buffer.path.resolve()] = buffer.text
            read = buffers.last_read(name)
            if read is None:
                read = self._read(name, buffer.text)
            if read is not None:
                preloaded[(buffer.path, name)] = read
        self.workspace = open_files(
            buffers.named, self.config.limits, texts=texts, preloaded=preloaded, root=self.root
        )
        if self.surveys is not None:
            from flowmap.project import with_surveys

            with_surveys(self.workspace, self.surveys)
        for name in self.workspace.files:
            buffers.join(name, self.workspace.paths[name])
        for name, buffer in buffers.by_name.items():
            read = self.workspace.loaded.get((buffer.path, name))
            if read is not None:
                buffers.remember_read(name, read)
                self._texts_read[name] = buffer.text
        return self.workspace

    def _read(self, name: str, text: str) -> tuple | None:
        """The file's map and findings from the tree its edit made (None: not composed
        here, the workspace reads it): when the edit stayed inside one item, that item built
        and put into the map of the text before (see flowmap.edit.patched), else the whole
        map built. An undo, a redo or a reload is such an edit of the text read last."""
        before = self._texts_read.get(name)
        if before is not None:
            patch(text, before, self.limits)
        made = patch_of(text)
        old = self.buffers.read_of(name, made.old_text) if made is not None else None
        grafted = graft(old, made, name, self.limits) if old is not None else None
        if grafted is not None:
            return grafted
        root = composed(text, self.limits)
        if root is False or root is None:
            return None
        return build_map(root, name, self.limits)

    def settle(self) -> None:
        """Work an edit left for later, when nobody waits for it (see yaml_text.settle)."""
        settle()

    # -- the one way texts change ---------------------------------------------------------

    def _source(self) -> edits.Source:
        """What an operation reads: the texts now, and the organisation they make."""
        paths = {name: buffer.path for name, buffer in self.buffers.by_name.items()}
        org = self.workspace.org if self.workspace else None
        return edits.Source(
            self.buffers.texts(), paths, org, self.limits, self._proofs, self._on_disk
        )

    def _on_disk(self, name: str) -> tuple[str, object] | None:
        """A file's text on disk (as loaded or last saved) and its node tree, read once
        for each text: an edit giving a key its value on disk again writes it as it was."""
        buffer = self.buffers.by_name.get(name)
        decoded = decode(buffer.disk) if buffer is not None and buffer.disk else None
        if decoded is None:
            return None
        cached = self._disk_trees.get(name)
        if cached is None or cached[0] is not buffer.disk:
            root, problems = load_compose(decoded[0], name, self.limits)
            cached = (buffer.disk, (decoded[0], None if problems else root))
            self._disk_trees[name] = cached
        return cached[1]

    def _make(self, edit: edits.Edit, check_yaml: bool = True) -> str | int | None:
        """Keep an operation's new texts as one undoable change; returns what it made."""
        if not edit.texts:
            return edit.made
        if check_yaml:
            for name, text in edit.texts.items():
                if known(text, self.limits):
                    continue  # the operation composed it (or the item it changed)
                try:  # refuse a change that leaves a file unreadable
                    compose(text, self.limits)
                except EditError as error:
                    raise EditError(f"{name}: {error}") from None
        before = {name: self.buffers.texts().get(name) for name in edit.texts}
        self._set_texts(edit.texts)
        self.history.record(edit.label, before, edit.texts)
        return edit.made

    def _set_texts(self, texts: dict[str, str | None]) -> None:
        for name, text in texts.items():
            self.buffers.set_text(name, text)
        if self.auto_check:
            self.recheck()
        else:
            self.reread()

    # -- edits (see flowmap.edit.edits) -----------------------------------------------------

    def set_field(self, obj_id: str, key: str, value: object) -> None:
        """Set `key` of the object `obj_id` (a text, a list of texts, a number, a duration,
        a waiver mapping; None removes the key). Setting `id` renames."""
        self._make(edits.set_field(self._source(), obj_id, key, value))

    def set_need_field(self, step_id: str, index: int, key: str, value: object) -> None:
        """Set `key` of need number `index` (from 0) of a step."""
        self._make(edits.set_need_field(self._source(), step_id, index, key, value))

    def add_step(self, process_id: str, after: str | None = None, fields=None) -> str:
        """A new step in a process, after the step `after` (None: at the end); returns its
        id (from `fields["id"]`, made unique, or a fresh one)."""
        return self._make(edits.add_step(self._source(), process_id, after, fields))

    def add_operation(self, step_id: str, after: str | None = None, fields=None) -> str:
        """A new operation inside a step, after the operation `after`; returns its id."""
        return self._make(edits.add_operation(self._source(), step_id, after, fields))

    def add_need(self, step_id: str, fields: dict) -> None:
        """A new need at the end of a step's needs (`fields` names its `item`)."""
        self._make(edits.add_need(self._source(), step_id, fields))

    def add_action(self, holder, what: str, owner: str, by_date: str) -> None:
        """An improvement action after the others of `holder` (a need, service, role or
        process of the current model): `{what, owner, by_date}`."""
        actions = [
            {"what": a.what, "owner": a.owner or "", "by_date": _day(a.by_date)}
            for a in getattr(holder, "actions", [])
        ]
        actions.append({"what": what, "owner": owner, "by_date": by_date})
        org = self.workspace.org if self.workspace else None
        step = org.step_of(holder) if org is not None and hasattr(holder, "item") else None
        if step is not None:
            self.set_need_field(step.id, step.needs.index(holder), "actions", actions)
        else:
            self.set_field(holder.id, "actions", actions)

    def add_customer_need(self, customer_id: str, after: str | None = None) -> str:
        """A new need of an external customer, after the need `after`; returns its id."""
        return self._make(edits.add_customer_need(self._source(), customer_id, after))

    def add_item(
        self, section: str, fields: dict, file: str | Path | None = None, after=None
    ) -> str:
        """A new customer, unit, role, service, goal or process, in `file` (None: the file
        that has that section, or the first file), after the item `after` (None: at the
        end); returns its id."""
        name = self.buffers.name(file) if file is not None else None
        return self._make(edits.add_item(self._source(), section, fields, name, after))

    def delete(self, obj_id: str) -> None:
        """Delete a step, operation, need, customer, unit, role, service, goal or process
        (with what is nested in it). References to it are left for the findings to show."""
        self._make(edits.delete(self._source(), obj_id))

    def duplicate(self, obj_id: str) -> str:
        """Put a copy right after the item, with fresh ids for it and everything nested in
        it; returns the copy's id."""
        return self._make(edits.duplicate(self._source(), obj_id))

    def move(self, obj_id: str, delta: int) -> None:
        """Move an item up (-1) or down (+1) in its list."""
        self._make(edits.move(self._source(), obj_id, delta))

    def rename(self, old: str, new: str) -> int:
        """Give `old` the id `new` and update every reference to it in every file; returns
        how many places changed."""
        return self._make(edits.rename(self._source(), old, new))

    def new_file(self, path: str | Path, template: str = "process") -> str:
        """A new map file from a template (not on disk until saved); returns its name.

        A relative path is taken from the project root, wherever the editor was started."""
        return self._make(edits.new_file(self._source(), self.root, path, template))

    # -- undo and redo (see flowmap.edit.history) -----------------------------------------

    @property
    def can_undo(self) -> bool:
        return self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    def undo(self, times: int = 1) -> str | None:
        """Take back the last change (the last `times` changes); returns what the last one
        taken back was, or None when there is none."""
        return self._steps(self.history.undo, times)

    def redo(self, times: int = 1) -> str | None:
        """Make the last change taken back again (`times` of them); returns what the last
        one was, or None."""
        return self._steps(self.history.redo, times)

    def _steps(self, take, times: int) -> str | None:
        """`times` steps through the history, the model built once after them all (undo
        held down must not build it for each key)."""
        label = None
        for _ in range(times):
            step = take(self.buffers.texts())
            if step is None:
                break
            label, texts = step
            for name, text in texts.items():
                self.buffers.set_text(name, text)
        if label is not None:
            self._set_texts({})
        return label

    # -- files ----------------------------------------------------------------------------

    def save(self, path: str | Path | None = None, overwrite: bool = False) -> list[str]:
        """Save one file (by its name in `files` or its path), or every changed file;
        returns the names saved. Raises SaveConflict, writing nothing of that file, when it
        changed on disk since it was loaded or saved, unless `overwrite`."""
        names = [self.buffers.name(path)] if path is not None else sorted(self.dirty_files)
        saved = []
        for name in names:
            buffer = self.buffers.get(name)
            if buffer.text is None:
                continue
            data = buffer.data
            save_atomically(buffer.path, data, buffer.disk, overwrite, root=self.root)
            self.buffers.saved(name, data)
            saved.append(name)
        return saved

    def changed_on_disk(self) -> list[str]:
        """Files whose disk content is no longer what the session loaded or saved."""
        return self.buffers.changed_on_disk()

    def reload(self, path: str | Path) -> None:
        """Take the file as it is on disk now (an undoable change; the disk version may be
        broken YAML: its findings say so)."""
        name = self.buffers.name(path)
        buffer = self.buffers.get(name)
        fresh = load(buffer.path)
        if fresh.disk is None:
            raise EditError(f"{name} cannot be read from disk (is it still a file?)")
        buffer.disk = fresh.disk
        if fresh.text is None:
            raise EditError(f"{name} on disk cannot be read as UTF-8 text")
        buffer.bom = fresh.bom
        self._make(edits.Edit(f"reload {name}", {name: fresh.text}), check_yaml=False)

    # -- recovery copies ------------------------------------------------------------------

    def keep_unsaved(self) -> Path | None:
        """Write a recovery copy of every unsaved file under the project root (see
        flowmap.edit.recovery); returns the folder, None when nothing is unsaved. Raises
        EditError when the copies cannot be written."""
        unsaved: list[Buffer] = [self.buffers.get(n) for n in sorted(self.dirty_files)]
        kept = [(b.path, b.data, b.disk) for b in unsaved if b.text is not None]
        if not kept:
            return None
        try:
            return recovery.keep(self.root, kept)
        except OSError as error:
            raise EditError(f"no recovery copy written in {self.root}: {error}") from None

    def kept_copies(self) -> list[recovery.Copy]:
        """The recovery copies an earlier editor of this project left."""
        return recovery.kept(self.root)

    def restore(self, copies: list[recovery.Copy]) -> list[str]:
        """Take the copies' texts as the files' unsaved texts (one undoable change) and
        remove those copies; returns the names restored. Of several copies of a file the
        newest is taken, the others stay to be offered again. A file changed on disk since
        its copy was made still asks reload or overwrite when it is saved."""
        newest = {copy.path.resolve(): copy for copy in copies}  # copies come oldest first
        after, bases, taken = {}, {}, []
        for copy in newest.values():
            if not self.may_restore(copy):
                continue  # a copy planted to write a file that is not a map: never taken
            decoded = decode(copy.data)
            if decoded is None:
                continue  # not ours to judge: the copy stays in the folder
            name = self.buffers.name_of(copy.path)
            after[name], bases[name] = decoded[0], (copy.base, decoded[1])
            taken.append(copy)
        if after:
            self._make(edits.Edit(f"restore {', '.join(after)}", after), check_yaml=False)
            for name, (base, bom) in bases.items():
                buffer = self.buffers.get(name)
                buffer.disk, buffer.bom = base, bom
                self.buffers.dirty.add(name)  # unsaved, against the disk its edits began from
        recovery.drop(self.root, taken)
        return list(after)

    def may_restore(self, copy: recovery.Copy) -> bool:
        """Whether a copy names one of this session's maps, or a map file not there yet."""
        if recovery.target(self.root, copy.path.relative_to(self.root).as_posix()) is None:
            return False
        resolved = copy.path.resolve()
        known = any(b.path.resolve() == resolved for b in self.buffers.by_name.values())
        return known or not os.path.lexists(copy.path)

    def discard(self, copies: list[recovery.Copy]) -> None:
        """Remove recovery copies without taking them."""
        recovery.drop(self.root, copies)


def _day(value) -> str:
    return value.isoformat() if value is not None else ""
