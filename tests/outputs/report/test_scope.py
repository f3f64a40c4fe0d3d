"""The scope block: which maps were audited (git describe, else a content hash) and when."""

from __future__ import annotations

import subprocess

from flowmap.outputs.report.scope import maps_version, report_date


def test_source_date_epoch_fixes_the_date():
    assert report_date({"SOURCE_DATE_EPOCH": "1767225600"}) == "2026-01-01"
    assert len(report_date({"SOURCE_DATE_EPOCH": "not a number"})) == 10  # today, then


def test_maps_outside_git_are_named_by_a_hash_of_their_bytes(tmp_path):
    first = tmp_path / "a.yaml"
    first.write_text("flowmap: 1\n", encoding="utf-8")
    before = maps_version([str(first)])
    assert before.startswith("content sha256 ") and maps_version([str(first)]) == before
    first.write_text("flowmap: 1\nunits: []\n", encoding="utf-8")
    assert maps_version([str(first)]) != before


def test_maps_tracked_by_git_are_named_by_git_describe(tmp_path):
    def git(*arguments: str) -> str:
        return subprocess.run(
            ["git", "-C", str(tmp_path), *arguments], capture_output=True, text=True, check=True
        ).stdout.strip()

    git("init", "-q")
    git("config", "user.email", "auditor@example.invalid")
    git("config", "user.name", "Auditor")
    tracked = tmp_path / "map.yaml"
    tracked.write_text("flowmap: 1\n", encoding="utf-8")
    git("add", "map.yaml")
    git("commit", "-q", "-m", "maps")
    git("tag", "v1")
    assert maps_version([str(tracked)]) == "git v1"
    tracked.write_text("flowmap: 1\nunits: []\n", encoding="utf-8")
    assert maps_version([str(tracked)]) == "git v1-dirty"
    loose = tmp_path / "loose.yaml"  # not tracked: a commit says nothing of it
    loose.write_text("flowmap: 1\n", encoding="utf-8")
    assert maps_version([str(tracked), str(loose)]).startswith("content sha256 ")
