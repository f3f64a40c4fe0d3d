"""Recovery copies: unsaved files kept in .flowmap-recovery/ under the project root when the
editor must stop, offered back (restore or discard) by the next session of the project."""

from __future__ import annotations

import json

import pytest

from flowmap.edit import EditSession, SaveConflict, recovery
from flowmap.edit.recovery import FOLDER

OTD = "processes/order-to-delivery.yaml"


def _edited(project) -> EditSession:
    session = EditSession.open(["processes"])
    session.set_field("ship", "lead_time", "3d")
    return session


def test_nothing_unsaved_keeps_nothing(processes, project):
    assert processes.keep_unsaved() is None
    assert not (project.root / FOLDER).exists()


def test_unsaved_files_are_kept_and_restored_by_the_next_session(processes, project):
    processes.set_field("ship", "lead_time", "3d")
    processes.new_file("processes/returns.yaml")
    unsaved = {name: processes.text(name) for name in processes.dirty_files}
    folder = processes.keep_unsaved()
    assert folder == project.root / FOLDER

    later = EditSession.open(["processes"])
    copies = later.kept_copies()
    assert sorted(c.path.name for c in copies) == ["order-to-delivery.yaml", "returns.yaml"]
    assert sorted(later.restore(copies)) == sorted(unsaved)
    assert {name: later.text(name) for name in later.dirty_files} == unsaved
    assert later.workspace.org.steps["ship"].lead_time.text == "3d"
    assert not folder.exists() and later.kept_copies() == []
    later.save()
    assert "lead_time: 3d" in (project.root / OTD).read_text(encoding="utf-8")
    assert (project.root / "processes" / "returns.yaml").exists()


def test_a_restored_file_changed_on_disk_meanwhile_asks_before_it_is_saved(project):
    project.copy_processes()
    _edited(project).keep_unsaved()
    path = project.root / OTD
    path.write_text(path.read_text(encoding="utf-8") + "# theirs\n", encoding="utf-8")
    later = EditSession.open(["processes"])
    later.restore(later.kept_copies())
    with pytest.raises(SaveConflict):
        later.save()
    assert path.read_text(encoding="utf-8").endswith("# theirs\n")


def test_restoring_is_one_undoable_change(project):
    project.copy_processes()
    _edited(project).keep_unsaved()
    later = EditSession.open(["processes"])
    on_disk = later.text(OTD)
    later.restore(later.kept_copies())
    later.undo()
    assert later.text(OTD) == on_disk


def test_discarded_copies_are_gone_and_the_files_stay_as_on_disk(project):
    project.copy_processes()
    _edited(project).keep_unsaved()
    later = EditSession.open(["processes"])
    later.discard(later.kept_copies())
    assert later.kept_copies() == [] and not (project.root / FOLDER).exists()
    assert later.dirty_files == set()


def test_the_project_root_is_found_from_a_session_opened_in_a_subfolder(project):
    project.copy_processes()
    (project.root / "elsewhere").mkdir()
    session = EditSession.open([str(project.root / "processes")])
    session.set_field("ship", "lead_time", "3d")
    assert session.keep_unsaved() == project.root / FOLDER


def test_folder_scans_skip_the_recovery_copies(project, cli):
    project.copy_processes()
    _edited(project).keep_unsaved()
    copies = list((project.root / FOLDER).iterdir())
    assert copies
    whole = EditSession.open(["."])
    assert not any(FOLDER in name for name in whole.files)
    everything = json.loads(cli("check", ".", "--format", "json").out)
    maps_only = json.loads(cli("check", "processes", "--format", "json").out)
    assert everything["files"] == maps_only["files"] > 0


def test_a_copy_that_is_not_text_is_left_in_the_folder(processes, project):
    path = project.root / OTD
    recovery.keep(project.root, [(path, b"\xff\xfe broken", path.read_bytes())])
    copies = processes.kept_copies()
    assert processes.restore(copies) == [] and processes.dirty_files == set()
    assert processes.kept_copies() == copies


def test_a_second_forced_exit_never_replaces_a_copy_not_yet_taken_back(project):
    project.copy_processes()
    _edited(project).keep_unsaved()  # the next editor chose "not now", then it stopped too
    other = EditSession.open(["processes"])
    other.set_field("ship", "lead_time", "5d")
    other.keep_unsaved()
    later = EditSession.open(["processes"])
    first, second = later.kept_copies()
    assert b"lead_time: 3d" in first.data and b"lead_time: 5d" in second.data
    later.restore([first, second])
    assert later.workspace.org.steps["ship"].lead_time.text == "5d"
    assert later.kept_copies() == [first]
