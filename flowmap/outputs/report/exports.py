"""The report's sheets (`sheets`) as CSV files beside the page, and as one workbook
(`flowmap.outputs.workbook`).

CSV is what every tool reads (UTF-8 with a byte-order mark, so that Excel shows accents and
CJK right): numbers are written as numbers (a share as 0.875), a blank as an empty field.
Map text is untrusted, and a spreadsheet runs a cell that starts like a formula: CSV has no
types, so such a cell gets a leading apostrophe (what spreadsheets themselves use to mark
text); the workbook types it as text.
"""

from __future__ import annotations

import csv
import io

from flowmap.load.names import shown_text
from flowmap.outputs.workbook import FORMULA_START, Cell, Sheet


def sheet_csv(sheet: Sheet) -> bytes:
    # A sheet repeats its texts (process, unit and step names on every row), and a 50 KB map
    # of 87,000 handoffs makes 4 million cells: each distinct cell of a column is made safe
    # and quoted once, and the rows are joined column by column, with the same bytes as
    # csv.writer (a test holds them the same). Measured on that map's two sheets (load 6,
    # best of 3): 1.50 s of CPU through csv.writer, a cell at a time; 1.01 s this way.
    width = len(sheet.headers)
    if width < 2 or any(len(row) != width for row in sheet.rows):
        return _plain_csv(sheet)  # (csv.writer quotes a lone empty field; ragged rows)
    columns = [_column_texts(column) for column in zip(*sheet.rows, strict=True)]
    lines = [_csv_line(sheet.headers), *map(",".join, zip(*columns, strict=True))]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _plain_csv(sheet: Sheet) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    writer.writerows([_field(cell) for cell in row] for row in sheet.rows)
    return out.getvalue().encode("utf-8-sig")


def _column_texts(column: tuple[Cell, ...]) -> list[str]:
    """Each cell of a column as its CSV field: safe (`_field`), quoted where needed."""
    if len(set(map(type, column)) - {type(None), str}) > 1:  # True == 1: keyed by type too
        fields: dict = {}
        for cell in set(map(_typed, column)):
            fields[cell] = _csv_field(_field(cell[1]))
        return [fields[_typed(cell)] for cell in column]
    fields = {cell: _csv_field(_field(cell)) for cell in set(column)}
    return list(map(fields.__getitem__, column))


def _typed(cell: Cell) -> tuple[type, Cell]:
    return type(cell), cell


def _csv_field(text: str) -> str:
    """The field as csv.writer's excel dialect writes it: quoted, its quotes doubled, when
    it holds a comma, a quote or a line break (a test holds the two the same)."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(cells) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(cells)  # a line break in a cell: quoted
    return out.getvalue()[:-2]


# Rows of a sheet the workbook holds; the CSV holds them all. openpyxl wrote about 7,000
# rows a second (in write-only mode): a 50 KB map stating 87,000 handoffs (3,000
# steps that each name the next 29) made a workbook of 180,000 rows that took 26 s, longer
# than all the rest of the report.
MAX_SHEET_ROWS = 20_000


def capped(sheet: Sheet) -> Sheet:
    """The sheet as the workbook holds it: its first MAX_SHEET_ROWS rows, then a row that
    says how many more the CSV file holds."""
    rows = sheet.rows[:MAX_SHEET_ROWS]
    more = len(sheet.rows) - len(rows)
    if not more:
        return sheet
    note = f"… and {more:,} more rows: every row is in {sheet.name}.csv"
    rows.append((note, *[None] * (len(sheet.headers) - 1)))
    return Sheet(sheet.name, sheet.headers, rows, sheet.kinds)


def record(sheet: Sheet) -> list[dict[str, str]]:
    """The sheet's rows as its CSV file gives them back, header -> text (the formula guard
    left off): what `followup` compares."""
    return [
        {header: _text(cell) for header, cell in zip(sheet.headers, row, strict=False)}
        for row in sheet.rows
    ]


def _field(cell: Cell) -> str:
    text = _text(cell)
    return f"'{text}" if isinstance(cell, str) and text.startswith(FORMULA_START) else text


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float):
        return format(cell, ".6g")
    if isinstance(cell, int):
        return str(cell)
    return shown_text(cell)  # an escape sequence in a cell acts on a terminal that cats it


def inert(cell: str) -> str:
    """A CSV cell that no spreadsheet runs and no terminal acts on (the survey files too)."""
    return _field(cell)
