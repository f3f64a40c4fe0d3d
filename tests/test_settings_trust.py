"""Settings are trusted only where they should be (issue 21, item 4): never from a folder
everyone may write to, never from above the user's home folder, never from a file another
user owns (unless flowmap runs as root); an ignored file is a warning that names it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SILENCING = 'ignore = ["schema"]\n'
BROKEN_MAP = "flowmap: 1\nunits: 3\n"  # a schema error the settings above would silence


def _map_below(folder: Path) -> Path:
    (folder / "maps").mkdir(parents=True)
    path = folder / "maps" / "m.yaml"
    path.write_text(BROKEN_MAP, encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", [0o1777, 0o777])  # sticky (/tmp) or not
def test_settings_in_a_folder_everyone_may_write_are_ignored(cli, tmp_path, mode):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    (shared / ".flowmap.toml").write_text(SILENCING, encoding="utf-8")
    path = _map_below(shared)
    result = cli("check", str(path))
    assert result.code == 1 and " schema " in result.out
    assert f"flowmap: warning: ignoring {shared / '.flowmap.toml'}" in result.err
    assert "writable by everyone" in result.err


def test_a_pyproject_in_a_shared_folder_is_ignored_too(cli, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    (shared / "pyproject.toml").write_text(f"[tool.flowmap]\n{SILENCING}", encoding="utf-8")
    result = cli("check", str(_map_below(shared)))
    assert result.code == 1 and "ignoring" in result.err and "pyproject.toml" in result.err


def test_the_search_never_climbs_above_home(cli, tmp_path, monkeypatch):
    (tmp_path / ".flowmap.toml").write_text(SILENCING, encoding="utf-8")  # above home
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    path = _map_below(home / "work")
    result = cli("check", str(path))
    assert result.code == 1 and " schema " in result.out


def test_settings_in_home_itself_still_count(cli, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".flowmap.toml").write_text(SILENCING, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    result = cli("check", str(_map_below(home / "work")))
    assert result.code == 0, result.out + result.err


def test_a_settings_file_of_another_user_is_ignored_unless_root(cli, tmp_path, monkeypatch):
    project = tmp_path / "checkout"
    project.mkdir()
    settings = project / ".flowmap.toml"
    settings.write_text(SILENCING, encoding="utf-8")
    path = _map_below(project)
    owner = settings.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # someone else runs flowmap
    result = cli("check", str(path))
    assert result.code == 1 and " schema " in result.out
    assert f"ignoring {settings}: it belongs to another user" in result.err
    monkeypatch.setattr(os, "geteuid", lambda: 0)  # root (a CI container) trusts it
    result = cli("check", str(path))
    assert result.code == 0 and "ignoring" not in result.err


def test_own_settings_in_an_own_folder_are_read_without_a_word(cli, project):
    project.write(".flowmap.toml", SILENCING)
    project.write("m.yaml", BROKEN_MAP)
    result = cli("check", "m.yaml", "--quiet")
    assert (result.code, result.err) == (0, "")
