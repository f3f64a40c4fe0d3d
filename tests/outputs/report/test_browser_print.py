"""The report of processes/ as an auditor opens and prints it, in Debian's headless Chromium.

On screen: it loads with no console error and no request beyond the page, shows every chart,
no finding and the one waiver. In print: each chart starts a page, nothing has a dark
background, and the PDF Chromium prints has a page per chart at least.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from flowmap.project import open_workspace
from tests.conftest import PROCESSES
from tests.outputs.charts.conftest import png_pixels
from tests.outputs.report.test_browser import ARGS, CHROMIUM

# The darkest background anything may have in print (relative luminance, 0 black, 1 white).
LIGHTEST_DARK = 0.6
DARK_BACKGROUNDS = """(limit) => {
  const dark = [];
  for (const element of document.querySelectorAll('*')) {
    const colour = getComputedStyle(element).backgroundColor;
    const [r, g, b, a = 1] = (colour.match(/[\\d.]+/g) || []).map(Number);
    if (a > 0 && (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < limit) {
      dark.push(element.tagName + ' ' + colour);
    }
  }
  return dark;
}"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from flowmap.cli import main

    out = tmp_path_factory.mktemp("report")
    assert main(["report", str(PROCESSES), "-o", str(out)]) == 0
    return out / "report.html"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def test_processes_report_opens_cleanly_with_every_chart(report, browser):
    console, requests = [], []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda message: console.append((message.type, message.text)))
    page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: console.append(("failed", request.url)))
    page.goto(report.as_uri())
    captions = page.locator("#charts figcaption").all_inner_texts()
    drawn = page.locator("#charts figure > svg").count()
    findings = page.locator("#findings").inner_text()
    waivers = page.locator("#waivers tbody tr").all_inner_texts()
    shot = report.parent / "processes.png"
    page.locator("#scorecard").screenshot(path=str(shot))
    page.close()
    assert console == [] and requests == [report.as_uri()]
    assert captions[:3] == [
        "Rank chart",
        "Service departments and the units they serve",
        "The internal-customer map",
    ]
    processes = open_workspace([str(PROCESSES)]).org.processes.values()
    assert captions[3:] == [f"Process: {process.name}" for process in processes]
    assert drawn == 6
    assert findings.endswith("None.")
    (waiver,) = waivers
    assert waiver.startswith(f"satisfaction-target\t{PROCESSES}/order-to-delivery.yaml:")
    assert "Kitting project KP-7 runs until March" in waiver
    width, height, rows = png_pixels(shot.read_bytes())
    assert width > 600 and height > 300
    assert len({row[x : x + 3] for row in rows for x in range(0, len(row), 12)}) > 20


def test_processes_report_prints_each_chart_on_a_page_of_its_own(report, browser, tmp_path):
    page = browser.new_page()
    page.goto(report.as_uri())
    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all(
        "#charts figure", "figures => figures.map(f => getComputedStyle(f).breakBefore)"
    )
    dark = page.evaluate(DARK_BACKGROUNDS, LIGHTEST_DARK)
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert breaks == ["page"] * 6
    assert dark == []
    (tmp_path / "report.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 1 + 6, pages  # the tables, then a page (or more) per chart


def test_the_page_refuses_to_run_a_script_even_if_one_got_in(report, browser):
    """Defence in depth: the page's Content-Security-Policy blocks any script, so even
    markup that slipped past escaping could not run."""
    page = browser.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(report.as_uri())
    ran = page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.ran = true';
            document.body.append(script);
            return window.ran === true;
        }"""
    )
    page.close()
    assert ran is False
    assert any("Content Security Policy" in text for text in refused), refused
