"""The workbook, written by a second process started before the maps are read (so that
openpyxl is imported on another core), or here whenever that process fails."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from flowmap.outputs import workbook as module
from flowmap.outputs.workbook import Sheet, WorkbookWriter, workbook

SHEETS = [
    Sheet("handoffs", ("supplier", "customer"), [("Sales", "Planning"), ("=1+1", "出货")]),
    Sheet("findings", ("rule",), []),
]
DATE = "2026-12-02"


def _cells(data: bytes) -> dict[str, list[list[str]]]:
    book = load_workbook(io.BytesIO(data))
    return {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in book.worksheets
    }


def test_the_second_process_writes_the_workbook(monkeypatch):
    writer = WorkbookWriter()
    expected = workbook(SHEETS, DATE)

    def not_here(*_):
        raise AssertionError("written in this process")

    monkeypatch.setattr(module, "workbook", not_here)
    writer.send(SHEETS, DATE)
    data = writer.result()
    assert data == expected  # the same bytes as written here
    assert _cells(data) == {
        "handoffs": [["supplier", "customer"], ["Sales", "Planning"], ["=1+1", "出货"]],
        "findings": [["rule"]],
    }
    assert load_workbook(io.BytesIO(data))["handoffs"]["A3"].data_type == "s"  # not a formula


@pytest.mark.parametrize("python", [None, "/no/such/python", "/bin/false"])
def test_without_a_second_process_the_workbook_is_written_here(python):
    writer = WorkbookWriter(python)
    writer.send(SHEETS, DATE)
    assert writer.result() == workbook(SHEETS, DATE)


def test_a_writer_never_used_stops_its_process():
    writer = WorkbookWriter()
    process = writer._process
    writer.close()
    assert process is not None and process.poll() is not None


def test_a_module_in_the_users_folder_is_not_imported(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    (tmp_path / "openpyxl.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(tmp_path)
    writer = WorkbookWriter()
    writer.send(SHEETS, DATE)
    assert writer.result() == workbook(SHEETS, DATE) and not marker.exists()


def test_a_second_process_that_hangs_is_stopped_and_the_workbook_written_here(
    tmp_path, monkeypatch
):
    hangs = tmp_path / "python"
    hangs.write_text("#!/bin/sh\nexec sleep 30\n")
    hangs.chmod(0o755)
    monkeypatch.setattr(module, "WRITER_SECONDS", 0.5)
    writer = WorkbookWriter(str(hangs))
    writer.send(SHEETS, DATE)
    assert writer.result() == workbook(SHEETS, DATE)


def test_repeated_values_are_written_as_each_one_alone():
    """Each distinct value of a column is made once (for speed): True beside 1 and 1.0, a
    formula-like text again and again, a share again — each cell as if written alone."""
    from flowmap.outputs.workbook import SHARE, TEXT, YES_NO

    rows = [(1, "=x", 0.5, True), (True, "=x", 0.5, False), (1.0, "=x", None, True)] * 2
    sheet = Sheet("s", ("a", "b", "c", "d"), rows, (TEXT, TEXT, SHARE, YES_NO))
    book = load_workbook(io.BytesIO(workbook([sheet], "2026-01-02")))["s"]
    got = [[(cell.value, cell.data_type, cell.number_format) for cell in row] for row in book]
    assert got[1] == [(1, "n", "General"), ("=x", "s", "General"), (0.5, "n", "0.0%"),
                      (True, "b", "General")]  # fmt: skip
    assert got[2][0] == (True, "b", "General") and got[2][1] == ("=x", "s", "General")
    assert got[3][0][:2] == (1, "n") and got[3][2][0] is None
    assert got[4:] == got[1:4]


def _cell_by_cell(sheets: list[Sheet], date: str) -> bytes:
    """The workbook as openpyxl writes it a cell at a time (`workbook` before it wrote each
    distinct value once and put the rows together itself): the bytes must stay the same."""
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for table in sheets:
        sheet = book.create_sheet(table.name)
        columns = len(table.headers)
        widths = [len(header) for header in table.headers]
        for row in table.rows:
            for index, cell in enumerate(row[:columns]):
                if cell is not None:
                    widths[index] = max(widths[index], min(len(str(cell)), 60))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width + 2
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{len(table.rows) + 1}"
        sheet.append(
            [module._cell(sheet, header, module.TEXT, Font(bold=True)) for header in table.headers]
        )
        kinds = [table.kind(column) for column in range(columns)]
        for row in table.rows:
            sheet.append([module._cell(sheet, v, k) for v, k in zip(row, kinds, strict=False)])
    when = datetime.fromisoformat(date)
    book.properties.created = when
    out = io.BytesIO()
    book.save(out)
    return module._reproducible(out.getvalue(), when, {})


def test_the_bytes_are_those_of_openpyxl_writing_each_cell():
    """Every kind of value, texts that need escaping or keeping their spaces, a text too
    long for a cell, rows shorter or longer than the headers, a sheet with no rows, and
    styles met first in a later row and column."""
    from flowmap.outputs.workbook import HOURS, INTEGER, SHARE, YES_NO

    kinds = (module.TEXT, INTEGER, HOURS, SHARE, module.DATE, YES_NO, module.TEXT)
    texts = [" lead", "trail ", "a & b < c > d \"q\" 'a'", "é 出货 😀", "line\nbreak\ttab", "=1+1",
             "@x", "-1", "x" * 40_000, "2026-13-40", ""]  # fmt: skip
    rows = [(None, None, None, None, None, None, None)] * 2
    rows += [
        (text, n, n * 1.5 if n % 3 else None, n / 7, f"2026-01-{n % 28 + 1:02d}", n % 2 == 0, text)
        for n, text in enumerate(texts * 3)
    ]
    rows += [(1, True, 1.0, 0, "no date", None, 0.5), ("short",), ("long", *range(9))]
    sheets = [
        Sheet("mixed", tuple(f"h{n}" for n in range(7)), rows, kinds),
        Sheet("empty", ("a", "b"), []),
        Sheet("late styles", ("a", "b"), [(None, "x"), ("y", 2)], (module.TEXT, SHARE)),
    ]
    assert workbook(sheets, DATE) == _cell_by_cell(sheets, DATE)
    escaped = "a & b < c > d \"q\" 'a'"
    assert _cells(workbook(sheets, DATE))["mixed"][3 + 2] == [
        escaped, 2, 3.0, 2 / 7, datetime(2026, 1, 3), True, escaped
    ]  # fmt: skip
