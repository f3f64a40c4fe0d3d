"""Survey results: CSV files of responses, one row each, read into typed `Response`s.

The columns (docs/format.md, "Survey files"): `date` (ISO, `2026/10/3` accepted too),
`supplier`, `customer` (ids), `item` (optional), `score` (1–5) **or** `satisfied` (yes/no,
是/否), `respondent`, `comment` (optional). Header names are fixed, their order is free and
other columns (the template's hints `kind`, `requires`) are ignored. A row that cannot be
read is a `survey-data` finding at its line and column; the other rows still count. Which
relationship a row is about is the graph's question (`flowmap.graph.satisfaction`).

>>> surveys = parse("date,supplier,customer,score\\n2026-10-03,pick,make,4\\n", "s.csv")
>>> [(r.day.isoformat(), r.supplier, r.customer, r.score) for r in surveys.responses]
[('2026-10-03', 'pick', 'make', 4)]
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, compress
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from flowmap.findings import ERROR, Finding, Subject
from flowmap.i18n import _
from flowmap.load.csv_rows import RULE, column_of, read_csv, records, too_long
from flowmap.load.limits import DEFAULT_LIMITS, Limits
from flowmap.load.names import clipped

COLUMNS = ("date", "supplier", "customer", "item", "score", "satisfied", "respondent", "comment")
REQUIRED = ("date", "supplier", "customer")
HINTS = ("kind", "requires")  # what `flowmap survey template` adds for whoever answers
YES = frozenset({"yes", "y", "是"})
NO = frozenset({"no", "n", "否"})
_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")


class Response(NamedTuple):
    """One answer: how satisfied `customer` is with `supplier` (with its `item`)."""

    file: str  # as findings show it
    line: int  # the line its row starts on
    day: date
    supplier: str
    customer: str
    item: str
    satisfied: bool
    score: int | None = None  # None: answered yes/no
    respondent: str = ""
    comment: str = ""


@dataclass(eq=False)
class Surveys:
    """Every response of an organisation's survey files, and what could not be read."""

    folder: Path | None = None
    # the rows read one by one (files the quick way does not take, rows it leaves)
    rows: list[Response] = field(default_factory=list)
    # the rest, a file's rows at a time as columns (`_Columns`): 100,000 answers are
    # counted from these without an object each
    columns: list[_Columns] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # as shown in findings
    texts: dict[str, str] = field(default_factory=dict)  # file -> its text (for columns)
    headers: dict[str, dict[str, int]] = field(default_factory=dict)  # file -> column index
    sources: dict[str, str] = field(default_factory=dict)  # file -> relative to the root

    @property
    def responses(self) -> list[Response]:
        """Every response counted, each a `Response` (made when first asked)."""
        made = [response for batch in self.columns for response in batch.responses()]
        if not made or not self.rows:
            return made or self.rows
        order = {file: number for number, file in enumerate(self.files)}
        return sorted(made + self.rows, key=lambda r: (order.get(r.file, 0), r.line))

    def answers(self) -> Iterator[tuple[str, str, str, date, bool]]:
        """(supplier, customer, item, day, satisfied) of every response: what is counted
        (chained in C: no Python step per answer)."""
        columns = (
            zip(b.suppliers, b.customers, b.items, b.days, b.satisfied, strict=True)
            for b in self.columns
        )
        rows = ((r.supplier, r.customer, r.item, r.day, r.satisfied) for r in self.rows)
        return chain(chain.from_iterable(columns), rows)

    def column(self, response: Response, name: str) -> int:
        """The 1-based column of a response's field `name` in its file."""
        index = self.headers.get(response.file, {}).get(name)
        if index is None:
            return 1
        return column_of(self.texts.get(response.file, ""), response.line, index)


@dataclass(eq=False)
class _Columns:
    """The rows of a file that read without a problem, a column each."""

    file: str
    lines: Sequence[int]
    days: Sequence[date]
    suppliers: Sequence[str]
    customers: Sequence[str]
    items: Sequence[str]
    satisfied: Sequence[bool]
    scores: Sequence[int | None]
    respondents: Sequence[str]
    comments: Sequence[str]

    def responses(self) -> list[Response]:
        return [
            Response(self.file, *values)
            for values in zip(
                self.lines,
                self.days,
                self.suppliers,
                self.customers,
                self.items,
                self.satisfied,
                self.scores,
                self.respondents,
                self.comments,
                strict=True,
            )
        ]


