"""`flowmap report`: the scorecard's numbers, safe and stable HTML, and what it writes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from flowmap.config import DEFAULT_CONFIG
from flowmap.outputs.report.scorecard import scorecard
from flowmap.project import open_workspace
from flowmap.rules.engine import run_rules
from tests.conftest import PROCESSES
from tests.rules.test_cases import CASES

CHAIN = (CASES / "_chain.yaml").read_text(encoding="utf-8")
ORG = (CASES / "_org.yaml").read_text(encoding="utf-8")
# accept loses its assure (assure-own); make loses its recheck (recheck-upstream) and is
# measured at 0.5 (satisfaction-target); accept's lead time is 2d for a 1d due (late).
FAULTY = (
    CHAIN.replace("        assure: [Entered the same day]\n", "")
    .replace("        recheck: [Order has a date]\n", "")
    .replace("lead_time: 4h", "lead_time: 2d")
    .replace(
        "{item: sales order, requires: [Date confirmed], due: 1d}",
        "{item: sales order, requires: [Date confirmed], due: 1d, satisfaction: 0.5}",
    )
)


@pytest.fixture
def faulty(project):
    project.write("_org.yaml", ORG)
    project.write("faulty.yaml", FAULTY)
    return project


def _card(paths):
    workspace = open_workspace(paths)
    findings, waived = run_rules(workspace.org, workspace.findings)
    return scorecard(workspace.org, findings, len(waived), DEFAULT_CONFIG.satisfaction_target)


def test_the_scorecard_counts_three_step_compliance(faulty):
    card = _card(["faulty.yaml"])
    assert (card.processes, card.steps, card.internal_steps) == (1, 4, 2)
    assert (card.handoffs, card.internal_handoffs) == (3, 1)
    (process,) = card.by_process
    assert process.steps == 2 and process.compliant == 0 and process.share == 0
    assert process.breaking == {
        "recheck-upstream": 1,
        "assure-own": 1,
        "serve-downstream": 1,
    }
    units = {unit.name: (unit.steps, unit.compliant) for unit in card.by_unit}
    assert units == {"sales": (1, 0), "plant": (1, 0)}
    assert card.measured == [0.5] and card.below_target == 1
    assert card.errors == 3 and card.warnings == 1


def test_processes_scores_full_compliance_with_its_waivers():
    card = _card([str(PROCESSES)])
    # the kitting need, the material requirements and the customer's 93% (surveys)
    assert card.errors == 0 and card.waived == 3
    assert all(row.share == 1 for row in card.by_process + card.by_unit)
    assert card.processes == 3 and card.operations == 3


def test_report_writes_the_page_and_every_chart_and_prints_their_paths(cli, faulty, tmp_path):
    out = tmp_path / "out"
    result = cli("report", "faulty.yaml", "-o", str(out))
    assert result.code == 0
    written = result.out.split()
    names = sorted(path.rsplit("/", 1)[-1] for path in written)
    assert names == [
        *(f"customers-unit-{n}.svg" for n in range(1, len(units(out)) + 1)),  # one a unit
        "customers.svg",
        "findings.csv",
        "functions.svg",
        "goals.svg",
        "handoffs.csv",
        "org.svg",
        "process-order-row1.svg",  # four steps: a row of three, then one
        "process-order-row2.svg",
        "report.html",
        "report.xlsx",
    ]
    assert all((out / name).stat().st_size > 300 for name in names)
    # the process's legend once, in its first row, counting the findings of both rows
    first, second = ((out / f"process-order-row{n}.svg").read_text("utf-8") for n in (1, 2))
    assert ">Legend<" in first and ">Legend<" not in second
    assert "findings on this chart" in first


def test_the_report_is_byte_identical_from_run_to_run(cli, faulty, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, as a build sets it
    cli("report", "faulty.yaml", "-o", str(tmp_path / "a"))
    cli("report", "faulty.yaml", "-o", str(tmp_path / "b"))
    names = sorted(path.name for path in (tmp_path / "a").iterdir())
    assert "report.xlsx" in names and "process-order-row1.svg" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert "Made by flowmap 0.1.0 on 2026-01-01" in (tmp_path / "a" / "report.html").read_text()


def test_strict_writes_nothing_when_there_are_errors(cli, faulty, tmp_path):
    result = cli("report", "faulty.yaml", "-o", str(tmp_path / "out"), "--strict")
    assert result.code == 1 and not (tmp_path / "out").exists()
    assert "--strict" in result.err


def test_without_graphviz_the_report_is_written_with_a_note(cli, faulty, tmp_path):
    result = cli("report", "faulty.yaml", "-o", str(tmp_path), "--dot", "/no/such/dot")
    assert result.code == 0 and "charts not drawn" in result.err
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Chart not drawn" in html and 'class="graph"' not in html  # no Graphviz SVG


def test_a_folder_where_nothing_loads_exits_1(cli, project, tmp_path):
    project.write("broken.yaml", "flowmap: 1\nprocesses: [\n")
    result = cli("report", "broken.yaml", "-o", str(tmp_path / "out"))
    assert result.code == 1 and " error syntax " in result.err


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


HOSTILE = '<script>alert(1)</script>" onload="alert(2)'


def test_hostile_text_is_only_ever_text(cli, project, tmp_path):
    text = (
        CHAIN.replace("name: Order", "name: Order")
        .replace("assure: [Entered the same day]", f"assure: ['{HOSTILE}']")
        .replace("delivers: [sales order]", "delivers: [sales order, 'javascript:alert(3)']")
    )
    text = text.replace("- id: make\n", f"- id: make\n        name: '{HOSTILE}'\n")
    project.write("_org.yaml", ORG)
    project.write("hostile.yaml", text)
    assert cli("report", "hostile.yaml", "-o", str(tmp_path)).code == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert "script" not in tags and "iframe" not in tags and "object" not in tags
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert "javascript:" not in (value or "").lower() or name.endswith("title"), (tag, name)
            if name in ("href", "src", "xlink:href"):  # inside the page, or a file beside it
                assert re.fullmatch(r"#.*|[a-z0-9][a-z0-9._-]*", value or ""), (tag, name, value)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_handoff_with_a_waived_finding_says_so_in_its_status():
    from flowmap.outputs.charts.marks import Marks
    from flowmap.outputs.report.handoff_table import handoff_rows
    from flowmap.outputs.report.tables import HANDOFF_HEADERS, handoff_table

    workspace = open_workspace([str(PROCESSES)])
    org = workspace.org
    findings, waived = run_rules(org, workspace.findings)
    table = handoff_table(
        org,
        handoff_rows(org),
        Marks(org, findings),
        0.85,
        0.85,
        Marks(org, [w.finding for w in waived]),
    )
    status = HANDOFF_HEADERS.index("status")
    by_status = {}
    for row in table.rows:
        by_status.setdefault(row.cells[status], []).append(row.steps)
    assert by_status.keys() == {"OK", "OK (waived: satisfaction-target)"}
    assert by_status["OK (waived: satisfaction-target)"] == [
        ("schedule-production", "buy-material"),
        ("receive-material", "produce"),
    ]
    (excused,) = [row for row in table.rows if row.steps == ("receive-material", "produce")]
    assert excused.tone == ""  # complied with, as the scorecard counts it


def units(out) -> list[str]:
    """The units the report's sections are about (one `unit-N` anchor each)."""
    import re

    return re.findall(r'<section class="unit" id="(unit-\d+)"', (out / "report.html").read_text())


def test_a_units_rows_are_those_that_name_it():
    """`of_unit`, `supplied_by` and `received_by` come from an index made once: the rows
    that name the unit, on the supplier's side, and on the customer's side only."""
    from flowmap.outputs.report.tables import Row, Table

    rows = [
        Row(("a",), units=("sales", "plant"), suppliers=("sales",)),
        Row(("b",), units=("plant",), suppliers=("plant",)),
        Row(("c",), units=("sales", "sales"), suppliers=()),
        Row(("d",), units=(), suppliers=("hr",)),
        Row(("e",)),
    ]
    table = Table("t", ("x",), list(rows))
    for unit in ("sales", "plant", "hr", "nobody"):
        assert table.of_unit(unit) == [row for row in rows if unit in row.units]
        assert table.supplied_by(unit) == [row for row in rows if unit in row.suppliers]
        assert table.received_by(unit) == [
            row for row in rows if unit in row.units and unit not in row.suppliers
        ]
    assert table.of_unit(None) == [rows[3], rows[4]]
    table.rows.append(Row(("f",), units=("hr",)))  # a row added later is indexed too
    assert table.received_by("hr") == [table.rows[-1]]
