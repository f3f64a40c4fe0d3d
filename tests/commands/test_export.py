"""`flowmap export bpmn|mermaid`: as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[2]
PROCESSES = REPO / "processes"
SHAPES = REPO / "tests" / "outputs" / "bpmn" / "shapes.yaml"
HOSTILE = REPO / "tests" / "outputs" / "bpmn" / "hostile.yaml"


def flowmap(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flowmap", *args], capture_output=True, text=True, cwd=cwd
    )


def test_every_process_to_a_folder_one_file_each(tmp_path):
    done = flowmap("export", "bpmn", str(PROCESSES), "-o", str(tmp_path / "bpmn"))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "bpmn").iterdir()) == [
        "complaint-handling.bpmn",
        "engineering-change.bpmn",
        "order-to-delivery.bpmn",
    ]
    done = flowmap("export", "mermaid", str(PROCESSES), "-o", str(tmp_path / "md"))
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "md" / "order-to-delivery").with_suffix(".md").read_text(encoding="utf-8")
    assert text.startswith("```mermaid\nflowchart LR\n") and text.endswith("```\n")


def test_one_process_to_standard_output_or_a_file(tmp_path):
    done = flowmap("export", "bpmn", str(PROCESSES), "--id", "order-to-delivery")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<bpmn:definitions")
    done = flowmap("export", "mermaid", str(PROCESSES), "--id", "order-to-delivery")
    assert done.stdout.startswith("flowchart LR\n")  # a bare chart; fenced only in .md
    out = tmp_path / "chart.mmd"
    assert (
        flowmap(
            "export", "mermaid", str(PROCESSES), "--id", "order-to-delivery", "-o", str(out)
        ).returncode
        == 0
    )
    assert out.read_text(encoding="utf-8") == done.stdout


def test_usage_errors_exit_2_and_say_what_to_write(tmp_path):
    done = flowmap("export", "bpmn", str(PROCESSES))
    assert done.returncode == 2
    assert "--id PROCESS" in done.stderr and "-o DIR" in done.stderr
    done = flowmap("export", "bpmn", str(PROCESSES), "--id", "order-to-delivry")
    assert done.returncode == 2 and "did you mean 'order-to-delivery'" in done.stderr
    assert flowmap("export", "svg", str(PROCESSES)).returncode == 2
    assert flowmap("export", "bpmn", str(tmp_path / "missing"), "--id", "x").returncode == 2


def test_a_map_that_cannot_be_loaded_exits_1_with_its_findings(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("flowmap: 1\nprocesses: [\n", encoding="utf-8")
    done = flowmap("export", "bpmn", str(broken), "--id", "p")
    assert done.returncode == 1
    assert "broken.yaml:" in done.stderr and "syntax" in done.stderr


def test_strict_refuses_a_map_with_errors(tmp_path):
    done = flowmap(
        "export", "bpmn", str(SHAPES), "--id", "shapes", "--strict", "-o", str(tmp_path / "x.bpmn")
    )
    assert done.returncode == 1
    assert "serve-downstream" in done.stderr and "not exported" in done.stderr
    assert not (tmp_path / "x.bpmn").exists()


def test_the_folder_is_written_by_the_safe_writer_never_through_a_link(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    os.symlink(victim, folder / "shapes.bpmn")
    done = flowmap("export", "bpmn", str(SHAPES), "-o", str(folder))
    assert done.returncode == 2
    assert "symbolic link" in done.stderr
    assert victim.read_text(encoding="utf-8") == "keep"


def test_mermaid_escapes_ids_and_names_and_marks_findings(tmp_path):
    out = tmp_path / "end.markdown"
    done = flowmap("export", "mermaid", str(HOSTILE), "--id", "end", "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]
    # ids: `end` is a keyword, dots and dashes are syntax: all prefixed and coded
    assert "s_end[" in body and "s_a_b[" in body and "s_a_b_2[" in body and "s_o[" in body
    # names: quotes, brackets, #, ;, backticks, <, %, as entity codes inside quotes
    assert '"Customer #34;end#34; #91;x#93;#59; #35;1"' in body
    assert "#60;script#62;" in body and "<script>" not in body
    assert "#96;tick#96;" in body and "%%" not in body
    assert "\x1b" not in body and "\\x1b" in body.replace("#92;", "\\")
    # rework dashed, findings marked with a class
    assert 's_a_b_2 -.->|"rework"| s_a_b' in body
    assert "classDef finding" in body and "\n  class " in body


def test_mermaid_edges_carry_the_item_and_due():
    done = flowmap("export", "mermaid", str(SHAPES), "--id", "shapes")
    assert 's_place_order -->|"purchase order, due 1d"| s_2024_accept_order' in done.stdout
    assert "subgraph s_build[" in done.stdout  # a step with operations holds them
    assert "s_inspect -.->" in done.stdout


def test_exports_are_deterministic():
    first = flowmap("export", "mermaid", str(SHAPES), "--id", "shapes").stdout
    assert flowmap("export", "mermaid", str(SHAPES), "--id", "shapes").stdout == first


def readme_mermaid() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("```mermaid\n")
    return readme[start : readme.index("```\n", start + 4) + 4]


def test_the_mermaid_block_in_the_readme_is_the_current_export(tmp_path):
    out = (tmp_path / "chart").with_suffix(".md")
    done = flowmap(
        "export", "mermaid", str(PROCESSES), "--id", "complaint-handling", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert readme_mermaid() == out.read_text(encoding="utf-8"), (
        "run: flowmap export mermaid processes --id complaint-handling, and paste it in README.md"
    )
