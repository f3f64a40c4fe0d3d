"""Typing mistakes are told with the right usage and a did-you-mean; `-V`; shell completion
(issue 24 items 6 and 7)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_imports import _imported_by


@pytest.mark.parametrize(
    ("args", "usage", "hint"),
    [
        (["chek"], "usage: flowmap [-h]", "did you mean `check`?"),
        (["check", "--selct", "x"], "usage: flowmap check [-h]", "did you mean `--select`?"),
        (["check", "--format", "sarf"], "usage: flowmap check [-h]", "did you mean `sarif`?"),
        (["render", "--veiw", "org"], "usage: flowmap render [-h]", "did you mean `--view`?"),
    ],
)
def test_a_mistake_shows_the_command_s_usage_and_what_was_meant(cli, args, usage, hint):
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith(usage), result.err
    assert hint in result.err


def test_abbreviations_are_refused(cli, project):
    project.write("m.yaml", "flowmap: 1\n")
    result = cli("check", "--sel", "assure-own", "m.yaml")
    assert result.code == 2 and "unrecognized arguments: --sel" in result.err
    assert cli("check", "--select", "assure-own", "m.yaml").code == 0


def test_dash_v_is_the_version_and_imports_no_layer():
    from flowmap import __version__

    for flag in ("-V", "--version"):
        done = subprocess.run(
            [sys.executable, "-m", "flowmap", flag], capture_output=True, text=True, timeout=60
        )
        assert done.stdout == f"flowmap {__version__}\n"
    imported = _imported_by("-V")
    assert "flowmap" in imported
    assert not {"yaml", "networkx", "pydot", "textual", "jinja2"} & imported


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_code_is_printed_for_each_shell(cli, shell):
    result = cli("completion", shell)
    assert result.code == 0 and "flowmap" in result.out and "_ARGCOMPLETE" in result.out


def _bash_completes(line: str, cwd: Path | None = None) -> list[str]:
    """What bash offers for `line` (TAB at its end), with `flowmap completion bash` loaded."""
    bin_folder = str(Path(sys.executable).parent)
    script = r"""
eval "$(flowmap completion bash)"
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$1"
[[ "$1" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_python_argcomplete flowmap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""
    done = subprocess.run(
        ["bash", "-c", script, "bash", line],
        env={**os.environ, "PATH": bin_folder + os.pathsep + os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return [word.strip() for word in done.stdout.splitlines() if word.strip()]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("flowmap che", ["check"]),
        ("flowmap check --sel", ["--select"]),
        ("flowmap check --select thr", ["three-step"]),
        ("flowmap check --ignore assure-own,rech", ["assure-own,recheck-upstream"]),
        ("flowmap check --format ju", ["junit"]),
        ("flowmap render --view go", ["goals"]),
        ("flowmap completion f", ["fish"]),
    ],
)
def test_bash_completes_commands_options_rules_and_views(line, offered):
    assert _bash_completes(line) == offered


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_the_ids_of_the_maps(tmp_path):
    from tests.plants import make_plants

    plants = make_plants(tmp_path / "plants")
    assert _bash_completes("flowmap render plant-b/ --id ret", plants) == ["returns"]
    assert set(_bash_completes("flowmap customers ma", plants)) == {"make", "make-fast"}
