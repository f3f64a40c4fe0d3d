"""One rule for every file flowmap writes: only inside the folder the user named (or the
project, for the editor), never through a symbolic link or into a FIFO or device planted
there; a path named on the command line is the user's own (a link followed, a FIFO written
into, waiting at most 10 s for a reader).

Each case is what someone who controls a pull request's files could plant (issue 21).
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from flowmap.edit import EditError, EditSession, recovery
from flowmap.outputs import files
from flowmap.tui.app import EditorApp
from tests.conftest import PROCESSES
from tests.tui.conftest import SIZE, messages, select

REPORT = ("report", str(PROCESSES), "--dot", "/nonexistent/dot")
OTD = "processes/order-to-delivery.yaml"


@pytest.fixture
def victim(tmp_path) -> Path:
    """A folder outside the project, holding a file an attacker wants overwritten."""
    folder = tmp_path.parent / f"{tmp_path.name}-victim"
    folder.mkdir()
    (folder / "bashrc").write_text("mine\n", encoding="utf-8")
    return folder


def _untouched(victim: Path) -> None:
    assert sorted(p.name for p in victim.iterdir()) == ["bashrc"]
    assert (victim / "bashrc").read_text(encoding="utf-8") == "mine\n"


# -- report -o DIR ---------------------------------------------------------------------------


def test_a_link_planted_in_the_report_folder_is_an_error_and_nothing_is_written(
    cli, project, victim
):
    (project.root / "out").mkdir()
    os.symlink(victim / "bashrc", project.root / "out" / "findings.csv")
    os.symlink(victim / "new.html", project.root / "out" / "handoffs.csv")  # would create
    result = cli(*REPORT, "-o", "out")
    assert result.code == 2
    assert "out/findings.csv" in result.err or "out/handoffs.csv" in result.err
    assert "symbolic link" in result.err
    _untouched(victim)
    assert not (project.root / "out" / "report.html").exists()  # nothing written at all


def test_a_fifo_planted_in_the_report_folder_is_an_error_not_a_hang(cli, project):
    (project.root / "out").mkdir()
    os.mkfifo(project.root / "out" / "report.html")
    started = time.monotonic()
    result = cli(*REPORT, "-o", "out")
    assert time.monotonic() - started < 30
    assert result.code == 2 and "out/report.html" in result.err and "FIFO" in result.err
    assert stat.S_ISFIFO((project.root / "out" / "report.html").lstat().st_mode)


def test_a_linked_subfolder_of_the_report_folder_is_refused(project, victim):
    (project.root / "out").mkdir()
    os.symlink(victim, project.root / "out" / "processes")
    with pytest.raises(files.OutputError, match="out/processes: it is a symbolic link"):
        files.write_files(project.root / "out", {"processes/p.html": b"x", "report.html": b"y"})
    _untouched(victim)
    assert not (project.root / "out" / "report.html").exists()


def test_the_default_report_folder_is_never_followed_but_a_named_one_is(cli, project, victim):
    os.symlink(victim, project.root / "out")
    result = cli(*REPORT)  # `out` by default: a link nobody named
    assert result.code == 2 and "out: it is a symbolic link" in result.err
    _untouched(victim)
    result = cli(*REPORT, "-o", "out")  # named on the command line: the user's choice
    assert result.code == 0, result.err
    assert (victim / "report.html").exists()


# -- paths named on the command line -----------------------------------------------------------


def test_a_fifo_named_with_o_and_no_reader_times_out_with_a_message(cli, project, monkeypatch):
    monkeypatch.setattr(files, "FIFO_WAIT", 0.3)
    os.mkfifo(project.root / "pipe.dot")
    started = time.monotonic()
    result = cli("render", str(PROCESSES), "--format", "dot", "-o", "pipe.dot")
    assert time.monotonic() - started < 10
    assert result.code == 2
    assert "pipe.dot: it is a FIFO (named pipe) and nothing read from it for 0.3 s" in result.err


def test_the_fifo_wait_is_ten_seconds():
    assert files.FIFO_WAIT == 10


def test_a_link_named_on_the_command_line_is_followed(project, victim):
    os.symlink(victim / "bashrc", project.root / "chart.svg")
    files.write_output(project.root / "chart.svg", b"<svg/>")
    assert (victim / "bashrc").read_bytes() == b"<svg/>"


# -- the editor: saves, lock files, `r`, recovery copies ---------------------------------------


@pytest.mark.parametrize("planted", ["link", "fifo"])
def test_a_planted_lock_is_refused_and_nothing_created_through_it(project, victim, planted):
    project.copy_processes()
    session = EditSession.open(["processes"])
    session.set_field("ship", "lead_time", "17d")
    lock = project.root / "processes" / ".order-to-delivery.yaml.flowmap-lock"
    if planted == "link":
        os.symlink(victim / "x", lock)
        said = "flowmap-lock: it is a symbolic link"
    else:
        os.mkfifo(lock)
        said = "flowmap-lock: it is a FIFO"
    started = time.monotonic()
    with pytest.raises(EditError, match=said):
        session.save()
    assert time.monotonic() - started < 5
    assert not (victim / "x").exists()
    assert "17d" not in (project.root / OTD).read_text(encoding="utf-8")


def test_the_editor_writes_nothing_outside_its_project(project, victim):
    from flowmap.edit.saving import save_atomically

    with pytest.raises(EditError, match="outside the project"):
        save_atomically(victim / "bashrc", b"x", None, overwrite=True, root=project.root)
    with pytest.raises(EditError, match="outside the project"):
        save_atomically(project.root / ".." / "x.yaml", b"x", None, True, root=project.root)
    _untouched(victim)


def test_a_linked_recovery_folder_is_refused(project, victim):
    project.copy_processes()
    os.symlink(victim, project.root / recovery.FOLDER)
    session = EditSession.open(["processes"])
    session.set_field("ship", "lead_time", "3d")
    with pytest.raises(EditError, match="symbolic link"):
        session.keep_unsaved()
    _untouched(victim)
    assert session.kept_copies() == []


def test_recovery_copies_store_paths_relative_to_the_project(project):
    project.copy_processes()
    session = EditSession.open(["processes"])
    session.set_field("ship", "lead_time", "3d")
    folder = session.keep_unsaved()
    (about,) = folder.glob("*.json")
    assert json.loads(about.read_text(encoding="utf-8"))["path"] == OTD


def _plant_copy(
    root: Path, path: str, text: bytes = b"#!/bin/sh\necho pwned\n", base: bytes | None = None
) -> None:
    folder = root / recovery.FOLDER
    folder.mkdir(exist_ok=True)
    key = f"planted{len(list(folder.iterdir()))}-20260101000000000000"
    (folder / f"{key}.text").write_bytes(text)
    if base is not None:
        (folder / f"{key}.base").write_bytes(base)
    about = {"path": path, "made": "2026-01-01 00:00:00 UTC"}
    (folder / f"{key}.json").write_text(json.dumps(about), encoding="utf-8")


@pytest.mark.parametrize(
    "planted",
    [
        "{root}/.git/hooks/pre-commit",  # absolute, into the repository's hooks
        ".git/hooks/pre-commit.yaml",  # hidden
        "../outside.yaml",  # outside the project
        "{victim}/bashrc",  # absolute, outside
        "processes/../../outside.yaml",
        "README.md",  # not a map file's name
        "notes/settings.yaml",  # a YAML file that is not one of the project's maps
        "linked/evil.yaml",  # through a link
    ],
)
def test_a_planted_recovery_copy_is_never_offered_nor_written(project, victim, planted):
    project.copy_processes()
    (project.root / ".git" / "hooks").mkdir(parents=True)
    (project.root / "notes").mkdir()
    (project.root / "notes" / "settings.yaml").write_text("a: 1\n", encoding="utf-8")
    os.symlink(victim, project.root / "linked")
    _plant_copy(project.root, planted.format(root=project.root, victim=victim))
    session = EditSession.open(["processes"])
    assert [c for c in session.kept_copies() if session.may_restore(c)] == []
    assert session.restore(session.kept_copies()) == []
    session.save()
    assert not (project.root / ".git" / "hooks" / "pre-commit").exists()
    assert (project.root / "notes" / "settings.yaml").read_text(encoding="utf-8") == "a: 1\n"
    _untouched(victim)


def test_a_copy_of_a_map_of_the_project_is_still_offered(project):
    project.copy_processes()
    before = (project.root / OTD).read_bytes()
    text = before + b"# kept\n"
    _plant_copy(project.root, OTD, text, before)
    session = EditSession.open(["processes"])
    assert session.restore(session.kept_copies()) == [OTD]
    session.save()
    assert (project.root / OTD).read_bytes() == text


async def test_the_editor_offers_no_planted_copy(project):
    project.copy_processes()
    (project.root / ".git" / "hooks").mkdir(parents=True)
    _plant_copy(project.root, f"{project.root}/.git/hooks/pre-commit")
    app = EditorApp(EditSession.open(["processes"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ != "Choice"


async def test_r_refuses_a_linked_out_folder(project, victim):
    project.copy_processes()
    os.symlink(victim, project.root / "out")
    app = EditorApp(EditSession.open(["processes"]))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("r")
        await pilot.pause()
        said = messages(app)
    _untouched(victim)
    assert "chart written" not in said and "out: it is a symbolic link" in said
