"""The report as an auditor opens it: headless Chromium (Debian's), driven by playwright.

The page must load with no console error and no network request, every link of its table
of contents must lead somewhere, the handoff table must say in which unit each side works
and which findings a handoff carries, and the charts' text must be readable (at least 8 px
at a 1,400 px wide window). The screenshots are kept in the test's folder for a person to
look at.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

from flowmap.outputs.report.tables import HANDOFF_HEADERS
from tests.outputs.report.test_report import FAULTY, ORG

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH = 1400
SMALLEST_TEXT_PX = 8
# Each chart's smallest text as the window shows it: Graphviz writes font sizes in the
# picture's own units, which the page scales to the width the chart is shown at.
CHART_TEXT = """() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
  return [svg.closest('figure').id, Math.min(...sizes) * scale];
})"""


@pytest.fixture
def report(cli, project, tmp_path) -> Path:
    project.write("_org.yaml", ORG)
    project.write("faulty.yaml", FAULTY)
    assert cli("report", "faulty.yaml", "-o", str(tmp_path / "out")).code == 0
    return tmp_path / "out" / "report.html"


def open_page(browser, url: str, width: int = WIDTH):
    """A page at `url` and the console messages and requests it makes."""
    console, requests = [], []
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("console", lambda message: console.append((message.type, message.text)))
    page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: console.append(("failed", request.url)))
    page.goto(url)
    return page, console, requests


def test_the_report_opens_cleanly_in_chromium_and_shows_the_findings(report, browser):
    page, console, requests = open_page(browser, report.as_uri())
    rows = page.locator("#process-order table.findings tbody tr").all_inner_texts()
    charts = page.locator("figure.chart svg").count()
    shot = report.parent / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert console == []
    assert requests == [report.as_uri()]  # nothing but the page itself
    assert charts == 4 + 2  # the organisation's four, the process in two rows
    cells = [row.split("\t") for row in rows]
    assert [(c[1], c[2], c[3], c[5]) for c in cells] == [
        ("error (major)", "assure-own", "faulty.yaml:9:13", "sales"),
        ("error (major)", "recheck-upstream", "faulty.yaml:15:13", "plant"),
        # accept (sales) is late and its customer unsatisfied: the supplier must act
        ("error (major)", "serve-downstream", "faulty.yaml:20:70", "sales"),
        ("warning (minor)", "satisfaction-target", "faulty.yaml:20:88", "sales"),
    ]
    assert all(c[0].startswith("NC-") and len(c[0]) == 9 for c in cells)
    assert _distinct_colours(shot.read_bytes()) > 20, "the screenshot is blank"


def test_every_link_of_the_contents_leads_somewhere(report, browser):
    page, console, _ = open_page(browser, report.as_uri())
    links = page.eval_on_selector_all("#contents a", "links => links.map(a => a.hash)")
    missing = page.evaluate(
        "hashes => hashes.filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))",
        links,
    )
    files = page.eval_on_selector_all(
        "a[href]:not([href^='#'])", "links => links.map(a => a.getAttribute('href'))"
    )
    page.close()
    assert len(links) > 12 and all(link.startswith("#") for link in links)
    assert missing == []
    assert files and all((report.parent / name).is_file() for name in files), files
    assert console == []


def test_the_handoff_table_shows_units_and_names_the_findings(report, browser):
    page, _, _ = open_page(browser, report.as_uri())
    table = page.locator("#process-order table.handoffs")
    rows = [row.split("\t") for row in table.locator("tbody tr").all_inner_texts()]
    tones = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.className)")
    colour = table.locator("tbody tr.error td").first.evaluate(
        "cell => getComputedStyle(cell).backgroundColor"
    )
    page.close()
    column = {name: index for index, name in enumerate(HANDOFF_HEADERS)}
    units = [(row[column["supplier's unit"]], row[column["customer's unit"]]) for row in rows]
    assert units == [
        ("(external customer)", "sales"),
        ("sales", "plant"),
        ("plant", "(external customer)"),
    ]
    status = [row[column["status"]] for row in rows]
    assert status[0] == status[2] == "OK"
    assert status[1].split("; ") == [
        "late",
        "error assure-own",
        "error recheck-upstream",
        "error serve-downstream",
        "warning satisfaction-target",
    ]
    assert tones == ["", "error", ""]
    assert colour == "rgb(253, 236, 234)"  # the red of errors


def test_chart_text_is_at_least_8_px_in_a_1400_px_window(report, browser):
    page, _, _ = open_page(browser, report.as_uri())
    sizes = page.evaluate(CHART_TEXT)
    section = report.parent / "process-section.png"
    page.locator("#process-order").screenshot(path=str(section))
    page.close()
    process_rows = [size for anchor, size in sizes if anchor.startswith("chart-process-")]
    assert len(process_rows) == 2
    assert min(process_rows) >= SMALLEST_TEXT_PX, sizes
    width, _, _ = struct.unpack(">IIB", section.read_bytes()[16:25])
    assert width > 1000  # the section, charts and tables, as wide as the window allows
    assert _distinct_colours(section.read_bytes()) > 20


def _distinct_colours(png: bytes) -> int:
    """How many colours the PNG's first rows use (a blank page has one)."""
    width, height, depth, colour_type = struct.unpack(">IIBB", png[16:26])
    assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
    data, offset = b"", 8
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset : offset + 8])
        if kind == b"IDAT":
            data += png[offset + 8 : offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(data)
    channels = 4 if colour_type == 6 else 3
    stride = width * channels + 1
    seen = set()
    for row in range(min(height, 600)):
        line = raw[row * stride + 1 : (row + 1) * stride]  # filtered bytes, enough to tell
        seen.update(line[i : i + channels] for i in range(0, len(line), channels * 7))
    return len(seen)
