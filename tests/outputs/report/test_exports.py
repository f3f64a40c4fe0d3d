"""handoffs.csv, findings.csv and report.xlsx beside the page: the page's tables, read back
equal, cell for cell; map text that looks like a formula stays text."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from flowmap.outputs.report.tables import FINDING_HEADERS, HANDOFF_HEADERS
from tests.outputs.report.page_text import Page
from tests.outputs.report.test_report import FAULTY, ORG


def _report(cli, project, tmp_path, text: str = FAULTY):
    project.write("_org.yaml", ORG)
    project.write("faulty.yaml", text)
    assert cli("report", "faulty.yaml", "-o", str(tmp_path), "--dot", "/no/dot").code == 0
    return tmp_path


def _csv(path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _page_rows(out, classes: str) -> list[list[str]]:
    """The body rows of the process sections' tables of that class, in page order."""
    html = (out / "report.html").read_text(encoding="utf-8")
    process = html.split('<section class="process"', 1)[1].split("</section>", 1)[0]
    return [row for table in Page(process).tables_of(classes) for row in table.rows]


def test_the_csv_files_hold_the_pages_tables(cli, project, tmp_path):
    out = _report(cli, project, tmp_path)
    handoffs = _csv(out / "handoffs.csv")
    assert handoffs[0] == list(HANDOFF_HEADERS)
    assert handoffs[1:] == _page_rows(out, "handoffs")
    assert len(handoffs) == 1 + 3
    findings = _csv(out / "findings.csv")
    assert findings[0] == list(FINDING_HEADERS)
    shown = [
        FINDING_HEADERS.index(h) for h in FINDING_HEADERS if h not in ("subject", "fingerprint")
    ]
    assert [[row[i] for i in shown] for row in findings[1:]] == _page_rows(out, "findings")
    assert [row[1] for row in findings[1:]] == [
        "assure-own",
        "recheck-upstream",
        "serve-downstream",
        "satisfaction-target",
    ]
    # who must act: the supplier `accept` (sales) for its late handoff and its unsatisfied
    # customer; the subject and fingerprint columns for filtering and follow-up
    column = {header: FINDING_HEADERS.index(header) for header in FINDING_HEADERS}
    assert [(r[column["subject"]], r[column["responsible_units"]]) for r in findings[1:]] == [
        ("step accept", "sales"),
        ("step make", "plant"),
        ("handoff accept->make:sales order", "sales"),
        ("handoff accept->make:sales order", "sales"),
    ]
    assert all(len(row[column["fingerprint"]]) == 32 for row in findings[1:])


def test_the_workbook_has_a_sheet_per_table_equal_to_the_csv(cli, project, tmp_path):
    out = _report(cli, project, tmp_path)
    book = load_workbook(out / "report.xlsx", read_only=True)
    assert book.sheetnames == ["handoffs", "findings"]
    for name in book.sheetnames:
        sheet = [
            ["" if cell is None else str(cell) for cell in row]
            for row in book[name].iter_rows(values_only=True)
        ]
        assert sheet == _csv(out / f"{name}.csv"), name


def test_text_that_looks_like_a_formula_is_kept_as_text(cli, project, tmp_path):
    text = FAULTY.replace("requires: [Signed]", "requires: ['=HYPERLINK(\"http://x\")']")
    out = _report(cli, project, tmp_path, text)
    book = load_workbook(out / "report.xlsx")
    cells = [cell for row in book["handoffs"].iter_rows() for cell in row]
    (formula_like,) = [cell for cell in cells if str(cell.value).startswith("=")]
    assert formula_like.data_type == "s"  # a string, never a formula
    assert formula_like.value == '=HYPERLINK("http://x")'
    # CSV has no types: the apostrophe spreadsheets read as "this is text"
    assert _csv(out / "handoffs.csv")[1][HANDOFF_HEADERS.index("requires")] == (
        '\'=HYPERLINK("http://x")'
    )
