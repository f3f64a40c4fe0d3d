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


def help_text() -> str:
    width = max(len(k.shown_keys) for k in KEYS) + 2
    lines = ["flowmap edit — keys", ""]
    lines += [f"  {k.shown_keys:<{width}}{k.help}" for k in KEYS]
    lines += [
        f"  {'ctrl+p':<{width}}every action by name, e.g. Add role",
        f"  {'escape':<{width}}from a field back to the tree",
        f"  {'left/right':<{width}}fold / unfold in the tree",
        "",
        "In the form: what you type is applied when you leave the field, press Enter, save,",
        "quit or use any key above. Lists: one item per `;`. Durations: 30m, 4h, 2d, 1w.",
        "An empty field removes the key.",
        "In the findings: Enter jumps to the field the finding is about.",
    ]
    return "\n".join(lines)
