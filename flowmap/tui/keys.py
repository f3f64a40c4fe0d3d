"""The editor's keys, defined once: every binding (the app's, the tree's, a list row's, the
dialogs'), the footer, the command palette, the help screen and the README's key table are
all made from these tables, so none can disagree with another.

`python -m flowmap.tui.keys` writes the README's key table (between `<!-- keys -->` and
`<!-- /keys -->`); a test fails when the README differs from what it would write.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # Textual's only when bindings are made: the controller reads keys too
    from textual.binding import Binding

_SHOWN = {
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
}


class Key(NamedTuple):
    keys: str  # Textual's key names, comma-separated
    action: str  # "" for a key a widget handles itself (documented here all the same)
    title: str  # the footer's and the palette's name
    help: str  # one line for the help screen and the palette
    footer: bool = False
    priority: bool = False  # works while a field has the focus
    more: str = ""  # what the README adds to `help`
    palette: bool = True  # offered in the command palette too

    @property
    def shown_keys(self) -> str:
        return " or ".join(_SHOWN.get(k, k) for k in self.keys.split(","))

    def binding(self, namespace: str = "") -> Binding:
        from textual.binding import Binding

        action = namespace + self.action
        return Binding(self.keys, action, self.title, show=self.footer, priority=self.priority)


KEYS = (
    Key("ctrl+s", "save", "save", "save every changed file", footer=True, priority=True),
    Key(
        "ctrl+q",
        "quit",
        "quit",
        "quit (asks if unsaved)",
        footer=True,
        priority=True,
        more="typed text that is not applied yet counts as unsaved",
    ),
    Key("ctrl+z", "undo", "undo", "take back the last change", priority=True, more="across files"),
    Key("ctrl+y", "redo", "redo", "do again what was undone", priority=True),
    Key(
        "a",
        "add",
        "add",
        "add an item like the selected one, or into it",
        footer=True,
        more="a step on a process; on a section row, one of its kind; on a file row, the "
        "kind you choose",
    ),
    Key("o", "add_operation", "add operation", "add an operation inside the step"),
    Key(
        "n",
        "add_need",
        "add need",
        "add a need to the step or customer (while a search is open: the next match)",
        more="a step's need is on what the step before delivers",
    ),
    Key(
        "slash",
        "search",
        "search",
        "search ids, names and texts as you type; Enter: back to the tree",
        more="while the search is open, `n` / `N` go to the next / previous match; Escape ends it",
    ),
    Key(
        "N",
        "previous_match",
        "previous match",
        "while a search is open: the previous match",
        palette=False,
    ),
    Key(
        "ctrl+g",
        "go_to",
        "go to id",
        "jump to an id (→ completes it)",
        priority=True,
    ),
    Key("d", "duplicate", "duplicate", "duplicate the selected item", more="with fresh ids"),
    Key("delete", "delete", "delete", "delete the selected item"),
    Key("alt+up", "move(-1)", "move up", "move the selected item up"),
    Key("alt+down", "move(1)", "move down", "move the selected item down"),
    Key(
        "f2",
        "rename",
        "rename",
        "rename the id (updates references)",
        more="in every file",
    ),
    Key("ctrl+n", "new_file", "new file", "a new map file from a template"),
    Key("p", "show_tab('preview')", "preview", "the process chain"),
    Key(
        "f",
        "findings",
        "findings",
        "the cursor to the findings, errors first (Escape goes back)",
        footer=True,
        more="Enter on a finding goes to its field",
    ),
    Key(
        "f8",
        "next_finding(1)",
        "next finding",
        "go to the next finding's field, from anywhere",
        footer=True,
        priority=True,
    ),
    Key(
        "shift+f8",
        "next_finding(-1)",
        "previous finding",
        "go to the previous finding's field, from anywhere",
        priority=True,
    ),
    Key("c", "show_tab('relations')", "customers", "customers and suppliers"),
    Key(
        "r",
        "render",
        "render chart",
        "write the process chart (SVG)",
        more="to `out/process-ID.svg` under the project root (`process-N.svg` when the id "
        "could not safely name a file)",
    ),
    Key("f1,question_mark", "help", "help", "this help", footer=True),
    Key("left_square_bracket", "tree_width(-4)", "narrower tree", "make the tree narrower"),
    Key(
        "right_square_bracket",
        "tree_width(4)",
        "wider tree",
        "make the tree wider",
        more="the form keeps 30 columns",
    ),
    Key(
        "ctrl+u",
        "",  # the field's own key (Textual's Input)
        "clear",
        "in a field: clear its text",
        more="entering a field selects its text: typing replaces it",
    ),
    Key("escape", "to_tree", "to the tree", "from a field back to the tree", palette=False),
    Key(
        "ctrl+p",
        "",  # Textual's command palette
        "commands",
        "every action by name, e.g. Add role",
        more="also Add unit, Add service, Add goal, Add external customer, Add need, Add process",
    ),
)

# The tree's own keys.
TREE_KEYS = (
    Key(
        "left",
        "fold",
        "fold",
        "in the tree: fold (or go to the parent)",
        more="folds survive edits and undo",
    ),
    Key("right", "unfold", "unfold", "in the tree: unfold"),
)

# Keys of a list field's rows (the form), work while a row has the focus.
LIST_KEYS = (
    Key(
        "up",
        "row(-1)",
        "row above",
        "a list field: the row above (from the first: the field before)",
    ),
    Key(
        "down",
        "row(1)",
        "row below",
        "a list field: the row below (from the last: the field after)",
    ),
    Key("ctrl+o", "add_row", "add row", "a list field: a new row after this one", footer=True),
    Key(
        "ctrl+r",
        "remove_row",
        "remove row",
        "a list field: remove this row",
        footer=True,
        more="ctrl+z brings it back",
    ),
    Key("alt+up", "move_row(-1)", "row up", "a list field: move this row up"),
    Key("alt+down", "move_row(1)", "row down", "a list field: move this row down"),
    Key(
        "enter",
        "",
        "next row",
        "a list field: a new row after it (on an empty row: on to the next field)",
    ),
    Key("backspace", "", "remove empty row", "a list field: on an empty row, remove the row"),
)

# The dialogs' keys.
CHOICE_KEYS = (
    Key("escape", "dismiss('cancel')", "cancel", "cancel the question"),
    Key("left,up", "button(-1)", "previous button", "a question: the button before"),
    Key("right,down", "button(1)", "next button", "a question: the button after"),
)
ASK_KEYS = (Key("escape", "dismiss(None)", "cancel", "cancel the question"),)
HELP_KEYS = (Key("escape,q,f1,question_mark", "dismiss(None)", "close", "close the help"),)

# Added from the palette only: one command for each kind of item.
ADD_KINDS = ("process", "step", "need", "customer", "unit", "role", "service", "goal")


def _name(action: str) -> str:
    return action.split("(")[0]


# Actions that read or change the model: a field's pending text is applied before them
# (save and quit apply it themselves, and say in their own words what cannot be applied).
MODEL_ACTIONS = frozenset(
    _name(k.action)
    for k in KEYS
    if k.action
    and _name(k.action) not in ("help", "show_tab", "save", "quit", "tree_width", "findings")
    and _name(k.action) != "to_tree"
) | {"add_kind"}


def bindings(keys: tuple[Key, ...] = KEYS, namespace: str = "") -> list[Binding]:
    """The bindings of `keys` (the keys a widget handles itself left out), their actions
    in `namespace` (`screen.`: the active screen's)."""
    return [k.binding(namespace) for k in keys if k.action]


def list_bindings() -> list[Binding]:
    return bindings(LIST_KEYS)


def palette_keys() -> list[Key]:
    """The app's keys the command palette offers."""
    return [k for k in KEYS if k.action and k.palette]


def help_text() -> str:
    rows = [*KEYS, *TREE_KEYS]
    width = max(len(k.shown_keys) for k in [*rows, *LIST_KEYS]) + 2
    lines = ["flowmap edit — keys", ""]
    lines += [f"  {k.shown_keys:<{width}}{k.help}" for k in rows]
    lines += [
        "",
        "In the form: entering a field selects its text, so typing replaces it;",
        "ctrl+u clears it. What you type is applied when you leave the field, press",
        "Enter, save, quit or use any key above. Durations: 30m, 4h, 2d, 1w.",
        "An empty field removes the key. A list has a row per item; where it holds",
        "ids, → completes the id being typed and the line below the rows names",
        "the known ones. In a row of a list:",
    ]
    lines += [
        f"  {k.shown_keys:<{width}}{k.help.removeprefix('a list field: ')}" for k in LIST_KEYS
    ]
    lines += [
        "In the findings: Enter jumps to the field the finding is about.",
    ]
    return "\n".join(lines)


def readme_table() -> str:
    """The README's key table."""
    rows = ["| key | action |", "|---|---|"]
    for key in (*KEYS, *TREE_KEYS, *LIST_KEYS):
        keys = " / ".join(f"`{_SHOWN.get(k, k)}`" for k in key.keys.split(","))
        text = f"{key.help}; {key.more}" if key.more else key.help
        rows.append(f"| {keys} | {text} |")
    return "\n".join(rows) + "\n"


_TABLE = re.compile(r"(<!-- keys -->\n)(.*?)(<!-- /keys -->)", re.S)


def with_table(readme: str) -> str:
    """The README's text with its key table made anew from these tables."""
    if not _TABLE.search(readme):
        raise ValueError("the README has no `<!-- keys -->` … `<!-- /keys -->` section")
    return _TABLE.sub(lambda m: m[1] + readme_table() + m[3], readme, count=1)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("README.md")
    path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
