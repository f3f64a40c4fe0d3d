"""Reading report.pdf's pages back in tests: what each page holds, from the PDF's tags (the
structure tree WeasyPrint writes: headings, paragraphs, figures, table rows, each with its
page) and how much of the page its text fills (poppler's `pdftotext -bbox`). And the pages
not worth printing. (A test helper, not a test module.)"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf

HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
# What holds content of its own, counted as one block however much is inside.
BLOCKS = {"/P", "/Figure", "/L", "/Caption", "/BlockQuote", "/Formula"}
MARGIN = 16 / 25.4 * 72  # the page's bottom margin, where the page number is (report.css)
ROWS = 3  # the fewest rows of a table a page may hold


@dataclass
class PrintedPage:
    number: int  # from 1
    # What the page holds, in order: "heading", "row" (of a table's body), "head" (a row of
    # a table's header, repeated where a table goes on), "block" (anything else).
    holds: list[str]
    used: float  # the share of the page's height down to its lowest text, above the margin


def printed_pages(pdf: Path) -> list[PrintedPage]:
    reader = pypdf.PdfReader(pdf)
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    holds: dict[int, list[str]] = {n: [] for n in numbers.values()}
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    for kid in _kids(root):
        _walk(kid, None, numbers, holds)
    used = _used(pdf)
    return [PrintedPage(n, holds[n], used[n - 1]) for n in sorted(holds)]


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, list) else [kids]


def _walk(element, page: int | None, numbers: dict[int, int], holds) -> None:
    element = element.get_object()
    if not isinstance(element, dict) or "/S" not in element:
        return  # marked content (a number) or an object reference: no element
    if element.get("/Pg") is not None:
        page = numbers.get(element.raw_get("/Pg").idnum, page)
    kind = str(element["/S"])
    if page is not None and kind in HEADINGS:
        holds[page].append("heading")
    elif page is not None and kind == "/TR":
        holds[page].append("head" if _in_head(element) else "row")
    elif page is not None and kind in BLOCKS:
        holds[page].append("block")
    else:
        for kid in _kids(element):
            _walk(kid, page, numbers, holds)


def _in_head(row) -> bool:
    parent = row.get("/P")
    return parent is not None and str(parent.get_object().get("/S")) == "/THead"


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD_BOTTOM = re.compile(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">')


def _used(pdf: Path) -> list[float]:
    """Per page, how far down its text reaches, as a share of the page above its margin."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    shares = []
    for _, height, words in _PAGE.findall(xhtml):
        bottom = float(height) - MARGIN
        lowest = [float(y) for y in _WORD_BOTTOM.findall(words) if float(y) < bottom]
        shares.append(max(lowest, default=0.0) / bottom)
    return shares


def pages_not_worth_printing(pages: list[PrintedPage]) -> list[str]:
    """Each page that holds only a heading; that holds fewer than `ROWS` rows of a table
    going on from or onto another page; or that holds only a heading and a table's few
    rows though the next page has room for them."""
    problems = []
    for page, after in zip(pages, [*pages[1:], None], strict=True):
        content = [kind for kind in page.holds if kind != "head"]
        if content and set(content) == {"heading"}:
            problems.append(f"page {page.number} holds only a heading")
        if after is not None and _goes_on(page, after):
            last = _run(page.holds[::-1])
            first = _run([kind for kind in after.holds if kind != "head"])
            for number, rows in ((page.number, last), (after.number, first)):
                if rows < ROWS:
                    problems.append(f"page {number} holds {rows} rows of a table")
        rows = content.count("row")
        few = 0 < rows < ROWS and set(content) <= {"heading", "row"}
        if few and after is not None and page.used + after.used <= 1:
            problems.append(
                f"page {page.number} holds a heading and {rows} rows, and page "
                f"{after.number} has room for them"
            )
    return list(dict.fromkeys(problems))  # a page between two others is told once


def _goes_on(page: PrintedPage, after: PrintedPage) -> bool:
    """A table goes on from `page` onto `after`: the page ends in its rows and the next
    begins with rows (its header repeated first)."""
    first = [kind for kind in after.holds if kind != "head"][:1]
    return page.holds[-1:] == ["row"] and first == ["row"] and after.holds[0] == "head"


def _run(holds: list[str]) -> int:
    """How many rows begin `holds`."""
    count = 0
    for kind in holds:
        if kind != "row":
            break
        count += 1
    return count
