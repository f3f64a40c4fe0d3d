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

    Written in openpyxl's write-only mode (the 40,000 rows of a 50 KB map's report took
    9.6 s to write with the cells kept in memory), each distinct value of a column once (see
    `_column_xml`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    rows: dict[str, list[str]] = {}  # a sheet's part in the .xlsx -> the XML of its rows
    for number, table in enumerate(sheets, start=1):
        sheet = book.create_sheet(table.name)
        columns = len(table.headers)
        body = table.rows
        if any(len(row) != columns for row in body):  # each row as long as the headers
            body = [(*row[:columns], *[None] * (columns - len(row))) for row in body]
        values = list(zip(*body, strict=True)) if body else [()] * columns
        distinct = [{(type(value), value): value for value in column} for column in values]
        for index, width in enumerate(_widths(table, distinct), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(columns, 1))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        bold = Font(bold=True)
        sheet.append([_cell(sheet, header, TEXT, bold) for header in table.headers])
        kinds = [table.kind(column) for column in range(columns)]
        _first_styles(sheet, values, kinds)
        cells = [
            _column_xml(sheet, column, found, kind)
            for column, found, kind in zip(values, distinct, kinds, strict=True)
        ]
        rows[f"xl/worksheets/sheet{number}.xml"] = _rows_xml(cells, len(body))
    when = datetime.fromisoformat(date)
    book.properties.created = when
    out = io.BytesIO()
    book.save(out)
    return _reproducible(out.getvalue(), when, rows)


# openpyxl writes the workbook: its parts, styles and each sheet with its header row. The
# rows below the header it would write a cell at a time, at about 7 µs a cell (4.6 s of CPU
# for the 40,000 rows of 27 and 19 columns of the fan-out 3,000 map's report). So each
# distinct value of a column is written once by openpyxl's own cell writer, the rows are
# put together from those pieces, and `_reproducible` puts them into the sheet's part: the
# same bytes as openpyxl writing each cell (a test holds them the same). Measured, the
# second process alone on the report's workbook, three pairs in turns (load 4.5): fan-out
# 3,000 steps 6.4-6.8 s of CPU -> 2.0-2.1 s; 1,200 small processes 4.5-4.8 s -> 2.0 s.


def _first_styles(sheet, values: list[tuple[Cell, ...]], kinds: list[str]) -> None:
    """Give the workbook the styles of the sheet's cells in the order openpyxl would meet
    them writing the rows one by one (a style's number is its place in that order): a
    column's format, at the first row that has a number or a date in that column."""
    firsts = []
    for index, (column, kind) in enumerate(zip(values, kinds, strict=True)):
        if kind in _FORMATS:
            row = next((at for at, value in enumerate(column) if _formatted(value, kind)), None)
            if row is not None:
                firsts.append((row, index, column[row], kind))
    for _row, _index, value, kind in sorted(firsts):
        _cell(sheet, value, kind).style_id  # noqa: B018 - the style is numbered as it is asked


def _formatted(value: Cell, kind: str) -> bool:
    """Whether a value of this kind of column is written with the column's number format."""
    value = _typed(value, kind)
    return value is not None and not isinstance(value, str)


def _column_xml(sheet, column: tuple[Cell, ...], distinct: dict, kind: str) -> list[str]:
    """Each cell of the column as its XML after its reference (`<c r="A2"` + this), written
    by openpyxl once for each distinct value, all as cell A1; "" for an empty cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell._writer import write_cell
    from openpyxl.xml.functions import xmlfile

    written = {}
    out = io.BytesIO()
    with xmlfile(out) as xf, xf.element("cells"):  # (one root, as XML wants)
        for key, value in distinct.items():
            cell = _cell(sheet, value, kind)
            if not _is_cell(cell):
                cell = WriteOnlyCell(sheet, value=cell)
            if cell._value is None and not cell.has_style:
                written[key] = ""  # (openpyxl leaves such a cell out)
                continue
            written[key] = None
            write_cell(xf, sheet, cell, cell.has_style)
    # Each written cell starts with its reference (text in a cell is escaped: `&lt;c`).
    text = out.getvalue().decode("ascii")  # (the rest as character references)
    pieces = text.removeprefix("<cells>").removesuffix("</cells>").split(_FIRST)
    if pieces[0] or len(pieces) - 1 != sum(1 for xml in written.values() if xml is None):
        raise ValueError("openpyxl wrote the cells unlike it used to")
    made = iter(pieces[1:])
    written = {key: next(made) if xml is None else xml for key, xml in written.items()}
    return [written[type(value), value] for value in column]


_FIRST = '<c r="A1"'  # (a WriteOnlyCell's place until it is put in a row)


def _rows_xml(cells: list[list[str]], count: int) -> list[str]:
    """The `count` rows below the header (from row 2), as openpyxl writes them, from each
    column's cells (`_column_xml`)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(index) for index in range(1, len(cells) + 1)]
    out = []  # a text a row: one a cell, the process peaked at 288 MB, not 228, on fan-out 3,000
    for number, row in enumerate(zip(*cells, strict=True) if cells else [()] * count, start=2):
        row_cells = "".join(
            [
                f'<c r="{letter}{number}"{xml}'
                for letter, xml in zip(letters, row, strict=True)
                if xml
            ]
        )
        out.append(f'<row r="{number}">{row_cells}</row>')
    return out


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


def _widths(table: Sheet, distinct: list[dict]) -> list[int]:
    """Each column as wide as its header or its longest cell, up to 60 characters."""
    widths = [len(header) for header in table.headers]
    for index, values in enumerate(distinct[: len(widths)]):
        for value in values.values():
            if value is not None:
                widths[index] = max(widths[index], min(len(str(value)), 60))
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


def _reproducible(xlsx: bytes, when: datetime, rows: dict[str, list[str]]) -> bytes:
    """The workbook with `when` for every date openpyxl stamps with the clock (each zip
    entry's time, the "modified" property), and each sheet's `rows` put after its header."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            if rows.get(entry.filename):
                head, end, tail = data.partition(_SHEET_DATA_END)
                if not end or _SHEET_DATA_END in tail:
                    raise ValueError(f"openpyxl wrote {entry.filename} unlike it used to")
                data = b"".join([head, "".join(rows[entry.filename]).encode("ascii"), end, tail])
            fixed = zipfile.ZipInfo(entry.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
    return out.getvalue()


_SHEET_DATA_END = b"</sheetData>"


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
