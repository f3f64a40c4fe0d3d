"""The report's tables as files beside the page: one CSV per table and one workbook.

CSV is what every tool reads (UTF-8 with a byte-order mark, so that Excel shows accents and
CJK right); the workbook holds each table on a sheet of its own, headers frozen and
filtered. Map text is untrusted, and a spreadsheet runs a cell that starts like a formula:
in the workbook such a cell is typed as text; in CSV, which has no types, it gets a leading
apostrophe (what spreadsheets themselves use to mark text).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime

from flowmap.outputs.report.tables import Table

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def table_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([_inert(cell) for cell in row.cells] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def _inert(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def workbook(tables: list[Table], date: str) -> bytes:
    """The tables as sheets of one .xlsx; `date` (YYYY-MM-DD) is its creation date, and
    the same tables and date give the same bytes."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row.cells))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                    cell.data_type = TYPE_STRING  # text, never a formula
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, header in enumerate(table.headers, start=1):
            width = max([len(header)] + [min(len(r.cells[index - 1]), 60) for r in table.rows])
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
