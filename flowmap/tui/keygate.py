"""Every key where the cursor is when it is its turn, in the order typed.

Why a gate: Textual gives a key to the focused widget by *posting* it to that widget's own
message queue, and goes on to the next key at once (`App.on_event`). A key the widget does
not take itself (Tab, Enter in a list row, `n`, any key bound on the screen) then bubbles
up through the widget's parents, one message queue after another, to the app, which only
then runs the binding. So Tab moved the focus after the keys typed behind it had already
been posted to the field it left: they landed there, or in a widget being removed (lost).
Actions that move the focus a moment later (a new list row after a refresh, the field of a
new need once the form is built) left the same gap.

The gate holds a key while the one before it is still on its way. It gives the next key to
the focused widget once every queue on the previous key's path (the widget it went to, its
parents, the screen, the app) has processed what it held, the screen's after-refresh
callbacks have run and the screen is not rebuilding its form (`busy`). Nothing is timed: a
slow or loaded machine only makes a held key wait longer, never land elsewhere.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.messages import InvokeLater

# Input that goes to the focused widget: held in the gate in the order it came.
TYPED = (events.Key, events.Paste)


class KeyGate:
    """The keys held back, and the path of the last key given out."""

    def __init__(self, app: App, busy: Callable[[], bool]) -> None:
        self.app = app
        self.busy = busy  # True while the screen is building what a key may go to
        self.held: deque[events.Event] = deque()
        self._path: list[MessagePump] = []  # the last key's way: widget, parents, app
        self._waiting: asyncio.Task | None = None

    def hold(self, event: events.Event) -> bool:
        """True: the key waits its turn (the gate gives it out later); False: it can go
        now (the caller gives it out and then calls `sent`)."""
        if self.held or not self.settled():
            self.held.append(event)
            self._wait()
            return True
        return False

    def sent(self) -> None:
        """A key was given to the focused widget (or ran a priority binding)."""
        focused = self.app.focused or self.app.screen
        self._path = [*focused.ancestors_with_self]
        if self.app not in self._path:
            self._path.append(self.app)

    def take_repeats(self, key: str) -> int:
        """Take the presses of `key` waiting right behind the one being handled: the
        action does them all at once (undo held down keeps up with the keys)."""
        taken = 0
        while self.held and isinstance(self.held[0], events.Key) and self.held[0].key == key:
            self.held.popleft()
            taken += 1
        if self.held:
            return taken
        # and those the terminal sent while the action ran, still in the app's queue: they
        # stay there, marked not to be handled again (Textual's `no_dispatch`)
        for message in list(self.app._message_queue.values):
            if not isinstance(message, TYPED) or message.is_forwarded or message.no_dispatch:
                continue  # not a key typed (a repaint, a callback): it keeps its place
            if not isinstance(message, events.Key) or message.key != key:
                break
            message.no_dispatch = True
            taken += 1
        return taken

    def settled(self) -> bool:
        """Has the last key, and all it set off on its way, been handled?"""
        if not self._path:
            return True
        if self.busy():
            return False
        try:
            if self.app.screen._callbacks:  # after-refresh callbacks (a focus, a scroll)
                return False
        except Exception:  # no screen yet, or the app closing
            return True
        if any(self._holds(p) for p in self._path if not (p._closed or p._closing)):
            return False
        self._path = []
        return True

    def _holds(self, pump: MessagePump) -> bool:
        """Has a queue on the last key's path something still to handle?"""
        waiting = _waiting(pump)
        if pump is self.app:  # the keys typed meanwhile wait there: not the last key's
            waiting = [m for m in waiting if _in_flight(m)]
        return bool(waiting or pump._next_callbacks)

    def stop(self) -> None:
        if self._waiting is not None:
            self._waiting.cancel()

    def _wait(self) -> None:
        if self._waiting is None or self._waiting.done():
            self._waiting = asyncio.get_running_loop().create_task(self._until_settled())

    async def _until_settled(self) -> None:
        """Rounds along the last key's path until it is settled, then the next key."""
        while not self.settled():
            await self._round()
        self.app.call_later(self._release)

    async def _round(self) -> None:
        """Wait for what holds the last key up: a callback through each queue on its path
        that has messages waiting, one queue after the other, from the widget up (it
        reaches a queue only after the one below it handled what it held, so what bubbled
        up from there is before it); else the screen's next refresh, which runs its
        after-refresh callbacks; else, while the form is built, a frame."""
        waiting = [p for p in self._path if not (p._closed or p._closing) and self._holds(p)]
        for pump in waiting:
            done = asyncio.Event()
            if pump._closed or pump._closing or not pump.call_later(done.set):
                continue
            while not done.is_set():  # a widget removed meanwhile never runs it
                try:
                    await asyncio.wait_for(done.wait(), 0.1)
                except TimeoutError:
                    if pump._closed or pump._closing:
                        break
        if waiting:
            return
        screen = self.app.screen
        if screen._callbacks and screen.is_running:
            await screen.wait_for_refresh()
        elif self.busy():
            await asyncio.sleep(1 / 60)

    async def _release(self) -> None:
        """Give out the held keys (in the app's own task), one per settled path."""
        while self.held:
            if not self.settled():
                self._wait()
                return
            event = self.held.popleft()
            await self.app._give(event)  # type: ignore[attr-defined]


def _waiting(pump: MessagePump) -> list:
    """The messages a widget (or the app) has yet to handle: those in its queue, and the
    one it took out to see whether it replaces the one it handles (Textual's message loop
    does that: a key can sit there while the queue is empty). Textual's own attributes:
    the tests of the gate fail if they change."""
    pending = pump._pending_message
    return [*([pending] if pending is not None else []), *pump._message_queue.values]


def _in_flight(message) -> bool:
    """A message in the app's queue that belongs to a key on its way (or what it set off);
    the keys the terminal sent meanwhile are not (the gate takes them in turn)."""
    if isinstance(message, TYPED) and not message.is_forwarded:
        return False
    return isinstance(message, (*TYPED, InvokeLater))
