"""Editing maps the way `flowmap edit` does, with no user interface: the editor's engine.

    from flowmap.edit import EditSession, EditError, SaveConflict

    session = EditSession.open(["processes"])       # files or folders, as `flowmap check`
    session.set_field("accept-order", "lead_time", "2h")
    session.rename("order-clerk", "order-desk")     # and every reference, in every file
    session.undo(); session.redo()
    session.save()                                  # atomic; SaveConflict if changed on disk

Reading: `files` (every file, included ones too, by the name findings use), `text(name or
path)`, `path(name)`, `workspace` (the Workspace of the current texts: org, findings, ...),
`findings` and `waived` (the rules on the current texts), `dirty_files`, `can_undo`,
`can_redo`, `changed_on_disk()`.

Edits (each one undoable step, across files; each raises EditError with a message and
changes nothing when it cannot be made): `set_field(id, key, value)` on a customer, need,
unit, role, service, goal, process, step or operation (a text, a list of texts, a number, a
duration, a waiver mapping; None removes the key; `id` renames), `set_need_field(step_id,
index, key, value)`, `add_step(process_id, after=None, fields=None) -> id`,
`add_operation(step_id, after=None, fields=None) -> id`, `add_need(step_id, fields)`,
`add_item(section, fields) -> id`, `delete(id)`, `duplicate(id) -> id`, `move(id, -1|+1)`,
`rename(old, new) -> places`, `undo()`, `redo()`, `new_file(path, template="process")`,
`reload(name or path)`.

Files: `save(path=None, overwrite=False) -> names saved` (SaveConflict when a file changed
on disk, checked and replaced under a lock other flowmap processes respect, see `saving`).

Recovery (see `recovery`): `keep_unsaved() -> folder` writes a copy of every unsaved file
to `.flowmap-recovery/` under `root` (the project root); a later session's `kept_copies()`
lists them, `restore(copies)` takes them as unsaved edits (one undoable change) and
`discard(copies)` drops them.

Errors: every method raises only EditError (SaveConflict is one), with a message that says
what to do; an edit that raises changes nothing, and `save` stops at the first file it
cannot save (those before it are saved, that one is left as it was on disk). `open` raises
UsageError (a path that does not exist or cannot be read) and ConfigError (a broken
configuration file). Arguments of the wrong type (a number for an id) raise TypeError, as
anywhere in Python.

Inside: `buffers` (the files: text, bytes on disk, dirty state, the read cache),
`history` (undo and redo), `edits` (each operation, a function from the texts and the
organisation to new texts, testable without a session), and `session`, which composes them,
re-reads, re-checks and saves. The session leaves the cyclic garbage collector alone: a
program that keeps a session alive schedules it (the editor uses `flowmap.memory.Collector`).

How: an edit patches the characters of the one node that changes (comments, key order,
quoting, flow style, indentation and line endings elsewhere are kept byte for byte), proves
on the re-read data that exactly the asked change was made (see `verify`), then re-reads the
session through the same loader, model and rules as `flowmap check` (files whose text did
not change are not read again; an edit inside one item of a top-level list composes and
builds that item only, into the tree and model of the text before it: see `patched`).
`auto_check = False` leaves the rules to the caller (`check(workspace)`, safe in a worker
thread), as the Textual editor does.
"""

from flowmap.edit.saving import SaveConflict
from flowmap.edit.session import EditSession
from flowmap.edit.yaml_text import EditError

__all__ = ["EditError", "EditSession", "SaveConflict"]
