"""A list field of the form: one row per item, rows added, removed and moved with keys.

Where the list holds ids, each row completes the id being typed from the known ones (→
takes the completion) and a line under the rows names the known ids that fit what is
typed. An unknown id is taken (the check then says what it names no); text that cannot be
an id (`[x`) is marked on its row and refused when the list is applied, saying why.
The form applies the list as a whole (FieldForm.take_list): on Enter, on leaving a row and
before any action, like any other field.
"""

from __future__ import annotations

import difflib

from rich.cells import cell_len
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.validation import Function
from textual.widgets import Input, Static
from textual.widgets.input import Selection

from flowmap.tui.keys import list_bindings
from flowmap.tui.values import id_problem

KNOWN_SHOWN = 12  # at most this many known ids are named under the rows


def ranked(known: list[str], typed: str) -> list[str]:
    """The known ids close to what is typed: those that begin with it; when none does,
    those that look like it (a typo), the closest first, then those that hold it (none:
    an empty list; the line under the rows then names them all)."""
    if not typed:
        return []
    close = [k for k in known if k.startswith(typed) and k != typed]
    if not close:
        close = difflib.get_close_matches(typed, known, n=KNOWN_SHOWN, cutoff=0.6)
        close += [k for k in known if typed in k]
    return list(dict.fromkeys(k for k in close if k != typed))


class KnownLine(Static):
    """The line under an id list's rows: the known ids that fit what is typed, on one line
    with how many more there are (fitted to the width it is drawn at: a hint of three
    lines pushed the fields below it down), or why the text typed cannot be an id."""

    names: list[str] = []
    total = 0  # how many ids fit what is typed

    def show(self, problem: str, names: list[str], total: int) -> None:
        self.names, self.total = ([], 0) if problem else (names, total)
        self.set_class(bool(problem), "-problem")
        self.set_class(bool(self.names), "-names")  # one line (editor.tcss)
        self.update(problem or ("known: " + ", ".join(names) if names else "none known yet"))

    def render(self):
        if not self.names:
            return super().render()
        return _one_line(self.names, self.total, self.content_region.width)


def _one_line(names: list[str], total: int, width: int) -> str:
    """`known: a, b, c` when all fit in `width` cells, else `36 known: a, b, …` (as many as
    fit, at least one)."""
    line = "known: " + ", ".join(names)
    if len(names) == total and cell_len(line) <= width:
        return line
    for shown in range(len(names), 0, -1):
        line = f"{total} known: " + ", ".join(names[:shown]) + ", …"
        if cell_len(line) <= width or shown == 1:
            return line
    return line


