"""`flowmap edit`: the tree, the form, the findings, the relations and the preview.

Every action goes through the EditSession (flowmap.edit), which patches the text and
re-reads the model; the rules then run in a worker thread, debounced, so typing stays
quick on large maps.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import signal
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane, Tree

from flowmap.edit import EditError, EditSession, SaveConflict
from flowmap.edit.saving import save_atomically
from flowmap.findings import Finding
from flowmap.graph import build_graph
from flowmap.project import shown_folder, shown_path
from flowmap.tui.dialogs import Ask, Choice, Help
from flowmap.tui.form import FieldForm
from flowmap.tui.outline import (
    Entry,
    chain_of,
    find_object,
    kind_of,
    outline,
    process_preview,
    relations,
)

CHECK_DELAY = 0.3  # seconds of quiet after an edit before the rules run


def _guarded(handler):
    """An event handler whose failure becomes a notification: the editor and the unsaved
    edits go on (see EditorApp.run_action for the actions)."""

    @functools.wraps(handler)
    def run(self, *args, **kwargs):
        try:
            return handler(self, *args, **kwargs)
        except Exception as error:
            self.failed(handler.__name__.strip("_").removeprefix("on_"), error)

    return run


class EditorApp(App):
    TITLE = "flowmap edit"
    CSS = """
    #outline { width: 30; border-right: solid $primary-darken-2; }
    #middle { width: 1fr; }
    #form { height: 1fr; padding: 0 1; }
    #form .title { text-style: bold; color: $accent; }
    #form .subtitle { text-style: bold; margin-top: 1; }
    #form .row { height: 1; }
    #form .key { width: 13; color: $text-muted; }
    #form Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    #form Input.-invalid { background: $error 30%; }
    #form Select { width: 1fr; height: 1; }
    #form SelectCurrent { height: 1; border: none; padding: 0 1; }
    #panels { height: 9; border-top: solid $primary-darken-2; }
    #panels TabPane { padding: 0; }
    .dialog { width: 70; height: auto; padding: 1 2; border: thick $primary; background: $surface; }
    .dialog.help { width: 80; }
    .dialog > Label { width: 100%; }
    .buttons { height: auto; margin-top: 1; }
    .buttons Button { margin-right: 1; }
    .hint { color: $text-muted; }
    #status { height: 1; background: $boost; color: $text-muted; }
    Choice, Ask, Help { align: center middle; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("ctrl+q", "quit", "quit", priority=True),
        Binding("ctrl+z", "undo", "undo", priority=True),
        Binding("ctrl+y", "redo", "redo", priority=True),
        Binding("a", "add_step", "add step"),
        Binding("o", "add_operation", "add op", show=False),
        Binding("d", "duplicate", "duplicate", show=False),
        Binding("delete", "delete", "delete", show=False),
        Binding("alt+up", "move(-1)", "move up", show=False),
        Binding("alt+down", "move(1)", "move down", show=False),
        Binding("f2", "rename", "rename"),
        Binding("ctrl+n", "new_file", "new file", show=False),
        Binding("p", "show_tab('preview')", "preview", show=False),
        Binding("f", "show_tab('findings')", "findings", show=False),
        Binding("c", "show_tab('relations')", "customers", show=False),
        Binding("r", "render", "render SVG", show=False),
        Binding("f1,question_mark", "help", "help"),
    ]

    def __init__(self, session: EditSession) -> None:
        super().__init__()
        self.session = session
        session.auto_check = False
        self.selected: tuple[str, str] | None = None
        self._generation = 0
        self._graph = None
        self._shown_findings: list[Finding] = []
        self.discarded = False  # the user chose to quit without saving
        self.kept: Path | None = None  # where the unsaved edits were kept on a forced exit
        self.not_kept = ""  # why they could not be kept

    def notify_text(self, message: str, **options) -> None:
        """A notification quoting map text (names, ids, file names): shown as written, never
        read as markup (a name `[@click=app.quit]` must not become an action)."""
        self.notify(message, markup=False, **options)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Tree("maps", id="outline")
            with Vertical(id="middle"):
                yield FieldForm(id="form")
                with TabbedContent(id="panels", initial="findings"):
                    with TabPane("Findings", id="findings"):
                        yield DataTable(id="findings-table", cursor_type="row", zebra_stripes=True)
                    with TabPane("Customers", id="relations"):
                        yield Static(id="relations-text", markup=False)
                    with TabPane("Preview", id="preview"):
                        yield Static(id="preview-text", markup=False)
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#findings-table", DataTable)
        table.add_columns("severity", "rule", "where", "message")
        self._refresh_all()
        self._show_findings(self.session.findings)
        self.query_one("#outline", Tree).focus()
        loop = asyncio.get_running_loop()
        for stop in (signal.SIGTERM, signal.SIGHUP):  # killed, or its terminal closed
            with contextlib.suppress(RuntimeError, ValueError):  # no signals here
                loop.add_signal_handler(stop, self._stopped)
        copies = self.session.kept_copies()
        if copies:
            self._offer_copies(copies)

    # -- errors, forced exits and recovery copies ------------------------------------------

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every action (keys, buttons, the command palette): an error in one becomes a
        notification and the editor goes on, the unsaved edits intact."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self.failed(str(action), error)
            return True

    def failed(self, what: str, error: Exception) -> None:
        self.log.error(f"{what} failed", error)
        said = str(error) if len(str(error)) <= 300 else f"{str(error)[:300]}…"
        self.notify_text(
            f"{what} failed ({type(error).__name__}: {said}); your edits are kept",
            severity="error",
            timeout=15,
        )

    def _callback(self, callback):
        """A dialog's callback that fails like an action: with a notification."""

        def run(*args):
            try:
                return callback(*args)
            except Exception as error:
                self.failed(callback.__qualname__.split(".")[-2], error)

        return run

    def keep_unsaved(self) -> None:
        """On a forced exit: a recovery copy of every unsaved file (not when the user chose
        to discard them); the next `flowmap edit` of the project offers them back."""
        if self.discarded or self.kept is not None:
            return
        try:
            self.kept = self.session.keep_unsaved()
        except EditError as error:
            self.not_kept = str(error)

    def _handle_exception(self, error: Exception) -> None:
        # Textual stops the app on an error nothing caught: keep the edits before it does
        self.keep_unsaved()
        super()._handle_exception(error)

    def _stopped(self) -> None:
        self.keep_unsaved()
        self.exit(return_code=1)

    def _offer_copies(self, copies) -> None:
        root = self.session.root
        shown = {
            c.path.relative_to(root) if c.path.is_relative_to(root) else c.path for c in copies
        }
        names = ", ".join(sorted(map(str, shown)))

        def done(choice: str) -> None:
            if choice == "restore":
                if self._do(lambda: self.session.restore(copies)):
                    self.notify_text("unsaved edits restored: ctrl+s saves them, ctrl+z undoes")
            elif choice == "discard":
                self.session.discard(copies)
                self.notify_text("recovery copies discarded")

        self.push_screen(
            Choice(
                f"When flowmap edit stopped ({copies[-1].made}), it kept unsaved edits "
                f"of {names}. Restore them?",
                [("restore", "Restore"), ("discard", "Discard"), ("cancel", "Not now")],
            ),
            self._callback(done),
        )

    # -- keeping the views up to date -----------------------------------------------------

    def _refresh_all(self, tree: bool = True, form: bool = True) -> None:
        """Show the session's new model: the tree and the form only when they changed
        (rebuilding the form while the user types in it would take the field away)."""
        org = self.session.workspace.org
        self._graph = build_graph(org)
        if tree:
            outline_tree = self.query_one("#outline", Tree)
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
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning")
        self.query_one("#status", Static).update(
            f" {files} · {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )

    def _add(self, parent, entry: Entry, depth: int) -> None:
        data = (entry.kind, entry.key)
        label = Text(entry.label)  # a str label would be read as markup
        if entry.children or entry.kind in ("file", "section"):
            node = parent.add(label, data=data, expand=depth < 2 or entry.kind != "section")
            for child in entry.children:
                self._add(node, child, depth + 1)
        else:
            parent.add_leaf(label, data=data)

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

    def _show_selection(self, rebuild_form: bool) -> None:
        org = self.session.workspace.org
        kind, key = self.selected or ("", "")
        obj = find_object(org, kind, key) if self.selected else None
        if rebuild_form:
            title = (
                f"{kind} {key}" if obj else "Select a process, step, unit, role, ... in the tree"
            )
            self.call_later(self.query_one("#form", FieldForm).show, org, obj, title)
        self.query_one("#relations-text", Static).update(relations(self._graph, key))
        process = key if kind == "process" else chain_of(org, key)
        self.query_one("#preview-text", Static).update(process_preview(org, process))

    def _show_findings(self, findings: list[Finding]) -> None:
        table = self.query_one("#findings-table", DataTable)
        table.clear()
        self._shown_findings = list(findings)
        for index, f in enumerate(findings):
            cells = (f.severity, f.rule, f"{f.file}:{f.line}:{f.column}", f.message)
            table.add_row(*(Text(cell) for cell in cells), key=str(index))
        label = f"Findings ({len(findings)})"
        self.query_one("#panels", TabbedContent).get_tab("findings").label = label

    def _changed(self, tree: bool = True, form: bool = True) -> None:
        """After an edit: the model is new; the rules follow, debounced, in a worker."""
        self._refresh_all(tree, form)
        self._generation += 1
        generation = self._generation
        self.set_timer(CHECK_DELAY, lambda: self._check(generation))

    @work(thread=True, exclusive=True, group="check")
    def _check(self, generation: int) -> None:
        if generation != self._generation:
            return  # another edit came since: its own check will run
        workspace = self.session.workspace
        try:
            findings, waived = self.session.check(workspace)
        except Exception as error:
            self.call_from_thread(self.failed, "checking the rules", error)
            return
        self.call_from_thread(self._checked, generation, findings, waived)

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
        data = event.node.data
        if data and data[0] not in ("file", "section") and data != self.selected:
            self.selected = data
            self._show_selection(rebuild_form=True)

    @_guarded
    def on_field_form_edited(self, event: FieldForm.Edited) -> None:
        if self.selected is None:
            return
        kind, key = self.selected
        if event.key == "id":
            self._do(lambda: self.session.rename(key, str(event.value)), select=event.value)
        elif event.need is not None:
            self._do(
                lambda: self.session.set_need_field(key, event.need, event.key, event.value),
                tree=False,
                form=False,
            )
        else:
            labelled = event.key in ("name", "text")  # the tree shows them
            self._do(
                lambda: self.session.set_field(key, event.key, event.value),
                tree=labelled,
                form=False,
            )

    @_guarded
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a finding: go to what it is about."""
        from flowmap.outputs.charts.marks import Marks

        index = int(event.row_key.value)
        finding = self._shown_findings[index]
        org = self.session.workspace.org
        obj = Marks(org, [finding]).about(finding)
        target = kind_of(org, obj) if obj is not None else None
        if target is None:
            self.notify_text(
                f"{finding.file}:{finding.line}: nothing to jump to", severity="warning"
            )
            return
        self.selected = target
        self._select_in_tree()
        self._show_selection(rebuild_form=True)
        self.query_one("#outline", Tree).focus()

    # -- actions --------------------------------------------------------------------------

    def _do(
        self,
        edit,
        select: str | None = None,
        kind: str | None = None,
        tree: bool = True,
        form: bool = True,
    ) -> bool:
        try:
            result = edit()
        except EditError as error:
            self.notify_text(str(error), severity="error")
            return False
        if select is not None:
            self.selected = (kind or (self.selected or ("step", ""))[0], select)
        elif isinstance(result, str) and kind:
            self.selected = (kind, result)
        self._changed(tree, form)
        return True

    def _selected_step(self) -> tuple[str, str] | None:
        if self.selected and self.selected[0] in ("step", "operation", "process"):
            return self.selected
        self.notify_text("Select a process, a step or an operation first", severity="warning")
        return None

    def action_add_step(self) -> None:
        selected = self._selected_step()
        if selected is None:
            return
        kind, key = selected
        org = self.session.workspace.org
        if kind == "process":
            self._do(lambda: self.session.add_step(key), kind="step")
        elif kind == "operation":
            parent = org.steps[key].parent
            self._do(lambda: self.session.add_operation(parent, after=key), kind="operation")
        else:
            process = org.steps[key].process
            self._do(lambda: self.session.add_step(process, after=key), kind="step")

    def action_add_operation(self) -> None:
        selected = self._selected_step()
        if selected and selected[0] in ("step", "operation"):
            self._do(lambda: self.session.add_operation(selected[1]), kind="operation")

    def action_duplicate(self) -> None:
        if self.selected:
            kind, key = self.selected
            self._do(lambda: self.session.duplicate(key), kind=kind)

    def action_delete(self) -> None:
        if self.selected:
            key = self.selected[1]
            node = self.query_one("#outline", Tree).cursor_node
            neighbour = node and (node.next_sibling or node.previous_sibling or node.parent)
            if self._do(lambda: self.session.delete(key)):
                if neighbour is not None and neighbour.data:
                    self.selected = neighbour.data
                    self._select_in_tree()
                    self._show_selection(rebuild_form=True)
                self.notify_text(f"deleted {key} (ctrl+z brings it back)")

    def action_move(self, delta: int) -> None:
        if self.selected:
            key = self.selected[1]
            self._do(lambda: self.session.move(key, delta))

    def action_undo(self) -> None:
        label = self.session.undo()
        self.notify_text(f"undone: {label}" if label else "nothing to undo")
        if label:
            self._changed()

    def action_redo(self) -> None:
        label = self.session.redo()
        self.notify_text(f"redone: {label}" if label else "nothing to redo")
        if label:
            self._changed()

    def action_rename(self) -> None:
        if not self.selected:
            return
        kind, old = self.selected

        def done(new: str | None) -> None:
            if new and new != old:
                self._do(lambda: self.session.rename(old, new), select=new, kind=kind)

        question = Ask(f"New id for `{old}` (every reference follows):", old)
        self.push_screen(question, self._callback(done))

    def action_new_file(self) -> None:
        def done(name: str | None) -> None:
            if name:
                path = Path(name)
                if self._do(lambda: self.session.new_file(path)):
                    self.notify_text(f"new file {name}: ctrl+s writes it")

        where = shown_folder(self.session.root)
        question = Ask(f"New map file, from {where} (e.g. processes/returns.yaml):")
        self.push_screen(question, self._callback(done))

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#panels", TabbedContent).active = tab

    def action_help(self) -> None:
        self.push_screen(Help())

    def action_render(self) -> None:
        from flowmap.outputs import charts

        org = self.session.workspace.org
        kind, key = self.selected or ("", "")
        process = key if kind == "process" else chain_of(org, key)
        if not process:
            self.notify_text("Select a process or one of its steps first", severity="warning")
            return
        number = list(org.processes).index(process) + 1
        # the id may be one the schema refused ("x/../../y"): the name is made safe, and
        # the chart lands in out/ under the project root, wherever the editor was started
        path = self.session.root / "out" / charts.process_chart_name(process, number)
        try:
            chart = charts.build_chart(org, self._graph, self.session.findings, "process", process)
            data = charts.render_chart(chart, "svg")
            path.parent.mkdir(parents=True, exist_ok=True)
            save_atomically(path, data, None, overwrite=True)
        except (charts.GraphvizMissing, charts.GraphvizFailed, EditError, OSError) as error:
            self.notify_text(str(error), severity="error", timeout=10)
            return
        self.notify_text(f"chart written: {shown_path(path)}")

    def action_save(self, overwrite: bool = False) -> None:
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
                    self._do(lambda f=file: self.session.reload(f))
                self.notify_text("reloaded from disk (ctrl+z takes your version back)")

        self.push_screen(
            Choice(
                f"{name} changed on disk since you opened it.",
                [("reload", "Reload from disk"), ("overwrite", "Overwrite"), ("cancel", "Cancel")],
            ),
            self._callback(done),
        )

    async def action_quit(self) -> None:
        if not self.session.dirty_files:
            self.exit()
            return

        def done(choice: str) -> None:
            if choice == "save":
                self.action_save()
                if not self.session.dirty_files:
                    self.exit()
            elif choice == "discard":
                self.discarded = True
                self.exit()

        files = ", ".join(sorted(self.session.dirty_files))
        self.push_screen(
            Choice(
                f"Unsaved changes in {files}.",
                [
                    ("save", "Save and quit"),
                    ("discard", "Quit without saving"),
                    ("cancel", "Cancel"),
                ],
            ),
            self._callback(done),
        )

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        commands = [  # run as actions: an error in one is a notification (see run_action)
            ("Save", "Save every changed file (ctrl+s)", "save"),
            ("Undo", "Take back the last change (ctrl+z)", "undo"),
            ("Redo", "Do again what was undone (ctrl+y)", "redo"),
            ("Add step", "Add a step after the selected one (a)", "add_step"),
            ("Add operation", "Add an operation inside the selected step (o)", "add_operation"),
            ("Duplicate", "Duplicate the selected item (d)", "duplicate"),
            ("Delete", "Delete the selected item (delete)", "delete"),
            ("Move up", "Move the selected item up (alt+up)", "move(-1)"),
            ("Move down", "Move the selected item down (alt+down)", "move(1)"),
            ("Rename", "Rename the selected id and every reference (f2)", "rename"),
            ("New file", "A new map from a template (ctrl+n)", "new_file"),
            ("Preview", "The selected process's chain (p)", "show_tab('preview')"),
            ("Render chart", "Write the process chart as SVG (r)", "render"),
            ("Help", "The keys (f1)", "help"),
        ]
        for title, help_text, action in commands:
            yield SystemCommand(title, help_text, functools.partial(self.run_action, action))


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)
