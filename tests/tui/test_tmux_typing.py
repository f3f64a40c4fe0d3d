"""Typing at speed in the installed editor (issue 28, point 1): every key goes where the
cursor is when it is pressed. Keys go in through tmux one by one, 10 ms apart, with no
wait for the screen between them (a fast typist, a paste, a slow link): a name, Tab, 40
characters into the next field, Tab, 40 characters… through each kind of field, on the
1,000-step bench map; the saved file must hold every character where it was typed. Then
again with the machine loaded: a busy process on each core, started and stopped here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bench.corpus import ORG, process_file
from flowmap.model import types as t
from flowmap.model.fields import FIELDS
from tests.tui.test_tmux import FLOWMAP, Terminal

pytestmark = pytest.mark.tmux

KEY_GAP = 0.010  # seconds between two keys

# What is typed into each field: 40 characters each (a name is typed first, then Tab).
NAME = "Complaint registered and acknowledged ok"  # text
BY = "quality-engineer-of-the-complaints-desk1"  # an id, with completion offered
RECHECK = "Complaint names the order, part, defects"  # a list row (text)
LEAD_TIME = "1.234567890123456789012345678901234567 h"  # a duration
TYPED = {"name": NAME, "by": BY, "recheck": RECHECK, "lead_time": LEAD_TIME}


def _stops() -> list[str]:
    """The step's fields in the form's order (each holds one row on the bench map's step
    `f0-p0-s1`, so each is one Tab)."""
    return [k for k, spec in FIELDS[t.Step].items() if spec.kind != "objects"]


@pytest.fixture
def bench_map(tmp_path: Path) -> Path:
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "map-0000.yaml").write_text(process_file("f0", 100, 10), encoding="utf-8")
    return tmp_path


def _type_burst(terminal: Terminal, keys: list[str]) -> None:
    """Each key (a tmux key name in `<…>`, else one character) 10 ms after the last."""
    for key in keys:
        if key.startswith("<"):
            terminal.tmux("send-keys", key[1:-1])
        else:
            terminal.tmux("send-keys", "-l", key)
        time.sleep(KEY_GAP)


def _burst() -> list[str]:
    """From the `id` field: Tab, the name, Tab, 40 characters, … to each field typed."""
    stops = _stops()
    keys: list[str] = []
    at = stops.index("id")
    for field in sorted(TYPED, key=stops.index):
        keys += ["<Tab>"] * (stops.index(field) - at)
        keys += list(TYPED[field])
        at = stops.index(field)
    return keys


def _typed_everywhere(folder: Path) -> None:
    terminal = Terminal(folder, [FLOWMAP, "edit", "map-0000.yaml"], size=(80, 24))
    try:
        terminal.wait_for("Findings (", timeout=120)
        terminal.keys("Down", "Down", "Down", "Down", "Down")
        terminal.wait_for("step f0-p0-s1", timeout=60)
        terminal.keys("Tab")
        terminal.wait_for("› id f0-p0-s1", timeout=60)
        _type_burst(terminal, [*_burst(), "<Escape>", "<C-s>"])
        terminal.wait_for("saved map-0000.yaml", timeout=120)
    finally:
        terminal.close()
    steps = yaml.safe_load((folder / "map-0000.yaml").read_text())["processes"][0]["steps"]
    step = steps[1]
    assert step["id"] == "f0-p0-s1"
    assert step["name"] == NAME
    assert step["by"] == BY
    assert step["recheck"] == [RECHECK]
    assert step["lead_time"] == LEAD_TIME


def test_keys_typed_fast_land_where_they_were_typed(bench_map):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test: sudo apt-get install tmux (make test does)")
    _typed_everywhere(bench_map)


def test_keys_typed_fast_on_a_loaded_machine_land_where_they_were_typed(bench_map):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test: sudo apt-get install tmux (make test does)")
    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(os.cpu_count() or 1)
    ]
    try:
        _typed_everywhere(bench_map)
    finally:
        for process in busy:
            process.kill()
            process.wait()


ROWS_MAP = """\
flowmap: 1
roles:
  - {id: clerk, name: Clerk}
processes:
  - id: p
    name: Complaints
    steps:
      - id: register
        name: Register the complaint
        by: clerk
        recheck:
          - Alpha row is a long text that runs on past the end of the field
          - Beta row is another long text that runs on past the end of it
"""
ROW = "Gamma typed fast over the whole Beta row"  # 40 characters


def test_a_row_entered_with_down_shows_its_start_and_typing_replaces_it(tmp_path):
    """Issue 28, point 3: Down from the row above enters the row as Tab enters a field —
    its text from the start, all selected — so keys typed at once replace it."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test: sudo apt-get install tmux (make test does)")
    (tmp_path / "map.yaml").write_text(ROWS_MAP, encoding="utf-8")
    terminal = Terminal(tmp_path, [FLOWMAP, "edit", "map.yaml"], size=(80, 24))
    try:
        terminal.wait_for("Findings (", timeout=60)
        terminal.keys("C-g")  # go to an id
        terminal.wait_for("Go to id", timeout=30)
        terminal.type("register")
        terminal.keys("Enter")
        terminal.wait_for("step register", timeout=30)
        terminal.keys("Tab", "Tab", "Tab", "Tab")  # id, name, by, recheck's first row
        terminal.wait_for("▌ Alpha row is", timeout=30)
        terminal.keys("End", "Down")  # the cursor at the end of Alpha's long text, then on
        screen = terminal.wait_for("▌ Beta row is another", timeout=30)
        assert "Alpha row is a long" in screen  # the row left shows its start again
        _type_burst(terminal, [*ROW, "<Escape>", "<C-s>"])
        terminal.wait_for("saved map.yaml", timeout=60)
    finally:
        terminal.close()
    step = yaml.safe_load((tmp_path / "map.yaml").read_text())["processes"][0]["steps"][0]
    assert step["recheck"] == [
        "Alpha row is a long text that runs on past the end of the field",
        ROW,
    ]
