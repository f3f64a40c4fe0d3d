"""Planning a batch of many files asks about each file once (issue 23), and asks afresh at
the next plan: which files git ignores, each file's real path, whether a scanned file is a
map."""

from __future__ import annotations

import os
from pathlib import Path

from flowmap.load import discover
from flowmap.load.excludes import Excludes
from flowmap.project import plan
from flowmap.workspace import is_map_named

MAP = "flowmap: 1\nprocesses:\n  - {id: p, steps: [{id: a, by: x}]}\n"


def test_nested_gitignore_files_decide_as_git_does_and_each_answer_is_kept(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/\n*.old.yaml\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("!keep.old.yaml\nlocal.yaml\n")
    excludes = Excludes(tmp_path, ())
    asked = {
        "a.yaml": False,
        "a.old.yaml": True,
        "sub/keep.old.yaml": False,  # the deeper file re-includes it
        "sub/other.old.yaml": True,
        "sub/local.yaml": True,
        "local.yaml": False,  # sub's file has no say above it
        "sub/deeper/local.yaml": True,  # nor below it only by name: git matches anywhere
        "drafts/x.yaml": True,
    }
    for relative, ignored in asked.items():
        assert excludes.excluded(tmp_path / relative) is ignored, relative
    assert excludes.excluded(tmp_path / "drafts", folder=True)
    assert not excludes.excluded(tmp_path / "sub", folder=True)
    # asked again: the kept answer, without reading or matching anything
    excludes.spec = excludes._ignores = None
    for relative, ignored in asked.items():
        assert excludes.excluded(tmp_path / relative) is ignored, relative


def test_a_file_that_becomes_a_link_is_resolved_afresh_by_the_next_plan(project):
    project.write("maps/a.yaml", MAP)
    project.write("elsewhere/b.yaml", MAP.replace("id: p", "id: q"))
    plan(["maps"])
    first = discover.real_path(Path("maps/a.yaml"))
    assert first == project.root.resolve() / "maps" / "a.yaml"
    os.remove(project.root / "maps" / "a.yaml")
    os.symlink(project.root / "elsewhere" / "b.yaml", project.root / "maps" / "a.yaml")
    assert discover.real_path(Path("maps/a.yaml")) == first  # kept within one plan
    plan(["maps"])
    assert discover.real_path(Path("maps/a.yaml")) == project.root.resolve() / "elsewhere/b.yaml"


def test_a_map_a_folder_scan_found_is_not_opened_again_to_tell_it_is_one(project, monkeypatch):
    project.write("maps/a.yaml", MAP)
    project.write("maps/notes.yaml", "title: not a map\n")
    [org] = plan(["maps"])
    assert [shown for _, shown in org.named] == ["maps/a.yaml"]
    opened = []
    real = discover.is_map_file
    monkeypatch.setattr(discover, "is_map_file", lambda path: opened.append(path) or real(path))
    monkeypatch.setattr("flowmap.workspace.is_map_file", discover.is_map_file)
    assert is_map_named(project.root / "maps" / "a.yaml")
    assert opened == []
    assert not is_map_named(project.root / "maps" / "notes.yaml")  # not found: read
    assert opened == [project.root / "maps" / "notes.yaml"]
    # the next plan looks again: a map that lost its `flowmap:` line is no map any more
    project.write("maps/a.yaml", "title: no longer a map\n")
    plan(["maps/notes.yaml"])
    assert not is_map_named(project.root / "maps" / "a.yaml")


def test_a_folder_scan_keeps_the_real_path_of_each_file_and_a_link_leads_to_its_target(project):
    project.write("maps/a.yaml", MAP)
    project.write("shared/b.yaml", MAP.replace("id: p", "id: q"))
    os.symlink(project.root / "shared" / "b.yaml", project.root / "maps" / "b.yaml")
    [org] = plan(["maps"], whole=False)
    assert [shown for _, shown in org.named] == ["maps/a.yaml", "maps/b.yaml"]
    real = project.root.resolve()
    kept = {discover._key(path): path for path, _ in org.named}
    assert discover._REAL[discover._key(Path("maps/a.yaml"))] == real / "maps" / "a.yaml"
    assert kept.keys() <= discover._FOUND  # both found by the scan: not opened again
    assert discover.real_path(Path("maps/b.yaml")) == real / "shared" / "b.yaml"


def test_a_file_is_read_whole_past_the_first_read_and_its_head_alone_tells_a_map(project):
    from flowmap.config import DEFAULT_CONFIG
    from flowmap.load.text import read_regular, read_text

    long = MAP + "".join(f"# line {index:06d} of a long comment\n" for index in range(6000))
    path = project.write("maps/long.yaml", long)  # 210 KB: several reads
    text, findings = read_text(path, "maps/long.yaml", DEFAULT_CONFIG.limits)
    assert (text, findings) == (long, [])
    assert read_regular(path, 65536) == (len(long), long.encode()[:65536])
    assert read_regular(path, 10, most=100) == (len(long), None)  # too big: not read
    late = project.write("maps/late.yaml", "# x\n" * 20000 + MAP)  # `flowmap:` past 64 KiB
    assert discover.is_map_file(path) and not discover.is_map_file(late)
    assert read_regular(project.write("maps/empty.yaml", ""), 65536) == (0, b"")
