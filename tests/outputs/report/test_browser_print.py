"""The report of processes/ as an auditor opens and prints it, in Debian's headless Chromium.

On screen: it loads with no console error and no request beyond the page, shows every chart,
no finding and the one waiver. In print (Chromium's own print to PDF, read back with
pypdf): A4 pages numbered "Page n of N", the charts and processes on landscape pages, no
heading at the foot of a page, a sign-off block, every chart's text at least 6 pt on
paper, and nothing with a dark background.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from flowmap.project import open_workspace
from tests.conftest import PROCESSES
from tests.outputs.charts.conftest import png_pixels
from tests.outputs.report.test_browser import open_page

pytestmark = pytest.mark.browser

A4 = (595, 842)  # points, portrait
# The width a landscape page leaves for a chart: 297 mm less 2 x 12 mm of margin, in CSS px.
LANDSCAPE_WIDTH_PX = round((297 - 24) / 25.4 * 96)
SMALLEST_PRINTED_PT = 6
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
def printed(report, browser) -> tuple[PdfReader, list[str]]:
    """The PDF Chromium prints of the report, and the page's headings."""
    page = browser.new_page()
    page.goto(report.as_uri())
    headings = page.locator("h1, h2, h3, h4").all_inner_texts()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    (report.parent / "report.pdf").write_bytes(pdf)  # for a person to look at
    return PdfReader(io.BytesIO(pdf)), headings


def test_processes_report_opens_cleanly_with_every_chart(report, browser):
    page, console, requests = open_page(browser, report.as_uri(), width=1280)
    captions = page.locator("figure.chart:not(.part) figcaption").all_inner_texts()
    drawn = page.locator("figure.chart:not(.part) svg").count()
    organisation = page.locator("#organisation").inner_text()
    waivers = page.locator("#waivers tbody tr").all_inner_texts()
    shot = report.parent / "processes.png"
    page.locator("#scorecard").screenshot(path=str(shot))
    page.close()
    assert console == [] and requests == [report.as_uri()]
    captions = [caption.split(" · ")[0] for caption in captions]
    org = open_workspace([str(PROCESSES)]).org
    units = [f"The internal-customer map around {unit.name}" for unit in org.units.values()]
    assert captions[: 4 + len(units)] == [
        "Rank chart",
        "Service departments and the units they serve",
        *units,  # on screen, one unit at a time
        "The internal-customer map, whole",  # on paper, whole
        "The goal cascade: customer needs to personal goals",
    ]
    names = [caption.split(",")[0] for caption in captions[4 + len(units) :]]
    assert list(dict.fromkeys(names)) == [f"Process: {p.name}" for p in org.processes.values()]
    # each process in rows of three steps
    assert drawn == len(captions) == 4 + len(units) + 3 + 4 + 4
    assert organisation.endswith("None.")
    # the kitting need, and the two shortfalls the surveys show (processes/surveys/)
    assert len(waivers) == 3
    (waiver,) = [w for w in waivers if "Kitting project" in w]
    number, rest = waiver.split("\t", 1)
    assert number.startswith("NC-") and rest.startswith(
        "satisfaction-target\tOrder to delivery (订单到交付)\tWarehouse (仓库)"
    )
    assert waiver.endswith(f"no approver, no end date\t{PROCESSES}/order-to-delivery.yaml:102:27")
    assert "Kitting project KP-7 runs until March" in waiver
    width, height, rows = png_pixels(shot.read_bytes())
    assert width > 600 and height > 300
    assert len({row[x : x + 3] for row in rows for x in range(0, len(row), 12)}) > 20


