"""The form in the middle: a field for every key of the selected object, from FIELDS.

Text and lists are inputs (lists separated by `;`), references are selects offering the
ids of the kinds `FIELDS` says they name (a joint step's executors, a list, are an input),
durations, ranks and shares are checked as they are typed. A change is
applied when the user presses Enter or leaves the field; the app does the applying.
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
        def __init__(self, key: str, value: object, need: int | None) -> None:
            super().__init__()
            self.key, self.value, self.need = key, value, need

    async def show(self, org: Organisation | None, obj: t.Located | None, title: str) -> None:
        """Rebuild the form for `obj` (None: a note instead)."""
        await self.remove_children()
        self._values: dict[str, object] = {}
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
            label = Label(key, classes="key")
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
                )
            self._widgets.append(Horizontal(label, widget, classes="row"))

    def _target(self, widget_id: str) -> tuple[str, int | None, str]:
        """(key, need index or None, the key's kind) of a field's widget id."""
        if widget_id.startswith("need-"):
            _, index, key = widget_id.split("-", 2)
            return key, int(index), self._kinds[widget_id]
        return widget_id.removeprefix("field-"), None, self._kinds[widget_id]

    def _apply_input(self, widget: Input) -> None:
        if widget.id is None or self._values.get(widget.id) == widget.value:
            return
        key, need, kind = self._target(widget.id)
        try:
            value = parsed(widget.value, kind)
        except ValueError as error:
            self.app.notify(str(error), severity="error", title=key, markup=False)
            return
        self._values[widget.id] = widget.value
        self.post_message(self.Edited(key, value, need))

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
        if previous is not None or value is not None:
            self.post_message(self.Edited(key, value, need))


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
