"""The form in the middle: a field for every key of the selected object, from FIELDS.

Text and lists are inputs (lists separated by `;`), references are selects offering the
ids of the kinds `FIELDS` says they name (a joint step's executors, a list, are an input),
durations, ranks and shares are checked as they are typed. Text typed in a field is
*pending* until it is applied: on Enter, on leaving the field, and (through `take_pending`)
before a save, a quit or any action; the app does the applying, on the object the form
shows (`target`), which is not always the tree's selection by then.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.validation import Function
from textual.widgets import Input, Label, Select, Static

from flowmap.model import types as t
from flowmap.model.fields import FIELDS
from flowmap.model.org import Organisation
from flowmap.tui.values import parsed, shown, valid

# Keys that hold lists of objects: shown elsewhere (the tree) or as sub-forms (needs).
_NESTED = ("objects",)


class FieldForm(VerticalScroll, can_focus=False):
    """The selected object's fields. Posts `Edited` when the user changes one."""

    class Edited(Message):
        def __init__(
            self, target: tuple[str, str], key: str, value: object, need: int | None
        ) -> None:
            super().__init__()
            self.target, self.key, self.value, self.need = target, key, value, need

    target: tuple[str, str] | None = None  # (kind, id) of the object shown
    _values: dict[str, object] = {}

    async def show(
        self,
        org: Organisation | None,
        obj: t.Located | None,
        title: str,
        target: tuple[str, str] | None = None,
    ) -> None:
        """Rebuild the form for `obj` (None: a note instead)."""
        await self.remove_children()
        self.target = target if obj is not None else None
        self._values = {}
        self._kinds: dict[str, str] = {}
        self._widgets: list = []
        if obj is None or org is None:
            await self.mount(Static(title, classes="note", markup=False))
            return
        self._widgets.append(Label(title, classes="title", markup=False))
        self._mount_fields(org, obj, None)
        if isinstance(obj, t.Step):
            for index, _need in enumerate(obj.needs):
                self._widgets.append(Label(f"need {index + 1}", classes="subtitle"))
                self._mount_fields(org, obj.needs[index], index)
        await self.mount_all(self._widgets)

    def _mount_fields(self, org: Organisation, obj: t.Located, need: int | None) -> None:
        for key, spec in FIELDS[type(obj)].items():
            if spec.kind in _NESTED:
                continue
            value = getattr(obj, spec.attr or key, None)
            widget_id = f"field-{key}" if need is None else f"need-{need}-{key}"
            label = Label(key, classes="key", markup=False)
            self._kinds[widget_id] = spec.kind
            joint = spec.kind == "executors" and getattr(obj, "joint", None)
            if joint:  # several executors: a list, typed like other lists
                value = obj.executors  # type: ignore[attr-defined]
            if spec.kind in ("ref", "executors") and spec.refers_to and not joint:
                self._values[widget_id] = value
                widget = _select(org, spec.refers_to, value, widget_id)
            elif spec.kind == "unit-kind":
                self._values[widget_id] = value or "line"
                options = [("line", "line"), ("function", "function")]
                widget = Select(options, value=value or "line", id=widget_id, allow_blank=False)
            else:
                text = shown(value, spec.kind)
                self._values[widget_id] = text
                widget = Input(
                    text,
                    id=widget_id,
                    placeholder=spec.doc,
                    validators=[Function(lambda s, k=spec.kind: valid(s, k), spec.doc)],
                    valid_empty=True,
                    select_on_focus=False,  # typing must not replace a whole list
                )
            self._widgets.append(Horizontal(label, widget, classes="row"))

    def _target(self, widget_id: str) -> tuple[str, int | None, str]:
        """(key, need index or None, the key's kind) of a field's widget id."""
        if widget_id.startswith("need-"):
            _, index, key = widget_id.split("-", 2)
            return key, int(index), self._kinds[widget_id]
        return widget_id.removeprefix("field-"), None, self._kinds[widget_id]

    def _pending(self, widget: Input) -> Edited | None:
        """The edit a field's typed text makes (None: nothing typed); ValueError says why
        the text cannot be applied. Taking it marks the text applied."""
        if widget.id is None or self.target is None or widget.id not in self._values:
            return None
        if self._values[widget.id] == widget.value:
            return None
        key, need, kind = self._target(widget.id)
        try:
            value = parsed(widget.value, kind)
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
        self._values[widget.id] = widget.value
        return self.Edited(self.target, key, value, need)

    def take_pending(self) -> tuple[list[Edited], list[str]]:
        """Every field's typed text not yet applied: the edits to make, and the reasons the
        others cannot be applied (their text stays in the field, to be fixed)."""
        edits, refused = [], []
        for widget in self.query(Input):
            try:
                edit = self._pending(widget)
            except ValueError as error:
                refused.append(str(error))
                continue
            if edit is not None:
                edits.append(edit)
        return edits, refused

    def _apply_input(self, widget: Input) -> None:
        try:
            edit = self._pending(widget)
        except ValueError as error:
            self.app.notify(f"not applied: {error}", severity="error", markup=False, timeout=8)
            return
        if edit is not None:
            self.post_message(edit)

    def on_descendant_focus(self, event) -> None:
        self._mark(event.widget, True)

    def on_descendant_blur(self, event) -> None:
        self._mark(event.widget, False)

    def _mark(self, widget, focused: bool) -> None:
        """`› key` on the field that has the focus: seen in any terminal, even without
        colours (and a script driving the editor can wait for it)."""
        row = widget.parent
        while row is not None and row is not self and "row" not in row.classes:
            row = row.parent
        if row is None or row is self:
            return
        label = row.query(".key").first(Label)
        text = str(label.render()).removeprefix("› ")
        label.update(f"› {text}" if focused else text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply_input(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self._apply_input(event.input)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id is None or not self.is_mounted:
            return
        key, need, _kind = self._target(event.select.id)
        value = None if event.value is Select.NULL else event.value
        previous = self._values.get(event.select.id)
        if previous == value:
            return
        self._values[event.select.id] = value
        if (previous is not None or value is not None) and self.target is not None:
            self.post_message(self.Edited(self.target, key, value, need))


def choices(org: Organisation, refers_to: tuple[str, ...]) -> list[str]:
    """The ids a reference may name, as the form offers them: from `Field.refers_to`."""
    return sorted(org.ids_of(refers_to))


def _select(org: Organisation, refers_to: tuple[str, ...], value, widget_id: str) -> Select:
    ids = choices(org, refers_to)
    if value and value not in ids:
        ids.append(value)  # an unknown reference stays visible, to be fixed
    select = Select(
        [(Text(key), key) for key in ids],  # a str prompt would be read as markup
        value=value or Select.NULL,
        id=widget_id,
        allow_blank=True,
        prompt="(none)",
    )
    return select
