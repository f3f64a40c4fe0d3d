"""The benchmark table: one row per measurement, with its floor and ratio when it has one.

Every row states the machine's load average (one minute) when it was measured: on a shared
machine a time means little without it. Where the row knows the CPU time of the measured
processes and of the floor, the note gives their ratio too (`cpu 1.45x`): CPU time is what
another busy program on the machine changes least.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class Row:
    name: str
    seconds: float
    floor_seconds: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor_seconds if self.floor_seconds else None


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(
        self,
        name: str,
        seconds: float,
        floor_seconds: float | None = None,
        note: str = "",
        cpu: tuple[float, float] | None = None,
    ) -> Row:
        """A row; `cpu` is (CPU seconds of the measured, CPU seconds of the floor)."""
        extra = []
        if cpu and cpu[1]:
            extra.append(f"cpu {cpu[0]:.2f} s, {cpu[0] / cpu[1]:.2f}x the floor's")
        extra.append(f"load {os.getloadavg()[0]:.1f}")
        note = "; ".join([note, *extra] if note else extra)
        row = Row(name, seconds, floor_seconds, note)
        self.rows.append(row)
        print(self.format_row(row), flush=True)
        return row

    @staticmethod
    def format_row(row: Row) -> str:
        floor = f"{row.floor_seconds:9.3f}" if row.floor_seconds else " " * 9
        ratio = f"{row.ratio:6.2f}x" if row.ratio else " " * 7
        return f"| {row.name:<52} | {row.seconds:9.3f} | {floor} | {ratio} | {row.note}"

    def markdown(self) -> str:
        head = (
            f"| {'benchmark':<52} | {'seconds':>9} | {'floor s':>9} | {'ratio':>7} | note\n"
            f"|{'-' * 54}|{'-' * 11}|{'-' * 11}|{'-' * 9}|------\n"
        )
        return head + "\n".join(self.format_row(row) for row in self.rows) + "\n"
