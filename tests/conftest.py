"""Shared test helpers: a throw-away project folder and the command line run in-process."""

from __future__ import annotations

import contextlib
import gc
import inspect
import logging
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from flowmap.cli import main

# In CI the property tests run the same examples every time (a failure there can be
# reproduced); on a developer's machine they explore new ones on each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


class _AsyncioErrors(logging.Handler):
    """What asyncio logs as an error: "Task was destroyed but it is pending!" (a timer or a
    worker an app left running), an exception no task retrieved."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_ASYNCIO_ERRORS = _AsyncioErrors()
logging.getLogger("asyncio").addHandler(_ASYNCIO_ERRORS)


@pytest.fixture(autouse=True)
def _no_task_left_pending(request):
    """Fail a test after which asyncio destroyed a pending task or lost an exception."""
    before = len(_ASYNCIO_ERRORS.messages)
    yield
    if inspect.iscoroutinefunction(request.function) or "app" in request.fixturenames:
        gc.collect()  # a task left behind is destroyed, and reported, when it is collected
    found = _ASYNCIO_ERRORS.messages[before:]
    assert not found, f"asyncio reported: {found}"


REPO = Path(__file__).resolve().parent.parent
PROCESSES = REPO / "processes"


class Project:
    """A folder that is a project root (it has .flowmap.toml), to write maps into."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / ".flowmap.toml").write_text("", encoding="utf-8")

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_bytes(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.write_bytes(data)
        return path

    def copy_processes(self) -> Path:
        target = self.root / "processes"
        shutil.copytree(PROCESSES, target)
        return target


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture):
    """Run `flowmap ARGS...` in this process, as a user would type it."""

    def run(*args: str) -> Result:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse usage errors and --help
            code = exit_.code if isinstance(exit_.code, int) else 2
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_flowmap(
    *args: str, cwd: Path | None = None, timeout: float = 60, env: dict | None = None
) -> Result:
    """Run the real `python -m flowmap` in a fresh interpreter (`env` added to the
    environment)."""
    done = subprocess.run(
        [sys.executable, "-m", "flowmap", *args],
        cwd=cwd,
        env={**os.environ, **env} if env else None,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def pytest_collection_modifyitems(items) -> None:
    """A test that opens Chromium is a `browser` test, one that runs the editor at 80x24
    (`app`) a `slow` one, whatever module it is in."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if "app" in names:
            item.add_marker(pytest.mark.slow)


# -- no process left behind ------------------------------------------------------------------
# Every process the suite starts (the editor in tmux, `python -m flowmap`, tmux servers)
# inherits this mark; at the end of the run, one still running is a failure and is stopped
# (an editor once survived `make test`, stuck with no terminal).
RUN_MARK = "FLOWMAP_TEST_RUN"


def pytest_configure(config) -> None:
    if not hasattr(config, "workerinput"):  # the main process; xdist workers inherit it
        os.environ.setdefault(RUN_MARK, f"{os.getpid()}-{os.urandom(4).hex()}")


def left_behind(mark: str) -> list[tuple[int, str]]:
    """(pid, command) of the running processes carrying `mark` in their environment,
    this process and its parents excepted."""
    mine = {os.getpid(), os.getppid()}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            if f"{RUN_MARK}={mark}".encode() not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            if (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue  # ended; its parent has not collected it yet
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found.append((int(entry.name), command.strip()))
    return found


def pytest_sessionfinish(session, exitstatus) -> None:
    mark = os.environ.get(RUN_MARK)
    if hasattr(session.config, "workerinput") or not mark or not Path("/proc").is_dir():
        return
    import signal
    import time

    deadline = time.monotonic() + 5  # a process ending right now gets a moment
    left = left_behind(mark)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = left_behind(mark)
    if not left:
        return
    for pid, _ in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    lines = "\n".join(f"  {pid} {command}" for pid, command in left)
    said = f"the test run left {len(left)} process(es) running (stopped now):\n{lines}"
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(said, red=True)
    else:
        print(said, file=sys.stderr)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
