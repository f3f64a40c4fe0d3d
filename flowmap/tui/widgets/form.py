"""The form in the middle: a field for every key of the selected object, from FIELDS.

Text is an input, a list a row per item (widgets/lists.py; where it holds ids, offering
the ids of the kinds `FIELDS` says they name), a single reference a select offering those
ids; durations, ranks, shares and ids are checked as they are typed. Text typed in a field is
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
from flowmap.tui.values import LISTS, items, parsed, parsed_items, shown, valid
from flowmap.tui.widgets.lists import ItemInput, ListField

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
            if spec.kind == "executors":  # one, or several doing a joint step
                value = obj.executors  # type: ignore[attr-defined]
            if spec.kind in LISTS:
                self._values[widget_id] = _cleaned(items(value))
                known = choices(org, spec.refers_to) if spec.refers_to else None
                if known is not None and spec.every:
                    known.insert(0, "*")
                widget = ListField(
                    items(value), id=widget_id, hint=spec.doc, known=known, every=spec.every
                )
            elif spec.kind == "ref" and spec.refers_to:
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
                    select_on_focus=False,  # typing must not replace the whole text
                )
            classes = "row -list" if isinstance(widget, ListField) else "row"
            self._widgets.append(Horizontal(label, widget, classes=classes))

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

    def _pending_list(self, field: ListField) -> Edited | None:
        """The edit a list field's rows make (None: no change), like `_pending`."""
        if field.id is None or self.target is None or field.id not in self._values:
            return None
        rows = _cleaned(field.rows)
        if self._values[field.id] == rows:
            return None
        key, need, kind = self._target(field.id)
        try:
            value = parsed_items(list(rows), kind, every=field.every)
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
        self._values[field.id] = rows
        return self.Edited(self.target, key, value, need)

    def take_pending(self) -> tuple[list[Edited], list[str]]:
        """Every field's typed text not yet applied: the edits to make, and the reasons the
        others cannot be applied (their text stays in the field, to be fixed)."""
        edits, refused = [], []
        fields = [w for w in self.query(Input) if not isinstance(w, ItemInput)]
        for widget in [*fields, *self.query(ListField)]:
            try:
                edit = (
                    self._pending_list(widget)
                    if isinstance(widget, ListField)
                    else self._pending(widget)
                )
            except ValueError as error:
                refused.append(str(error))
                continue
            if edit is not None:
                edits.append(edit)
        return edits, refused

    def _apply_input(self, widget: Input | ListField) -> bool:
        """Apply a field's (a list row's: its list's) text; False: refused, saying why."""
        if isinstance(widget, ItemInput) and isinstance(widget.parent, ListField):
            widget = widget.parent
        try:
            if isinstance(widget, ListField):
                edit = self._pending_list(widget)
            else:
                edit = self._pending(widget)
        except ValueError as error:
            self.app.notify(f"not applied: {error}", severity="error", markup=False, timeout=8)
            return False
        if edit is not None:
            self.post_message(edit)
        return True

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
        applied = self._apply_input(event.input)
        row, field = event.input, event.input.parent
        if applied and isinstance(field, ListField):  # a new row; on an empty one, onwards
            if row.value.strip():
                field.action_add_row()
            else:  # leaving the empty row removes it (below)
                chain = self.screen.focus_chain
                after = chain.index(field.items[-1]) + 1
                (chain[after] if after < len(chain) else chain[0]).focus()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self._apply_input(event.input)
        row, field = event.input, event.input.parent
        empty = isinstance(field, ListField) and not row.value.strip()
        if empty and row.is_attached and len(field.items) > 1:
            row.remove()  # an empty row left behind is no item

    def on_list_field_changed(self, event: ListField.Changed) -> None:
        event.stop()
        self._apply_input(event.field)

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


def _cleaned(rows: list[str]) -> tuple[str, ...]:
    """A list's items as saved: each trimmed, empty rows left out."""
    return tuple(row.strip() for row in rows if row.strip())


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
