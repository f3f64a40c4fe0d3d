"""The workbook, written by a second process started before the maps are read (so that
openpyxl is imported on another core), or here whenever that process fails."""

from __future__ import annotations

import io

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
