"""The report charges the supplier for a late or unsatisfying handoff, as an auditor reads it.

The map: the reference process with the market department's `accept-order` taking 3d for
a sales order planning needs within 1d, and planning 80% satisfied with it. Market must
show both findings and fall below 100%; planning, which spoke up, must not. The same in
`findings.csv`, `report.xlsx`, the page in Chromium and the editor's findings panel.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import PROCESSES
from tests.outputs.report.page_text import Page

MARKET, PLANNING = "Market department (市场部)", "Planning department (计划部)"
LATE = [
    ("        lead_time: 4h\n        needs:\n          - item: purchase order",
     "        lead_time: 3d\n        needs:\n          - item: purchase order"),
    ("satisfaction: 0.88", "satisfaction: 0.80"),
]  # fmt: skip


def late_delivery(root: Path, changes=LATE) -> Path:
    folder = root / "processes"
    shutil.copytree(PROCESSES, folder)
    (root / ".flowmap.toml").write_text("", encoding="utf-8")
    path = folder / "order-to-delivery.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def report(cli, project, tmp_path) -> Path:
    folder = late_delivery(project.root)
    out = tmp_path / "out"
    assert cli("report", str(folder), "-o", str(out), "--dot", "/no/dot").code == 0
    return out


def _unit_section(html: str, name: str) -> Page:
    return Page(html.split(f"<h3>Unit: {name}</h3>", 1)[1].split("</section>", 1)[0])


def _compliance(section: Page) -> list[str]:
    (table,) = [t for t in section.tables if "compliance" in t.classes]
    return table.rows[0]


def test_the_supplier_unit_carries_the_late_and_unsatisfying_handoff(report):
    html = (report / "report.html").read_text(encoding="utf-8")
    market, planning = _unit_section(html, MARKET), _unit_section(html, PLANNING)
    rules = [row[2] for table in market.tables_of("findings") for row in table.rows]
    assert rules == ["serve-downstream", "satisfaction-target"]
    assert planning.tables_of("findings") == []
    # internal steps, the three rules' counts, steps compliant, handoffs, handoffs compliant
    assert _compliance(market)[1:6] == ["5", "0", "0", "1", "4 of 5, 80%"]
    assert _compliance(planning)[4:6] == ["0", "2 of 2, 100%"]
    assert _compliance(market)[7] == "7 of 8, 87.5%" and _compliance(planning)[7] == "5 of 5, 100%"
    # its handoffs, out and in
    (out, into) = market.tables_of("handoffs by-unit")
    assert "Planning schedules production (schedule-production)" in {
        row[4].split(",")[0] for row in out.rows
    }
    assert "Customer places order (place-order)" in {row[2].split(",")[0] for row in into.rows}
    assert all("Market" in row[3] for row in out.rows)
    assert all("Market" in row[5] for row in into.rows)


def test_the_csv_and_the_workbook_name_the_supplier_unit(report):
    with open(report / "findings.csv", encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["rule"], r["responsible unit names"]) for r in rows] == [
        ("serve-downstream", MARKET),
        ("satisfaction-target", MARKET),
    ]
    assert {(r["subject kind"], r["subject"]) for r in rows} == {
        ("handoff", "accept-order->schedule-production:sales order")
    }
    sheet = load_workbook(report / "report.xlsx", read_only=True)["findings"]
    header, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
    column = header.index("responsible unit names")
    assert [row[column] for row in body] == [MARKET, MARKET]
    assert [row[header.index("fingerprint")] for row in body] == [r["fingerprint"] for r in rows]


def test_a_step_of_an_unknown_role_is_counted_unassigned_not_dropped(cli, project, tmp_path):
    folder = late_delivery(project.root, [("        by: planner\n", "        by: plannner\n")])
    out = tmp_path / "out"
    assert cli("report", str(folder), "-o", str(out), "--dot", "/no/dot").code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    unassigned = _unit_section(html, "Unassigned")
    rules = {row[2] for table in unassigned.tables_of("findings") for row in table.rows}
    assert "unknown-reference" in rules
    assert _compliance(unassigned)[1] == "1"  # its one step
    rows = [row for table in Page(html).tables_of("handoffs") for row in table.rows]
    into = [row for row in rows if "(schedule-production)" in row[4]]
    assert into and all(row[-1] != "OK" for row in into)


def test_every_executor_of_a_joint_step_carries_it(cli, project, tmp_path):
    joint = ("        by: planner\n", "        by: [planner, buyer]\n")
    folder = late_delivery(project.root, [joint])
    out = tmp_path / "out"
    assert cli("report", str(folder), "-o", str(out), "--dot", "/no/dot").code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    purchasing = _compliance(_unit_section(html, "Purchasing department (采购部)"))
    assert purchasing[1] == "2"  # buy-material and the joint schedule-production


def test_an_auditor_sees_the_market_department_charged_in_chromium(report, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto((report / "report.html").as_uri())
    market = page.locator("section.unit", has=page.locator(f"h3:text-is('Unit: {MARKET}')"))
    planning = page.locator("section.unit", has=page.locator(f"h3:text-is('Unit: {PLANNING}')"))
    market.screenshot(path=str(report / "market.png"))
    planning.screenshot(path=str(report / "planning.png"))
    seen = market.inner_text(), planning.inner_text()
    page.close()
    assert "Findings Market department (市场部) must act on (2)" in seen[0]
    assert "`accept-order` takes 3d (`lead_time`)" in seen[0]
    assert "Findings Planning department (计划部) must act on (0)" in seen[1]
    assert (report / "market.png").stat().st_size > 10_000
