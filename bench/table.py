"""The benchmark table: one row per measurement, with its floor and ratio when it has one."""

from __future__ import annotations

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
        self, name: str, seconds: float, floor_seconds: float | None = None, note: str = ""
    ) -> Row:
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
