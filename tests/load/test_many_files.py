"""Planning a batch of many files asks about each file once (issue 23), and asks afresh at
the next plan: which files git ignores, each file's real path, whether a scanned file is a
map."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flowmap.load import discover, text
from flowmap.load.excludes import Excludes
from flowmap.project import plan
from flowmap.workspace import is_map_named

MAP = "flowmap: 1\nprocesses:\n  - {id: p, steps: [{id: a, by: x}]}\n"


def test_nested_gitignore_files_decide_as_git_does_and_each_answer_is_kept(tmp_path, monkeypatch):
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
    excludes._spec = excludes._ignores = None
    monkeypatch.setattr("flowmap.load.excludes._compiled", None)  # nothing compiled again
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


def test_a_folder_scan_opens_no_file_and_the_reader_tells_a_map_from_the_text_it_reads(
    project, monkeypatch, cli
):
    project.write("maps/a.yaml", MAP)
    project.write("maps/notes.yaml", "title: not a map\n")
    opened = []
    real = discover.read_regular
    monkeypatch.setattr(discover, "read_regular", lambda *a: opened.append(a[0]) or real(*a))
    [org] = plan(["maps"], whole=False)
    # to plan, only the first file of an organisation is opened (it is one if a map is in it)
    assert [path.name for path in opened] == ["a.yaml"]
    assert [shown for _, shown in org.files] == ["maps/a.yaml", "maps/notes.yaml"]
    assert org.unsure == {project.root.resolve() / "maps" / "notes.yaml"}
    # whoever asks for the maps alone is told, each head read once
    assert [shown for _, shown in org.named] == ["maps/a.yaml"]
    assert [path.name for path in opened] == ["a.yaml", "notes.yaml"]
    assert [shown for _, shown in org.named] == ["maps/a.yaml"] and len(opened) == 2
    # a check opens each file once, where it reads it (the first of an organisation twice):
    # the map is read, the other left out without a word, as a scan leaves it out
    opened.clear()
    monkeypatch.setattr(text, "read_regular", lambda *a: opened.append(a[0]) or real(*a))
    result = cli("check", "-j", "1", "--select", "schema", "maps/")
    assert (result.code, result.out, result.err) == (0, "", "No findings in 1 file.\n")
    assert sorted(path.name for path in opened) == ["a.yaml", "a.yaml", "notes.yaml"]
    # named, the file that is no map is a finding
    result = cli("check", "-j", "1", "--select", "schema", "maps/notes.yaml")
    assert result.out.startswith("maps/notes.yaml:1:1: error schema this file has no")
    # the next plan looks again: a map that lost its `flowmap:` line is no map any more
    project.write("maps/a.yaml", "title: no longer a map\n")
    assert not is_map_named(project.root / "maps" / "a.yaml")
    assert plan(["maps"], whole=False)[0].named == []


def test_a_scanned_file_that_is_no_map_makes_no_organisation_nor_hides_it_named(project, cli):
    project.write(".flowmap.toml", 'organisations = ["plant/", "notes/"]\n')
    project.write("plant/a.yaml", MAP)
    project.write("notes/n.yaml", "title: not a map\n")
    project.write("top.yaml", "title: not a map either\n")
    assert [org.label for org in plan(["."])] == ["plant/"]  # notes/ holds no map
    assert [org.label for org in plan(["notes"])] == ["."]  # no map at all: the root, empty
    assert plan(["notes"])[0].named == []
    # found by the scan of `.`, then named: no map, so a finding where it is named
    schema = "error schema this file has no `flowmap: 1` line"
    for paths in ([".", "top.yaml"], ["top.yaml", "."]):
        result = cli("check", "-j", "1", "--select", "schema", *paths)
        assert result.out.startswith(f"top.yaml:1:1: {schema}"), paths
        assert result.out.count("\n") == 1
    result = cli("check", "-j", "1", "--select", "schema", "notes/")
    assert (result.code, result.out, result.err) == (0, "", "No findings in 0 files.\n")


def test_a_folder_scan_keeps_the_real_path_of_each_file_and_a_link_leads_to_its_target(project):
    project.write("maps/a.yaml", MAP)
    project.write("shared/b.yaml", MAP.replace("id: p", "id: q"))
    os.symlink(project.root / "shared" / "b.yaml", project.root / "maps" / "b.yaml")
    [org] = plan(["maps"], whole=False)
    assert [shown for _, shown in org.named] == ["maps/a.yaml", "maps/b.yaml"]
    real = project.root.resolve()
    assert discover._REAL[discover._key(Path("maps/a.yaml"))] == real / "maps" / "a.yaml"
    assert discover.real_path(Path("maps/b.yaml")) == real / "shared" / "b.yaml"


@pytest.mark.parametrize("folder", [".", "./maps", "maps", "maps/", "ABSOLUTE"])
def test_a_folder_scan_makes_each_path_as_slash_and_str_would(project, folder):
    # (its paths are made part by part from their folder's, their text added to the folder's)
    project.write("maps/a.yaml", MAP)
    project.write("maps/deep/b.yml", MAP)
    if folder == "ABSOLUTE":
        folder = str(project.root / "maps")
    root = project.root.resolve()
    found = list(discover.scan(Path(folder), root))
    assert len(found) == 2
    for path, spelled, real, where, unsure in found:
        parent = Path(folder) / path.relative_to(folder).parent
        assert (path, path.parts, hash(path)) == (
            parent / path.name,
            (parent / path.name).parts,
            hash(parent / path.name),
        )
        assert spelled == str(path) == os.fspath(parent / path.name)
        assert (real, str(real), where) == (path.resolve(), str(path.resolve()), str(real.parent))
        assert discover._REAL[discover._key(path)] is real and unsure


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
