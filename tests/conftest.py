"""Shared test helpers: a throw-away project folder and the command line run in-process."""

from __future__ import annotations

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
