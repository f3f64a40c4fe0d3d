"""Many processes: report.html becomes an index linking a page per process, small enough to
open and print, and every link of every page leads somewhere (in Chromium)."""

from __future__ import annotations

from flowmap.outputs.report import PROCESSES_ON_ONE_PAGE
from tests.outputs.report.page_text import Page
from tests.outputs.report.test_browser import open_page
from tests.outputs.report.test_report import FAULTY, ORG

MANY = PROCESSES_ON_ONE_PAGE + 1


def _many_processes(count: int) -> str:
    """The faulty chain `count` times over, each copy's ids numbered."""
    body = FAULTY.split("processes:\n", 1)[1]
    copies = []
    for number in range(count):
        text = body
        for key in ("order", "place", "accept", "make", "receive"):
            text = text.replace(f"id: {key}\n", f"id: {key}{number}\n")
            text = text.replace(f"id: {key},", f"id: {key}{number},")
        copies.append(text)
    return "flowmap: 1\ninclude: [_org.yaml]\nprocesses:\n" + "".join(copies)


def test_many_processes_get_a_page_each_linked_from_the_index(cli, project, tmp_path, browser):
    project.write("_org.yaml", ORG)
    project.write("many.yaml", _many_processes(MANY))
    out = tmp_path / "out"
    assert cli("report", "many.yaml", "-o", str(out), "--dot", "/no/dot").code == 0
    pages = sorted(path.name for path in out.glob("process-*.html"))
    assert pages == sorted(f"process-order{n}.html" for n in range(MANY))
    index = Page((out / "report.html").read_text(encoding="utf-8"))
    (listed,) = index.tables_of("process-index")
    assert len(listed.rows) == MANY and listed.rows[0][0] == "order0"
    assert index.tables_of("handoffs") == []  # on the processes' own pages
    links = [link for link in index.links if not link.startswith("#")]
    assert set(pages) <= set(links)
    assert all((out / link).is_file() for link in links)

    page, console, requests = open_page(browser, (out / "process-order3.html").as_uri())
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    rows = page.locator("table.handoffs tbody tr").count()
    findings = page.locator("table.findings tbody tr").count()
    page.close()
    assert console == [] and requests == [(out / "process-order3.html").as_uri()]
    assert rows == 3 and findings == 4
    targets = {href.split("#")[0] for href in hrefs}
    assert (out / "report.html").as_uri() in targets
    assert all(href.startswith((out / "report.html").as_uri()) for href in hrefs)  # back, rules

    page, console, _ = open_page(browser, (out / "report.html").as_uri())
    anchors = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="report.html#"], a[href^="#"]')]
                 .map(a => a.hash).filter(h => !document.getElementById(h.slice(1)))"""
    )
    page.close()
    assert anchors == [] and console == []
