"""`flowmap report --pdf`: the whole report as one PDF to print and sign, read back with
pypdf (pages, bookmarks, page numbers, fonts, the sign-off) and one page drawn as PNG by
poppler's pdftoppm (scripts/system-deps test installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from flowmap.outputs.report.pdf import html_to_pdf
from tests.conftest import PROCESSES
from tests.outputs.report.pdf_pages import pages_not_worth_printing, printed_pages
from tests.outputs.report.test_pages import MANY, _many_processes
from tests.outputs.report.test_report import FAULTY, ORG

pytestmark = pytest.mark.slow  # WeasyPrint lays out dozens of pages: seconds each


@pytest.fixture
def faulty(project):
    project.write("_org.yaml", ORG)
    project.write("faulty.yaml", FAULTY)
    return project


SETTINGS = """\
[report]
audit_period = "2026-01-01 to 2026-06-30"
criteria = "The three principles and the three-step activity"
auditor = "Li Wei"
audit_team = ["Li Wei", "Zhang Min"]
auditee = "Plant A management"
distribution = ["Plant manager", "Quality department"]
"""


@pytest.fixture(scope="module")
def processes_pdf(tmp_path_factory) -> Path:
    """The PDF of `processes/`, made once for the module, as a user makes it."""
    from tests.conftest import run_flowmap

    out = tmp_path_factory.mktemp("pdf") / "out"
    result = run_flowmap("report", str(PROCESSES), "-o", str(out), "--pdf", timeout=300)
    assert result.code == 0, result.err
    assert str(out / "report.pdf") in result.out.split()
    return out / "report.pdf"


def _texts(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def _titles(outline) -> list[str]:
    found = []
    for item in outline:
        found += _titles(item) if isinstance(item, list) else [item.title]
    return found


def test_the_pdf_has_bookmarks_from_the_contents_and_numbered_pages(processes_pdf):
    reader = pypdf.PdfReader(processes_pdf)
    count = len(reader.pages)
    titles = _titles(reader.outline)
    for heading in ("Contents", "Scope", "Scorecard", "Charts of the organisation", "Sign-off"):
        assert heading in titles
    # every process of the maps, in one file (the HTML has them on one page too, here)
    for name in ("Complaint handling", "Engineering change", "Order to delivery"):
        assert any(title.startswith(f"Process: {name}") for title in titles)
    texts = _texts(reader)
    assert all(f"Page {n} of {count}" in text for n, text in enumerate(texts, start=1))


def test_the_pdf_embeds_every_font_it_uses_the_cjk_ones_too(processes_pdf):
    reader = pypdf.PdfReader(processes_pdf)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                embedded = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                fonts[str(descendant["/BaseFont"])] = embedded
    assert fonts and all(fonts.values()), fonts
    assert any("CJK" in name for name in fonts)
    assert "客户投诉处理" in "".join(_texts(reader))  # the Chinese of the maps, as text


def test_charts_and_processes_are_on_landscape_pages(processes_pdf):
    reader = pypdf.PdfReader(processes_pdf)
    for page, text in zip(reader.pages, _texts(reader), strict=True):
        landscape = page.mediabox.width > page.mediabox.height
        if text.startswith(("Charts of the organisation", "Process: ")):
            assert landscape, text[:60]
        if text.startswith(("Internal customer audit", "Sign-off")):
            assert not landscape


def test_no_printed_page_holds_only_a_heading_or_a_stub(processes_pdf):
    """Pages worth printing: each holds more than a heading and a line or two, and no page
    holds only a heading, a few rows of a table going on elsewhere, or a heading and a
    few rows the next page has room for. For `processes/` the PDF had 55 pages (52 before
    the first keep-together rules, 4 of them the survey section); now 39: the whole
    internal-customer map drawn top to bottom prints on 8 pages, not 12, and the units,
    their findings and the waivers are on landscape pages, a unit with nothing to act on
    a row of the units' table."""
    texts = _texts(pypdf.PdfReader(processes_pdf))
    for number, text in enumerate(texts, start=1):
        lines = [line for line in text.splitlines() if not re.search(r"Page \d+ of \d+", line)]
        assert len(lines) >= 4, (number, lines)
    assert pages_not_worth_printing(printed_pages(processes_pdf)) == []
    assert len(texts) <= 40


@pytest.fixture(scope="module")
def company_pdf(tmp_path_factory) -> Path:
    """The PDF of a company of 13 small processes, their charts drawn, as a user makes it."""
    from tests.conftest import run_flowmap

    folder = tmp_path_factory.mktemp("company")
    (folder / "_org.yaml").write_text(ORG, encoding="utf-8")
    (folder / "many.yaml").write_text(_many_processes(MANY), encoding="utf-8")
    out = folder / "out"
    result = run_flowmap("report", "many.yaml", "-o", str(out), "--pdf", cwd=folder, timeout=300)
    assert result.code == 0, result.err
    return out / "report.pdf"


