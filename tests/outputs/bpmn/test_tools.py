"""The exports judged by the tools that read them: bpmnlint (`bpmnlint:recommended`) and
bpmn-moddle for BPMN, bpmn-js's viewer in headless Chromium, and mermaid-cli for Mermaid.
All from npm, pinned in tests/npm/package-lock.json and installed by scripts/test-data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.outputs.report.test_browser import ARGS, CHROMIUM

HERE = Path(__file__).parent
REPO = HERE.parents[2]
TOOLS = REPO / "tests" / "npm"
MODULES = TOOLS / "node_modules"
PROCESSES = REPO / "processes"
SHAPES = HERE / "shapes.yaml"
HOSTILE = HERE / "hostile.yaml"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def tools() -> Path:
    stamp = MODULES / ".installed-from-lock"
    assert stamp.exists(), "the npm tools are missing: run scripts/test-data (make test does)"
    assert shutil.which("node"), "install Node.js and npm (scripts/system-deps test)"
    return TOOLS


def export_all(folder: Path, source: Path) -> list[Path]:
    done = subprocess.run(
        [sys.executable, "-m", "flowmap", "export", "bpmn", str(source), "-o", str(folder)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return sorted(folder.glob("*.bpmn"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("exported")
    files = export_all(folder / "processes", PROCESSES) + export_all(folder / "shapes", SHAPES)
    assert [f.stem for f in files] == [
        "complaint-handling",
        "engineering-change",
        "order-to-delivery",
        "shapes",
    ]
    return files


def bpmnlint(tools: Path, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(MODULES / ".bin" / "bpmnlint"), *map(str, files)],
        cwd=tools,  # its .bpmnlintrc: bpmnlint:recommended
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_bpmnlint_recommended_finds_no_problem_in_any_export(tools, exported):
    linted = bpmnlint(tools, exported)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "problem" not in linted.stdout


def test_bpmnlint_would_tell_a_broken_export(tools, exported, tmp_path):
    """The test above can fail: an export without its start event's name and with two
    shapes on top of each other is reported."""
    text = exported[-1].read_text(encoding="utf-8").replace('name="Start"', "", 1)
    bounds = re.findall(r'<dc:Bounds x="(\d+)" y="(\d+)"', text)
    text = re.sub(
        r'(<bpmndi:BPMNShape id="Step_inspect_di"[^>]*>\s*<dc:Bounds) x="\d+" y="\d+"',
        rf'\1 x="{bounds[-1][0]}" y="{bounds[-1][1]}"',
        text,
    )
    broken = tmp_path / "broken.bpmn"
    broken.write_text(text, encoding="utf-8")
    linted = bpmnlint(tools, [broken])
    assert linted.returncode == 1
    assert "label-required" in linted.stdout
    assert "no-overlapping-elements" in linted.stdout


def test_bpmn_moddle_reads_every_export_without_a_warning(tools, exported):
    read = subprocess.run(
        ["node", "read-bpmn.mjs", *map(str, exported)],
        cwd=tools,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(read.stdout) == {str(f): [] for f in exported}


def viewer_page(folder: Path, bpmn: Path) -> Path:
    """A page that opens `bpmn` in bpmn-js's viewer and writes what the import said."""
    assets = MODULES / "bpmn-js" / "dist"
    page = folder / f"{bpmn.stem}.html"
    page.write_text(
        f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{(assets / "assets/diagram-js.css").as_uri()}">
<link rel="stylesheet" href="{(assets / "assets/bpmn-js.css").as_uri()}">
<link rel="stylesheet" href="{(assets / "assets/bpmn-font/css/bpmn.css").as_uri()}">
<style>html, body, #canvas {{ margin: 0; width: 100%; height: 100%; }}</style>
</head><body><div id="canvas"></div>
<script src="{(assets / "bpmn-viewer.production.min.js").as_uri()}"></script>
<script>
const viewer = new BpmnJS({{container: '#canvas'}});
window.imported = viewer.importXML({json.dumps(bpmn.read_text(encoding="utf-8"))})
  .then(({{warnings}}) => {{
    viewer.get('canvas').zoom('fit-viewport');
    const shown = viewer.get('elementRegistry').getAll().map((element) => element.type);
    return {{warnings: warnings.map((w) => w.message), shown}};
  }})
  .catch((error) => ({{error: error.message}}));
</script></body></html>""",
        encoding="utf-8",
    )
    return page


def test_bpmn_js_shows_each_export_with_its_lanes_and_tasks(tools, exported, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*ARGS, "--allow-file-access-from-files"]
        )
        page = browser.new_page(viewport={"width": 1800, "height": 900})
        for bpmn in exported:
            page.goto(viewer_page(tmp_path, bpmn).as_uri())
            result = page.evaluate("window.imported")
            assert result.get("warnings") == [], (bpmn.name, result)
            shown = result["shown"]
            assert shown.count("bpmn:Participant") == 2
            assert "bpmn:Lane" in shown and "bpmn:Task" in shown and "bpmn:MessageFlow" in shown
            # the screenshot README's section shows, made again from the export each run
            page.screenshot(path=str(tmp_path / f"{bpmn.stem}.png"))
        browser.close()
    assert (tmp_path / "order-to-delivery.png").stat().st_size > 10_000


def mermaid_svg(tmp_path: Path, source: Path, process: str) -> str:
    chart = tmp_path / f"{process}.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flowmap",
            "export",
            "mermaid",
            str(source),
            "--id",
            process,
            "-o",
            str(chart),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": ARGS}), encoding="utf-8")
    # mmdc renders each ```mermaid block of a Markdown file, as Git hosting does
    svg = tmp_path / f"{process}.svg"
    rendered = subprocess.run(
        [str(MODULES / ".bin" / "mmdc"), "-p", str(config), "-i", str(chart), "-o", str(svg), "-q"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    (drawn,) = tmp_path.glob(f"{process}-*.svg")  # the file of the first block
    return drawn.read_text(encoding="utf-8")


def test_mermaid_cli_renders_the_export_of_a_process(tools, tmp_path):
    svg = mermaid_svg(tmp_path, SHAPES, "shapes")
    assert "Sales accepts order" in svg and "检验员检验产品" in svg
    assert "Quality (品质部)" in svg  # a subgraph per unit
    assert "purchase order, due 1d" in svg  # edges labelled with the item and due


def test_mermaid_cli_renders_hostile_names_as_text_with_no_script(tools, tmp_path):
    from lxml import etree

    svg = mermaid_svg(tmp_path, HOSTILE, "end")
    root = etree.fromstring(svg.encode("utf-8"))
    tags = {etree.QName(element).localname for element in root.iter(etree.Element)}
    assert "script" not in tags and "img" not in tags and "b" not in tags
    handlers = [
        name
        for element in root.iter(etree.Element)
        for name in element.attrib
        if name.startswith("on")
    ]
    assert handlers == []
    # the names are there, as text
    assert "<script>alert(1)</script>" in "".join(root.itertext())
    assert "<img src=x onerror=alert(1)>" in "".join(root.itertext())
    assert "theme" in "".join(root.itertext())  # the directive stayed text, not a setting


def test_the_readme_mermaid_block_renders(tools, tmp_path):
    from tests.commands.test_export import readme_mermaid

    chart = (tmp_path / "readme").with_suffix(".md")
    chart.write_text(readme_mermaid(), encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": ARGS}), encoding="utf-8")
    rendered = subprocess.run(
        [
            str(MODULES / ".bin" / "mmdc"),
            "-p",
            str(config),
            "-i",
            str(chart),
            "-o",
            str(tmp_path / "readme.svg"),
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    (drawn,) = tmp_path.glob("readme-*.svg")
    assert "Quality re-inspects the reworked goods" in drawn.read_text(encoding="utf-8")