class FieldInput(Input):
    """A field's text, as fields behave in a form or a browser: entering it selects the
    text, so typing replaces it (`ctrl+u` clears it); leaving it shows the text from its
    start again, not its end."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, select_on_focus=True, **kwargs)

    # Textual runs each class's own `_on_focus` / `_on_blur`, this one's before Input's:
    # neither calls Input's again.

    def _on_focus(self, event) -> None:
        if self.select_on_focus and not event.from_app_focus:
            self.call_next(self._select_from_start)  # after Input's own selects it all

    def _select_from_start(self) -> None:
        """All of the text selected, the cursor at its start: a long text shows its start
        (typing replaces it all the same)."""
        if self.value:
            self.selection = Selection(len(self.value), 0)

    def _on_blur(self, event) -> None:
        self.cursor_position = 0  # the view follows the cursor: the text from its start


class ItemInput(FieldInput):
    """One item of a list field. Backspace on an empty row removes the row."""

    async def action_delete_left(self) -> None:
        if not self.value and isinstance(self.parent, ListField):
            await self.parent.action_remove_row()
            return
        super().action_delete_left()


class ListField(Vertical, can_focus=False):
    """A list's rows; `rows` is what they hold now. Posts `Changed` when a key changed the
    list itself (a row removed or moved): the form applies it at once."""

    BINDINGS = list_bindings()

    class Changed(Message):
        def __init__(self, field: ListField) -> None:
            super().__init__()
            self.field = field

    def __init__(
        self,
        values: list[str],
        *,
        id: str,
        hint: str,
        known: list[str] | None = None,
        every: bool = False,
    ) -> None:
        super().__init__(id=id, classes="list")
        self.hint, self.known, self.every = hint, known, every
        self._first = values or [""]

    def compose(self):
        for value in self._first:
            yield self._row(value)
        if self.known is not None:
            yield KnownLine(classes="known", markup=False)

    def _row(self, value: str) -> ItemInput:
        validators = []
        if self.known is not None:
            validators = [Function(lambda s: not s.strip() or not self._problem(s), "an id")]
        row = ItemInput(
            value,
            placeholder=self.hint,
            classes="item",
            suggester=SuggestFromList(self.known) if self.known else None,
            validators=validators,
            valid_empty=True,
        )
        self._mark_unknown(row)
        return row

    def _problem(self, text: str) -> str:
        return id_problem(text.strip(), self.every)

    @property
    def items(self) -> list[ItemInput]:
        return list(self.query(ItemInput))

    @property
    def rows(self) -> list[str]:
        return [item.value for item in self.items]

    def focus(self, scroll_visible: bool = True) -> ListField:
        """Focusing the list focuses its first row (a jump to the field lands there)."""
        self.items[0].focus(scroll_visible)
        return self

    def _focused_row(self) -> int:
        items = self.items
        return next((i for i, item in enumerate(items) if item.has_focus), len(items) - 1)

    def refill(self, values: list[str], known: list[str] | None, every: bool) -> None:
        """Show another object's list in these rows: the rows there take the values, rows
        are added or removed only for a longer or shorter list (a move in the tree must not
        rebuild the form)."""
        if known != self.known:
            self.known = known
            for item in self.items:
                item.suggester = SuggestFromList(known) if known else None
        self.every = every
        values = values or [""]
        items = self.items
        for item, value in zip(items, values, strict=False):
            item.value = value
            item.cursor_position = 0  # the text from its start
            self._mark_unknown(item)
        for item in items[len(values) :]:
            item.remove()
        if len(values) > len(items):
            self.mount_all([self._row(value) for value in values[len(items) :]], after=items[-1])

    # -- keys -------------------------------------------------------------------------

    def action_add_row(self) -> None:
        """A new, empty row after the focused one, focused."""
        row = self._row("")
        self.mount(row, after=self.items[self._focused_row()])
        self.call_after_refresh(row.focus)

    def action_row(self, delta: int) -> None:
        """Up / Down: the row above or below; from the first row up (the last row down)
        on to the field before (after) the list."""
        items = self.items
        other = self._focused_row() + delta
        if 0 <= other < len(items):
            items[other].focus()
        elif delta < 0:
            self.screen.focus_previous()
        else:
            self.screen.focus_next()

    async def action_remove_row(self) -> None:
        """The focused row goes, without a question: the list is applied at once, so
        ctrl+z brings it back (the message says so); the one before (or after) it takes
        the focus."""
        items = self.items
        index = self._focused_row()
        removed = items[index].value.strip()
        if removed:
            self.app.notify(
                f"row `{removed}` removed (ctrl+z brings it back)", markup=False, timeout=6
            )
        if len(items) == 1:
            items[0].value = ""
        else:
            items[index - 1 if index else 1].focus()
            await items[index].remove()  # gone from `rows` before the list is applied
        self.post_message(self.Changed(self))

    def action_move_row(self, delta: int) -> None:
        """The focused row swaps places with the one above (-1) or below (1)."""
        items = self.items
        index = self._focused_row()
        other = index + delta
        if not 0 <= other < len(items):
            return
        items[index].value, items[other].value = items[other].value, items[index].value
        items[other].focus()
        self.post_message(self.Changed(self))

    # -- the known ids --------------------------------------------------------------------

    def on_descendant_focus(self, event) -> None:
        self._show_known(event.widget)

    def on_descendant_blur(self, event) -> None:
        for line in self.query(".known"):
            line.display = False

    def on_input_changed(self, event: Input.Changed) -> None:
        self._mark_unknown(event.input)
        self._show_known(event.input)

    def _mark_unknown(self, item) -> None:
        """A row naming an id nobody has is marked, like a bad duration (it is taken all
        the same: the findings say what it should name)."""
        if isinstance(item, ItemInput):
            typed = item.value.strip()
            unknown = self.known is not None and bool(typed) and typed not in self.known
            item.set_class(unknown and not self._problem(typed), "-unknown")

    def _show_known(self, item) -> None:
        if self.known is None or not isinstance(item, ItemInput) or not item.has_focus:
            return
        line = self.query_one(".known", KnownLine)
        typed = item.value.strip()
        problem = self._problem(typed) if typed else ""
        fitting = ranked(self.known, typed) or self.known
        line.show(problem, fitting[:KNOWN_SHOWN], len(fitting))
        line.display = True
        # under the row, in view after each key: the scroll to the focused row, which may
        # come after the line is shown, must not leave it below the form's foot
        self.call_after_refresh(line.scroll_visible, animate=False)