def test_a_company_of_13_processes_prints_pages_worth_printing(company_pdf):
    """13 processes of 4 steps and 4 findings each: 75 pages before, 59 now (a process
    takes 3: its chart in two rows, its handoffs and its findings). The units' findings
    (26 each) print on landscape pages in rows a line or three tall, not a dozen."""
    pages = printed_pages(company_pdf)
    assert pages_not_worth_printing(pages) == []
    assert len(pages) <= 60
    titles = _titles(pypdf.PdfReader(company_pdf).outline)
    assert {"Unit: sales", "Unit: plant"} <= set(titles)  # they have findings to act on


def test_a_unit_with_nothing_to_act_on_prints_as_a_row_of_the_units_table(processes_pdf):
    reader = pypdf.PdfReader(processes_pdf)
    assert not [title for title in _titles(reader.outline) if title.startswith("Unit: ")]
    text = "".join(_texts(reader))
    units = text[text.index("Units (9)") :]
    for name in ("Market department (市场部)", "Finance department (财务部)"):
        assert name in units


def test_the_page_reader_finds_the_pages_not_worth_printing(tmp_path):
    """The check above, shown pages it must refuse: a heading alone; one row of a table
    that goes on over the page; a heading and a one-row table the next page has room for."""
    rows = "".join(f"<tr><td>row {n}</td></tr>" for n in range(2, 9))
    html = f"""<!DOCTYPE html><html lang="en"><head><style>@page {{ size: A4; }}</style>
    </head><body>
    <h2 style="break-after: page">Alone</h2>
    <p>Something to read.</p>
    <table><thead><tr><th>column</th></tr></thead><tbody>
    <tr style="break-after: page"><td>row 1</td></tr>{rows}</tbody></table>
    <h3 style="break-before: page">Few</h3><table><tbody><tr><td>one</td></tr></tbody></table>
    <p style="break-before: page">A short page after it.</p>
    </body></html>"""
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(html_to_pdf(html))
    assert pages_not_worth_printing(printed_pages(pdf)) == [
        "page 1 holds only a heading",
        "page 2 holds 1 rows of a table",
        "page 4 holds a heading and 1 rows, and page 5 has room for them",
    ]


def test_a_page_of_the_pdf_draws_as_a_picture(processes_pdf, tmp_path):
    assert shutil.which("pdftoppm"), "install poppler-utils (scripts/system-deps test does)"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(processes_pdf),
            str(tmp_path / "p"),
        ],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("p-*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_the_sign_off_states_the_settings_and_the_options_win(cli, project, tmp_path):
    project.write(".flowmap.toml", SETTINGS)
    project.write("_org.yaml", ORG)
    project.write("many.yaml", _many_processes(MANY))
    out = tmp_path / "out"
    result = cli(
        "report",
        "many.yaml",
        "-o",
        str(out),
        "--pdf",
        "--dot",
        "/no/dot",
        "--auditor",
        "Wang Fang",
        "--distribution",
        "Plant manager",
    )
    assert result.code == 0, result.err
    html = (out / "report.html").read_text(encoding="utf-8")
    sign_off = html[html.index('<section id="sign-off">') :]
    for text in (
        "2026-01-01 to 2026-06-30",
        "three-step activity",
        "Wang Fang",
        "Li Wei, Zhang Min",
        "Plant A management",
        "I have received this report",
    ):
        assert text in sign_off
    assert "Quality department" not in sign_off  # --distribution replaces the list
    reader = pypdf.PdfReader(out / "report.pdf")
    text = "".join(_texts(reader))
    assert "Wang Fang" in text and "Plant A management" in text
    # many processes: pages of their own in HTML, all of them in the one PDF
    assert len(list(out.glob("process-*.html"))) == MANY
    titles = _titles(reader.outline)
    assert sum(title.startswith("Process: order") for title in titles) == MANY


def test_the_sign_off_is_left_blank_to_fill_in_by_hand(cli, faulty, tmp_path):
    out = tmp_path / "out"
    assert cli("report", "faulty.yaml", "-o", str(out), "--dot", "/no/dot").code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    sign_off = html[html.index('<section id="sign-off">') :]
    cells = re.findall(r"<th>([^<]+)</th><td>([^<]*)</td>", sign_off)
    assert [name for name, _ in cells][:5] == [
        "Audit period",
        "Audit criteria",
        "Auditor",
        "Audit team",
        "Auditee",
    ]
    assert all(value == "" for _, value in cells)
    assert not (out / "report.pdf").exists()  # only with --pdf


@pytest.mark.parametrize(
    ("settings", "told"),
    [
        ('[report]\naudit_team = "Li Wei"\n', ".flowmap.toml:2: `audit_team` takes a list"),
        ("[report]\nauditor = 3\n", ".flowmap.toml:2: `auditor` takes a text"),
        ('[report]\nauditors = "x"\n', "did you mean `auditor`?"),
        ('language = "fr"\n', ".flowmap.toml:1: `language` must be one of en, zh"),
    ],
)
def test_broken_report_settings_are_a_usage_error(cli, faulty, tmp_path, settings, told):
    faulty.write(".flowmap.toml", settings)
    result = cli("report", "faulty.yaml", "-o", str(tmp_path / "out"))
    assert result.code == 2 and told in result.err
