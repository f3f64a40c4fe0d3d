"""The editor's keys, defined once: the footer's bindings, the command palette and the help
screen are all made from this table, so the three can never disagree."""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding

_SHOWN = {"question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]"}


class Key(NamedTuple):
    keys: str  # Textual's key names, comma-separated
    action: str
    title: str  # the footer's and the palette's name
    help: str  # one line for the help screen and the palette
    footer: bool = False
    priority: bool = False  # works while a field has the focus

    @property
    def shown_keys(self) -> str:
        return " or ".join(_SHOWN.get(k, k) for k in self.keys.split(","))


KEYS = (
    Key("ctrl+s", "save", "save", "save every changed file", footer=True, priority=True),
    Key("ctrl+q", "quit", "quit", "quit (asks if unsaved)", footer=True, priority=True),
    Key("ctrl+z", "undo", "undo", "take back the last change", priority=True),
    Key("ctrl+y", "redo", "redo", "do again what was undone", priority=True),
    Key("a", "add", "add", "add an item like the selected one, or into it", footer=True),
    Key("o", "add_operation", "add operation", "add an operation inside the step"),
    Key("n", "add_need", "add need", "add a need to the step or customer"),
    Key("d", "duplicate", "duplicate", "duplicate the selected item"),
    Key("delete", "delete", "delete", "delete the selected item"),
    Key("alt+up", "move(-1)", "move up", "move the selected item up"),
    Key("alt+down", "move(1)", "move down", "move the selected item down"),
    Key("f2", "rename", "rename", "rename the id (updates references)", footer=True),
    Key("ctrl+n", "new_file", "new file", "a new map file from a template"),
    Key("p", "show_tab('preview')", "preview", "the process chain"),
    Key("f", "show_tab('findings')", "findings", "the findings"),
    Key("c", "show_tab('relations')", "customers", "customers and suppliers"),
    Key("r", "render", "render chart", "write the process chart (SVG)"),
    Key("f1,question_mark", "help", "help", "this help", footer=True),
    Key("left_square_bracket", "tree_width(-4)", "narrower tree", "make the tree narrower"),
    Key("right_square_bracket", "tree_width(4)", "wider tree", "make the tree wider"),
)

# Keys of a list field's rows (the form), work while a row has the focus. Enter on a row
# also adds one after it (on an empty row: on to the next field); Backspace on an empty
# row removes it.
LIST_KEYS = (
    Key("ctrl+o", "add_row", "add row", "a list field: a new row after this one", footer=True),
    Key("ctrl+r", "remove_row", "remove row", "a list field: remove this row", footer=True),
    Key("alt+up", "move_row(-1)", "row up", "a list field: move this row up"),
    Key("alt+down", "move_row(1)", "row down", "a list field: move this row down"),
)

# Added from the palette only: one command for each kind of item.
ADD_KINDS = ("process", "step", "need", "customer", "unit", "role", "service", "goal")

# Actions that read or change the model: a field's pending text is applied before them
# (save and quit apply it themselves, and say in their own words what cannot be applied).
MODEL_ACTIONS = frozenset(
    k.action.split("(")[0]
    for k in KEYS
    if k.action.split("(")[0] not in ("help", "show_tab", "save", "quit", "tree_width")
) | {"add_kind"}


def bindings() -> list[Binding]:
    return [Binding(k.keys, k.action, k.title, show=k.footer, priority=k.priority) for k in KEYS]


def list_bindings() -> list[Binding]:
    return [Binding(k.keys, k.action, k.title, show=k.footer) for k in LIST_KEYS]


def help_text() -> str:
    others = ("left/right", "backspace")
    width = max(len(k) for k in [*(k.shown_keys for k in KEYS + LIST_KEYS), *others]) + 2
    lines = ["flowmap edit — keys", ""]
    lines += [f"  {k.shown_keys:<{width}}{k.help}" for k in KEYS]
    lines += [
        f"  {'ctrl+p':<{width}}every action by name, e.g. Add role",
        f"  {'escape':<{width}}from a field back to the tree",
        f"  {'left/right':<{width}}fold / unfold in the tree",
        "",
        "In the form: what you type is applied when you leave the field, press",
        "Enter, save, quit or use any key above. Durations: 30m, 4h, 2d, 1w.",
        "An empty field removes the key. A list has a row per item; where it holds",
        "ids, → completes the id being typed and the line below the rows names",
        "the known ones. In a row of a list:",
        f"  {'enter':<{width}}a new row after it (on an empty row: on to the next field)",
        f"  {'backspace':<{width}}on an empty row: remove the row",
    ]
    lines += [
        f"  {k.shown_keys:<{width}}{k.help.removeprefix('a list field: ')}" for k in LIST_KEYS
    ]
    lines += [
        "In the findings: Enter jumps to the field the finding is about.",
    ]
    return "\n".join(lines)
