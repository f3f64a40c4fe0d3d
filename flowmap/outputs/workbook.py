"""Tables as one .xlsx workbook (openpyxl): a sheet per table, its headers bold, frozen and
filtered. Cells are typed by their column's kind (`TEXT`, `INTEGER`, `HOURS`, `SHARE`,
`DATE`, `YES_NO`), so that an auditor can filter satisfaction below 85% or sort by due: a
share is a number shown as a percentage, a date a date, a blank an empty cell. Map text is
untrusted, and a spreadsheet runs a cell that starts like a formula: such a cell is typed as
text. The same sheets and date give the same bytes.

openpyxl takes a tenth of a second to import, more than Graphviz needs for most charts. So
`flowmap report` starts a `WorkbookWriter` before anything else: a second Python process
imports openpyxl on another core while the first imports networkx and reads the maps, then
writes the workbook it is sent (JSON on its standard input, the .xlsx on its output). When
that process cannot start or fails, the workbook is written in this one: it is never left out.

Measured (bench_devices "workbook process", 2 cores, load 7.8, best of 3 in turns): the
report of 20 processes x 50 steps 2.72 s against 3.34 s without it (+19%); the report of
processes/ 0.68 s against 0.56 s (-22%: on a busy machine the second process competes for
the cores it was meant to use). Kept on the larger row; a quiet run decides processes/.

    with WorkbookWriter() as writer:    # first thing
        ...
        writer.send([Sheet("handoffs", headers, rows)], "2026-12-02")
        ...                             # other work
        data = writer.result()
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WRITER_SECONDS = 60  # a workbook of 100,000 rows takes about 10 s
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


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

    Written in openpyxl's write-only mode, row by row: the 40,000 rows of a 50 KB map's
    report took 9.6 s to write with the cells kept in memory."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for table in sheets:
        sheet = book.create_sheet(table.name)
        columns = len(table.headers)
        for index, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(columns, 1))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        bold = Font(bold=True)
        sheet.append([_cell(sheet, header, TEXT, bold) for header in table.headers])
        kinds = [table.kind(column) for column in range(columns)]
        # A column repeats its values (names, ids, kinds of handoff): each distinct value
        # that is written as it is (no format, not formula-like) is made so once. Measured
        # on the 40,000 rows of the fan-out 3,000 map (load 4): 7.7-8.3 s of CPU -> 6.0-6.3
        # s, the same bytes.
        plain: list[dict] = [{} for _ in kinds]
        for row in table.rows:
            sheet.append(
                [
                    _plain_or_cell(sheet, value, kind, seen)
                    for value, kind, seen in zip(row, kinds, plain, strict=False)
                ]
            )
    when = datetime.fromisoformat(date)
    book.properties.created = when
    out = io.BytesIO()
    book.save(out)
    return _reproducible(out.getvalue(), when)


def _plain_or_cell(sheet, value: Cell, kind: str, seen: dict):
    """`_cell`, remembered in `seen` for the values that need no cell of their own (keyed by
    type too: True == 1)."""
    key = (type(value), value)
    found = seen.get(key, seen)
    if found is seen:
        found = _cell(sheet, value, kind)
        if not _is_cell(found):
            seen[key] = found
    return found


def _is_cell(value) -> bool:
    from openpyxl.cell.cell import Cell as WorkbookCell

    return isinstance(value, WorkbookCell)


def _cell(sheet, value: Cell, kind: str, font=None):
    """A cell of the row being written: the value itself, or a cell that carries its
    number format, its font, or the mark that text starting like a formula is text."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING

    value = _typed(value, kind)
    formula_like = isinstance(value, str) and value.startswith(FORMULA_START)
    formatted = kind in _FORMATS and value is not None and not isinstance(value, str)
    if not (formula_like or formatted or font):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if formula_like:
        cell.data_type = TYPE_STRING  # text, never a formula
    if formatted:
        cell.number_format = _FORMATS[kind]
    if font:
        cell.font = font
    return cell


def _widths(table: Sheet) -> list[int]:
    """Each column as wide as its header or its longest cell, up to 60 characters."""
    widths = [len(header) for header in table.headers]
    for row in table.rows:
        for index, cell in enumerate(row[: len(widths)]):
            if cell is not None:
                widths[index] = max(widths[index], min(len(str(cell)), 60))
    return [width + 2 for width in widths]


def _typed(value: Cell, kind: str) -> Cell | date:
    """A cell's value as the workbook holds it: text made safe, an ISO date a date."""
    from flowmap.load.names import shown_text  # control characters: escaped, never a crash

    if isinstance(value, str):
        if kind == DATE:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        return shown_text(value)
    return value


def _reproducible(xlsx: bytes, when: datetime) -> bytes:
    """The workbook with `when` for every date openpyxl stamps with the clock (each zip
    entry's time, the "modified" property)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(entry.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
    return out.getvalue()


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
            # -P: the folder the user is in is not searched (an `openpyxl.py` there)
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
    """The second process: import openpyxl, then write the workbook read from stdin."""
    import openpyxl  # noqa: F401 - the point: imported while the first process reads the maps

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
