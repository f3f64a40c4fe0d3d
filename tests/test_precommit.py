"""The pre-commit hook, run the way a team adds it: `pre-commit try-repo` on a real git repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.rules.test_cases import CASES

pytestmark = pytest.mark.slow
BAD = (
    (CASES / "_chain.yaml")
    .read_text(encoding="utf-8")
    .replace("        assure: [First piece checked]\n", "")
)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, timeout=60)


def _try_repo(team: Path, home: Path, *args: str, hook: str = "flowmap-check") -> tuple[int, str]:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(
        [pre_commit, "try-repo", str(REPO), hook, *args],
        cwd=team,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_hook_fails_on_a_bad_map_and_names_the_finding(tmp_path):
    team = tmp_path / "team-maps"
    team.mkdir()
    _git(team, "init", "-q")
    (team / "_org.yaml").write_text((CASES / "_org.yaml").read_text(encoding="utf-8"))
    (team / "order.yaml").write_text(BAD, encoding="utf-8")
    (team / "ci.yml").write_text("not: a map\n", encoding="utf-8")  # skipped, not an error
    _git(team, "add", ".")
    code, output = _try_repo(team, tmp_path / "home", "--all-files")
    assert code == 1, output
    assert "flowmap check" in output and "Failed" in output
    assert "order.yaml:16:13: error assure-own" in output
    assert "ci.yml" not in output

    # A commit that changes only the organisation still checks the maps that include it.
    _git(team, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "maps")
    with (team / "_org.yaml").open("a", encoding="utf-8") as org:
        org.write("# a comment\n")
    _git(team, "add", "_org.yaml")
    code, output = _try_repo(team, tmp_path / "home")
    assert code == 1 and "order.yaml:16:13: error assure-own" in output, output
    assert "inside-outside-line" not in output  # no unit looks idle


def test_the_hook_checks_each_organisation_of_a_repository_apart(tmp_path):
    """Two plants with the same ids, sharing org.yaml at the top: each is its own batch."""
    team = tmp_path / "plants"
    team.mkdir()
    _git(team, "init", "-q")
    (team / ".flowmap.toml").write_text('organisations = ["plant-a/", "plant-b/"]\n')
    (team / "org.yaml").write_text((CASES / "_org.yaml").read_text(encoding="utf-8"))
    good = (CASES / "_chain.yaml").read_text(encoding="utf-8").replace("_org.yaml", "../org.yaml")
    for plant in ("plant-a", "plant-b"):
        (team / plant).mkdir()
        (team / plant / "order.yaml").write_text(good, encoding="utf-8")
    _git(team, "add", ".")
    code, output = _try_repo(team, tmp_path / "home", "--all-files")
    assert code == 0 and "Passed" in output, output  # no duplicate-id across the plants

    # A commit that breaks one plant fails on that plant alone.
    _git(team, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "maps")
    (team / "plant-b" / "order.yaml").write_text(BAD.replace("_org.yaml", "../org.yaml"))
    _git(team, "add", ".")
    code, output = _try_repo(team, tmp_path / "home")
    assert code == 1, output
    findings = [line for line in output.splitlines() if ": error " in line]
    assert len(findings) == 1 and findings[0].startswith(
        "plant-b/order.yaml:16:13: error assure-own"
    )
    # Touching only the shared file still checks both plants with it.
    _git(team, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "b")
    with (team / "org.yaml").open("a", encoding="utf-8") as org:
        org.write("  - {id: plant, owner: boss, serves: otd}\n")  # a goal named like a unit
    _git(team, "add", "org.yaml")
    code, output = _try_repo(team, tmp_path / "home")
    duplicates = [line for line in output.splitlines() if "error duplicate-id" in line]
    assert code == 1 and len(duplicates) == 1, output  # found by both plants, said once
    assert duplicates[0].startswith("org.yaml:16:10: error duplicate-id"), output


def test_both_hooks_on_a_repository_of_two_plants_with_ignored_and_excluded_maps(tmp_path):
    """The README's hooks on a monorepo: build/ is git-ignored and examples/bad/ excluded
    (each would fail); the whole-repository hook passes; the per-file hook checks a changed
    file with its plant and reports that file's findings alone."""
    from tests.plants import RETURNS, make_plants

    team = make_plants(tmp_path / "plants")
    returns = team / "plant-b" / "sub" / "returns.yaml"
    returns.write_text(RETURNS.replace("due: 1d}]", "due: 3d}]", 1), encoding="utf-8")
    _git(team, "add", ".")
    code, output = _try_repo(team, tmp_path / "home", "--all-files")
    assert code == 0 and "Passed" in output, output

    # per file: returns.yaml alone would not know plant-b's `make`; with its plant it does
    code, output = _try_repo(
        team, tmp_path / "home", "--files", "plant-b/sub/returns.yaml", hook="flowmap-check-files"
    )
    assert code == 0 and "Passed" in output, output
    returns.write_text(RETURNS, encoding="utf-8")  # make is too slow for sort again
    _git(team, "add", ".")
    code, output = _try_repo(team, tmp_path / "home", hook="flowmap-check-files")
    findings = [line for line in output.splitlines() if ": error " in line]
    assert code == 1 and len(findings) == 1, output
    assert findings[0].startswith("plant-b/sub/returns.yaml:13:76: error serve-downstream")
    # an excluded file named by pre-commit is left out (--force-exclude)
    code, output = _try_repo(
        team, tmp_path / "home", "--files", "examples/bad/bad.yaml", hook="flowmap-check-files"
    )
    assert code == 0, output
