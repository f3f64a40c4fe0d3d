"""The editor's selection and what its actions do to the maps, apart from the screen.

The controller holds the tree's selection (`selected`, a `(kind, key)` row) and turns an
action on it into an `EditSession` call: where a new item goes, who does a new step, what
a new need is for (`flowmap.edit.guesses`), which item is selected after. It tells the
screen what to show through two callbacks (`notify` and `changed`) and imports nothing of
Textual, so its behaviour is tested without a terminal (tests/tui/test_controller.py).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from flowmap.edit import EditError, EditSession
from flowmap.edit.guesses import (
    copied_need,
    executor_beside,
    first_executor,
    need_to_offer,
    supplied_item,
)
from flowmap.model import types as t
from flowmap.model.fields import NOUN, referrers
from flowmap.tui.keys import ADD_KINDS
from flowmap.tui.outline import SECTION_KINDS, find_object

Row = tuple[str, str]  # a row of the tree: (kind, key), e.g. ("step", "ship")
STEP_KINDS = ("process", "step", "operation")


# How a reference key says that its object names another (a deletion's question).
REFERRED = {
    "rework": "sends rework to it",
    "next": "goes on to it",
    "by": "is done by it",
    "from": "takes its item from it",
    "unit": "belongs to it",
    "reports_to": "reports to it",
    "provider": "has it provide the service",
    "customers": "has it as a customer",
    "owner": "is owned by it",
    "serves": "serves it",
    "customer": "serves it",
}


class Controller:
    """The selection, and the edits an action makes of it."""

    def __init__(
        self,
        session: EditSession,
        notify: Callable[..., None],
        changed: Callable[[bool, bool], None],
        collector: Callable[[], AbstractContextManager] = nullcontext,
    ) -> None:
        self.session = session
        self.notify = notify  # notify(text, severity=...): a message on the message line
        self.changed = changed  # changed(tree, form): the maps changed, show them
        self.collector = collector  # the collector schedule one edit runs in
        self.selected: Row | None = None

    # -- editing ---------------------------------------------------------------------------

    def do(
        self,
        edit: Callable[[], object],
        select: str | None = None,
        kind: str | None = None,
        tree: bool = True,
        form: bool = True,
    ) -> bool:
        """Make one edit; select `select` (of `kind`), or the id the edit returns; False
        (and a message saying why) when the session refused it."""
        with self.collector():
            try:
                result = edit()
            except EditError as error:
                self.notify(str(error), severity="error")
                return False
            if select is not None:
                self.selected = (kind or (self.selected or ("step", ""))[0], select)
            elif isinstance(result, str) and kind:
                self.selected = (kind, result)
            self.changed(tree, form)
            return True

    # -- what is selected ------------------------------------------------------------------

    def selected_step(self) -> Row | None:
        """The selection when it is a process, a step or an operation (else a message)."""
        if self.selected and self.selected[0] in STEP_KINDS:
            return self.selected
        self.notify("Select a process, a step or an operation first", severity="warning")
        return None

    def selected_item(self) -> Row | None:
        """The selection when it is an item (not a file or a section row; else a message)."""
        if self.selected and self.selected[0] not in ("file", "section"):
            return self.selected
        self.notify("Select an item in the tree first", severity="warning")
        return None

    def selected_file(self, new_kind: str) -> str | None:
        """Where a new item of `new_kind` goes: the selected file row or section row, the
        file of the selected item of that kind, else (None) the file with such items."""
        kind, key = self.selected or ("", "")
        if kind == "file":
            return key
        if kind == "section":
            return key.partition(":")[0]
        obj = find_object(self.session.workspace.org, kind, key) if kind == new_kind else None
        return obj.pos[0] if obj is not None else None

    def kinds_for_a_file(self) -> list[str]:
        """What `a` on a file row may add: an item of any section."""
        return [k for k in ADD_KINDS if k not in ("step", "need")]

    # -- actions ---------------------------------------------------------------------------

    def add_kind(self, kind: str) -> tuple[str, t.StepNeed] | None:
        """An item of `kind`: after the selected one of its kind, else in its file's section
        (a step or a need as `add_step` and `add_need` add them)."""
        if kind == "step":
            return self.add_step()
        if kind == "need":
            self.add_need()
            return None
        section = {k: s for s, k in SECTION_KINDS}[kind]
        after = self.selected[1] if self.selected and self.selected[0] == kind else None
        file = self.selected_file(kind)
        self.do(lambda: self.session.add_item(section, {}, file=file, after=after), kind=kind)
        return None

    def add_step(self) -> tuple[str, str, t.StepNeed] | None:
        """A step after the selected one (on a process: at its end), an operation after the
        selected operation. Returns (new step, next step, need) when the step after the new
        one has a need the new one likely has too (the screen offers it)."""
        selected = self.selected_step()
        if selected is None:
            return None
        kind, key = selected
        org = self.session.workspace.org
        if kind == "process":
            by = first_executor(org, org.processes[key])
            fields = {"id": _step_id(key, len(org.processes[key].steps) + 1), "by": by}
            self.do(lambda: self.session.add_step(key, fields=fields), kind="step")
            return None
        step = org.steps[key]
        fields = {"by": executor_beside(org, step)}
        if kind == "operation":
            parent = step.parent
            self.do(
                lambda: self.session.add_operation(parent, after=key, fields=fields),
                kind="operation",
            )
            return None
        offer = need_to_offer(org, key)
        process = step.process
        steps = [s.id for s in org.processes[process].steps] if process in org.processes else []
        place = steps.index(key) + 2 if key in steps else len(steps) + 1
        fields = {"id": _step_id(process, place), **fields}
        added = self.do(
            lambda: self.session.add_step(process, after=key, fields=fields), kind="step"
        )
        if added and offer is not None and self.selected is not None:
            return self.selected[1], *offer
        return None

    def add_offered_need(self, step: str, need: t.StepNeed) -> None:
        """The need the user accepted from `add_step`'s offer, stated at `step`."""
        fields = copied_need(need)
        self.do(lambda: self.session.add_need(step, fields), tree=False)

    def add_operation(self) -> None:
        selected = self.selected_step()
        if selected and selected[0] in ("step", "operation"):
            step = self.session.workspace.org.steps[selected[1]]
            fields = {"by": executor_beside(self.session.workspace.org, step)}
            self.do(
                lambda: self.session.add_operation(selected[1], fields=fields), kind="operation"
            )
        elif selected:
            self.notify("Select a step first", severity="warning")

    def add_need(self) -> str | None:
        """A need of the selected step on what its supplier delivers (returns the form's
        widget id of its `due`, to ask for next), or a need of the selected customer."""
        kind, key = self.selected or ("", "")
        org = self.session.workspace.org
        if kind in ("step", "operation"):
            item = supplied_item(org, key)
            index = len(org.steps[key].needs)
            if self.do(lambda: self.session.add_need(key, {"item": item}), tree=False):
                self.notify(f"added a need for `{item}` to {key}: say by when (due)")
                return f"need-{index}-due"
            return None
        if kind == "need":
            customer = next(c.id for c in org.customers.values() if key in {n.id for n in c.needs})
            after = key
        elif kind == "customer":
            customer, after = key, None
        else:
            self.notify("Select a step or a customer first", severity="warning")
            return None
        self.do(lambda: self.session.add_customer_need(customer, after=after), kind="need")
        return None

    def duplicate(self) -> None:
        if self.selected_item():
            kind, key = self.selected
            self.do(lambda: self.session.duplicate(key), kind=kind)

    def referrers(self) -> list[str]:
        """What names the selected item, in plain words ("`qc-decide` sends rework to
        it"): deleting it leaves them naming nothing."""
        if not self.selected or self.selected[0] in ("file", "section"):
            return []
        org = self.session.workspace.org
        said = []
        for obj, key in referrers(org.objects(), self.selected[1]):
            who = getattr(obj, "id", None) or getattr(obj, "item", None) or NOUN[type(obj)]
            said.append(f"`{who}` {REFERRED.get(key, f'names it in `{key}`')}")
        return said

    def delete(self, neighbour: Row | None) -> bool:
        """Delete the selected item; `neighbour` (the row next to it) is selected after."""
        if not self.selected_item():
            return False
        key = self.selected[1]
        if not self.do(lambda: self.session.delete(key)):
            return False
        if neighbour:
            self.selected = neighbour
        self.notify(f"deleted {key} (ctrl+z brings it back)")
        return True

    def move(self, delta: int) -> None:
        if self.selected_item():
            key = self.selected[1]
            self.do(lambda: self.session.move(key, delta))

    def undo(self, times: int = 1) -> None:
        self._history(lambda: self.session.undo(times), "undone", "nothing to undo")

    def redo(self, times: int = 1) -> None:
        self._history(lambda: self.session.redo(times), "redone", "nothing to redo")

    def _history(self, step: Callable[[], str | None], done: str, nothing: str) -> None:
        with self.collector():
            label = step()
            self.notify(f"{done}: {label}" if label else nothing)
            if label:
                self.changed(True, True)

    def rename(self, old: str, new: str, kind: str) -> None:
        if new and new != old:
            self.do(lambda: self.session.rename(old, new), select=new, kind=kind)


def _step_id(process: str, place: int) -> str:
    """A new step's id that says where it is (`complaints-step-4`, made unique when it is
    taken): the dialogs and the findings name it before the user renames it."""
    return f"{process}-step-{place}"
