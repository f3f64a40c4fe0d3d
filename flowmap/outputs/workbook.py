"""Tables as one .xlsx workbook (XlsxWriter): a sheet per table, its headers bold, frozen and
filtered. Cells are typed by their column's kind (`TEXT`, `INTEGER`, `HOURS`, `SHARE`,
`DATE`, `YES_NO`), so that an auditor can filter satisfaction below 85% or sort by due: a
share is a number shown as a percentage, a date a date, a blank an empty cell. Map text is
untrusted, and a spreadsheet runs a cell that starts like a formula: such a cell is typed as
text. The same sheets and date give the same bytes.

`flowmap report` starts a `WorkbookWriter` before anything else: a second Python process
imports the writer on another core while the first imports networkx and reads the maps, then
writes the workbook it is sent (JSON on its standard input, the .xlsx on its output) while
the first makes the pages. When that process cannot start or fails, the workbook is written
in this one: it is never left out.

Measured (bench_devices "workbook process", 2 cores, best of 2 in turns), with openpyxl at
load 7.8: the report of 20 processes x 50 steps +19%, of processes/ -22%; with XlsxWriter at
load 6-7: 20 x 50 4.05 s against 5.22 s without it (+22%, CPU -6%), processes/ 0.85 s
against 0.88 s (+3%, CPU -20%). Kept on the larger row; a quiet run decides processes/.

    with WorkbookWriter() as writer:    # first thing
        ...
        writer.send([Sheet("handoffs", headers, rows)], "2026-12-02")
        ...                             # other work
        data = writer.result()
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import date, datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WRITER_SECONDS = 60  # a workbook of 100,000 rows takes about 10 s


# The kinds of column, and the number format each gives its cells.
TEXT = "text"
INTEGER = "integer"
HOURS = "hours"  # a duration as a number of hours, beside its text ("1d" -> 24)
SHARE = "share"  # 0.8 shown as 80.0%
DATE = "date"  # ISO text in the rows, a date in the workbook
YES_NO = "yes/no"  # True/False, shown as TRUE/FALSE
_FORMATS = {INTEGER: "0", HOURS: "0.0#", SHARE: "0.0%", DATE: "yyyy-mm-dd"}

# What a cell of a sheet holds: None is an empty cell.
Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    kinds: tuple[str, ...] = ()  # per column; a column with none is TEXT

    def kind(self, column: int) -> str:
        return self.kinds[column] if column < len(self.kinds) else TEXT


def workbook(sheets: list[Sheet], date: str) -> bytes:
    """The sheets as one .xlsx; `date` (YYYY-MM-DD) is its creation date.

    Written with XlsxWriter, which wrote the 40,000 rows of a 50 KB map's report (1 million
    cells) in 3.1 s of CPU where openpyxl's write-only mode took 7.8 s (issue 23), and
    imports in a tenth of openpyxl's time. Its parts carry a fixed date, so the same sheets
    and date give the same bytes."""
    import xlsxwriter

    from flowmap.load.names import shown_text  # control characters: escaped, never a crash

    out = io.BytesIO()
    # in memory: 25% faster than row by row through temporary files (`constant_memory`),
    # and the strings shared (a smaller file), for 120 MB more at 1 million cells
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    formats = {kind: book.add_format({"num_format": code}) for kind, code in _FORMATS.items()}
    texts: dict[str, str] = {}  # each distinct text made safe once (names repeat on every row)
    for table in sheets:
        sheet = book.add_worksheet(table.name)
        columns = len(table.headers)
        for index, width in enumerate(_widths(table)):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(table.rows), max(columns, 1) - 1)
        for column, header in enumerate(table.headers):
            sheet.write_string(0, column, shown_text(header), bold)
        writers = [
            _writer(sheet, table.kind(column), formats, texts, shown_text)
            for column in range(columns)
        ]
        for number, row in enumerate(table.rows, start=1):
            for column, value in enumerate(row[:columns]):
                if value is not None:
                    writers[column](number, column, value)
    book.set_properties({"created": datetime.fromisoformat(date)})
    book.close()
    return out.getvalue()


def _writer(sheet, kind: str, formats: dict, texts: dict[str, str], shown_text):
    """How a cell of a column of `kind` is written: text as text (never a formula, however
    it starts), an ISO date in a DATE column as a date, numbers and yes/no with the
    column's number format."""
    number_format = formats.get(kind)

    def write(row: int, column: int, value: Cell) -> None:
        if isinstance(value, str):
            if kind == DATE:
                try:
                    found = date.fromisoformat(value)
                except ValueError:
                    pass
                else:
                    sheet.write_datetime(row, column, found, number_format)
                    return
            safe = texts.get(value)
            if safe is None:
                safe = texts[value] = shown_text(value)
            sheet.write_string(row, column, safe)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, number_format)
        else:
            sheet.write_number(row, column, value, number_format)

    return write


