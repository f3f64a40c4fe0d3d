"""`flowmap edit`: the application around the main screen (`screens/main.py`).

The app owns what outlives a screen: the session, the message line (every notification
goes there, never a toast over the findings), the collector schedule, what happens on an
error in an action (a notification, the edits kept), a forced exit (a recovery copy of the
unsaved files) and the command palette, made from the key table (`keys.py`).
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.content import Content

from flowmap.edit import EditError, EditSession
from flowmap.load.names import shown_name, shown_text
from flowmap.memory import Collector
from flowmap.tui import hangup, terminal
from flowmap.tui.keygate import TYPED, KeyGate
from flowmap.tui.keys import ADD_KINDS, LIST_KEYS, MODEL_ACTIONS, bindings, palette_keys
from flowmap.tui.screens.dialogs import Choice
from flowmap.tui.screens.main import MainScreen
from flowmap.tui.widgets.messages import Messages

# The keys' actions are the main screen's: with a question on the screen they do nothing.
SCREEN = "screen."


class EditorApp(App):
    TITLE = "flowmap edit"
    CSS_PATH = "editor.tcss"
    BINDINGS = bindings(namespace=SCREEN)

    def __init__(self, session: EditSession) -> None:
        super().__init__()
        terminal.guard()  # no map text ever acts on the terminal
        self.session = session
        session.auto_check = False
        self._uninstall_signals: Callable[[], None] = lambda: None
        self._keeping = threading.Lock()
        self.discarded = False  # the user chose to quit without saving
        self.kept: Path | None = None  # where the unsaved edits were kept on a forced exit
        self.not_kept = ""  # why they could not be kept
        # the collector's schedule: paused in each edit, what it leaves alive frozen after
        # it, a full collection only when the user has paused (see flowmap.memory)
        self.collector = Collector()
        self.messages = Messages(id="messages", markup=False)  # on the main screen only
        self.main: MainScreen  # made when the app starts (`get_default_screen`)
        # each key where the cursor is when it is its turn (keygate.py)
        self.gate = KeyGate(self, lambda: self.screen is self.main and self.main.busy)

    @property
    def selected(self) -> tuple[str, str] | None:
        """The tree's selection, `(kind, key)` (see `MainScreen.selected`)."""
        return self.main.selected

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

    def get_default_screen(self) -> MainScreen:
        self.main = MainScreen(self.session)
        return self.main

    def compose(self) -> ComposeResult:
        yield from self.main.parts()

    def on_mount(self) -> None:
        self.main.start()
        # killed, or its terminal closed: keep the edits and exit within 2 s (hangup.py)
        self._uninstall_signals = hangup.install(self._stopped, self.keep_unsaved)
        copies = self.session.kept_copies()
        if copies:
            self._offer_copies(copies)
        self.collector.settle()  # the model as opened stays alive: out of the collector's way

    async def action_quit(self) -> None:
        """Quit however asked (a key, the palette's Quit): as the main screen's quit does,
        asking first when something is unsaved."""
        await self.main.action_quit()

    # -- errors, forced exits and recovery copies ------------------------------------------

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every action (keys, buttons, the command palette): an error in one becomes a
        notification and the editor goes on, the unsaved edits intact. An action that reads
        or changes the maps first applies the text typed in the form."""
        try:
            name = action.split("(")[0] if isinstance(action, str) else ""
            on_main = default_namespace is self.main or (
                name.startswith(SCREEN) and self.screen is self.main
            )
            if on_main and name.removeprefix(SCREEN) in MODEL_ACTIONS:
                refused = self.main.apply_pending()
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

    def guarded(self, callback):
        """A dialog's callback that fails like an action: with a notification."""

        def run(*args):
            try:
                return callback(*args)
            except Exception as error:
                self.failed(callback.__qualname__.split(".")[-2], error)

        return run

    def keep_unsaved(self) -> None:
        """On a forced exit: a recovery copy of every unsaved file (not when the user chose
        to discard them); the next `flowmap edit` of the project offers them back.
        `flowmap edit` calls it however the editor ended."""
        with self._keeping:  # hangup.py's watchdog may call it from its thread meanwhile
            if self.discarded or self.kept is not None:
                return
            try:
                self.kept = self.session.keep_unsaved()
            except EditError as error:
                self.not_kept = str(error)

    def on_unmount(self) -> None:
        self.gate.stop()
        self._uninstall_signals()

    # -- keys in turn (keygate.py) ----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, TYPED) and not event.is_forwarded and self.gate.hold(event):
            return  # the gate gives it out when the key before it is handled
        await self._give(event)

    async def _give(self, event: events.Event) -> None:
        typed = isinstance(event, TYPED) and not event.is_forwarded
        await super().on_event(event)
        if typed:  # given to the focused widget now: the next key waits for it
            self.gate.sent()

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
                if self.main.controller.do(lambda: self.session.restore(copies)):
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
            self.guarded(done),
        )

    # -- the command palette ---------------------------------------------------------------

    def get_system_commands(self, screen):
        titles = {_capitalised(key.title) for key in palette_keys()}
        # Textual's own, but one command a name (its Quit is ours: asks when unsaved)
        yield from (c for c in super().get_system_commands(screen) if c.title not in titles)
        # run as actions of the main screen: an error in one is a notification (run_action)
        for key in palette_keys():
            yield SystemCommand(
                _capitalised(key.title),
                f"{_capitalised(key.help)} ({key.shown_keys})",
                functools.partial(self.run_action, key.action, self.main),
            )
        for key in (k for k in LIST_KEYS if k.action):
            yield SystemCommand(
                _capitalised(key.title),
                f"In {key.help} ({key.shown_keys})",
                functools.partial(self.main.on_focused_list, key.action),
            )
        for kind in ADD_KINDS:
            noun = "external customer" if kind == "customer" else kind
            if f"Add {noun}" in titles:
                continue  # a key's command already (`n`: Add need): offered once
            yield SystemCommand(
                f"Add {noun}",
                f"A new {noun}, next to the selected one or in its file",
                functools.partial(self.run_action, f"add_kind('{kind}')", self.main),
            )


def _capitalised(text: str) -> str:
    """The text with its first letter upper-case (a key's title or help as a command)."""
    return text[:1].upper() + text[1:]
