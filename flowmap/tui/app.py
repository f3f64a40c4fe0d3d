"""`flowmap edit`: the tree, the form, the findings, the relations and the preview.

Every action goes through the EditSession (flowmap.edit), which patches the text and
re-reads the model; the rules then run in a worker thread, debounced, so typing stays
quick on large maps.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static, TabbedContent, TabPane, Tree

from flowmap.edit import EditError, EditSession, SaveConflict
from flowmap.findings import Finding
from flowmap.graph import build_graph
from flowmap.graph.relations import handoff_between
from flowmap.load.names import shown_name, shown_text
from flowmap.memory import Collector
from flowmap.model import types as t
from flowmap.model.fields import FIELDS
from flowmap.outputs.files import OutputError, write_inside
from flowmap.project import shown_folder, shown_path
from flowmap.tui import hangup, terminal
from flowmap.tui.keys import ADD_KINDS, KEYS, LIST_KEYS, MODEL_ACTIONS, bindings
from flowmap.tui.outline import (
    SECTIONS,
    Entry,
    chain_of,
    find_object,
    kind_of,
    label,
    outline,
    process_preview,
    relations,
    step_of_need,
)
from flowmap.tui.screens.dialogs import Ask, Choice, Help
from flowmap.tui.widgets.findings import FindingsView
from flowmap.tui.widgets.form import FieldForm
from flowmap.tui.widgets.lists import ListField
from flowmap.tui.widgets.messages import Messages
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
            self.failed(handler.__name__.strip("_").removeprefix("on_"), error)

    return run


def _collected(handler):
    """A handler that edits the maps, run as one action of the collector schedule: the
    collector paused while the model and the views are rebuilt, what they made frozen after
    (see flowmap.memory.Collector)."""

    @functools.wraps(handler)
    def run(self, *args, **kwargs):
        with self.collector.action():
            return handler(self, *args, **kwargs)

    return run


class EditorApp(App):
    TITLE = "flowmap edit"
    CSS_PATH = "editor.tcss"
    BINDINGS = [
        *bindings(),
        Binding("escape", "to_tree", "to the tree", show=False),
    ]

    def __init__(self, session: EditSession) -> None:
        super().__init__()
        terminal.guard()  # no map text ever acts on the terminal
        self.session = session
        session.auto_check = False
        self.selected: tuple[str, str] | None = None
        self._uninstall_signals: Callable[[], None] = lambda: None
        self._keeping = threading.Lock()
        self._folded: set[tuple[str, str]] = set()  # the tree's rows the user folded
        self._generation = 0
        self._form_due = False  # a build of the form is on its way
        self._form_asked = 0  # how many times the form was asked to show the selection
        # what the findings list shows: its tab's label and the findings
        self._findings_shown: tuple[str, list[Finding]] | None = None
        self._graph = None
        self.discarded = False  # the user chose to quit without saving
        self.kept: Path | None = None  # where the unsaved edits were kept on a forced exit
        self.not_kept = ""  # why they could not be kept
        # the collector's schedule: paused in each edit, what it leaves alive frozen after
        # it, a full collection only when the user has paused (see flowmap.memory)
        self.collector = Collector()
        self._collect_timer = None
        self.messages = Messages(id="messages", markup=False)  # on the main screen only

    def notify_text(self, message: str, **options) -> None:
        """A notification quoting map text (names, ids, file names): shown as written, never
        read as markup (a name `[@click=app.quit]` must not become an action)."""
        self.notify(shown_text(message), markup=False, **options)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: str = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every message, Textual's own too, goes to the message line above the status line
        instead of a toast: a toast would cover the findings."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # a worker thread: the message line is the app's
            self.call_from_thread(
                self.notify,
                message,
                title=title,
                severity=severity,
                timeout=timeout,
                markup=markup,
            )
            return
        text = Content.from_markup(message) if markup else Content(message)
        if title:
            text = Content(f"{title}: ") + text
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self.messages.add(text, severity, timeout)

    def clear_notifications(self) -> None:
        super().clear_notifications()
        self.messages.clear()

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
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
                    with TabPane("Customers", id="relations"):
                        yield Static(id="relations-text", markup=False)
                    with TabPane("Preview", id="preview"), VerticalScroll(id="preview-scroll"):
                        yield Static(id="preview-text", markup=False)
        yield self.messages
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._refresh_all()
        self._show_findings(self.session.findings)
        self.query_one("#outline", Tree).focus()
        # killed, or its terminal closed: keep the edits and exit within 2 s (hangup.py)
        self._uninstall_signals = hangup.install(self._stopped, self.keep_unsaved)
        copies = self.session.kept_copies()
        if copies:
            self._offer_copies(copies)
        self.collector.settle()  # the model as opened stays alive: out of the collector's way

    # -- errors, forced exits and recovery copies ------------------------------------------

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every action (keys, buttons, the command palette): an error in one becomes a
        notification and the editor goes on, the unsaved edits intact."""
        try:
            name = action.split("(")[0] if isinstance(action, str) else ""
            if default_namespace in (None, self) and name in MODEL_ACTIONS:
                refused = self.apply_pending()
                if refused:
                    self.notify_text(
                        f"{'; '.join(refused)} — fix the field or empty it first",
                        severity="error",
                        timeout=10,
                    )
                    return True
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
        with self._keeping:  # hangup.py's watchdog may call it from its thread meanwhile
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

    def on_unmount(self) -> None:
        self._uninstall_signals()

    def _stopped(self) -> None:
        self.keep_unsaved()
        self.exit(return_code=1)

    def _offer_copies(self, copies) -> None:
        root = self.session.root
        copies = [c for c in copies if self.session.may_restore(c)]
        if not copies:
            return
        # every copy is a map file inside the project (flowmap.edit.recovery): the dialog
        # names each file restoring would write to, before anything is written
        names = ", ".join(sorted(c.path.relative_to(root).as_posix() for c in copies))

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
                f"of {names} in {shown_name(str(root))}. Restore them (saving writes there)?",
                [("restore", "Restore"), ("discard", "Discard"), ("cancel", "Not now")],
            ),
            self._callback(done),
        )

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
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning")
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
        elif panel == "preview":
            org = self.session.workspace.org
            process = key if kind == "process" else chain_of(org, key)
            self.query_one("#preview-text", Static).update(process_preview(org, process))

    @_guarded
    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._show_panel()

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
        if self.collector.due:
            self.collector.collect()

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
            self._do(
                lambda: self.session.rename(key, str(event.value)),
                select=str(event.value) if self.selected == event.target else None,
                kind=kind,
            )
        elif event.need is not None:
            self._do(
                lambda: self.session.set_need_field(key, event.need, event.key, event.value),
                tree=False,
                form=False,
            )
        else:
            edited = self._do(
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
        target = kind_of(org, obj) if obj is not None else None
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

    @_collected
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

    def _selected_item(self) -> tuple[str, str] | None:
        """The tree's selection when it is an item (not a file or a section row)."""
        if self.selected and self.selected[0] not in ("file", "section"):
            return self.selected
        self.notify_text("Select an item in the tree first", severity="warning")
        return None

    def _selected_file(self, new_kind: str) -> str | None:
        """Where a new item of `new_kind` goes: the selected file row or section row, the
        file of the selected item of that kind, else (None) the file with such items."""
        kind, key = self.selected or ("", "")
        if kind == "file":
            return key
        if kind == "section":
            return key.partition(":")[0]
        obj = find_object(self.session.workspace.org, kind, key) if kind == new_kind else None
        return obj.pos[0] if obj is not None else None

    def action_add(self) -> None:
        """`a`: an item like the selected one, after it; on a section row, one of its kind;
        on a process, a step; on a file row, the kind asked for."""
        kind, key = self.selected or ("", "")
        if kind == "file":
            kinds = [k for k in ADD_KINDS if k not in ("step", "need")]
            self.push_screen(
                Choice(f"Add to {key}:", [(k, k) for k in kinds] + [("cancel", "Cancel")]),
                self._callback(lambda k: k != "cancel" and self.action_add_kind(k)),
            )
            return
        if kind == "section":
            self.action_add_kind(dict(SECTIONS)[key.partition(":")[2]])
        elif kind in ("need",):
            self.action_add_need()
        elif kind in ("process", "step", "operation"):
            self.action_add_step()
        else:
            self.action_add_kind(kind or "process")

    def action_add_kind(self, kind: str) -> None:
        if kind == "step":
            self.action_add_step()
        elif kind == "need":
            self.action_add_need()
        else:
            section = {k: s for s, k in SECTIONS}[kind]
            after = self.selected[1] if self.selected and self.selected[0] == kind else None
            file = self._selected_file(kind)
            self._do(lambda: self.session.add_item(section, {}, file=file, after=after), kind=kind)

    def action_add_step(self) -> None:
        selected = self._selected_step()
        if selected is None:
            return
        kind, key = selected
        org = self.session.workspace.org
        if kind == "process":
            by = _first_executor(org, org.processes[key])
            self._do(lambda: self.session.add_step(key, fields={"by": by}), kind="step")
            return
        step = org.steps[key]
        fields = {"by": step.by if isinstance(step.by, str) and step.by else None}
        fields = {k: v for k, v in fields.items() if v} or {"by": _first_executor(org, None)}
        if kind == "operation":
            parent = step.parent
            self._do(
                lambda: self.session.add_operation(parent, after=key, fields=fields),
                kind="operation",
            )
        else:
            process = step.process
            steps = org.processes[process].steps
            index = next(i for i, s in enumerate(steps) if s is step)
            after = steps[index + 1] if index + 1 < len(steps) else None
            handoff = handoff_between(org, key, after.id) if after is not None else None
            added = self._do(
                lambda: self.session.add_step(process, after=key, fields=fields), kind="step"
            )
            if added and handoff is not None and handoff.needs:
                self._offer_need(self.selected[1], after.id, handoff.needs[0])

    def _offer_need(self, new: str, next_step: str, need: t.StepNeed) -> None:
        """A step put before `next_step`: the need that step has is likely this one's too."""
        due = f", due {need.due.text}" if need.due else ""

        def done(choice: str) -> None:
            if choice == "add":
                fields = {"item": need.item, "requires": need.requires or None}
                fields["due"] = need.due.text if need.due else None
                fields = {k: v for k, v in fields.items() if v}
                self._do(lambda: self.session.add_need(new, fields), tree=False)

        self.push_screen(
            Choice(
                f"{next_step}, the next step, needs `{need.item}`{due}. "
                f"Add the same need to {new}?",
                [("add", "Add the need"), ("cancel", "No")],
            ),
            self._callback(done),
        )

    def action_add_operation(self) -> None:
        selected = self._selected_step()
        if selected and selected[0] in ("step", "operation"):
            step = self.session.workspace.org.steps[selected[1]]
            by = step.by if isinstance(step.by, str) and step.by else None
            fields = {"by": by or _first_executor(self.session.workspace.org, None)}
            self._do(
                lambda: self.session.add_operation(selected[1], fields=fields), kind="operation"
            )
        elif selected:
            self.notify_text("Select a step first", severity="warning")

    def action_add_need(self) -> None:
        """A need of the selected step on what its supplier delivers, or a need of the
        selected customer."""
        kind, key = self.selected or ("", "")
        org = self.session.workspace.org
        if kind in ("step", "operation"):
            item = _supplied_item(org, key)
            index = len(org.steps[key].needs)
            if self._do(lambda: self.session.add_need(key, {"item": item}), tree=False):
                self.notify_text(f"added a need for `{item}` to {key}: say by when (due)")
                self.call_later(self._focus_field, f"need-{index}-due")
            return
        if kind == "need":
            customer = next(c.id for c in org.customers.values() if key in {n.id for n in c.needs})
            after = key
        elif kind == "customer":
            customer, after = key, None
        else:
            self.notify_text("Select a step or a customer first", severity="warning")
            return
        self._do(lambda: self.session.add_customer_need(customer, after=after), kind="need")

    def action_duplicate(self) -> None:
        if self._selected_item():
            kind, key = self.selected
            self._do(lambda: self.session.duplicate(key), kind=kind)

    def action_delete(self) -> None:
        if self._selected_item():
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
        if self._selected_item():
            key = self.selected[1]
            self._do(lambda: self.session.move(key, delta))

    @_collected
    def action_undo(self) -> None:
        label = self.session.undo()
        self.notify_text(f"undone: {label}" if label else "nothing to undo")
        if label:
            self._changed()

    @_collected
    def action_redo(self) -> None:
        label = self.session.redo()
        self.notify_text(f"redone: {label}" if label else "nothing to redo")
        if label:
            self._changed()

    def action_rename(self) -> None:
        if not self._selected_item():
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

    async def _on_focused_list(self, action: str) -> None:
        """A list row's key run from the palette: on the list whose row has the focus."""
        focused = self.screen.focused
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
        # (never through a link planted in the project: flowmap.outputs.files)
        name = f"out/{charts.process_chart_name(process, number)}"
        path = self.session.root / name
        try:
            chart = charts.build_chart(org, self.graph, self.session.findings, "process", process)
            data = charts.render_chart(chart, "svg")
            write_inside(self.session.root, name, data)
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
        refused = self.apply_pending()  # typed text is a change like any other
        if not self.session.dirty_files and not refused:
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
        question = f"Unsaved changes in {files}." if files else "Unsaved changes."
        if refused:
            question += f" Text that cannot be applied: {'; '.join(refused)}."
        self.push_screen(
            Choice(
                question,
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
        # run as actions: an error in one is a notification (see run_action)
        for key in KEYS:
            yield SystemCommand(
                _capitalised(key.title),
                f"{_capitalised(key.help)} ({key.shown_keys})",
                functools.partial(self.run_action, key.action),
            )
        for key in LIST_KEYS:
            yield SystemCommand(
                _capitalised(key.title),
                f"In {key.help} ({key.shown_keys})",
                functools.partial(self._on_focused_list, key.action),
            )
        for kind in ADD_KINDS:
            noun = "external customer" if kind == "customer" else kind
            yield SystemCommand(
                f"Add {noun}",
                f"A new {noun}, next to the selected one or in its file",
                functools.partial(self.run_action, f"add_kind('{kind}')"),
            )


def _first_executor(org, process) -> str:
    """Who does a new step when nothing says otherwise: the process's customer, else the
    first role (a step without `by` is a schema finding)."""
    if process is not None and process.customer:
        return process.customer
    return next(iter(org.roles), next(iter(org.customers), "someone"))


def _supplied_item(org, step_id: str) -> str:
    """What a step most likely needs: the first item the step before it delivers."""
    step = org.steps[step_id]
    siblings = (
        org.steps[step.parent].operations if step.parent else org.processes[step.process].steps
    )
    index = next(i for i, s in enumerate(siblings) if s is step)
    before = siblings[index - 1] if index else None
    if before is not None and before.delivers:
        return before.delivers[0]
    return "item"


def _note(kind: str, key: str) -> str:
    """What the form says when the tree's selection has no fields."""
    if kind == "file":
        return f"{key}\n\na adds an item to this file (a process, a customer, a role, ...)."
    if kind == "section":
        file, _, section = key.partition(":")
        noun = dict(SECTIONS).get(section, section)
        return f"{section} of {file}\n\na adds a {noun} here."
    return "Select a process, step, unit, role, ... in the tree"


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _capitalised(text: str) -> str:
    """The text with its first letter upper-case (a key's title or help as a command)."""
    return text[:1].upper() + text[1:]