def test_printed_pages_are_numbered_a4_with_charts_and_processes_in_landscape(printed):
    pdf, _ = printed
    count = len(pdf.pages)
    sizes, texts = [], []
    for page in pdf.pages:
        sizes.append((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
        texts.append(page.extract_text())
    assert count > 10
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {count}" in text, number
    assert set(sizes) == {A4, A4[::-1]}
    assert sizes[0] == A4  # the scope and scorecard, portrait
    for number, (size, text) in enumerate(zip(sizes, texts, strict=True), start=1):
        if "open at full size" in text:  # a chart's caption: a landscape page
            assert size == A4[::-1], number
    assert "Auditor" in texts[-1] and "Signature" in texts[-1]


def test_the_sparse_internal_customer_map_prints_on_fewer_pages_than_an_even_grid(printed):
    """The map is sparse: its parts follow what is drawn (12 pages when this was written,
    where an even grid over its whole canvas took 15, and the report 44 pages, now 41)."""
    pdf, _ = printed
    texts = [" ".join(page.extract_text().split()) for page in pdf.pages]
    parts = [text for text in texts if "The internal-customer map, whole: part" in text]
    count = len(parts)
    assert f"part {count} of {count} (row" in parts[-1]
    found = re.search(
        r"prints in (\d+) parts .*leaving out where nothing is drawn \(an even grid over the "
        r"whole chart takes (\d+)\)",
        parts[0],
    )
    assert found, parts[0]
    assert int(found[1]) == count < int(found[2])


def test_no_heading_is_left_at_the_foot_of_a_page(printed):
    pdf, headings = printed
    headings = {" ".join(heading.split()) for heading in headings}
    for number, page in enumerate(pdf.pages, start=1):
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        body = [line for line in lines if line and not line.startswith("Page ")]
        assert body and body[-1] not in headings, (number, body[-1])


# Each printed chart's smallest text, in CSS px, as print shows it: a chart printed whole
# holds its text; a part of a chart too big for a page shows the whole chart's drawing
# (`<use>`) through a window, at the part's own scale.
PRINTED_CHART_TEXT = """() => [...document.querySelectorAll('figure.chart svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const use = svg.querySelector('use');
    const drawing = use ? document.getElementById(use.getAttribute('href').slice(1)) : svg;
    const sizes = [...drawing.querySelectorAll('text')]
      .map(t => parseFloat(t.getAttribute('font-size')));
    return [svg.closest('figure').id, Math.min(...sizes) * scale];
  })"""


def test_every_printed_chart_has_text_of_at_least_6_pt(report, browser):
    page = browser.new_page(viewport={"width": LANDSCAPE_WIDTH_PX, "height": 700})
    page.goto(report.as_uri())
    page.emulate_media(media="print")
    sizes = page.evaluate(PRINTED_CHART_TEXT)
    dark = page.evaluate(DARK_BACKGROUNDS, LIGHTEST_DARK)
    page.close()
    printed = {anchor: px * 0.75 for anchor, px in sizes}  # CSS px to pt
    assert min(printed.values()) >= SMALLEST_PRINTED_PT, printed
    processes = [a for a in printed if a.startswith("chart-process-")]
    assert len(processes) == 11
    # whole on a page each (the rank chart: its legend at the foot)
    assert {"chart-org", "chart-functions"} <= set(printed)
    # the internal-customer map, which no page holds at 6 pt, prints in parts, not whole; so
    # does the goal cascade since every personal goal serves its own superiors' goals (its
    # widest rank grew from 8 goals to 11)
    parts = sorted({a.split("-part")[0] for a in printed if "-part" in a})
    assert parts == ["chart-customers", "chart-goals"] and "chart-customers" not in printed
    assert "chart-goals" not in printed
    assert len([a for a in printed if a.startswith("chart-customers-part")]) > 4
    assert dark == []


# Where the browser itself draws each thing of the page's internal-customer map, in the
# chart's viewBox units: each node and each text (labels, titles) as a box, and points
# every 4 units along each edge line.
DRAWN_IN_CUSTOMERS = """() => {
  const svg = document.querySelector('#chart-customers svg');
  const toChart = svg.getScreenCTM().inverse();
  const corners = (element) => {
    const box = element.getBBox();
    const matrix = toChart.multiply(element.getScreenCTM());
    const a = new DOMPoint(box.x, box.y).matrixTransform(matrix);
    const b = new DOMPoint(box.x + box.width, box.y + box.height).matrixTransform(matrix);
    return [Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y)];
  };
  const things = [...svg.querySelectorAll('g.node')].map(g => ['node', corners(g)]);
  for (const text of svg.querySelectorAll('g.edge text, g.cluster text, g.graph > text')) {
    things.push(['text ' + text.textContent, corners(text)]);
  }
  const lines = [];
  for (const path of svg.querySelectorAll('g.edge path')) {
    const matrix = toChart.multiply(path.getScreenCTM());
    for (let at = 0; at <= path.getTotalLength(); at += 4) {
      const p = path.getPointAtLength(at).matrixTransform(matrix);
      lines.push([p.x, p.y]);
    }
  }
  return [things, lines];
}"""


def test_a_chart_printed_in_parts_shows_every_drawn_thing(report, browser):
    """The parts of a chart, put together, show every drawn thing: each node and each
    label whole in some part, each point of each edge line in some part; and no part is
    blank. Where things are is what the browser draws, not what the report estimated."""
    page = browser.new_page()
    page.goto(report.as_uri())
    # the whole map is printed only, in its parts (on screen: a unit at a time): shown here
    # whole, to measure where the browser draws each thing of it
    page.add_style_tag(content="#chart-customers { display: block !important; }")
    boxes = page.eval_on_selector_all(
        "figure.part svg",
        "svgs => svgs.map(s => [s.closest('figure').id, s.getAttribute('viewBox')])",
    )
    things, lines = page.evaluate(DRAWN_IN_CUSTOMERS)
    page.close()
    windows = [list(map(float, box.split())) for anchor, box in boxes if "customers" in anchor]
    assert len(things) > 100 and len(lines) > 1000

    def holds(window, left, top, right, bottom):
        x, y, width, height = window
        return x <= left and y <= top and right <= x + width and bottom <= y + height

    for name, (left, top, right, bottom) in things:
        assert any(holds(w, left, top, right, bottom) for w in windows), name
    for x, y in lines:
        assert any(holds(w, x, y, x, y) for w in windows), (x, y)
    for window in windows:  # something drawn in each part
        x, y, width, height = window
        assert any(
            left < x + width and x < right and top < y + height and y < bottom
            for _, (left, top, right, bottom) in things
        ) or any(holds(window, px, py, px, py) for px, py in lines), window


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
