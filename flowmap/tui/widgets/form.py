"""The form in the middle: a field for every key of the selected object, from FIELDS.

Text is an input, a list a row per item (widgets/lists.py; where it holds ids, offering
the ids of the kinds `FIELDS` says they name), a single reference a select offering those
ids; durations, ranks, shares and ids are checked as they are typed. Text typed in a field is
*pending* until it is applied: on Enter, on leaving the field, and (through `take_pending`)
before a save, a quit or any action; the app does the applying, on the object the form
shows (`target`), which is not always the tree's selection by then.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.validation import Function
from textual.widgets import Input, Label, Select, Static

from flowmap.model import types as t
from flowmap.model.fields import FIELDS
from flowmap.model.org import Organisation
from flowmap.tui.values import (
    LISTS,
    deliverable_rows,
    items,
    parsed,
    parsed_items,
    shown,
    valid,
    waiver_text,
)
from flowmap.tui.widgets.lists import FieldInput, ItemInput, ListField

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

    def fill(
        self,
        org: Organisation | None,
        obj: t.Located | None,
        title: str,
        target: tuple[str, str] | None = None,
    ) -> bool:
        """Show `obj` (None: a note) in the widgets already there, when it has the same
        fields as the object shown (a step after a step); False when the form must be built
        anew (`show`). Mounting widgets, and the layout of the screen that follows, is what
        made a move in the tree slow."""
        rows = _rows_of(org, obj)
        if not self.children or self._layout != [(row.widget_id, row.shape) for row in rows]:
            return False
        self.target = target if rows else None
        heading = self.children[0]  # the title, or the note
        same_size = bool(rows) and cell_len(str(heading.render())) == cell_len(title)
        heading.update(title, layout=not same_size)  # a layout is a repaint of all
        for row in rows:
            self._fill(self.query_one(f"#{row.widget_id}"), row)
        return True

    async def show(
        self,
        org: Organisation | None,
        obj: t.Located | None,
        title: str,
        target: tuple[str, str] | None = None,
    ) -> None:
        """Show `obj`'s fields (None: a note instead): in the widgets there (`fill`), else
        in new ones."""
        if self.fill(org, obj, title, target):
            return
        rows = _rows_of(org, obj)
        kept = self._kept(rows)
        if kept:  # a step with more or fewer needs: its own fields stay
            await self._replace_rows(rows, kept)
            self.fill(org, obj, title, target)
            return
        await self.remove_children()
        self.target = target if obj is not None else None
        self._values = {}
        self._kinds: dict[str, str] = {}
        self._offered: dict[str, list[str]] = {}
        self._layout = [(row.widget_id, row.shape) for row in rows]
        if not rows:
            await self.mount(Static(title, classes="note", markup=False))
            return
        await self.mount_all([Label(title, classes="title", markup=False), *self._lines(rows)])

    _layout: list[tuple[str, str]] = []  # (widget id, shape) of each field shown

    def _kept(self, rows: list[Row]) -> int:
        """How many leading fields can stay for `rows`: at least all of the object's own
        fields, else none (0)."""
        if not self.children or not rows:
            return 0
        kept = 0
        for field, row in zip(self._layout, rows, strict=False):
            if field != (row.widget_id, row.shape):
                break
            kept += 1
        own = sum(1 for row in rows if not row.widget_id.startswith("need-"))
        return kept if kept >= own else 0

    async def _replace_rows(self, rows: list[Row], kept: int) -> None:
        """Remove the fields after the first `kept` and add `rows[kept:]` in their place."""
        needs_kept = {row.widget_id.split("-")[1] for row in rows[:kept] if row.need_title}
        gone = [self.query_one(f"#{widget_id}").parent for widget_id, _ in self._layout[kept:]]
        gone += list(self.query(".subtitle"))[len(needs_kept) :]
        for widget_id, _ in self._layout[kept:]:
            self._values.pop(widget_id, None)
            self._offered.pop(widget_id, None)
        await self.remove_children(gone)
        await self.mount_all(self._lines(rows[kept:]))
        self._layout = [(row.widget_id, row.shape) for row in rows]

    def _lines(self, rows: list[Row]) -> Iterator[Label | Horizontal]:
        """The form's lines for `rows`: a line per field, "need N" above each need."""
        for row in rows:
            if row.need_title:
                yield Label(row.need_title, classes="subtitle")
            yield _row_of(row, self._widget(row))

    def _widget(self, row: Row) -> Input | Select | ListField:
        """A new field's widget, showing the row's value."""
        self._kinds[row.widget_id] = row.kind
        if row.shape == "list":
            self._values[row.widget_id] = _cleaned(row.value)
            return ListField(
                list(row.value), id=row.widget_id, hint=row.doc, known=row.options, every=row.every
            )
        if row.shape == "select":
            self._values[row.widget_id] = row.value
            self._offered[row.widget_id] = row.options
            return _select(row.options, row.value, row.widget_id)
        if row.shape == "unit-kind":
            self._values[row.widget_id] = row.value
            options = [("line", "line"), ("function", "function")]
            return Select(options, value=row.value, id=row.widget_id, allow_blank=False)
        self._values[row.widget_id] = row.value
        return FieldInput(
            row.value,
            id=row.widget_id,
            placeholder=row.doc,
            validators=[Function(lambda s, k=row.kind: valid(s, k), row.doc)],
            valid_empty=True,
        )

    def _fill(self, widget: Input | Select | ListField, row: Row) -> None:
        """A field's widget shows another object's value (the form's messages about the
        change are held back: the user changed nothing)."""
        self._kinds[row.widget_id] = row.kind
        if isinstance(widget, ListField):
            self._values[row.widget_id] = _cleaned(row.value)
            with self.prevent(Input.Changed):
                widget.refill(list(row.value), row.options, row.every)
            return
        self._values[row.widget_id] = row.value
        if isinstance(widget, Select):
            with self.prevent(Select.Changed):
                if row.shape == "select" and self._offered.get(row.widget_id) != row.options:
                    self._offered[row.widget_id] = row.options
                    widget.set_options(_options(row.options))
                widget.value = Select.NULL if row.value is None else row.value
            return
        with self.prevent(Input.Changed):
            widget.value = row.value
            widget.cursor_position = 0  # the text from its start

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
        if row is None or row is self or isinstance(widget, ItemInput):
            return  # a list's row carries the mark itself (the editor's style sheet)
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


