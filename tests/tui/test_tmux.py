"""The installed `flowmap edit`, started in tmux and typed into like a person would.

Each step waits for what the screen must show before the next key (never a fixed sleep),
and screens are compared as words: how many spaces stand between a label and its value is
Textual's layout, not the editor's behaviour."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

FLOWMAP = shutil.which("flowmap", path=str(Path(sys.executable).parent))


class Terminal:
    """A tmux session on its own socket: keys in, screen text out."""

    def __init__(self, cwd: Path, command: list[str], size: tuple[int, int] = (100, 30)) -> None:
        self.socket = f"flowmap-test-{uuid.uuid4().hex[:8]}"
        self.tmux(
            "new-session",
            "-d",
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            "-c",
            str(cwd),
            "env",
            "TERM=xterm-256color",
            *command,
        )

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", key)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """Wait until the screen shows `text`'s words in that order on one line."""
        words = " ".join(text.split())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if any(words in " ".join(line.split()) for line in screen.splitlines()):
                return screen
            time.sleep(0.1)  # polling the screen: the wait ends as soon as it shows
        raise AssertionError(f"{text!r} never showed; the screen was:\n{self.screen()}")

    def alive(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "-L", self.socket, "has-session"], capture_output=True
            ).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(project):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test: sudo apt-get install tmux (make test does)")
    project.copy_processes()
    terminal = Terminal(project.root, [FLOWMAP, "edit", "processes"])
    yield terminal
    terminal.close()


def _on_file_complaint(terminal) -> None:
    """Down to the first step, and wait until the form shows it (its name field filled):
    a key sent earlier would go to the form of the row before."""
    terminal.wait_for("Findings (0)")
    terminal.keys("Down", "Down", "Down", "Down")
    terminal.wait_for("step file-complaint")
    terminal.wait_for("name Customer files a complaint")


def _to_name_field(terminal) -> None:
    """Tab from the tree into the form, one field at a time, waiting for the focus mark:
    a key sent before the app has moved the focus could land in the field before."""
    terminal.keys("Tab")
    terminal.wait_for("› id ")
    terminal.keys("Tab")
    terminal.wait_for("› name ")


def _quit(terminal) -> None:
    terminal.keys("C-q")
    deadline = time.monotonic() + 30
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not terminal.alive(), f"the editor did not quit:\n{terminal.screen()}"


def test_a_person_renames_a_step_saves_and_quits(terminal, project):
    _on_file_complaint(terminal)
    _to_name_field(terminal)
    terminal.keys("C-u")
    terminal.wait_for("The step's name.")  # the field is empty: its hint shows
    terminal.type("The customer complains")
    terminal.wait_for("› name The customer complains")
    terminal.keys("Enter")
    terminal.wait_for("1 unsaved file")
    terminal.keys("C-s")
    terminal.wait_for("all saved")
    _quit(terminal)
    text = (project.root / "processes" / "complaint-handling.yaml").read_text(encoding="utf-8")
    assert "        name: The customer complains\n" in text
    assert "Customer files a complaint" not in text


def test_what_a_person_types_is_saved_without_enter(terminal, project):
    _on_file_complaint(terminal)
    _to_name_field(terminal)  # its text is selected (issue 28): End goes on from its end
    terminal.keys("End")
    terminal.type(" by mail")
    terminal.wait_for("files a complaint by mail")
    terminal.keys("C-s")  # no Enter: the typed text is applied, then saved
    path = project.root / "processes" / "complaint-handling.yaml"
    saved = "        name: Customer files a complaint by mail\n"
    deadline = time.monotonic() + 60
    while saved not in path.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert saved in path.read_text(encoding="utf-8"), terminal.screen()
    terminal.wait_for("all saved")
    _quit(terminal)  # nothing left unsaved: no question


