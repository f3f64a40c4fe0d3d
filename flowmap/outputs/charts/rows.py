"""Where a long process wraps: its steps in rows of about `ROW_COLUMNS` columns.

One place decides it for every chart of a process: `flowmap render` stacks the rows in one
picture, the report shows each row as a figure of its own (one printed page each).
"""

from __future__ import annotations

from collections.abc import Sequence

from flowmap.model import types as t

# Steps in a row: three keep a row's text at least 8 px when the picture is shown 1,400 px
# wide, and at least 6 pt when a row is printed across a landscape A4 page.
ROW_COLUMNS = 3


def process_rows(steps: Sequence[t.Step]) -> list[tuple[int, int]]:
    """(start, end) of each row: steps in flow order, a step with operations as wide as
    its chain of operations, as few rows as `ROW_COLUMNS` allows and as even as can be
    (ten steps: 2, 3, 2, 3), at least one step a row; no steps, no row.

    >>> from types import SimpleNamespace as Step
    >>> process_rows([Step(operations=[])] * 10)
    [(0, 2), (2, 5), (5, 7), (7, 10)]
    """
    widths = [max(1, len(step.operations)) for step in steps]
    total = sum(widths)
    count = -(-total // ROW_COLUMNS)  # rows needed, rounded up
    rows, start, done, row_width = [], 0, 0, 0
    for index, width in enumerate(widths):
        # close the row before a step that would take it past its even share, or too wide
        past_share = (done + width) * count > total * (len(rows) + 1)
        if index > start and (past_share or row_width + width > ROW_COLUMNS):
            rows.append((start, index))
            start, row_width = index, 0
        done += width
        row_width += width
    if steps:
        rows.append((start, len(steps)))
    return rows