def read_surveys(
    folder: Path, root: Path, limits: Limits = DEFAULT_LIMITS, satisfied_score: int = 4
) -> Surveys:
    """Every `*.csv` under `folder` (hidden files and links out of `root` left out)."""
    surveys = Surveys(folder)
    for path in survey_files(folder, root):
        shown = os.path.relpath(path)
        text, findings = read_csv(path, shown, limits)
        surveys.files.append(shown)
        surveys.sources[shown] = _relative(path, root)
        if text is None:
            surveys.findings += [_about_file(f, surveys) for f in findings]
            continue
        _parse_into(surveys, text, shown, limits, satisfied_score)
    return surveys


def parse(text: str, shown: str, limits: Limits = DEFAULT_LIMITS, satisfied_score=4) -> Surveys:
    """The responses of one file's text (for tests, and for the editor's unsaved texts)."""
    surveys = Surveys(files=[shown], sources={shown: shown})
    _parse_into(surveys, text, shown, limits, satisfied_score)
    return surveys


def survey_files(folder: Path, root: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    top = root.resolve()
    for path in sorted(folder.rglob("*.csv")):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(top):  # a link out of the project
            continue
        found.append(path)
    return found


def _parse_into(surveys: Surveys, text: str, shown: str, limits: Limits, satisfied_score) -> None:
    text = text.removeprefix("\ufeff")  # read_text takes it off a file; parse() may get one
    surveys.texts[shown] = text
    rows = records(text, shown, limits)
    header = next(((line, row) for line, row in rows if row != [] and row != [""]), None)
    if header is None:
        return  # an empty file: nothing asked yet
    line, names = header
    if isinstance(names, Finding):
        surveys.findings.append(_about_file(names, surveys))
        return
    columns = _columns(names)
    surveys.headers[shown] = columns
    missing = [name for name in REQUIRED if name not in columns]
    if "score" not in columns and "satisfied" not in columns:
        missing.append("score` or `satisfied")
    if missing:
        wanted = ", ".join(f"`{name}`" for name in missing)
        message = _(
            "the first row names the columns and has no {wanted}; the columns are {columns} "
            "(`flowmap survey template` writes them)"
        ).format(wanted=wanted, columns=", ".join(COLUMNS))
        surveys.findings.append(_about_file(Finding(RULE, ERROR, shown, line, 1, message), surveys))
        return
    reader = _RowReader(surveys, shown, columns, satisfied_score, limits)
    if not reader.by_columns(text, line):
        reader.read_all(rows)


def _columns(names: list[str]) -> dict[str, int]:
    """Where each known column is: names compared trimmed and in lower case."""
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        key = name.strip().lower()
        if key in COLUMNS and key not in columns:
            columns[key] = index
    return columns


class _RowReader:
    """Reads rows of one file into responses. A file may hold 100,000 rows whose values
    repeat: each date and score text is read once, and a row's cells are picked in one call
    (`make bench` times it against `csv.reader` alone)."""

    def __init__(
        self, surveys: Surveys, shown: str, columns: dict[str, int], score: int, limits: Limits
    ) -> None:
        self.limits = limits
        self.longest = limits.max_text_length
        self.surveys = surveys
        self.shown = shown
        self.width = max(columns.values()) + 1
        self.at = [columns.get(name, -1) for name in COLUMNS]
        # a missing column is read from the empty cell appended to every row (index -1)
        self.cells = itemgetter(*self.at)
        self.satisfied_score = score
        self.days: dict[str, date | None] = {}
        self.append = surveys.rows.append

    def by_columns(self, text: str, header_line: int) -> bool:
        """Read the rows after the header a column at a time (C loops: `csv.reader`,
        `map`, `zip`), the rows with anything to say about them one by one; False, having
        read nothing, for a file whose records do not each take one line (a quoted line
        break, a NUL, a row csv cannot read): `read_all` reads those."""
        if "\0" in text:
            return False
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error:
            return False
        if len(rows) != text.count("\n") + (0 if text.endswith("\n") else 1):
            return False  # a record over several lines: line numbers need counting
        width = self.width
        body = rows[header_line:]  # a row's line is its index in `rows` + 1
        lines: Sequence[int] = range(header_line + 1, len(rows) + 1)
        if body and min(map(len, body)) < width:  # short rows, empty lines: one by one
            full = [i for i, row in enumerate(body) if len(row) >= width]
            for index, row in enumerate(body):
                if 0 < len(row) < width:
                    self.read(lines[index], row + [""] * (width - len(row) + 1))
            lines = [lines[i] for i in full]
            body = [body[i] for i in full]
        # every row has `width` cells or more: the first `width` columns, transposed at once
        columns = list(zip(*body, strict=False))[:width] if body else [()] * width
        named: dict[str, Sequence[str]] = {}
        for name, at in zip(COLUMNS, self.at, strict=True):
            named[name] = columns[at] if at >= 0 else [""] * len(body)
        self._take(lines, named)
        return True

    def _take(self, lines: Sequence[int], named: dict) -> None:
        """The rows on `lines` given as columns: those that read as they are become a
        `_Columns`, the others are read one by one (and say what is wrong)."""
        days = self.days
        for when in set(named["date"]):
            if when not in days:
                days[when] = _day(when.strip())
        number_of = {text: n for text, n in _SCORES.items()}
        satisfied_of = {text: n >= self.satisfied_score for text, n in _SCORES.items()}
        found_days = list(map(days.__getitem__, named["date"]))
        scores = list(map(number_of.get, named["score"]))
        suppliers = list(map(str.strip, named["supplier"]))
        customers = list(map(str.strip, named["customer"]))
        yes_no = named["satisfied"]
        longest = self.longest
        texts = (named["item"], named["respondent"], named["comment"])
        too_long = any(max(map(len, column), default=0) > longest for column in texts)
        keep = None
        if (
            None in found_days
            or None in scores
            or "" in suppliers
            or "" in customers
            or any(yes_no)
            or too_long
        ):  # some rows have something to say: those one by one, every check said
            keep = [
                day is not None
                and score is not None
                and supplier != ""
                and customer != ""
                and not answer
                and max(len(item), len(respondent), len(comment)) <= longest
                for day, score, supplier, customer, answer, item, respondent, comment in zip(
                    found_days, scores, suppliers, customers, yes_no, *texts, strict=True
                )
            ]
            values = zip(*(named[name] for name in COLUMNS), strict=True)
            for line, row, fine in zip(lines, values, keep, strict=True):
                if not fine:
                    self.read(line, self._as_row(row))

        def kept(column: Sequence) -> Sequence:
            return column if keep is None else list(compress(column, keep))

        chosen = kept(named["score"])
        self.surveys.columns.append(
            _Columns(
                self.shown,
                kept(lines),
                kept(found_days),
                kept(suppliers),
                kept(customers),
                list(map(str.strip, kept(named["item"]))),
                list(map(satisfied_of.__getitem__, chosen)),
                list(map(number_of.__getitem__, chosen)),
                kept(named["respondent"]),
                kept(named["comment"]),
            )
        )

    def _as_row(self, values: tuple[str, ...]) -> list[str]:
        """A row (as `read` takes it: its cells where the header puts them, and the empty
        cell of every missing column last) from the values of COLUMNS."""
        row = [""] * (self.width + 1)
        for value, at in zip(values, self.at, strict=True):
            if at >= 0:
                row[at] = value
        return row

    def read_all(self, rows) -> None:
        """Every row after the header, one by one: the files `by_columns` does not take
        (a record over several lines, a NUL, a row csv cannot read)."""
        width = self.width
        for line, row in rows:
            if type(row) is not list:
                self.surveys.findings.append(_about_file(row, self.surveys))
            elif row:  # an empty line is spacing, not an answer
                # padded, and the empty cell of every missing column last
                self.read(line, row + [""] * max(width - len(row), 0) + [""])

    def read(self, line: int, row: list[str]) -> None:
        """One row, every check said: the rows `read_all` does not take as they are."""
        judged = self.judged(self.cells(row))
        if judged is None:
            return  # a row of empty cells: spacing
        if len(judged) == 2:
            column, problem = judged
            self._problem(line, column, problem, at_column=column != "")
            return
        day, supplier, customer, item, satisfied, number = judged
        *_answers, respondent, comment = self.cells(row)
        self.append(
            Response(
                self.shown,
                line,
                day,
                supplier,
                customer,
                item,
                satisfied,
                number,
                respondent,
                comment,
            )
        )

    def judged(self, cells: tuple[str, ...]):
        """A row's cells (in COLUMNS' order) read: (day, supplier, customer, item,
        satisfied, score), or (column, what is wrong) ("" for the whole row), or None for
        a row of empty cells."""
        when, supplier, customer, item, score, yes_no, respondent, comment = cells
        day = self.days.get(when, False)
        if day is False:
            day = self.days[when] = _day(when.strip())
        if day is None:
            if not "".join(cells).strip():
                return None
            return "date", _("`{date}` is not a date; write YYYY-MM-DD").format(
                date=clipped(when, 40)
            )
        longest = self.longest
        if len(comment) > longest or len(item) > longest or len(respondent) > longest:
            return "", too_long(max(len(comment), len(item), len(respondent)), self.limits)
        supplier, customer = supplier.strip(), customer.strip()
        if not supplier or not customer:
            if supplier:
                return "customer", _("this row names no customer; write its id")
            return "supplier", _("this row names no supplier; write its id")
        number = _SCORES.get(score)
        if number is not None and not yes_no:
            return day, supplier, customer, item.strip(), number >= self.satisfied_score, number
        answer = self._answer(score.strip(), yes_no.strip())
        if len(answer) == 2:
            return answer
        return day, supplier, customer, item.strip(), answer[0], _SCORES.get(score.strip())

    def _answer(self, score: str, yes_no: str) -> tuple:
        """(satisfied,) of a row that is not a plain score, or (column, what is wrong)."""
        if score and yes_no:
            return "satisfied", _("give a `score` or `satisfied`, not both")
        if score:
            number = _SCORES.get(score)
            if number is not None:
                return (number >= self.satisfied_score,)
            return "score", _("score `{score}` is not a whole number from 1 to 5").format(
                score=clipped(score, 40)
            )
        if yes_no:
            answer = yes_no.lower()
            if answer in YES or answer in NO:
                return (answer in YES,)
            return "satisfied", _("satisfied `{answer}` is neither yes nor no (是/否)").format(
                answer=clipped(yes_no, 40)
            )
        return "score", _("this row has no answer; give a `score` (1–5) or `satisfied`")

    def _problem(self, line: int, column: str, message: str, *, at_column: bool = True) -> None:
        index = self.at[COLUMNS.index(column)] if at_column else -1
        if index < 0 and column == "satisfied":
            index = self.at[COLUMNS.index("score")]
        place = column_of(self.surveys.texts[self.shown], line, index) if index >= 0 else 1
        finding = Finding(RULE, ERROR, self.shown, line, place, message)
        self.surveys.findings.append(_about_file(finding, self.surveys))


def _day(text: str) -> date | None:
    """`2026-10-03` or `2026/10/3`; None for anything else."""
    try:
        return date.fromisoformat(text) if len(text) == 10 and text[4] == "-" else _slashed(text)
    except ValueError:
        return None


def _slashed(text: str) -> date | None:
    match = _SLASHED.fullmatch(text)
    return date(int(match[1]), int(match[2]), int(match[3])) if match else None


_SCORES = {str(number): number for number in range(1, 6)}


def _about_file(finding: Finding, surveys: Surveys) -> Finding:
    """A finding about a survey file: the file is its subject (nobody in particular acts)."""
    source = surveys.sources.get(finding.file, finding.file)
    return finding._replace(subject=Subject("file", source))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