def test_closing_the_terminal_keeps_unsaved_edits_for_the_next_editor(terminal, project):
    _on_file_complaint(terminal)
    terminal.keys("DC")  # delete the step
    terminal.wait_for("1 unsaved file")
    terminal.close()  # the terminal goes away: the editor gets SIGHUP
    kept = project.root / ".flowmap-recovery"
    deadline = time.monotonic() + 15
    while not list(kept.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(kept.glob("*.json")), "the editor kept no recovery copy"
    path = project.root / "processes" / "complaint-handling.yaml"
    assert "id: file-complaint" in path.read_text(encoding="utf-8")

    again = Terminal(project.root, [FLOWMAP, "edit", "processes"])
    try:
        again.wait_for("Discard")
        again.keys("Enter")  # Restore, the first button
        again.wait_for("1 unsaved file")
        again.keys("C-s")
        again.wait_for("all saved")
    finally:
        again.close()
    assert "id: file-complaint" not in path.read_text(encoding="utf-8")
    assert not kept.exists()


def test_a_killed_editor_keeps_unsaved_edits(terminal, project):
    _on_file_complaint(terminal)
    terminal.keys("DC")
    terminal.wait_for("1 unsaved file")
    editor = int(terminal.tmux("list-panes", "-F", "#{pane_pid}").split()[0])
    os.kill(editor, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not terminal.alive(), "the editor did not stop"
    kept = list((project.root / ".flowmap-recovery").glob("*.text"))
    assert [path.read_text(encoding="utf-8").count("id: file-complaint") for path in kept] == [0]


def test_a_person_adds_a_row_to_a_list_and_an_id_from_the_known_ones(terminal, project):
    _on_file_complaint(terminal)
    terminal.keys("Down")
    terminal.wait_for("step register-complaint")
    terminal.wait_for("name Customer service registers")  # its form is up
    # an input's mark is on its label (`› name`), a list's on its row (`by ▌ …`)
    for mark in ("› id", "› name", "by ▌", "recheck ▌"):
        terminal.keys("Tab")
        terminal.wait_for(mark)
    terminal.keys("Enter")  # a new row after the first item
    terminal.wait_for("Three-step 1")  # the empty row shows its hint
    terminal.type("Defect photo attached")
    terminal.wait_for("Defect photo attached")
    terminal.keys("Enter")  # a new empty row after it, with its hint
    terminal.wait_for("Three-step 1")
    terminal.keys("Enter")  # Enter on the new empty row: on to the next field
    terminal.wait_for("assure ▌")
    for mark in ("delivers ▌", "› lead_time", "next ▌"):
        terminal.keys("Tab")
        terminal.wait_for(mark)
    terminal.type("clo")
    terminal.wait_for("known: close-complaint")  # the ids that fit, under the row
    terminal.keys("Right", "Enter")  # → takes the completion; Enter adds a row after it
    terminal.wait_for("Explicit successors")  # the new empty row's hint: both keys are in
    terminal.keys("C-s")
    terminal.wait_for("saved processes/complaint-handling.yaml")
    terminal.wait_for("all saved")
    _quit(terminal)
    text = (project.root / "processes" / "complaint-handling.yaml").read_text(encoding="utf-8")
    assert (
        'recheck: ["Complaint names the order, the part and the defect seen", '
        "Defect photo attached]" in text
    )
    assert "next: [close-complaint]" in text


def _running(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its parent has ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as status:
            return status.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("round_", range(5))  # the hang came and went with timing
def test_the_editor_never_outlives_its_terminal(terminal, project, round_):
    """The pane closes while the editor draws: within 2 s the recovery copy is written and
    no flowmap process is left (it once hung in Textual's output thread, ignoring SIGTERM)."""
    _on_file_complaint(terminal)
    terminal.keys("DC")  # delete the step: one unsaved file
    terminal.wait_for("1 unsaved file")
    editor = int(terminal.tmux("list-panes", "-F", "#{pane_pid}").split()[0])
    for key in ("Down", "Up") * 10:  # output in flight when the terminal goes
        terminal.tmux("send-keys", key)
    terminal.close()
    closed = time.monotonic()
    while _running(editor) and time.monotonic() - closed < 2.5:
        time.sleep(0.05)
    left = _running(editor)
    if left:
        os.kill(editor, signal.SIGKILL)  # never leave it behind, whatever the test says
    assert not left, "the editor outlived its terminal"
    assert list((project.root / ".flowmap-recovery").glob("*.json")), "no recovery copy"


# What a terminal acts on, as bytes the editor must never write from the maps' names
# (tests/control-names.yaml holds them): OSC 52, OSC 8 to the planted link, DSR, DCS, a
# window title, C1 CSI, bidi controls.
PAYLOADS = [
    b"\x1b]52;c;",
    b"\x1b]8;;https://evil",
    b"\x1b[6n",
    b"\x1bPq",
    b"\x1b]2;PWNED",
    b"\x1b[2J",
    "\x9b".encode(),
    "\u202e".encode(),
    "\u2066".encode(),
]


def test_the_editor_writes_no_escape_from_the_maps_to_its_terminal(project):
    """A `script` recording of `flowmap edit` in a tmux pane of 80×24, walked over every
    hostile name: none of their escape sequences reaches the terminal, and the tree shows
    them as escapes, each row within its column."""
    if shutil.which("tmux") is None or shutil.which("script") is None:
        pytest.fail("tmux and script (util-linux) are needed for this test")
    (project.root / "maps").mkdir()
    shutil.copy(Path(__file__).parent.parent / "control-names.yaml", project.root / "maps")
    log = project.root / "typescript.log"
    command = ["script", "-q", "-f", "-c", f"{FLOWMAP} edit maps", str(log)]
    terminal = Terminal(project.root, command, size=(80, 24))
    try:
        terminal.wait_for("Findings (")
        for _ in range(14):  # every row: each form and its fields drawn too
            terminal.keys("Down")
        terminal.wait_for("role welder")
        time.sleep(1)
        screen = terminal.screen()
        terminal.keys("C-q")
        deadline = time.monotonic() + 30
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        terminal.close()
    recorded = log.read_bytes()
    assert len(recorded) > 5000
    assert [p for p in PAYLOADS if p in recorded] == []
    # Textual's own pointer-shape sequence is the only BEL allowed
    assert b"\x07" not in recorded.replace(b"\x1b]22;default\x07", b"")
    assert "\\x1b" in screen  # shown, as an escape
    assert all(len(line) <= 80 for line in screen.splitlines())
    tree_rows = [line for line in screen.splitlines() if " — " in line]
    assert tree_rows and all(line.index("│", 2) == tree_rows[0].index("│", 2) for line in tree_rows)
