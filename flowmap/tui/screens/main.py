"""The editor's main screen: the tree, the form, the findings, the relations and the
preview, kept up to date with the session, and the actions the keys run on them.

What an action does to the maps is the controller's (`flowmap.tui.controller`); this
screen shows the result, asks the questions (dialogs) and runs the rules after each edit in
a worker thread, debounced, so typing stays quick on large maps.
"""

from __future__ import annotations

import functools
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static, TabbedContent, TabPane, Tree
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
from flowmap.tui.widgets.findings import FindingsView
from flowmap.tui.widgets.form import FieldForm
from flowmap.tui.widgets.lists import ListField
from flowmap.tui.widgets.tree import Outline

TREE_WIDTHS = (16, 30)  # the narrowest tree, and the columns always left to the form
CHECK_DELAY = 0.3  # seconds of quiet after an edit before the rules run
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
        self._generation = 0
        self._form_due = False  # a build of the form is on its way
        self._form_asked = 0  # how many times the form was asked to show the selection
        # what the findings list shows: its tab's label and the findings
        self._findings_shown: tuple[str, list[Finding]] | None = None
        self._graph = None
        self._collect_timer = None
        self.rendering: Worker | None = None  # Graphviz laying out a chart (`r`)

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
        yield self.app.messages
        yield Static(id="status")
        yield Footer()

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
            outline_tree = self.query_one("#outline", Tree)
            # fold state survives the rebuild: what the user folded stays folded
            self._folded = {n.data for n in _walk(outline_tree.root) if n.data and n.children}
            self._folded -= {n.data for n in _walk(outline_tree.root) if n.is_expanded}
            outline_tree.clear()
            outline_tree.root.expand()
            for entry in outline(org, self.session.files):
                self._add(outline_tree.root, entry, depth=0)
            self._select_in_tree()
        self._show_selection(rebuild_form=form)
        self._show_status()

    def _show_status(self) -> None:
        dirty = len(self.session.dirty_files)
        files = f"{dirty} unsaved file{'s' if dirty != 1 else ''}" if dirty else "all saved"
        findings = self.session.findings
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = sum(1 for f in findings if f.severity == WARNING)
        self.query_one("#status", Static).update(
            f" {files} · {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
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
        for node in _walk(tree.root):
            if node.data == self.selected:
                parent = node.parent
                while parent is not None:
                    parent.expand()
                    parent = parent.parent
                self.call_after_refresh(tree.move_cursor, node)
                return

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
        """After an edit: the model is new; the rules follow, debounced, in a worker."""
        self._refresh_all(tree, form)
        self._generation += 1
        generation = self._generation
        self.set_timer(CHECK_DELAY, lambda: self._check(generation))
        self._collect_when_quiet()

    def _collect_when_quiet(self) -> None:
        """A due full collection waits until no edit came for COLLECT_DELAY seconds."""
        if self._collect_timer is not None:
            self._collect_timer.stop()
        self._collect_timer = self.set_timer(COLLECT_DELAY, self._collect_if_due)

    def _collect_if_due(self) -> None:
        if self.app.collector.due:
            self.app.collector.collect()

    @work(thread=True, exclusive=True, group="check")
    def _check(self, generation: int) -> None:
        if generation != self._generation:
            return  # another edit came since: its own check will run
        workspace = self.session.workspace
        try:
            findings, waived = self.session.check(workspace)
        except Exception as error:
            self.app.call_from_thread(self.app.failed, "checking the rules", error)
            return
        self.app.call_from_thread(self._checked, generation, findings, waived)

    @_guarded
    def _checked(self, generation: int, findings, waived) -> None:
        if generation != self._generation:
            return
        self.session.findings, self.session.waived = findings, waived
        self._show_findings(findings)
        self._show_status()

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
        due = f", due {need.due.text}" if need.due else ""

        def done(choice: str) -> None:
            if choice == "add":
                self.controller.add_offered_need(new, need)

        self.app.push_screen(
            Choice(
                f"{next_step}, the next step, needs `{need.item}`{due}. "
                f"Add the same need to {new}?",
                [("add", "Add the need"), ("cancel", "No")],
            ),
            self.app.guarded(done),
        )

    def action_add_operation(self) -> None:
        self.controller.add_operation()

    def action_add_need(self) -> None:
        """A need of the selected step on what its supplier delivers, or a need of the
        selected customer."""
        due = self.controller.add_need()
        if due:
            self.call_later(self._focus_field, due)

    def action_duplicate(self) -> None:
        self.controller.duplicate()

    def action_delete(self) -> None:
        node = self.query_one("#outline", Tree).cursor_node
        neighbour = node and (node.next_sibling or node.previous_sibling or node.parent)
        row = neighbour.data if neighbour is not None else None
        if self.controller.delete(row) and row:
            self._select_in_tree()
            self._show_selection(rebuild_form=True)

    def action_move(self, delta: int) -> None:
        self.controller.move(delta)

    def action_undo(self) -> None:
        self.controller.undo()

    def action_redo(self) -> None:
        self.controller.redo()

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

    def action_to_tree(self) -> None:
        """Escape: from a field back to the tree (leaving the field applies its text)."""
        self.query_one("#outline", Tree).focus()

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
