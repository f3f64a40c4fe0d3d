"""The report read on screen: the internal-customer map one unit at a time with its text at
10 px or more in a 1,400 px window (the whole map linked), the satisfaction table naming
the process, the steps and their units, and each chart's legend counting the findings of
what the chart is about only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PROCESSES
from tests.outputs.report.page_text import Page
from tests.outputs.report.test_browser import open_page

SCREEN_TEXT = """() => [...document.querySelectorAll('figure.chart svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const texts = [...svg.querySelectorAll('text')];
    const sizes = texts.map(t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a);
    return [svg.closest('figure').id, Math.min(...sizes)];
  })"""


@pytest.fixture(scope="module")
def processes_report(tmp_path_factory) -> Path:
    from flowmap.cli import main

    out = tmp_path_factory.mktemp("report")
    assert main(["report", str(PROCESSES), "-o", str(out)]) == 0
    return out / "report.html"


@pytest.mark.browser
def test_the_map_shows_one_unit_at_a_time_readably_and_links_the_whole(processes_report, browser):
    page, console, _ = open_page(browser, processes_report.as_uri(), width=1400)
    sizes = page.evaluate(SCREEN_TEXT)
    whole = page.locator("#chart-customers").is_visible()
    link = page.locator('p.linked a[href="customers.svg"]').is_visible()
    page.locator("#chart-customers-unit-2").screenshot(
        path=str(processes_report.parent / "unit.png")
    )
    page.close()
    assert console == []
    units = [size for anchor, size in sizes if anchor.startswith("chart-customers-unit-")]
    assert len(units) == 12  # one a unit of processes/
    assert not whole and link  # the whole map: a link on screen, a poster on paper
    # every chart shown, its smallest text at 10 px or more (it scrolls sideways if need be)
    assert min(size for _, size in sizes) >= 10, sizes


def test_the_satisfaction_table_names_process_steps_and_units(processes_report):
    page = Page(processes_report.read_text(encoding="utf-8"))
    (table,) = page.tables_of("satisfaction")
    assert table.headers[0][:3] == ["process", "supplier: step (unit)", "customer: step (unit)"]
    assert [
        "Complaint handling (客户投诉处理)",
        "Finance issues a credit note (Finance department (财务部))",
        "Customer service closes the complaint (Market department (市场部))",
    ] in [row[:3] for row in table.rows]
    # a relationship the surveys measure between roles names the role's unit, and the
    # external customer's says so, with no empty brackets
    assert all("()" not in cell for row in table.rows for cell in row[:3])


def _legend(svg: Path) -> str:
    return " ".join(re.findall(r"findings? on this chart[^<]*", svg.read_text("utf-8")))


def test_a_clean_process_legend_counts_only_its_own_findings(cli, project, tmp_path):
    maps = project.copy_processes()
    complaint = maps / "complaint-handling.yaml"
    text = complaint.read_text(encoding="utf-8")
    complaint.write_text(
        text.replace("        recheck: [Record holds the lot number]\n", ""), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert cli("report", str(maps), "-o", str(out)).code == 0
    clean = _legend(out / "process-order-to-delivery-row1.svg")
    assert clean == "findings on this chart"  # "0 findings on this chart", nothing more
    faulty = _legend(out / "process-complaint-handling-row1.svg")
    assert faulty.startswith("finding on this chart")  # its one, drawn on a later row
    # the organisation's charts count every finding
    assert "not drawn here" in _legend(out / "org.svg")
