"""Editing maps the way `flowmap edit` does, with no user interface: the editor's engine.

    session = EditSession.open(["processes"])
    session.set_field("accept-order", "lead_time", "2h")
    session.rename("order-clerk", "order-desk")     # and every reference to it
    session.undo(); session.redo()
    session.save()                                  # atomic; SaveConflict if changed on disk

Edits patch the text of the one node that changes (comments, order, quoting, flow style and
line endings elsewhere are kept byte for byte), then re-read the session through the same
loader, model and rules as `flowmap check`. Actions: set_field, set_need_field, add_step,
add_operation, add_need, add_item, delete, duplicate, move, rename, undo, redo, save,
reload, new_file; `findings`, `workspace`, `dirty_files`, `changed_on_disk()`.
"""

from flowmap.edit.saving import SaveConflict
from flowmap.edit.session import EditSession
from flowmap.edit.yaml_text import EditError

__all__ = ["EditError", "EditSession", "SaveConflict"]
