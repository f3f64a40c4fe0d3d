"""The editor never outlives its terminal.

When the terminal goes away (its window closed: SIGHUP) or the editor is killed (SIGTERM),
the editor writes a recovery copy of the unsaved files and exits. Textual's exit alone is
not enough: its output thread dies on the first write to a closed terminal, and the main
thread then blocks for ever putting the next write on that thread's full queue, where the
event loop (and a signal handler it would run) never gets control again; a SIGTERM then
went unanswered too.

So the handlers here are plain `signal` handlers, which Python runs in the main thread even
while it waits on that queue: each asks the event loop to stop the app the usual way, and
starts a watchdog thread that, if the process is still alive `STOP_WITHIN` seconds later,
writes the recovery copy itself (the main thread is stuck, so the session holds still) and
ends the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable

STOP_WITHIN = 1.5  # seconds the usual exit gets before the watchdog ends the process
SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def install(stop: Callable[[], None], keep: Callable[[], None]) -> Callable[[], None]:
    """Handle SIGTERM and SIGHUP: `stop` (keep the copies, exit) on the event loop, and the
    watchdog that calls `keep` and ends the process if that does not happen in time.
    Returns the function that puts the earlier handlers back. Outside the main thread
    (some test runners) nothing is installed."""
    loop = asyncio.get_running_loop()
    armed = threading.Event()

    def on_signal(signum, frame) -> None:
        if not armed.is_set():
            armed.set()
            threading.Thread(target=_watchdog, args=(keep,), daemon=True).start()
        with contextlib.suppress(RuntimeError):  # the loop is closed already
            loop.call_soon_threadsafe(stop)

    earlier = {}
    try:
        for number in SIGNALS:
            earlier[number] = signal.signal(number, on_signal)
    except ValueError:  # not the main thread
        return lambda: None

    def uninstall() -> None:
        for number, handler in earlier.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(number, handler)

    return uninstall


def _watchdog(keep: Callable[[], None]) -> None:
    time.sleep(STOP_WITHIN)
    try:
        keep()  # waits for, or is a no-op after, the copies the usual exit keeps
    except BaseException:  # noqa: BLE001 - the process ends all the same
        traceback.print_exc()
    finally:
        os._exit(1)
