"""Tables as one .xlsx workbook (openpyxl): a sheet per table, its headers bold, frozen and
filtered. Map text is untrusted, and a spreadsheet runs a cell that starts like a formula:
such a cell is typed as text. The same sheets and date give the same bytes.

openpyxl takes a tenth of a second to import, more than Graphviz needs for most charts. So
`flowmap report` starts a `WorkbookWriter` before anything else: a second Python process
imports openpyxl on another core while the first imports networkx and reads the maps, then
writes the workbook it is sent (JSON on its standard input, the .xlsx on its output). When
that process cannot start or fails, the workbook is written in this one: it is never left out.

    with WorkbookWriter() as writer:    # first thing
        ...
        data = writer.write([Sheet("handoffs", headers, rows)], "2026-12-02")
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WRITER_SECONDS = 60  # a workbook of 100,000 rows takes about 10 s
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


def workbook(sheets: list[Sheet], date: str) -> bytes:
    """The sheets as one .xlsx; `date` (YYYY-MM-DD) is its creation date."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in sheets:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.data_type = TYPE_STRING  # text, never a formula
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, header in enumerate(table.headers, start=1):
            width = max([len(header)] + [min(len(row[index - 1]), 60) for row in table.rows])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width + 2
    when = datetime.fromisoformat(date)
    book.properties.created = when
    out = io.BytesIO()
    book.save(out)
    return _reproducible(out.getvalue(), when)


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
    """A second process, started now, that writes one workbook later (see the top)."""

    def __init__(self, python: str = sys.executable) -> None:
        # -P: the folder the user is in is not searched for modules (an `openpyxl.py` there)
        command = [python, "-P", "-m", "flowmap.outputs.workbook"]
        try:
            self._process: subprocess.Popen | None = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError):  # no interpreter to start: write it here
            self._process = None

    def write(self, sheets: list[Sheet], date: str) -> bytes:
        """The workbook, from the second process when it delivers one, else from this."""
        process, self._process = self._process, None
        if process is not None:
            request = {"date": date, "sheets": [_as_json(sheet) for sheet in sheets]}
            try:
                data, _ = process.communicate(json.dumps(request).encode(), WRITER_SECONDS)
            except (OSError, subprocess.TimeoutExpired):
                _stop(process)
            else:
                if process.returncode == 0 and data.startswith(b"PK"):
                    return data
        return workbook(sheets, date)

    def close(self) -> None:
        """Stop the second process if it was never sent a workbook (the report failed)."""
        process, self._process = self._process, None
        if process is not None:
            _stop(process)

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _as_json(sheet: Sheet) -> dict:
    return {"name": sheet.name, "headers": list(sheet.headers), "rows": sheet.rows}


def _stop(process: subprocess.Popen) -> None:
    process.kill()
    process.communicate()


def _serve() -> int:
    """The second process: import openpyxl, then write the workbook read from stdin."""
    import openpyxl  # noqa: F401 - the point: imported while the first process reads the maps

    request = json.load(sys.stdin.buffer)
    sheets = [
        Sheet(sheet["name"], tuple(sheet["headers"]), [tuple(row) for row in sheet["rows"]])
        for sheet in request["sheets"]
    ]
    sys.stdout.buffer.write(workbook(sheets, request["date"]))
    return 0


if __name__ == "__main__":
    sys.exit(_serve())
