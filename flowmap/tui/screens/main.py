"""The editor's main screen: the tree, the form, the findings, the relations and the
preview, kept up to date with the session, and the actions the keys run on them.

What an action does to the maps is the controller's (`flowmap.tui.controller`); this
screen shows the result, asks the questions (dialogs) and runs the rules after each edit in
a worker thread, at once and one check at a time, so typing stays quick on large maps.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static, TabbedContent, TabPane, Tree
from textual.worker import Worker, get_current_worker

from flowmap.edit import EditError, EditSession, SaveConflict
from flowmap.findings import ERROR, WARNING, Finding
from flowmap.graph import build_graph
from flowmap.model import types as t
from flowmap.model.fields import FIELDS
from flowmap.outputs.files import OutputError, write_inside
from flowmap.project import shown_folder, shown_path
from flowmap.tui.controller import Controller
from flowmap.tui.outline import (
    SECTION_KINDS,
    Entry,
    SatisfactionView,
    chain_of,
    find_object,
    label,
    outline,
    process_preview,
    relations,
    row_of,
    satisfaction_view,
    step_of_need,
)
from flowmap.tui.screens.dialogs import Ask, Choice, Help
from flowmap.tui.search import every_id, next_match, searchable
from flowmap.tui.widgets.findings import FindingsView, in_order
from flowmap.tui.widgets.footer import KeyLine
from flowmap.tui.widgets.form import FieldForm
from flowmap.tui.widgets.lists import ListField
from flowmap.tui.widgets.tree import Outline

TREE_WIDTHS = (16, 30)  # the narrowest tree, and the columns always left to the form
COLLECT_DELAY = 5.0  # seconds of quiet after an edit before a due full collection runs


def _guarded(handler):
    """An event handler whose failure becomes a notification: the editor and the unsaved
    edits go on (see EditorApp.run_action for the actions)."""

    @functools.wraps(handler)
    def run(self, *args, **kwargs):
        try:
            return handler(self, *args, **kwargs)
        except Exception as error:
            self.app.failed(handler.__name__.strip("_").removeprefix("on_"), error)

    return run


class MainScreen(Screen):
    """The tree on the left, the form and the panels in the middle, messages and the
    status line at the foot."""

    def __init__(self, session: EditSession) -> None:
        super().__init__()
        self.session = session
        self.controller = Controller(
            session, self.notify_text, self._changed, lambda: self.app.collector.action()
        )
        self._folded: set[tuple[str, str]] = set()  # the tree's rows the user folded
        self._entries: list[Entry] = []  # what the tree shows
        self._entries_shape: list = []  # its rows and their nesting (`_shape`)
        self._generation = 0
        self._checking = False  # a check of the rules is under way
        self._form_due = False  # a build of the form is on its way
        self._form_asked = 0  # how many times the form was asked to show the selection
        # what the findings list shows: its tab's label and the findings
        self._findings_shown: tuple[str, list[Finding]] | None = None
        self._graph = None
        self._collect_timer = None
        self.rendering: Worker | None = None  # Graphviz laying out a chart (`r`)
        self._before_findings = None  # where the cursor was when `f` took it to the findings
        self._finding_at: Finding | None = None  # the finding F8 went to last
        self._search_from: tuple[str, str] | None = None  # the row a search started on
        self._searched: tuple[int, list] = (0, [])  # (id of the model, its rows' texts)

    @property
    def selected(self) -> tuple[str, str] | None:
        """The tree's selection, `(kind, key)`: what the form shows and actions act on."""
        return self.controller.selected

    @selected.setter
    def selected(self, row: tuple[str, str] | None) -> None:
        self.controller.selected = row

    def notify_text(self, message: str, **options) -> None:
        self.app.notify_text(message, **options)

    # -- layout ---------------------------------------------------------------------------

    def parts(self) -> ComposeResult:
        """The screen's widgets. The app composes them (`EditorApp.compose`), as it does
        for its first screen, so that they are there when the app is ready."""
        with Horizontal(id="main"):
            tree = Outline("maps", id="outline")
            # no root row and two columns a level: a step's id fits at 80 columns
            tree.show_root, tree.guide_depth = False, 2
            yield tree
            with Vertical(id="middle"):
                yield FieldForm(id="form")
                with TabbedContent(id="panels", initial="findings"):
                    with TabPane("Findings", id="findings"):
                        yield FindingsView(id="findings-view")
                    with (
                        TabPane("Customers", id="relations"),
                        VerticalScroll(id="relations-scroll"),
                    ):
                        yield Static(id="relations-text", markup=False)
                        # measured satisfaction of what the selection supplies or receives
                        yield Static(id="satisfaction-text", markup=False)
                        yield Button("Add improvement action", id="add-action", compact=True)
                    with TabPane("Preview", id="preview"), VerticalScroll(id="preview-scroll"):
                        yield Static(id="preview-text", markup=False)
        yield Input(
            id="search",
            placeholder="search ids, names, texts · Enter: to the tree · n / N: next / "
            "previous · Escape: end",
        )
        yield self.app.messages
        yield Static(id="status")
        yield KeyLine(id="keys")

    def start(self) -> None:
        """Show the maps as opened (once the widgets are mounted)."""
        self._refresh_all()
        self._show_findings(self.session.findings)
        self.query_one("#outline", Tree).focus()

    # -- keeping the views up to date -----------------------------------------------------

    def _refresh_all(self, tree: bool = True, form: bool = True) -> None:
        """Show the session's new model: the tree and the form only when they changed
        (rebuilding the form while the user types in it would take the field away)."""
        org = self.session.workspace.org
        self._graph = None  # built again when the customers panel or a chart needs it
        if tree:
            self._show_tree(outline(org, self.session.files))
        self._show_selection(rebuild_form=form)
        self._show_status()

    def _show_tree(self, entries: list[Entry]) -> None:
        """The tree for `entries`: rebuilt only when its rows are other rows; the same rows
        (an undo of a field's edit, most edits) keep their nodes, a changed name relabels
        its row. Rebuilding 1,000 rows made the screen lag behind quick undos."""
        outline_tree = self.query_one("#outline", Tree)
        shape = _shape(entries)
        if shape == self._entries_shape:
            for node, entry in zip(_walk_rows(outline_tree.root), _flat(entries), strict=True):
                if entry.label != str(node.label):
                    node.set_label(Text(entry.label))
            self._entries = entries
            self._select_in_tree()
            return
        self._entries, self._entries_shape = entries, shape
        # fold state survives the rebuild: what the user folded stays folded
        self._folded = {n.data for n in _walk(outline_tree.root) if n.data and n.children}
        self._folded -= {n.data for n in _walk(outline_tree.root) if n.is_expanded}
        outline_tree.clear()
        outline_tree.root.expand()
        for entry in entries:
            self._add(outline_tree.root, entry, depth=0)
        self._select_in_tree()

    def _show_status(self) -> None:
        dirty = len(self.session.dirty_files)
        files = f"{dirty} unsaved file{'s' if dirty != 1 else ''}" if dirty else "all saved"
        findings = self.session.findings
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = sum(1 for f in findings if f.severity == WARNING)
        self.query_one("#status", Static).update(
            f" {files} · {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}",
            layout=False,  # one line always: a layout would repaint the whole screen
        )

    def _add(self, parent, entry: Entry, depth: int) -> None:
        data = (entry.kind, entry.key)
        text = Text(entry.label)  # a str label would be read as markup
        if entry.children or entry.kind in ("file", "section"):
            expand = data not in self._folded and (depth < 2 or entry.kind != "section")
            node = parent.add(text, data=data, expand=expand)
            for child in entry.children:
                self._add(node, child, depth + 1)
        else:
            parent.add_leaf(text, data=data)

    def _select_in_tree(self) -> None:
        tree = self.query_one("#outline", Tree)
        if self.selected is None:
            return
        if tree.cursor_node is not None and tree.cursor_node.data == self.selected:
            return  # already there
        for node in _walk(tree.root):
            if node.data == self.selected:
                parent = node.parent
                while parent is not None:
                    parent.expand()
                    parent = parent.parent
                self.call_after_refresh(tree.move_cursor, node)
                return

    @property
    def busy(self) -> bool:
        """Building the form anew: a key waits for the fields it may go to (keygate.py)."""
        return self._form_due

    @property
    def graph(self):
        """The graph of the model shown (built once per model, when first asked for)."""
        if self._graph is None:
            self._graph = build_graph(self.session.workspace.org)
        return self._graph

    def _show_selection(self, rebuild_form: bool) -> None:
        if rebuild_form:
            self._show_form()
        self._show_panel()
        self._show_findings(self.session.findings)

    def _show_form(self) -> None:
        """The form for the selection: at once when the form's widgets can show it, else
        built anew, once for all the moves and edits made until the build runs."""
        self._form_asked += 1
        if self._form_due:
            return  # the build on its way shows the selection as it is by then
        if self.query_one("#form", FieldForm).fill(*self._form_content()):
            return
        self._form_due = True
        self.call_later(self._build_form)

    async def _build_form(self) -> None:
        form = self.query_one("#form", FieldForm)
        try:
            built = None
            while built != self._form_asked:  # asked again while it was built
                built = self._form_asked
                await form.show(*self._form_content())
        finally:
            self._form_due = False

    def _form_content(self) -> tuple:
        """What the form shows for the tree's selection as it is now."""
        org = self.session.workspace.org
        kind, key = self.selected or ("", "")
        obj = find_object(org, kind, key) if self.selected else None
        title = f"{kind} {key}" if obj else _note(kind, key)
        return org, obj, title, self.selected

    def _show_panel(self) -> None:
        """The customers panel or the preview for the selection, whichever is shown: the
        hidden one is filled when its tab is chosen (each fill is a layout of the screen)."""
        panel = self.query_one("#panels", TabbedContent).active
        kind, key = self.selected or ("", "")
        if panel == "relations":
            self.query_one("#relations-text", Static).update(relations(self.graph, key))
            view = self._satisfaction()
            self.query_one("#satisfaction-text", Static).update(view.text)
            self.query_one("#add-action", Button).display = view.holder is not None
        elif panel == "preview":
            org = self.session.workspace.org
            process = key if kind == "process" else chain_of(org, key)
            self.query_one("#preview-text", Static).update(process_preview(org, process))

    @_guarded
    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._show_panel()

    def _satisfaction(self) -> SatisfactionView:
        kind, key = self.selected or ("", "")
        return satisfaction_view(self.session.workspace.org, self.session.config, kind, key)

    @_guarded
    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The customers panel's "Add improvement action": for the first relationship below
        target it shows (else the first), asked as `what; owner; YYYY-MM-DD`."""
        if event.button.id != "add-action":
            return
        view = self._satisfaction()
        if view.holder is None:
            return
        holder = view.holder

        def done(text: str | None) -> None:
            if not text:
                return
            parts = [part.strip() for part in text.split(";")]
            if len(parts) != 3 or not parts[0]:
                self.notify_text("not added: write what; owner (a role id); YYYY-MM-DD")
                return
            self.controller.do(lambda: self.session.add_action(holder, *parts))
            self._show_panel()

        question = Ask(
            f"Improvement action for {view.about} — what; owner (a role id); by (YYYY-MM-DD):",
            view.suggestion,
        )
        self.app.push_screen(question, self.app.guarded(done))

    def _show_findings(self, findings: list[Finding]) -> None:
        """The findings; with a unit selected, those the unit must act on (as the report's
        section of the unit lists them)."""
        kind, unit = self.selected or ("", "")
        shown = [f for f in findings if unit in f.responsible.units] if kind == "unit" else findings
        if kind == "unit":
            label = f"Findings for {unit} ({len(shown)} of {len(findings)})"
        else:
            label = f"Findings ({len(findings)})"
        if (label, shown) == self._findings_shown:
            return  # an edit that changed no finding: the list and its cursor stay
        self._findings_shown = (label, list(shown))
        self.query_one("#findings-view", FindingsView).show(shown)
        self.query_one("#panels", TabbedContent).get_tab("findings").label = Text(label)

    def _changed(self, tree: bool = True, form: bool = True) -> None:
        """After an edit: the model is new; the rules follow at once, in a worker. Edits
        are made when a value is applied (Enter, Tab, leaving a field), never while typing,
        so there is nothing to wait for; edits that come quicker than the rules run (undo
        held down) wait for the check under way and are checked together after it."""
        self._refresh_all(tree, form)
        self._generation += 1
        self._start_check()
        self._collect_when_quiet()

    def _start_check(self) -> None:
        if self._checking:
            return  # `_checked` starts the check of the newest model when this one ends
        self._checking = True
        self._check(self._generation)

    def _collect_when_quiet(self) -> None:
        """A due full collection waits until no edit came for COLLECT_DELAY seconds."""
        if self._collect_timer is not None:
            self._collect_timer.stop()
        self._collect_timer = self.set_timer(COLLECT_DELAY, self._collect_if_due)

    def _collect_if_due(self) -> None:
        if self.app.collector.due:
            self.app.collector.collect()

    @work(thread=True, group="check")
    def _check(self, generation: int) -> None:
        workspace = self.session.workspace
        try:
            findings, waived = self.session.check(workspace)
        except Exception as error:
            self.app.call_from_thread(self.app.failed, "checking the rules", error)
            findings = waived = None
        self.app.call_from_thread(self._checked, generation, findings, waived)

    @_guarded
    def _checked(self, generation: int, findings, waived) -> None:
        self._checking = False
        if generation != self._generation:
            self._start_check()  # edits came meanwhile: check the model as it is now
            return
        if findings is None:
            return  # the check failed (said by `failed`)
        self.session.findings, self.session.waived = findings, waived
        self._show_findings(findings)
        self._show_status()
        # the file's node tree after an edit of one item: what follows the item is moved
        # to its places once the count is on the screen (flowmap.edit.patched)
        self.call_after_refresh(self.session.settle)

    # -- events ---------------------------------------------------------------------------

    @_guarded
    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node is not event.control.cursor_node:
            return  # the cursor has moved on (quick presses): its own highlight follows
        data = event.node.data
        if data and data != self.selected:  # a file or a section row too: actions follow it
            self.selected = data
            self._show_selection(rebuild_form=True)

    @_guarded
    def on_field_form_edited(self, event: FieldForm.Edited) -> None:
        self._apply_edit(event)

    def apply_pending(self) -> list[str]:
        """Apply the text typed in the form and not yet applied (before a save, a quit or
        an action); returns why some of it cannot be applied."""
        edits, refused = self.query_one("#form", FieldForm).take_pending()
        for edit in edits:
            self._apply_edit(edit)
        return refused

    def _apply_edit(self, event: FieldForm.Edited) -> None:
        """A field's new value, on the object the form showed (the tree may have moved)."""
        kind, key = event.target
        if event.key == "id":
            self.controller.do(
                lambda: self.session.rename(key, str(event.value)),
                select=str(event.value) if self.selected == event.target else None,
                kind=kind,
            )
        elif event.need is not None:
            self.controller.do(
                lambda: self.session.set_need_field(key, event.need, event.key, event.value),
                tree=False,
                form=False,
            )
        else:
            edited = self.controller.do(
                lambda: self.session.set_field(key, event.key, event.value),
                tree=False,
                form=False,
            )
            if edited and event.key in ("name", "text"):  # the tree shows them
                self._relabel(event.target)

    def _relabel(self, target: tuple[str, str]) -> None:
        """The tree's row of an item whose name changed (not the whole tree built again)."""
        obj = find_object(self.session.workspace.org, *target)
        node = next(
            (n for n in _walk(self.query_one("#outline", Tree).root) if n.data == target), None
        )
        if obj is not None and node is not None:
            node.set_label(Text(label(obj)))

    @_guarded
    def on_findings_view_jump(self, event: FindingsView.Jump) -> None:
        """Enter on a finding: the tree on what it is about, the form on the field."""
        from flowmap.outputs.charts.marks import Marks

        finding = event.finding
        org = self.session.workspace.org
        obj = Marks(org, [finding]).about(finding)
        target = row_of(org, obj) if obj is not None else None
        if target is None:
            self.notify_text(
                f"{finding.file}:{finding.line}: nothing to jump to", severity="warning"
            )
            return
        self.selected = target
        self._select_in_tree()
        self._show_selection(rebuild_form=True)
        self.call_later(self._focus_field, self._field_of(finding, obj))

    def _field_of(self, finding: Finding, obj) -> str:
        """The form's widget id for the key the finding concerns (a step need's own)."""
        key = (finding.key or "id").partition(".")[0]  # `waive.RULE` is the `waive` field
        if isinstance(obj, t.StepNeed):
            step = step_of_need(self.session.workspace.org, obj)
            index = next((i for i, n in enumerate(step.needs) if n is obj), 0) if step else 0
            return f"need-{index}-{key if key in FIELDS[t.StepNeed] else 'item'}"
        return f"field-{key if key in FIELDS.get(type(obj), {}) else 'id'}"

    def _focus_field(self, widget_id: str) -> None:
        form = self.query_one("#form", FieldForm)
        fields = form.query(f"#{widget_id}")
        if fields:
            fields.first().focus()
            form.scroll_to_widget(fields.first())
        else:
            self.query_one("#outline", Tree).focus()

    # -- actions --------------------------------------------------------------------------

    def action_add(self) -> None:
        """`a`: an item like the selected one, after it; on a section row, one of its kind;
        on a process, a step; on a file row, the kind asked for."""
        kind, key = self.selected or ("", "")
        if kind == "file":
            kinds = self.controller.kinds_for_a_file()
            self.app.push_screen(
                Choice(f"Add to {key}:", [(k, k) for k in kinds] + [("cancel", "Cancel")]),
                self.app.guarded(lambda k: k != "cancel" and self.action_add_kind(k)),
            )
            return
        if kind == "section":
            self.action_add_kind(dict(SECTION_KINDS)[key.partition(":")[2]])
        elif kind in ("need",):
            self.action_add_need()
        elif kind in ("process", "step", "operation"):
            self.action_add_step()
        else:
            self.action_add_kind(kind or "process")

    def action_add_kind(self, kind: str) -> None:
        offer = self.controller.add_kind(kind)
        if offer:
            self._offer_need(*offer)

    def action_add_step(self) -> None:
        offer = self.controller.add_step()
        if offer:
            self._offer_need(*offer)

    def _offer_need(self, new: str, next_step: str, need: t.StepNeed) -> None:
        """A step put before `next_step`: the need that step has is likely this one's too."""
        due = f" (due {need.due.text})" if need.due else ""

        def done(choice: str) -> None:
            if choice == "add":
                self.controller.add_offered_need(new, need)

        self.app.push_screen(
            Choice(
                f"Add the need for `{need.item}`{due} to the new step `{new}`? "
                f"`{next_step}`, the step after it, needs it.",
                [("add", "Add the need"), ("cancel", "No")],
            ),
            self.app.guarded(done),
        )

    def action_add_operation(self) -> None:
        self.controller.add_operation()

    def action_add_need(self) -> None:
        """A need of the selected step on what its supplier delivers, or a need of the
        selected customer; while a search is open, the next match instead."""
        if self.searching:
            self._search_go(1)
            return
        due = self.controller.add_need()
        if due:
            self.call_later(self._focus_field, due)

    def action_duplicate(self) -> None:
        self.controller.duplicate()

    def action_delete(self) -> None:
        """Delete the selected item; when others name it, first say who and ask."""
        said = self.controller.referrers()
        if not said:
            self._delete()
            return
        key = self.selected[1] if self.selected else ""
        shown = "; ".join(said[:5]) + (f"; and {len(said) - 5} more" if len(said) > 5 else "")
        self.app.push_screen(
            Choice(
                f"Delete `{key}`? {shown}. Deleted, it leaves them naming nothing "
                "(the findings list each; ctrl+z brings it back).",
                [("delete", "Delete anyway"), ("cancel", "Cancel")],
            ),
            self.app.guarded(lambda choice: choice == "delete" and self._delete()),
        )

    def _delete(self) -> None:
        node = self.query_one("#outline", Tree).cursor_node
        neighbour = node and (node.next_sibling or node.previous_sibling or node.parent)
        row = neighbour.data if neighbour is not None else None
        if self.controller.delete(row) and row:
            self._select_in_tree()
            self._show_selection(rebuild_form=True)

    def action_move(self, delta: int) -> None:
        self.controller.move(delta)

    def action_undo(self) -> None:
        # the same keys typed behind it, waiting their turn, are taken with it (keygate.py)
        self.controller.undo(1 + self.app.gate.take_repeats("ctrl+z"))

    def action_redo(self) -> None:
        self.controller.redo(1 + self.app.gate.take_repeats("ctrl+y"))

    def action_rename(self) -> None:
        if not self.controller.selected_item():
            return
        kind, old = self.selected
        question = Ask(f"New id for `{old}` (every reference follows):", old)
        self.app.push_screen(
            question, self.app.guarded(lambda new: self.controller.rename(old, new, kind))
        )

    def action_new_file(self) -> None:
        def done(name: str | None) -> None:
            if name:
                path = Path(name)
                if self.controller.do(lambda: self.session.new_file(path)):
                    self.notify_text(f"new file {name}: ctrl+s writes it")

        where = shown_folder(self.session.root)
        question = Ask(f"New map file, from {where} (e.g. processes/returns.yaml):")
        self.app.push_screen(question, self.app.guarded(done))

    # -- search (`/`, n / N) and go to an id (ctrl+g) --------------------------------------

    @property
    def searching(self) -> bool:
        return self.query_one("#search", Input).has_class("-open")

    def action_search(self) -> None:
        """`/`: the search line opens; each key typed moves the tree to the first match
        from where the search started."""
        bar = self.query_one("#search", Input)
        self._search_from = self.selected
        bar.add_class("-open")
        bar.value = ""
        bar.focus()

    def action_previous_match(self) -> None:
        if self.searching:
            self._search_go(-1)

    def _close_search(self) -> None:
        self.query_one("#search", Input).remove_class("-open")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            event.stop()
            self._search_go(0, self._search_from)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":  # the search stays open: n / N go on
            event.stop()
            self.query_one("#outline", Tree).focus()

    def _search_go(self, delta: int, start: tuple[str, str] | None = None) -> None:
        """The tree on the next (1), previous (-1) or first (0, from `start`) match."""
        bar = self.query_one("#search", Input)
        query = bar.value
        bar.remove_class("-none")
        if not query.strip():
            return
        org = self.session.workspace.org
        if self._searched[0] != id(org):  # the texts of the model shown, once per model
            self._searched = (id(org), searchable(org, self._entries))
        row = next_match(self._searched[1], query, start or self.selected, delta)
        if row is None:  # while typing the line itself says so; for n / N, a message
            bar.add_class("-none")
            if delta:
                self.notify_text(f"no match for `{query}`", severity="warning")
            return
        self._show_row(row)

    def _show_row(self, row: tuple[str, str]) -> None:
        if row != self.selected:
            self.selected = row
            self._select_in_tree()
            self._show_selection(rebuild_form=True)

    def action_go_to(self) -> None:
        """ctrl+g: an id, completed from the known ones; the tree and the form on it."""
        ids = every_id(self.session.workspace.org)

        def done(key: str | None) -> None:
            if not key:
                return
            if key in ids:
                self._show_row(ids[key])
                self.query_one("#outline", Tree).focus()
                return
            close = difflib.get_close_matches(key, list(ids), n=3)
            hint = f"; did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""
            self.notify_text(f"no id `{key}`{hint}", severity="warning")

        question = Ask("Go to id:", known=sorted(ids))
        self.app.push_screen(question, self.app.guarded(done))

    def action_to_tree(self) -> None:
        """Escape: from a field back to the tree (leaving the field applies its text);
        from the findings back to where `f` took the cursor from; ends a search."""
        if self.searching:
            self._close_search()
        back, self._before_findings = self._before_findings, None
        in_findings = self.focused is self.query_one("#findings-list")
        if in_findings and back is not None and back.is_attached and back.focusable:
            back.focus()
        else:
            self.query_one("#outline", Tree).focus()

    def action_findings(self) -> None:
        """`f`: the cursor to the findings list (the first error first)."""
        findings = self.query_one("#findings-list")
        if self.focused is not findings:
            self._before_findings = self.focused
        self.action_show_tab("findings")
        findings.focus()

    def action_next_finding(self, delta: int) -> None:
        """F8 / shift+F8: the next / previous finding of all (errors first, as the list
        shows them), its field in the form; from the one F8 went to last (in the list:
        from the one its cursor is on)."""
        ordered = in_order(self.session.findings)
        if not ordered:
            self.notify_text("no findings")
            return
        view = self.query_one("#findings-view", FindingsView)
        in_list = self.focused is self.query_one("#findings-list")
        now = view.highlighted if in_list else self._finding_at
        if now in ordered:
            index = (ordered.index(now) + delta) % len(ordered)
        else:
            index = 0 if delta > 0 else len(ordered) - 1
        self._finding_at = ordered[index]
        self.action_show_tab("findings")
        self.on_findings_view_jump(FindingsView.Jump(ordered[index]))
        view.highlight(ordered[index])

    def action_tree_width(self, delta: int) -> None:
        """`[` / `]`: the tree narrower or wider, the form keeping room for its fields."""
        tree = self.query_one("#outline", Tree)
        width = max(
            TREE_WIDTHS[0], min(tree.outer_size.width + delta, self.size.width - TREE_WIDTHS[1])
        )
        tree.styles.width = tree.styles.min_width = tree.styles.max_width = width

    async def on_focused_list(self, action: str) -> None:
        """A list row's key run from the palette: on the list whose row has the focus."""
        focused = self.focused
        lists = [
            w for w in (focused.ancestors_with_self if focused else []) if isinstance(w, ListField)
        ]
        if not lists:
            self.notify_text("Put the cursor in a row of a list field first", severity="warning")
            return
        await lists[0].run_action(action)

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#panels", TabbedContent).active = tab

    def action_help(self) -> None:
        self.app.push_screen(Help())

    def action_render(self) -> None:
        """Write the selected process's chart: drawn here (a chart too large to read is a
        summary, so this is quick), laid out by Graphviz in a worker (`_lay_out`), never on
        the thread that answers keys. `r` again while it runs stops it."""
        from flowmap.outputs import charts

        if self.rendering is not None and self.rendering.is_running:
            self.rendering.cancel()
            self.notify_text("chart not written: stopped")
            return
        org = self.session.workspace.org
        kind, key = self.selected or ("", "")
        process = key if kind == "process" else chain_of(org, key)
        if not process:
            self.notify_text("Select a process or one of its steps first", severity="warning")
            return
        number = list(org.processes).index(process) + 1
        # the id may be one the schema refused ("x/../../y"): the name is made safe, and
        # the chart lands in out/ under the project root, wherever the editor was started
        # (never through a link planted in the project: flowmap.outputs.files)
        name = f"out/{charts.process_chart_name(process, number)}"
        chart = charts.build_chart(org, self.graph, self.session.findings, "process", process)
        self.rendering = self._lay_out(charts.to_dot(chart), name)
        self.notify_text(f"drawing {shown_path(self.session.root / name)} (r again to stop)")

    @work(thread=True, exclusive=True, group="render")
    def _lay_out(self, dot_text: str, name: str) -> None:
        """Run Graphviz on the chart and write it; cancelling the worker stops Graphviz."""
        from flowmap.outputs import charts

        worker = get_current_worker()
        path = self.session.root / name
        try:
            data = charts.run_dot(dot_text, "svg", cancelled=lambda: worker.is_cancelled)
            write_inside(self.session.root, name, data)
        except charts.GraphvizStopped:
            return
        except (charts.GraphvizMissing, charts.GraphvizFailed, OutputError, OSError) as error:
            self.notify_text(str(error), severity="error", timeout=10)
            return
        self.notify_text(f"chart written: {shown_path(path)}")

    def action_save(self, overwrite: bool = False) -> None:
        refused = self.apply_pending()  # run_action did it for a key; a dialog's save too
        if refused:
            self.notify_text(f"not saved: {'; '.join(refused)}", severity="error", timeout=10)
            return
        try:
            saved = self.session.save(overwrite=overwrite)
        except SaveConflict as conflict:
            self._ask_conflict(conflict)
            return
        except EditError as error:
            self.notify_text(f"not saved: {error}", severity="error", timeout=10)
            return
        self.notify_text(f"saved {', '.join(saved)}" if saved else "nothing to save")
        self._show_status()

    def _ask_conflict(self, conflict: SaveConflict) -> None:
        name = str(conflict.path)

        def done(choice: str) -> None:
            if choice == "overwrite":
                self.action_save(overwrite=True)
            elif choice == "reload":
                for file in self.session.changed_on_disk():
                    self.controller.do(lambda f=file: self.session.reload(f))
                self.notify_text("reloaded from disk (ctrl+z takes your version back)")

        self.app.push_screen(
            Choice(
                f"{name} changed on disk since you opened it.",
                [("reload", "Reload from disk"), ("overwrite", "Overwrite"), ("cancel", "Cancel")],
            ),
            self.app.guarded(done),
        )

    async def action_quit(self) -> None:
        refused = self.apply_pending()  # typed text is a change like any other
        if not self.session.dirty_files and not refused:
            self.app.exit()
            return

        def done(choice: str) -> None:
            if choice == "save":
                self.action_save()
                if not self.session.dirty_files:
                    self.app.exit()
            elif choice == "discard":
                self.app.discarded = True
                self.app.exit()

        files = ", ".join(sorted(self.session.dirty_files))
        question = f"Unsaved changes in {files}." if files else "Unsaved changes."
        if refused:
            question += f" Text that cannot be applied: {'; '.join(refused)}."
        self.app.push_screen(
            Choice(
                question,
                [
                    ("save", "Save and quit"),
                    ("discard", "Quit without saving"),
                    ("cancel", "Cancel"),
                ],
            ),
            self.app.guarded(done),
        )


def _note(kind: str, key: str) -> str:
    """What the form says when the tree's selection has no fields."""
    if kind == "file":
        return f"{key}\n\na adds an item to this file (a process, a customer, a role, ...)."
    if kind == "section":
        file, _, section = key.partition(":")
        noun = dict(SECTION_KINDS).get(section, section)
        return f"{section} of {file}\n\na adds a {noun} here."
    return "Select a process, step, unit, role, ... in the tree"


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _walk_rows(root):
    """The tree's rows below its (hidden) root, in order."""
    for child in root.children:
        yield from _walk(child)


def _flat(entries: list[Entry]):
    for entry in entries:
        yield entry
        yield from _flat(entry.children)


def _shape(entries: list[Entry]) -> list:
    """The rows and their nesting, without their labels."""
    return [(e.kind, e.key, _shape(e.children), bool(e.children)) for e in entries]
