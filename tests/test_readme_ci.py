"""The README's pre-commit snippet works as written: its `rev` exists in flowmap's history
and holds the hooks it names (issue 24; `v0.1.0` did not exist)."""

from __future__ import annotations

import re
import subprocess

import yaml

from tests.conftest import REPO


def _snippet() -> dict:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(repos:\n.*?)```", readme, re.S)
    assert len(blocks) == 1, "one pre-commit snippet in the README"
    return yaml.safe_load(blocks[0])


def test_the_readme_s_rev_is_a_commit_that_has_the_hooks_it_names():
    [repo] = _snippet()["repos"]
    rev = repo["rev"]
    assert re.fullmatch(r"[0-9a-f]{40}", rev), "a full commit hash (flowmap has no tags)"
    hooks = subprocess.run(
        ["git", "show", f"{rev}:.pre-commit-hooks.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert hooks.returncode == 0, f"{rev} is not in flowmap's history: {hooks.stderr}"
    defined = {hook["id"] for hook in yaml.safe_load(hooks.stdout)}
    assert {hook["id"] for hook in repo["hooks"]} <= defined


def test_the_hooks_and_the_check_agree_on_the_default_path():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["flowmap-check"]["args"] == []  # `.`, as `flowmap check` with no path
    assert hooks["flowmap-check"]["pass_filenames"] is False
    assert hooks["flowmap-check-files"]["pass_filenames"] is True
    assert "--force-exclude" in hooks["flowmap-check-files"]["entry"]
    from flowmap.commands.common import DEFAULT_PATHS

    assert DEFAULT_PATHS == ["."]
