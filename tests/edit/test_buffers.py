"""The session's files as a module: text and disk bytes, BOM, dirty state, changes on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowmap.edit.buffers import BOM, Buffers, load
from flowmap.edit.yaml_text import EditError

MAP = "flowmap: 1\ntitle: Orders\n"


def test_a_file_with_a_byte_order_mark_is_written_back_with_it(project):
    path = project.write_bytes("m.yaml", BOM + MAP.encode())
    buffer = load(path)
    assert buffer.text == MAP and buffer.bom
    assert buffer.data == path.read_bytes()


def test_a_file_that_is_not_utf8_has_no_text_and_keeps_its_bytes(project):
    path = project.write_bytes("m.yaml", b"flowmap: 1\ntitle: \xff\n")
    buffer = load(path)
    assert buffer.text is None and buffer.disk == path.read_bytes()


def test_a_missing_file_has_neither_text_nor_disk(project):
    buffer = load(project.root / "gone.yaml")
    assert buffer.text is None and buffer.disk is None


def _opened(project) -> Buffers:
    path = project.write("m.yaml", MAP)
    buffers = Buffers([(Path("m.yaml"), "m.yaml")])
    buffers.join("m.yaml", path)
    return buffers


def test_a_file_is_dirty_while_its_text_differs_from_the_disk(project):
    buffers = _opened(project)
    buffers.set_text("m.yaml", MAP.replace("Orders", "Returns"))
    assert buffers.dirty == {"m.yaml"}
    buffers.set_text("m.yaml", MAP)  # typed back to what is on disk
    assert buffers.dirty == set()


def test_a_new_file_joins_dirty_and_leaves_when_its_text_is_none(project):
    buffers = _opened(project)
    buffers.set_text("new.yaml", MAP)
    assert list(buffers) == ["m.yaml", "new.yaml"] and "new.yaml" in buffers.dirty
    assert buffers.named[-1] == (Path("new.yaml"), "new.yaml")
    assert buffers.get("new.yaml").disk is None  # not on disk until saved
    buffers.set_text("new.yaml", None)
    assert list(buffers) == ["m.yaml"] and buffers.dirty == set()
    assert [name for _, name in buffers.named] == ["m.yaml"]


def test_a_file_is_found_by_name_or_path_and_a_stranger_is_refused(project):
    buffers = _opened(project)
    assert buffers.name(project.root / "m.yaml") == "m.yaml"
    assert buffers.get("m.yaml") is buffers.get(Path("m.yaml"))
    with pytest.raises(EditError, match="not a file of this session"):
        buffers.get("other.yaml")
    with pytest.raises(EditError, match="not a file of this session"):
        buffers.get(project.root / "other.yaml")


def test_a_change_on_disk_is_seen_until_the_file_is_saved(project):
    buffers = _opened(project)
    assert buffers.changed_on_disk() == []
    (project.root / "m.yaml").write_text("flowmap: 1\ntitle: theirs\n", encoding="utf-8")
    assert buffers.changed_on_disk() == ["m.yaml"]
    data = (project.root / "m.yaml").read_bytes()
    buffers.saved("m.yaml", data)
    assert buffers.changed_on_disk() == [] and buffers.dirty == set()


def test_the_last_read_of_a_file_holds_only_while_its_text_is_the_same(project):
    buffers = _opened(project)
    read = object()
    buffers.remember_read("m.yaml", read)
    assert buffers.last_read("m.yaml") is read
    buffers.set_text("m.yaml", MAP + "# note\n")
    assert buffers.last_read("m.yaml") is None


def test_an_undo_finds_the_text_it_brings_back_read_already(project):
    from flowmap.edit.buffers import READS_KEPT

    buffers = _opened(project)
    reads = []
    for n in range(READS_KEPT + 1):  # an edit after another: each new text read once
        buffers.set_text("m.yaml", MAP + f"# edit {n}\n")
        reads.append(object())
        buffers.remember_read("m.yaml", reads[-1])
    buffers.set_text("m.yaml", MAP + f"# edit {READS_KEPT - 1}\n")  # undone once: read
    assert buffers.last_read("m.yaml") is reads[-2]
    buffers.set_text("m.yaml", MAP + "# edit 0\n")  # the oldest: no longer kept
    assert buffers.last_read("m.yaml") is None


def test_the_read_of_the_text_before_an_edit_is_found_for_it(project):
    """An edit inside one item changes that item of the model read before it."""
    buffers = _opened(project)
    read = object()
    buffers.remember_read("m.yaml", read)
    buffers.set_text("m.yaml", MAP + "# edit\n")
    assert buffers.read_of("m.yaml", MAP) is read
    assert buffers.read_of("m.yaml", MAP + "# other\n") is None
