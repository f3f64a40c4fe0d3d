"""handoffs.csv, findings.csv and report.xlsx beside the page: sheets to work in, read back
with openpyxl — numbers as numbers, dates as dates, blanks empty, one fact per column; the
CSV holds the same values; map text that looks like a formula stays text."""

from __future__ import annotations

import csv
import datetime
import io

from openpyxl import load_workbook

from flowmap.outputs.report.sheets import FINDING_COLUMNS, HANDOFF_COLUMNS
from tests.outputs.report.page_text import Page
from tests.outputs.report.test_report import FAULTY, ORG

WAIVED = FAULTY.replace(
    "due: 1d, satisfaction: 0.5}",
    "due: 1d, satisfaction: 0.5, waive: {satisfaction-target: {reason: Survey redone in Q1,"
    " approved_by: boss, until: 2027-01-31}}}",
)


def _report(cli, project, tmp_path, text: str = FAULTY, env=None):
    project.write("_org.yaml", ORG)
    project.write("faulty.yaml", text)
    assert cli("report", "faulty.yaml", "-o", str(tmp_path), "--dot", "/no/dot").code == 0
    return tmp_path


def _csv(path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _sheet(out, name: str) -> list[dict]:
    """The sheet's rows as {header: cell}."""
    rows = list(load_workbook(out / "report.xlsx")[name].iter_rows())
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def test_the_workbook_has_a_sheet_for_each_fact(cli, project, tmp_path):
    out = _report(cli, project, tmp_path)
    book = load_workbook(out / "report.xlsx", read_only=True)
    assert book.sheetnames == ["handoffs", "findings", "waivers", "scorecard", "scope"]


def test_handoffs_one_fact_per_column_numbers_as_numbers(cli, project, tmp_path):
    out = _report(cli, project, tmp_path)
    rows = _sheet(out, "handoffs")
    assert [cell.value for cell in load_workbook(out / "report.xlsx")["handoffs"][1]] == list(
        HANDOFF_COLUMNS[0]
    )
    by_pair = {(r["supplier step"].value, r["customer step"].value): r for r in rows}
    late = by_pair["accept", "make"]
    # a step's id, role, unit apart; the status apart from the rule ids
    assert late["supplier role"].value == "clerk" and late["supplier unit"].value == "sales"
    assert late["customer role"].value == "worker" and late["customer unit"].value == "plant"
    assert late["status"].value == "late"
    rules = "assure-own, recheck-upstream, serve-downstream, satisfaction-target"
    assert late["rules"].value == rules
    # satisfaction a share with a percent format, durations in hours beside their text
    assert late["satisfaction"].value == 0.5 and late["satisfaction"].data_type == "n"
    assert late["satisfaction"].number_format == "0.0%"
    assert late["below target"].value is True
    assert (late["due"].value, late["due hours"].value) == ("1d", 24)
    assert (late["lead time"].value, late["lead time hours"].value) == ("2d", 48)
    # a customer's own step: no role, no unit — empty cells, not "–"
    placed = by_pair["place", "accept"]
    assert placed["supplier role"].value is None and placed["supplier unit"].value is None
    assert placed["satisfaction"].value is None and placed["waived rules"].value is None
    # the same values in the CSV, a blank an empty field
    text = _csv(out / "handoffs.csv")
    column = {h: i for i, h in enumerate(text[0])}
    row = next(r for r in text[1:] if r[column["supplier step"]] == "accept")
    assert row[column["satisfaction"]] == "0.5" and row[column["due hours"]] == "24"
    assert row[column["below target"]] == "yes"
    assert len(text) == 1 + len(rows) == 1 + 3


def test_findings_with_step_unit_fingerprint_and_nc_number(cli, project, tmp_path):
    out = _report(cli, project, tmp_path)
    rows = _sheet(out, "findings")
    assert [r["rule"].value for r in rows] == [
        "assure-own",
        "recheck-upstream",
        "serve-downstream",
        "satisfaction-target",
    ]
    assert [(r["step"].value, r["responsible units"].value) for r in rows] == [
        ("accept", "sales"),
        ("make", "plant"),
        ("make", "sales"),  # the late handoff into make: its supplier, sales, must act
        ("make", "sales"),
    ]
    for row in rows:
        assert row["NC"].value == "NC-" + row["fingerprint"].value[:6]
        assert row["line"].data_type == "n" and isinstance(row["line"].value, int)
    assert [r["classification"].value for r in rows] == ["major", "major", "major", "minor"]
    # the page shows the same numbers
    html = (out / "report.html").read_text(encoding="utf-8")
    for row in rows:
        assert row["NC"].value in html
    csv_rows = _csv(out / "findings.csv")
    assert csv_rows[0] == list(FINDING_COLUMNS[0])
    assert [r[0] for r in csv_rows[1:]] == [r["NC"].value for r in rows]


def test_waivers_scorecard_and_scope_sheets_are_typed(cli, project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796601600")  # 2026-12-07
    out = _report(cli, project, tmp_path, WAIVED)
    (waiver,) = _sheet(out, "waivers")
    assert waiver["rule"].value == "satisfaction-target"
    assert waiver["approved by"].value == "boss"
    assert waiver["until"].value == datetime.datetime(2027, 1, 31)  # a date, not text
    assert waiver["until"].is_date and waiver["until"].number_format == "yyyy-mm-dd"
    assert waiver["days left"].value == 55 and waiver["NC"].value.startswith("NC-")
    card = {(r["level"].value, r["id"].value): r for r in _sheet(out, "scorecard")}
    company = card["company", None]
    assert (company["steps"].value, company["steps compliant"].value) == (2, 0)
    assert company["steps compliant share"].value == 0
    assert company["steps compliant share"].number_format == "0.0%"
    assert card["unit", "sales"]["steps"].value == 1
    scope = _sheet(out, "scope")
    assert [r["map file"].value for r in scope] == ["_org.yaml", "faulty.yaml"]
    assert scope[0]["date"].value == datetime.datetime(2026, 12, 7)
    assert scope[0]["processes"].value == 1
    assert scope[0]["internal satisfaction target"].value == 0.85


def test_the_page_shows_the_findings_nc_and_classification(cli, project, tmp_path):
    out = _report(cli, project, tmp_path)
    html = (out / "report.html").read_text(encoding="utf-8")
    process = html.split('<section class="process"', 1)[1].split("</section>", 1)[0]
    rows = [row for table in Page(process).tables_of("findings") for row in table.rows]
    assert [row[1] for row in rows] == ["error (major)"] * 3 + ["warning (minor)"]
    assert all(row[0].startswith("NC-") for row in rows)


def test_text_that_looks_like_a_formula_is_kept_as_text(cli, project, tmp_path):
    text = FAULTY.replace("requires: [Signed]", "requires: ['=HYPERLINK(\"http://x\")']")
    out = _report(cli, project, tmp_path, text)
    book = load_workbook(out / "report.xlsx")
    cells = [cell for row in book["handoffs"].iter_rows() for cell in row]
    (formula_like,) = [cell for cell in cells if str(cell.value).startswith("=")]
    assert formula_like.data_type == "s"  # a string, never a formula
    assert formula_like.value == '=HYPERLINK("http://x")'
    # CSV has no types: the apostrophe spreadsheets read as "this is text"
    text_rows = _csv(out / "handoffs.csv")
    column = text_rows[0].index("requires")
    assert '\'=HYPERLINK("http://x")' in [row[column] for row in text_rows[1:]]


def test_csv_is_what_csv_writer_writes_for_every_kind_of_cell():
    """The CSV is joined column by column, each distinct cell quoted once (for speed): its
    bytes are those of csv.writer over the safe cells, for cells that need quoting, that
    look like formulas or hold escapes, and for True beside 1 and 1.0 in one column."""
    import random

    from flowmap.outputs.report.exports import _plain_csv as plain  # csv.writer's bytes
    from flowmap.outputs.report.exports import sheet_csv
    from flowmap.outputs.workbook import Sheet

    cells = [None, True, False, 0, 1, 1.0, 2.5, 10**20, 1e20, "", "a", "a,b", 'q"q']
    cells += ["l\nm", "r\rs", "\r\n", "=1+2", "-x", "@", "\tx", " x", "\x1b]2;x\x07", "漢 é"]
    pick = random.Random(23)
    for width in (1, 2, 3, 7):
        for _ in range(200):
            rows = [
                tuple(pick.choice(cells) for _ in range(width)) for _ in range(pick.randint(0, 6))
            ]
            headers = tuple(pick.choice(["h", "a,b", 'q"']) for _ in range(width))
            sheet = Sheet("x", headers, rows)
            assert sheet_csv(sheet) == plain(sheet), rows
    ragged = Sheet("x", ("a", "b"), [("1,2",), ("x", "y", "=z")])
    assert sheet_csv(ragged) == plain(ragged)
