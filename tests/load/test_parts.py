"""A very large map is read in parts, and gives exactly what reading it whole gives."""

from __future__ import annotations

import pytest

from flowmap.load import parts
from flowmap.project import open_workspace
from flowmap.rules.engine import run_rules
from tests.rules.test_cases import CASES

ORG = (CASES / "_org.yaml").read_text(encoding="utf-8")


def _big_map(processes: int) -> str:
    lines = [
        "flowmap: 1",
        "title: Many processes  # a comment",
        "include: [org.yaml]",
        "processes:",
    ]
    for n in range(processes):
        lines += [
            f"  - id: p{n}",
            "    customer: customer",
            "    steps:",
            f"      - {{id: place-{n}, by: customer, delivers: [order]}}",
            f"      - id: make-{n}",
            "        by: worker",
            "        assure: [Checked]" if n % 5 else "        asure: [Typo]",
            "        delivers: [goods]",
            "        lead_time: 1d" if n % 7 else "        lead_time: one day",
            "        needs: [{item: order, requires: [Signed], due: 1d}]",
            f"      - {{id: receive-{n}, by: customer, needs: "
            "[{item: goods, requires: [On time], due: 2d}]}",
        ]
    lines += ["goals:", "  - {id: extra, owner: boss, serves: otd}", ""]
    return "\n".join(lines)


def _findings(project):
    workspace = open_workspace(["big.yaml"])
    findings, _ = run_rules(workspace.org, workspace.findings)
    return len(workspace.org.steps), findings


def test_parts_give_the_same_findings_as_reading_whole(project, monkeypatch):
    project.write("org.yaml", ORG)
    project.write("big.yaml", _big_map(60))
    whole = _findings(project)
    assert parts.split_processes((project.root / "big.yaml").read_text()) is None
    monkeypatch.setattr(parts, "LARGE", 1000)
    monkeypatch.setattr(parts, "PART_CHARS", 1500)
    split = parts.split_processes((project.root / "big.yaml").read_text())
    assert split is not None and len(split.lists) > 5
    assert _findings(project) == whole
    steps, findings = whole
    assert steps == 180
    assert {f.rule for f in findings} >= {"schema", "assure-own"}
    assert any(f.line > 600 for f in findings)


@pytest.mark.parametrize("risky", ["&anchor", "*alias", "\t", "---", "<<: *x"])
def test_a_file_with_anchors_tabs_or_documents_is_read_whole(risky, monkeypatch):
    monkeypatch.setattr(parts, "LARGE", 10)
    text = _big_map(3).replace("include:", f"{risky}\ninclude:")
    assert parts.split_processes(text) is None


@pytest.mark.parametrize("brk", ["\r", "\x85", "\u2028", "\u2029"])
def test_a_file_with_line_breaks_other_than_lf_is_read_whole(brk, monkeypatch):
    monkeypatch.setattr(parts, "LARGE", 10)
    assert parts.split_processes(_big_map(3).replace("\n", brk, 1)) is None


def test_an_alias_the_quick_look_misses_makes_the_file_read_whole(project, monkeypatch):
    """`{"k":&t v, "j":*t}` has no space before the anchor and the alias; the parts,
    composed plain, notice them."""
    big = _big_map(60).replace(
        "title: Many processes  # a comment", 'title: Many processes\nx: {"k":&t v, "j":*t}'
    )
    project.write("org.yaml", ORG)
    project.write("big.yaml", big)
    monkeypatch.setattr(parts, "LARGE", 1000)
    monkeypatch.setattr(parts, "PART_CHARS", 1500)
    assert parts.split_processes(big) is not None
    steps, findings = _findings(project)
    assert steps == 180
    assert [f.message for f in findings if f.line == 3][0].startswith("unknown key `x`")
