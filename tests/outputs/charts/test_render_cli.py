"""`flowmap render` as a user runs it: formats, exit codes, Graphviz found or missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.outputs.charts.conftest import FIXTURES

pytestmark = pytest.mark.slow

FAULTY = Path(__file__).parent / "maps" / "faulty.yaml"
PLANT = str(FIXTURES)
PROCESS = ["--view", "process", "--id", "order-to-delivery"]


def test_renders_a_process_to_svg(cli, tmp_path):
    out = tmp_path / "process.svg"
    result = cli("render", PLANT, *PROCESS, "-o", str(out))
    assert (result.code, result.out, result.err) == (0, "", "")
    root = ElementTree.fromstring(out.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Sales accepts order" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "magic"),
    [
        ("chart.png", b"\x89PNG\r\n\x1a\n"),
        ("chart.pdf", b"%PDF-"),
        ("chart.dot", b"digraph flowmap {"),
        ("chart.gv", b"digraph flowmap {"),
        ("chart.SVG", b"<?xml"),
    ],
)
def test_format_comes_from_the_suffix(cli, tmp_path, name, magic):
    out = tmp_path / name
    assert cli("render", PLANT, "--view", "org", "-o", str(out)).code == 0
    assert out.read_bytes().startswith(magic)


def test_format_option_wins_over_the_suffix(cli, tmp_path):
    out = tmp_path / "chart.txt"
    assert cli("render", PLANT, "--view", "org", "-o", str(out), "--format", "dot").code == 0
    assert out.read_text(encoding="utf-8").startswith("digraph flowmap {")


def test_unknown_suffix_without_format_is_a_usage_error(cli, tmp_path):
    result = cli("render", PLANT, "-o", str(tmp_path / "chart.jpeg"))
    assert result.code == 2 and "give --format" in result.err


def test_writes_to_standard_output_by_default():
    done = subprocess.run(
        [sys.executable, "-m", "flowmap", "render", PLANT, "--view", "org"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    ElementTree.fromstring(done.stdout)


def test_a_map_with_findings_is_drawn_and_exits_0(cli, tmp_path):
    out = tmp_path / "faulty.svg"
    result = cli("render", str(FAULTY), "--view", "process", "-o", str(out))
    assert result.code == 0
    svg = out.read_text(encoding="utf-8")
    assert "unknown&#45;reference" in svg and "#d7191c" in svg  # the finding, in red


def test_no_findings_leaves_them_off(cli, tmp_path):
    out = tmp_path / "faulty.svg"
    assert (
        cli("render", str(FAULTY), "--view", "process", "--no-findings", "-o", str(out)).code == 0
    )
    svg = out.read_text(encoding="utf-8")
    assert "unknown&#45;reference" not in svg and "#d7191c" not in svg


def test_strict_refuses_a_map_with_errors(cli, tmp_path):
    out = tmp_path / "faulty.svg"
    result = cli("render", str(FAULTY), "--view", "process", "--strict", "-o", str(out))
    assert result.code == 1 and not out.exists()
    assert "faulty.yaml:23:13: error unknown-reference" in result.err
    assert "--strict" in result.err
    clean = tmp_path / "clean.svg"
    processes = str(REPO / "processes")  # clean under every rule
    view = ("--view", "process", "--id", "order-to-delivery")
    assert cli("render", processes, *view, "--strict", "-o", str(clean)).code == 0


def test_a_file_that_cannot_be_loaded_exits_1_with_its_findings(cli, project):
    project.write("broken.yaml", "flowmap: 1\nunits: [\n")
    result = cli("render", "broken.yaml", "--view", "org", "-o", "chart.svg")
    assert result.code == 1 and not (project.root / "chart.svg").exists()
    assert result.err.startswith("broken.yaml:") and " error syntax " in result.err


def test_unknown_view_or_id_is_a_usage_error(cli, tmp_path):
    out = str(tmp_path / "x.svg")
    result = cli("render", PLANT, "--view", "swimlanes", "-o", out)
    assert result.code == 2 and "invalid choice" in result.err
    result = cli("render", PLANT, "--view", "around", "--id", "plannr", "-o", out)
    assert result.code == 2 and "did you mean 'planner'" in result.err
    result = cli("render", PLANT, "--view", "around", "-o", out)
    assert result.code == 2 and "--id" in result.err
    assert cli("render", PLANT, "--view", "around", "--id", "x", "--depth", "-1").code == 2
    assert not Path(out).exists()


def test_a_missing_path_is_a_usage_error(cli, tmp_path):
    assert cli("render", str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.svg")).code == 2


def test_around_with_depth(cli, tmp_path):
    one, two = tmp_path / "one.dot", tmp_path / "two.dot"
    assert cli("render", PLANT, "--view", "around", "--id", "planner", "-o", str(one)).code == 0
    assert (
        cli(
            "render", PLANT, "--view", "around", "--id", "planner", "--depth", "2", "-o", str(two)
        ).code
        == 0
    )
    assert "General manager" not in one.read_text(encoding="utf-8")
    assert "General manager" in two.read_text(encoding="utf-8")


# -- Graphviz: --dot, then FLOWMAP_DOT, then PATH -------------------------------------------


def test_flowmap_dot_pointing_nowhere_exits_2_with_the_install_hint(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("FLOWMAP_DOT", str(tmp_path / "no-dot-here"))
    result = cli("render", PLANT, "--view", "org", "-o", str(tmp_path / "org.svg"))
    assert result.code == 2
    assert "apt-get install graphviz" in result.err and "FLOWMAP_DOT" in result.err
    assert not (tmp_path / "org.svg").exists()


def test_no_dot_on_path_exits_2_but_dot_format_works(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("FLOWMAP_DOT", raising=False)
    monkeypatch.setenv("PATH", "")
    result = cli("render", PLANT, "--view", "org", "-o", str(tmp_path / "org.svg"))
    assert result.code == 2 and "apt-get install graphviz" in result.err
    assert cli("render", PLANT, "--view", "org", "-o", str(tmp_path / "org.dot")).code == 0
    assert (tmp_path / "org.dot").read_text(encoding="utf-8").startswith("digraph flowmap")


def test_dot_option_names_the_executable(cli, tmp_path, monkeypatch):
    real = shutil.which("dot")
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("FLOWMAP_DOT", str(tmp_path / "not-this-one"))
    out = tmp_path / "org.svg"
    assert cli("render", PLANT, "--view", "org", "--dot", real, "-o", str(out)).code == 0
    assert out.read_bytes().startswith(b"<?xml")
    monkeypatch.setenv("FLOWMAP_DOT", real)
    assert cli("render", PLANT, "--view", "org", "-o", str(out)).code == 0


def test_a_failing_dot_exits_2_with_what_it_said(cli, tmp_path):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n")
    fake.chmod(0o755)
    result = cli(
        "render", PLANT, "--view", "org", "--dot", str(fake), "-o", str(tmp_path / "org.svg")
    )
    assert result.code == 2 and "syntax error in line 1" in result.err


# -- the same input gives the same bytes ------------------------------------------------------


@pytest.mark.parametrize("suffix", ["dot", "svg"])
def test_same_input_same_bytes_across_runs(tmp_path, suffix):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        out.mkdir()
        for view, extra in [
            ("process", ["--id", "order-to-delivery"]),
            ("org", []),
            ("functions", []),
            ("customers", []),
            ("around", ["--id", "production", "--depth", "2"]),
        ]:
            env = {**os.environ, "PYTHONHASHSEED": seed}
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "flowmap",
                    "render",
                    PLANT,
                    str(FAULTY),
                    "--view",
                    view,
                    *extra,
                    "-o",
                    str(out / f"{view}.{suffix}"),
                ],
                env=env,
                check=True,
                capture_output=True,
            )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 5


def test_the_command_line_loads_pydot_only_to_render():
    code = (
        f"import sys; from flowmap.cli import main; main(['check', {PLANT!r}]); "
        "print('pydot' in sys.modules, 'flowmap.outputs.charts' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "False False"
