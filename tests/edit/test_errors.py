"""The engine raises only its own errors (EditError, and SaveConflict, a kind of it), each
saying what happened, and changes nothing when it raises."""

from __future__ import annotations

import os
import stat

import pytest

from flowmap.edit import EditError, EditSession, SaveConflict
from flowmap.workspace import UsageError

OTD = "processes/order-to-delivery.yaml"


def test_a_save_conflict_is_an_edit_error():
    assert issubclass(SaveConflict, EditError)


def test_saving_onto_a_path_that_became_a_folder(processes, project):
    processes.set_field("ship", "lead_time", "1d")
    path = project.root / OTD
    path.unlink()
    path.mkdir()
    with pytest.raises(EditError, match="order-to-delivery.yaml was not saved"):
        processes.save(overwrite=True)
    with pytest.raises(EditError, match="was not saved"):
        processes.save()
    assert path.is_dir() and OTD in processes.dirty_files
    assert processes.changed_on_disk() == [OTD]
    with pytest.raises(EditError, match="cannot be read from disk"):
        processes.reload(OTD)
    assert processes.workspace.org.steps["ship"].lead_time.text == "1d"


def test_saving_into_a_folder_that_is_gone(processes, project):
    processes.new_file("processes/returns.yaml")
    (project.root / "processes").rename(project.root / "moved")
    with pytest.raises(EditError, match="returns.yaml was not saved"):
        processes.save()
    assert "processes/returns.yaml" in processes.dirty_files


@pytest.mark.parametrize(
    "name",
    ["processes/" + "x" * 300 + ".yaml", "processes/a\0b.yaml", "x" * 5000 + "/a.yaml"],
    ids=["a 300-character name", "a NUL character", "a 5000-character folder"],
)
def test_a_new_file_name_the_system_refuses(processes, name):
    before = processes.buffers.texts()
    with pytest.raises(EditError, match="cannot name a file"):
        processes.new_file(name)
    assert processes.buffers.texts() == before and not processes.can_undo


def test_opening_a_path_the_system_refuses_is_a_usage_error(project):
    with pytest.raises(UsageError):
        EditSession.open(["x" * 5000])
    with pytest.raises(UsageError):
        EditSession.open(["a\0b"])


def test_the_message_about_a_long_name_is_short(processes):
    with pytest.raises(EditError) as refused:
        processes.new_file("processes/" + "x" * 300 + ".yaml")
    assert len(str(refused.value)) < 160


def test_a_new_file_is_readable_by_others_as_the_umask_says(processes, project):
    previous = os.umask(0o022)
    try:
        processes.new_file("processes/returns.yaml")
        processes.save()
    finally:
        os.umask(previous)
    assert stat.S_IMODE((project.root / "processes" / "returns.yaml").stat().st_mode) == 0o644