def _widths(table: Sheet) -> list[int]:
    """Each column as wide as its header or its longest cell, up to 60 characters."""
    widths = [len(header) for header in table.headers]
    for row in table.rows:
        for index, cell in enumerate(row[: len(widths)]):
            if cell is not None:
                widths[index] = max(widths[index], min(len(str(cell)), 60))
    return [width + 2 for width in widths]


class WorkbookWriter:
    """A second process, started now, that writes one workbook later (see the top):
    `send` it the sheets, go on, then take the `result`. With `python=None` no process is
    started and the workbook is written here, at `result`."""

    def __init__(self, python: str | None = sys.executable) -> None:
        self._process: subprocess.Popen | None = None
        self._sheets: list[Sheet] = []
        self._date = ""
        self._deadline: threading.Timer | None = None
        if python:
            # -P: the folder the user is in is not searched (an `xlsxwriter.py` there)
            command = [python, "-P", "-m", "flowmap.outputs.workbook"]
            try:
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except (OSError, ValueError):  # no interpreter to start: write it here
                self._process = None

    def send(self, sheets: list[Sheet], date: str) -> None:
        """Give the second process the sheets to write; it writes while this one goes on.
        From now on it has `WRITER_SECONDS` to deliver, or it is stopped."""
        self._sheets, self._date = sheets, date
        process = self._process
        if process is None:
            return
        self._deadline = threading.Timer(WRITER_SECONDS, process.kill)
        self._deadline.daemon = True  # never keeps the program from ending
        self._deadline.start()
        request = {"date": date, "sheets": [_as_json(sheet) for sheet in sheets]}
        try:
            process.stdin.write(json.dumps(request).encode())
            process.stdin.close()
        except (OSError, ValueError):  # it has died or was stopped: written here instead
            self.close()

    def result(self) -> bytes:
        """The workbook: the second process's when it delivers one, else written here."""
        process = self._process
        if process is not None:
            try:
                data = process.stdout.read()
                process.wait()
            except (OSError, ValueError):
                data = b""
            self.close()
            if process.returncode == 0 and data.startswith(b"PK"):
                return data
        return workbook(self._sheets, self._date)

    def close(self) -> None:
        """Stop the second process, if it has not delivered (the report failed)."""
        process, self._process = self._process, None
        if process is not None:
            _stop(process)
        if self._deadline is not None:
            self._deadline.cancel()

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _as_json(sheet: Sheet) -> dict:
    return {
        "name": sheet.name,
        "headers": list(sheet.headers),
        "rows": sheet.rows,
        "kinds": list(sheet.kinds),
    }


def _stop(process: subprocess.Popen) -> None:
    """Kill it (if it still runs), reap it and close its pipes."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            pipe.close()


def _serve() -> int:
    """The second process: import the writer, then write the workbook read from stdin."""
    import xlsxwriter  # noqa: F401 - imported while the first process reads the maps

    request = json.load(sys.stdin.buffer)
    sheets = [
        Sheet(
            sheet["name"],
            tuple(sheet["headers"]),
            [tuple(row) for row in sheet["rows"]],
            tuple(sheet["kinds"]),
        )
        for sheet in request["sheets"]
    ]
    sys.stdout.buffer.write(workbook(sheets, request["date"]))
    return 0


if __name__ == "__main__":
    sys.exit(_serve())
