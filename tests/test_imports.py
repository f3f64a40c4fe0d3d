"""`flowmap check` stays light: it never imports the editor (textual) or the charts (pydot)."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import PROCESSES


def _imported_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "flowmap", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_check_imports_neither_textual_nor_pydot():
    imported = _imported_by("check", str(PROCESSES))
    assert "flowmap" in imported and "yaml" in imported
    assert "textual" not in imported and "pydot" not in imported and "rich" not in imported


def test_render_does_import_pydot_so_the_test_above_can_fail():
    assert "pydot" in _imported_by("render", str(PROCESSES), "--view", "org", "--format", "dot")


def test_help_imports_no_layer():
    """Parsing the command line loads no layer: a command imports what it needs when it
    runs, so that `flowmap report` can start its work before networkx is in."""
    imported = _imported_by("--help")
    assert "flowmap" in imported
    assert not {"yaml", "networkx", "jinja2", "openpyxl", "pydot", "textual"} & imported


def test_check_in_chinese_reads_its_catalogue_with_gettext_alone():
    """`check --lang zh` reads the compiled catalogue with the standard library: neither
    Babel (which only makes the catalogue) nor WeasyPrint (the report's PDF) is imported."""
    imported = _imported_by("check", str(PROCESSES), "--lang", "zh")
    assert "gettext" in imported and "flowmap" in imported
    assert not {"babel", "weasyprint", "textual", "pydot"} & imported


def test_report_imports_weasyprint_only_for_a_pdf(tmp_path):
    plain = _imported_by("report", str(PROCESSES), "-o", str(tmp_path / "a"), "--dot", "/no")
    assert "jinja2" in plain and "weasyprint" not in plain
    pdf = _imported_by("report", str(PROCESSES), "-o", str(tmp_path / "b"), "--dot", "/no", "--pdf")
    assert "weasyprint" in pdf and "babel" not in pdf


STRAIGHT = {
    "org.yaml": """\
flowmap: 1
customers: [{id: customer, needs: [{id: on-time}]}]
units: [{id: sales}, {id: planning}, {id: hr, kind: function}]
roles:
  - {id: gm, unit: sales, rank: 1}
  - {id: clerk, unit: sales, rank: 2, reports_to: gm}
  - {id: planner, unit: planning, rank: 2, reports_to: gm}
services: [{id: recruiting, provider: hr, customers: ["*"]}]
goals: [{id: otd, owner: gm, serves: on-time}]
""",
    "order.yaml": """\
flowmap: 1
include: [org.yaml]
processes:
  - id: order
    customer: customer
    steps:
      - {id: place, by: customer, delivers: [order]}
      - {id: accept, by: clerk, needs: [{item: order}], delivers: [sales order]}
      - {id: plan, by: planner, needs: [{item: sales order}], delivers: [plan]}
      - {id: receive, by: customer, needs: [{item: plan}]}
""",
}


def _straight(folder, deeper: bool = False):
    for name, text in STRAIGHT.items():
        if deeper:  # a role that reports to a role that reports to one: a line to walk
            text = text.replace("goals:", "  - {id: aide, unit: sales, reports_to: clerk}\ngoals:")
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_render_and_check_of_a_straight_process_import_no_networkx(tmp_path):
    """networkx is imported where a graph algorithm runs: a process that goes straight down
    its list, an organisation whose roles all report to one head, services nobody provides
    to a provider, one map that includes another: nothing to search a graph for."""
    folder = _straight(tmp_path)
    dot = tmp_path / "order.dot"
    rendered = _imported_by(
        "render", str(folder), "--view", "process", "--id", "order", "-o", str(dot)
    )
    assert "pydot" in rendered and "networkx" not in rendered
    assert dot.read_text(encoding="utf-8").startswith("digraph flowmap {")
    checked = _imported_by("check", str(folder))
    assert "yaml" in checked and "networkx" not in checked


def test_a_reporting_line_two_levels_deep_is_walked_by_networkx(tmp_path):
    """The test above can fail: the same maps with one role more, below the clerk."""
    folder = _straight(tmp_path, deeper=True)
    assert "networkx" in _imported_by("check", str(folder))


def test_a_command_builds_the_parser_of_no_other_command():
    """`flowmap schema` imports its own command module, not the twelve others (each was
    imported to build its parser); `flowmap --help` lists them all. (The command modules
    are imported by `importlib`, which `-X importtime` does not see: `sys.modules` does.)"""
    code = """if True:
        import sys
        from flowmap.cli import main
        try:
            main(sys.argv[1:])
        finally:  # (`--help` exits)
            names = sorted(m for m in sys.modules if m.startswith("flowmap.commands."))
            print(names, file=sys.stderr)
    """

    def commands(*args: str) -> tuple[str, list[str]]:
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60
        )
        return done.stdout, ast.literal_eval(done.stderr.strip().splitlines()[-1])

    schema, imported = commands("schema")
    assert schema.startswith("{") and imported == [
        "flowmap.commands.common",
        "flowmap.commands.schema",
    ]
    listed, imported = commands("--help")
    assert "render" in listed and "survey" in listed and "flowmap.commands.survey" in imported
