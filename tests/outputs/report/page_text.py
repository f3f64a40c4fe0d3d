"""Reading the report's HTML back in tests: its tables as rows of cell text, its ids and
its links. (A test helper, not a test module.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    classes: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    tones: list[str] = field(default_factory=list)  # each body row's class


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self._open: list[Table] = []
        self._cell: list[str] | None = None
        self._in_head = False
        self._row: list[str] | None = None
        self.feed(html)

    def tables_of(self, classes: str) -> list[Table]:
        return [table for table in self.tables if table.classes == classes]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "table":
            self._open.append(Table(attributes.get("class") or ""))
            self.tables.append(self._open[-1])
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._open:
            self._row = []
            if not self._in_head:
                self._open[-1].tones.append(attributes.get("class") or "")
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._open:
            table = self._open[-1]
            (table.headers if self._in_head else table.rows).append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
