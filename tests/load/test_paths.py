"""Hostile paths are findings or usage errors: include paths, named paths, folder scans.

An include through a loop of symbolic links, holding NUL or too long to be a file name is a
finding at the include; a named path that is too long or is not a regular file or a folder
exits 2; a folder scan never opens a FIFO (it would hang) and never follows a symbolic link
out of the project root.
"""

from __future__ import annotations

import json
import os
import threading

import pytest

from tests.conftest import run_flowmap


def _include_findings(cli, project, target: str) -> list[str]:
    project.write("map.yaml", f"flowmap: 1\ninclude: [{target}]\n")
    result = cli("check", "map.yaml", "--format", "json")
    findings = json.loads(result.out)["findings"]
    assert result.code == 1
    return [(f["rule"], f["line"], f["column"], f["message"]) for f in findings]


def test_an_include_through_a_loop_of_symbolic_links_is_a_finding(cli, project):
    os.symlink("loop-b", project.root / "loop-a")
    os.symlink("loop-a", project.root / "loop-b")
    [(rule, line, column, message)] = _include_findings(cli, project, "loop-a")
    assert (rule, line, column) == ("unknown-reference", 2, 11)
    assert message == "`loop-a` leads into a loop of symbolic links; fix the links or the path"


def test_an_include_path_holding_nul_is_a_finding(cli, project):
    [(rule, line, _, message)] = _include_findings(cli, project, '"org\\0.yaml"')
    assert (rule, line) == ("unknown-reference", 2)
    assert message == "`org\\x00.yaml` holds a NUL character; write the path of a map file"


def test_a_5000_character_include_path_is_a_finding_shown_short(cli, project):
    [(rule, line, _, message)] = _include_findings(cli, project, "a" * 5000)
    assert (rule, line) == ("unknown-reference", 2)
    assert "… (5,000 characters)` cannot be read (File name too long)" in message
    assert len(message) < 400


def test_an_include_of_a_fifo_is_a_finding_and_does_not_hang(cli, project):
    os.mkfifo(project.root / "pipe.yaml")
    [(rule, _, _, message)] = _include_findings(cli, project, "pipe.yaml")
    assert rule == "unknown-reference"
    assert message == "`pipe.yaml` is a FIFO (named pipe), not a map file; include a map file"


def test_a_5000_character_path_argument_exits_2(cli, project):
    result = cli("check", "x" * 5000)
    assert result.code == 2
    assert "… (5,000 characters): cannot be used (File name too long)" in result.err


def test_a_named_fifo_exits_2(project):
    os.mkfifo(project.root / "x.yaml")
    for command in ("check", "edit"):
        result = run_flowmap(command, "x.yaml", cwd=project.root, timeout=20)
        assert result.code == 2
        assert "x.yaml: a FIFO (named pipe), not a map file; name a map file or a folder" in (
            result.err
        )


def test_a_named_device_exits_2(cli, project):
    result = cli("check", "/dev/null")
    assert result.code == 2
    assert "/dev/null: a device, not a map file" in result.err


def test_a_folder_scan_skips_a_fifo_named_like_a_map(project):
    """Opening a FIFO blocks until someone writes to it: `check` used to hang forever."""
    project.write("maps/good.yaml", "flowmap: 1\ntitle: fine\n")
    os.mkfifo(project.root / "maps" / "x.yaml")
    for command in ("check", "graph"):
        result = run_flowmap(command, "maps", cwd=project.root, timeout=20)
        assert result.code == 0, result.err


def test_the_editor_engine_skips_a_fifo_in_a_folder(project):
    from flowmap.edit import EditSession

    project.write("maps/good.yaml", "flowmap: 1\ntitle: fine\n")
    os.mkfifo(project.root / "maps" / "x.yaml")
    opened: list = []
    thread = threading.Thread(target=lambda: opened.append(EditSession.open(["maps"])))
    thread.daemon = True
    thread.start()
    thread.join(20)
    assert opened, "opening a folder with a FIFO in it hung"
    assert opened[0].files == [os.path.join("maps", "good.yaml")]


def test_a_folder_scan_never_follows_a_link_out_of_the_project(cli, project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.yaml").write_text("flowmap: 1\ntitel: secret\n", encoding="utf-8")
    project.write("maps/good.yaml", "flowmap: 1\ntitle: fine\n")
    os.symlink(outside / "secret.yaml", project.root / "maps" / "secret.yaml")
    os.symlink(outside, project.root / "maps" / "elsewhere")
    result = cli("check", "maps", "--format", "json")
    assert (result.code, "secret" in result.out) == (0, False)


def test_a_link_inside_the_project_is_followed(cli, project):
    project.write("shared/org.yaml", "flowmap: 1\ntitel: typo\n")
    project.write("maps/good.yaml", "flowmap: 1\ntitle: fine\n")
    os.symlink(project.root / "shared" / "org.yaml", project.root / "maps" / "org.yaml")
    result = cli("check", "maps")
    assert result.code == 1
    assert result.out.startswith(os.path.join("maps", "org.yaml") + ":2:1: error schema")


@pytest.mark.parametrize("broken", ["nowhere.yaml", "self.yaml"])
def test_a_broken_or_looping_link_in_a_folder_is_skipped(cli, project, broken):
    project.write("maps/good.yaml", "flowmap: 1\ntitle: fine\n")
    os.symlink(broken, project.root / "maps" / "self.yaml")
    assert cli("check", "maps").code == 0


def test_a_path_resolves_as_pathlib_does_with_each_folder_resolved_once(project):
    from pathlib import Path

    from flowmap.load.discover import real_path

    (project.root / "real").mkdir()
    (project.root / "real" / "map.yaml").write_text("flowmap: 1\n", encoding="utf-8")
    os.symlink("real", project.root / "linked")
    os.symlink("map.yaml", project.root / "real" / "alias.yaml")
    for given in ("real/map.yaml", "linked/map.yaml", "linked/alias.yaml", "real/../real/x.yaml"):
        assert real_path(Path(given)) == Path(given).resolve(), given
    for given in (".", "real/..", "linked/."):
        assert real_path(Path(given)) == Path(given).resolve(), given


def test_files_of_one_folder_that_include_the_same_missing_file_each_get_the_finding(cli, project):
    for name in ("a", "b"):
        project.write(f"maps/{name}.yaml", "flowmap: 1\ninclude: [org.yaml]\n")
    result = cli("check", "maps", "--format", "json")
    findings = json.loads(result.out)["findings"]
    assert [(f["file"], f["rule"]) for f in findings] == [
        ("maps/a.yaml", "unknown-reference"),
        ("maps/b.yaml", "unknown-reference"),
    ]
