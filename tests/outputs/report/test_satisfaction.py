"""The report's satisfaction section: each unit's trend, the shortfalls with their actions,
the responses counted; respondents only when the settings say so; in Chromium too."""

from __future__ import annotations

import csv
import io
import shutil

import openpyxl
import pytest

from tests.conftest import PROCESSES
from tests.outputs.report.test_browser import open_page


@pytest.fixture
def example(cli, project, tmp_path, monkeypatch):
    """The report of a copy of processes/ and its two quarters of answers."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796601600")  # 2026-12-07
    shutil.copytree(PROCESSES, project.root / "processes")
    shutil.move(project.root / "processes" / "surveys", project.root / "surveys")

    def report(settings: str = ""):
        project.write(".flowmap.toml", settings)
        out = tmp_path / "out"
        assert cli("report", "processes", "-o", str(out)).code == 0
        return out

    return report


def test_the_section_shows_trends_shortfalls_actions_and_counts(example):
    out = example()
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="satisfaction">') :]
    section = section[: section.index("</section>")]
    assert (
        section.count('<svg class="trend"') == 1 + 7
    )  # the company and the seven units that supply
    assert "target 85%" in section and "target 95%" in section  # the two target lines
    assert "2026-Q3" in section and "2026-Q4" in section
    # below target in the latest quarter, with who must act, the action, its owner and day
    assert "receive-material → produce" in section and "Warehouse (仓库)" in section
    assert "Kit parts per work order" in section and "warehouse-lead" in section
    assert "2027-03-31" in section and "6 of 8, 75% in 2026-Q4" in section
    assert "order-to-delivery → customer" in section and "28 of 30, 93.3% in 2026-Q4" in section
    assert "too few (target 85%)" in section  # recruiting: 3 responses
    # names and comments stay out unless the settings show them
    assert "Zhang Min" not in html and "Kitting list not updated" not in html
    table = list(csv.reader(io.StringIO((out / "periods.csv").read_text("utf-8-sig"))))
    assert table[0][:2] == ["period", "scope"] and len(table) > 20


def test_respondents_and_comments_with_show_respondents_neutralised(example, project):
    answers = project.root / "surveys" / "2026-Q4.csv"
    text = answers.read_text(encoding="utf-8").replace(
        "Kitting list not updated after an engineering change", '=HYPERLINK("x") \x1b[31m'
    )
    answers.write_text(text, encoding="utf-8")
    out = example("show_respondents = true\n")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "What the customers said" in html and "Zhang Min" in html
    assert "\x1b" not in html and "\\x1b[31m" in html and "=HYPERLINK(&#34;x&#34;)" in html


def test_the_workbook_has_the_periods_with_numbers_as_numbers(example):
    workbook = openpyxl.load_workbook(example() / "report.xlsx")
    sheet = workbook["periods"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["period", "scope", "kind"]
    first = [cell.value for cell in sheet[2]]
    assert first[0] == "2026-Q3" and isinstance(first[header.index("responses")], int)
    assert isinstance(first[header.index("share")], float)


def test_the_section_in_chromium(example, browser):
    out = example()
    page, console, requests = open_page(browser, (out / "report.html").as_uri())
    assert console == [] and all(url.startswith("file:") for url in requests)
    page.click('nav a[href="#satisfaction"]')
    section = page.locator("#satisfaction")
    assert section.is_visible()
    page.locator("#satisfaction-company").screenshot(path=str(out / "satisfaction-company.png"))
    section.screenshot(path=str(out / "satisfaction.png"))
    boxes = page.eval_on_selector_all(
        "figure.trend svg", "svgs => svgs.map(s => s.getBoundingClientRect().width)"
    )
    assert boxes and all(width >= 500 for width in boxes)  # drawn at full size, not squeezed