class Row(NamedTuple):
    """One field of the form: its widget, the key it edits and the value it shows."""

    widget_id: str  # field-KEY, or need-INDEX-KEY for a step's need
    key: str
    kind: str  # the key's kind in FIELDS
    shape: str  # the widget: select, unit-kind, list or input
    value: object  # a select's value, a list's items, else the text shown
    options: list[str] | None  # the ids a select or a list offers (None: a list of texts)
    doc: str
    need_title: str  # "need 2" on a need's first row, above it
    every: bool = False  # a list that may hold `*`, every one


def _rows_of(org: Organisation | None, obj: t.Located | None) -> list[Row]:
    return [] if obj is None or org is None else list(_rows(org, obj))


def _rows(org: Organisation, obj: t.Located) -> Iterator[Row]:
    """The fields of an object, a step's needs after its own."""
    yield from _fields(org, obj, None)
    if isinstance(obj, t.Step):
        for index, need in enumerate(obj.needs):
            yield from _fields(org, need, index)


def _fields(org: Organisation, obj: t.Located, need: int | None) -> Iterator[Row]:
    title = f"need {need + 1}" if need is not None else ""
    for key, spec in FIELDS[type(obj)].items():
        if spec.kind in _NESTED:
            continue
        value = getattr(obj, spec.attr or key, None)
        widget_id = f"field-{key}" if need is None else f"need-{need}-{key}"
        if spec.kind == "executors":  # one, or several doing a joint step
            value = obj.executors  # type: ignore[attr-defined]
        elif spec.kind == "deliverables":  # an item's own lead time after ` @ `
            value = deliverable_rows(obj)  # type: ignore[arg-type]
        elif spec.kind == "waive":  # with each waiver's approver and end
            value = waiver_text(obj) or None
        if spec.kind in LISTS:
            known = choices(org, spec.refers_to) if spec.refers_to else None
            if known is not None and spec.every:
                known.insert(0, "*")
            shape = (widget_id, key, spec.kind, "list", tuple(items(value)), known, spec.doc)
            row = Row(*shape, title, every=spec.every)
        elif spec.kind == "ref" and spec.refers_to:
            ids = choices(org, spec.refers_to)
            if value and value not in ids:
                ids.append(value)  # an unknown reference stays visible, to be fixed
            row = Row(widget_id, key, spec.kind, "select", value, ids, spec.doc, title)
        elif spec.kind == "unit-kind":
            row = Row(widget_id, key, spec.kind, "unit-kind", value or "line", [], spec.doc, title)
        else:
            text = shown(value, spec.kind)
            row = Row(widget_id, key, spec.kind, "input", text, [], spec.doc, title)
        title = ""
        yield row


def choices(org: Organisation, refers_to: tuple[str, ...]) -> list[str]:
    """The ids a reference may name, as the form offers them: from `Field.refers_to`."""
    return sorted(org.ids_of(refers_to))


def _options(ids: list[str]) -> list[tuple[Text, str]]:
    return [(Text(key), key) for key in ids]  # a str prompt would be read as markup


def _select(ids: list[str], value, widget_id: str) -> Select:
    return Select(
        _options(ids),
        value=value or Select.NULL,
        id=widget_id,
        allow_blank=True,
        prompt="(none)",
    )


def _row_of(row: Row, widget: Input | Select | ListField) -> Horizontal:
    label = Label(row.key, classes="key", markup=False)
    classes = "row -list" if isinstance(widget, ListField) else "row"
    return Horizontal(label, widget, classes=classes)


def _cleaned(rows) -> tuple[str, ...]:
    """A list's items as saved: each trimmed, empty rows left out."""
    return tuple(row.strip() for row in rows if row.strip())
