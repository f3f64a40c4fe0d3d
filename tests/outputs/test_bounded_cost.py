"""Cost bounded by input size: a chart too large to read is a summary that says so, the
report draws a process's charts in one Graphviz run, and writes its files in one flush."""

from __future__ import annotations

import os
import shutil

import pytest

from bench.corpus import ORG, fan_out_process, lean_processes
from flowmap.graph import build_graph
from flowmap.outputs import charts
from flowmap.outputs.files import write_files
from flowmap.project import open_workspace
from flowmap.rules.engine import run_rules

needs_dot = pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz `dot` is not installed")


def _opened(project, text: str):
    project.write("org.yaml", ORG)
    project.write("map.yaml", text)
    workspace = open_workspace([str(project.root / "map.yaml")])
    findings, _ = run_rules(workspace.org, workspace.findings)
    return workspace.org, findings


def _labels(dot_text: str) -> int:
    return dot_text.count("label=")


def test_a_map_too_dense_to_read_is_drawn_as_a_summary_that_says_so(project):
    # 40 steps, each handing over to the next 29: 725 handoffs between 40 steps
    org, findings = _opened(project, fan_out_process(40))
    chart = charts.build_chart(org, build_graph(org), findings, "customers")
    text = charts.to_dot(chart)
    assert charts.summarised(chart) == "782 connections between 57 boxes"
    assert "Summary: too large to draw readably (782 connections between 57 boxes)" in text
    assert "A summary: the full chart has 782 connections" in text  # the legend says it too
    # a box for each unit and the customer, with its steps counted, instead of each step
    assert "Market department\\n5 steps" in text and "Step 17" not in text
    assert text.count(" -> ") < 80


def test_a_process_too_large_to_read_is_a_summary_of_its_units_and_handoffs(project):
    org, findings = _opened(project, fan_out_process(200))
    chart = charts.build_chart(org, build_graph(org), findings, "process", "fan", wrap=True)
    text = charts.to_dot(chart)
    assert charts.summarised(chart) is not None
    assert "Process: fan" in text and "Summary: too large to draw readably" in text
    assert "Market department" in text and "handoffs" in text
    assert "Step 117" not in text  # no step is drawn


def test_a_readable_chart_is_drawn_whole(project):
    org, findings = _opened(project, lean_processes("p", 2, 12))
    for view, key in (("customers", None), ("process", "p0")):
        chart = charts.build_chart(org, build_graph(org), findings, view, key)
        assert charts.summarised(chart) is None
        assert "Step 11" in charts.to_dot(chart)


@needs_dot
def test_the_report_draws_each_process_in_one_graphviz_run(cli, project, monkeypatch):
    # 30 processes of 12 steps: 4 rows each, 120 process charts, the 4 of the organisation and
    # the map around each of its 9 units (drawn together)
    project.write("org.yaml", ORG)
    project.write("map.yaml", lean_processes("p", 30, 12))
    log = project.root / "runs.log"  # the charts are drawn by a forked process: a file
    run_dot_many = charts.run_dot_many

    def counted(texts, dot=None, timeout=60):
        with log.open("a") as out:
            out.write(f"{len(texts)}\n")
        return run_dot_many(texts, dot=dot, timeout=timeout)

    monkeypatch.setattr(charts, "run_dot_many", counted)
    assert cli("report", "map.yaml", "-o", "out").code in (0, 1)
    runs = [int(line) for line in log.read_text().split()]
    assert sum(runs) == 124 + 9
    assert len(runs) <= 4 + 1 + 120 // 4 // 6 + 1  # the 4 organisation charts, 6 processes a run
    assert (project.root / "out" / "process-p29-row4.svg").read_bytes().startswith(b"<?xml")


@needs_dot
def test_the_report_says_which_charts_are_summaries(cli, project):
    project.write("org.yaml", ORG)
    project.write("map.yaml", fan_out_process(200))
    assert cli("report", "map.yaml", "-o", "out").code in (0, 1)
    html = (project.root / "out" / "report.html").read_text("utf-8")
    caption = "The internal-customer map, whole — a summary: too large to draw readably (5,422"
    assert caption in html
    assert "Process: fan — a summary: too large to draw readably" in html
    assert not (project.root / "out" / "process-fan-row2.svg").exists()


def test_files_are_written_whole_and_an_existing_file_keeps_its_permissions(tmp_path):
    (tmp_path / "b.svg").write_bytes(b"old")
    os.chmod(tmp_path / "b.svg", 0o640)
    write_files(tmp_path, {"a.html": b"page", "b.svg": b"new"})
    assert (tmp_path / "a.html").read_bytes() == b"page"
    assert (tmp_path / "b.svg").read_bytes() == b"new"
    assert (tmp_path / "b.svg").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.svg"]  # no leftovers


@needs_dot
def test_a_process_section_lists_a_bounded_number_of_rows_and_the_csv_has_them_all(
    cli, project, monkeypatch
):
    from flowmap.outputs.report import page

    monkeypatch.setattr(page, "MAX_PROCESS_ROWS", 5)
    project.write("org.yaml", ORG)
    project.write("map.yaml", lean_processes("p", 1, 12))  # 11 handoffs
    assert cli("report", "map.yaml", "-o", "out").code in (0, 1)
    html = (project.root / "out" / "report.html").read_text("utf-8")
    assert "Handoffs of p0 (11)" in html
    assert "and 6 more: every handoff is in handoffs.csv." in html
    csv = (project.root / "out" / "handoffs.csv").read_text("utf-8-sig").splitlines()
    assert len(csv) == 1 + 11


def test_a_sheet_holds_a_bounded_number_of_rows_and_says_the_csv_has_them_all(monkeypatch):
    from flowmap.outputs.report import exports
    from flowmap.outputs.workbook import Sheet

    monkeypatch.setattr(exports, "MAX_SHEET_ROWS", 3)
    table = Sheet("handoffs", ("a", "b"), [(str(n), "x") for n in range(5)])
    sheet = exports.capped(table)
    assert [row[0] for row in sheet.rows] == [
        "0",
        "1",
        "2",
        "… and 2 more rows: every row is in handoffs.csv",
    ]
    assert exports.sheet_csv(table).decode("utf-8-sig").count("\r\n") == 6


def test_render_says_on_stderr_when_it_draws_a_summary(cli, project):
    project.write("org.yaml", ORG)
    project.write("map.yaml", fan_out_process(200))
    result = cli("render", "map.yaml", "--format", "dot", "-o", "map.dot")
    assert result.code == 0
    assert "too large to draw readably (5,422 connections" in result.err
    assert "Summary: too large to draw readably" in (project.root / "map.dot").read_text()
