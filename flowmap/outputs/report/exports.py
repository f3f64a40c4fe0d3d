"""The report's tables as CSV files beside the page, one per table, and as one workbook
(`flowmap.outputs.workbook`).

CSV is what every tool reads (UTF-8 with a byte-order mark, so that Excel shows accents and
CJK right). Map text is untrusted, and a spreadsheet runs a cell that starts like a formula:
CSV has no types, so such a cell gets a leading apostrophe (what spreadsheets themselves use
to mark text); the workbook types it as text.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from flowmap.load.names import shown_text
from flowmap.outputs.workbook import FORMULA_START, Sheet

if TYPE_CHECKING:
    from flowmap.outputs.report.tables import Table


def table_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([_inert(cell) for cell in row.cells] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


# Rows of a table the workbook holds; the CSV holds them all. openpyxl writes about 7,000
# rows a second: a 50 KB map stating 87,000 handoffs (3,000 steps that each name the next
# 29) made a workbook of 180,000 rows that took 26 s, longer than all the rest of the report.
MAX_SHEET_ROWS = 20_000


def table_sheet(table: Table) -> Sheet:
    """The table as a sheet of the workbook: its first MAX_SHEET_ROWS rows, then a row that
    says how many more the CSV file holds."""
    rows = [row.cells for row in table.rows[:MAX_SHEET_ROWS]]
    more = len(table.rows) - len(rows)
    if more:
        note = f"… and {more:,} more rows: every row is in {table.name}.csv"
        rows.append((note, *[""] * (len(table.headers) - 1)))
    return Sheet(table.name, table.headers, rows)


def inert(cell: str) -> str:
    """A CSV cell that no spreadsheet runs and no terminal acts on (the survey files too)."""
    cell = shown_text(cell)  # an escape sequence in a cell acts on a terminal that cats it
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


_inert = inert
