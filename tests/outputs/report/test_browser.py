"""The report as an auditor opens it: headless Chromium (Debian's), driven by playwright.

The page must load with no console error and no network request, look like something (the
screenshot is not blank) and hold the findings the maps have. The screenshot is kept in
the test's folder for a person to look at.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.outputs.report.test_report import FAULTY, ORG

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


@pytest.fixture
def report(cli, project, tmp_path) -> Path:
    project.write("_org.yaml", ORG)
    project.write("faulty.yaml", FAULTY)
    assert cli("report", "faulty.yaml", "-o", str(tmp_path / "out")).code == 0
    return tmp_path / "out" / "report.html"


def test_the_report_opens_cleanly_in_chromium_and_shows_the_findings(report):
    assert Path(CHROMIUM).exists(), "install Debian's chromium (make test does)"
    console, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda message: console.append((message.type, message.text)))
        page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report.as_uri())
        rows = page.locator("#findings tbody tr").all_inner_texts()
        charts = page.locator("#charts figure svg").count()
        shot = report.parent / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert [entry for entry in console if entry[0] in ("error", "pageerror")] == []
    assert requests == [report.as_uri()]  # nothing but the page itself
    assert charts == 4
    cells = [row.split("\t") for row in rows]
    assert [(c[0], c[1], c[2]) for c in cells] == [
        ("error", "assure-own", "faulty.yaml:9:13"),
        ("error", "recheck-upstream", "faulty.yaml:15:13"),
        ("error", "serve-downstream", "faulty.yaml:20:70"),
        ("warning", "satisfaction-target", "faulty.yaml:20:88"),
    ]
    assert _distinct_colours(shot.read_bytes()) > 20, "the screenshot is blank"


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
