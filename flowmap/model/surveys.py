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
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
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
ANSWER = ("date", "supplier", "customer", "item", "score", "satisfied")  # not who, nor why
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
    # the rest, a file's rows at a time, counted by what they answer (`_Counted`): 100,000
    # answers are counted without an object each
    counted: list[_Counted] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # as shown in findings
    texts: dict[str, str] = field(default_factory=dict)  # file -> its text (for columns)
    headers: dict[str, dict[str, int]] = field(default_factory=dict)  # file -> column index
    sources: dict[str, str] = field(default_factory=dict)  # file -> relative to the root
    seconds: dict[str, float] = field(default_factory=dict)  # file -> reading it took

    @property
    def responses(self) -> list[Response]:
        """Every response counted, each a `Response` (made when first asked)."""
        made = [response for batch in self.counted for response in batch.responses()]
        if not made or not self.rows:
            return made or self.rows
        order = {file: number for number, file in enumerate(self.files)}
        return sorted(made + self.rows, key=lambda r: (order.get(r.file, 0), r.line))

    def answers(self) -> Counter[tuple[str, str, str, date, bool]]:
        """How many responses gave each (supplier, customer, item, day, satisfied): what
        is counted."""
        answers: Counter = Counter()
        for batch in self.counted:
            answers.update(batch.answers)
        answers.update((r.supplier, r.customer, r.item, r.day, r.satisfied) for r in self.rows)
        return answers

    def column(self, response: Response, name: str) -> int:
        """The 1-based column of a response's field `name` in its file."""
        index = self.headers.get(response.file, {}).get(name)
        if index is None:
            return 1
        return column_of(self.texts.get(response.file, ""), response.line, index)


@dataclass(eq=False)
class _Counted:
    """The rows of a file that read without a problem, counted by what they answer. Their
    `Response`s (the report quotes comments, a row that matches nothing is named) are made
    again from the text when first asked for."""

    file: str
    text: str
    header_line: int
    cells: Callable[[list[str]], tuple[str, ...]]  # a row -> its answer's cells
    width: int  # a row shorter than this has no answer's cells: read one by one
    # an answer's cells -> (day, supplier, customer, item, satisfied, score), as read once
    read: dict[tuple[str, ...], tuple]
    read_apart: set[int]  # the lines read one by one (into `Surveys.rows` or findings)
    at_respondent: int  # -1: no such column
    at_comment: int
    answers: Counter  # (supplier, customer, item, day, satisfied) -> responses
    made: list[Response] | None = None

    def responses(self) -> list[Response]:
        if self.made is None:
            self.made = []
            found, apart, cells = self.read, self.read_apart, self.cells
            width, file = self.width, self.file
            for line, row in enumerate(_rows(self.text, self.header_line), self.header_line + 1):
                if len(row) < width or line in apart:
                    continue
                day, supplier, customer, item, satisfied, score = found[cells(row)]
                respondent, comment = _cell(row, self.at_respondent), _cell(row, self.at_comment)
                self.made.append(
                    Response(
                        file,
                        line,
                        day,
                        supplier,
                        customer,
                        item,
                        satisfied,
                        score,
                        respondent,
                        comment,
                    )
                )
        return self.made


def _rows(text: str, header_line: int) -> Iterator[list[str]]:
    """The csv reader of `text` past its first `header_line` records (its `line_num`
    counts the lines it has read; csv.Error as csv raises it)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    for _header in range(header_line):
        next(reader)
    return reader


def _cell(row: list[str], at: int) -> str:
    return row[at] if 0 <= at < len(row) else ""


def read_surveys(
    folder: Path, root: Path, limits: Limits = DEFAULT_LIMITS, satisfied_score: int = 4
) -> Surveys:
    """Every `*.csv` under `folder` (hidden files and links out of `root` left out)."""
    surveys = Surveys(folder)
    for path in survey_files(folder, root):
        start = time.perf_counter()
        shown = os.path.relpath(path)
        text, findings = read_csv(path, shown, limits)
        surveys.files.append(shown)
        surveys.sources[shown] = _relative(path, root)
        if text is None:
            surveys.findings += [_about_file(f, surveys) for f in findings]
        else:
            _parse_into(surveys, text, shown, limits, satisfied_score)
        surveys.seconds[shown] = time.perf_counter() - start
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
    if not reader.by_answers(text, line):
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
    """Reads rows of one file into responses. A file may hold 100,000 rows whose answers
    repeat: each distinct answer (date, ids, item, score) is read once, and a row's cells
    are picked in one call (`make bench` times it against `csv.reader` alone)."""

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
        # what a row answers: the cells of the ANSWER columns it has (date, supplier and
        # customer at least), where they are in the row and in COLUMNS
        present = [name for name in ANSWER if name in columns]
        self.answer_cells = itemgetter(*(columns[name] for name in present))
        self.answer_width = max(columns[name] for name in present) + 1
        self.answer_at = [COLUMNS.index(name) for name in present]
        self.satisfied_score = score
        self.days: dict[str, date | None] = {}
        self.append = surveys.rows.append

    def by_answers(self, text: str, header_line: int) -> bool:
        """Count the rows after the header by what they answer, in one pass that picks only
        the answer's cells of each row (no column transposed, no object kept per row); each
        distinct answer is read once (`judged`), and the rows with anything to say about
        them are read one by one (`read`), in their order. False, having read nothing, for
        a file whose records do not each take one line (a quoted line break, a NUL, a row
        csv cannot read): `read_all` reads those."""
        if "\0" in text:
            return False
        cells = self.answer_cells
        counts: Counter = Counter()
        short = 0
        try:
            rows = _rows(text, header_line)
            while True:
                try:  # counted in C, up to a row too short to answer (it is left out)
                    counts.update(map(cells, rows))
                    break
                except IndexError:  # an empty line, a short row: one by one below
                    short += 1
        except csv.Error:
            return False
        lines = text.count("\n") + (0 if text.endswith("\n") else 1)
        if header_line + sum(counts.values()) + short != lines or rows.line_num != lines:
            # a record over several lines, or a lone `\r` (a line break to csv, not to the
            # column finder): line numbers need counting as `read_all` does
            return False
        read = {answer: self.judged(self._cells_of(answer)) for answer in counts}
        wrong = {answer for answer, found in read.items() if found is None or len(found) == 2}
        long_lines = self._long_lines(text)
        apart: set[int] = set()
        if short or wrong or long_lines:  # those rows one by one, every check said
            width = self.answer_width
            for line, row in enumerate(_rows(text, header_line), header_line + 1):
                if len(row) >= width:
                    answer = cells(row)
                    if answer not in wrong:
                        if line not in long_lines:
                            continue
                        counts[answer] -= 1  # a field may be too long: `read` says
                elif not row:
                    continue  # an empty line is spacing, not an answer
                apart.add(line)
                self.read(line, row + [""] * max(self.width - len(row), 0) + [""])
        answers: Counter = Counter()
        for answer, number in counts.items():
            if number and answer not in wrong:
                day, supplier, customer, item, satisfied, _score = read[answer]
                answers[supplier, customer, item, day, satisfied] += number
        good = {answer: found for answer, found in read.items() if answer not in wrong}
        self.surveys.counted.append(
            _Counted(
                self.shown,
                text,
                header_line,
                cells,
                self.answer_width,
                good,
                apart,
                self.at[COLUMNS.index("respondent")],
                self.at[COLUMNS.index("comment")],
                answers,
            )
        )
        return True

    def _cells_of(self, answer: tuple[str, ...]) -> tuple[str, ...]:
        """The cells `judged` reads (COLUMNS' order) of an answer's cells; no respondent
        or comment: a row's own are looked at where its line is long (`_long_lines`)."""
        cells = [""] * len(COLUMNS)
        for value, index in zip(answer, self.answer_at, strict=True):
            cells[index] = value
        return tuple(cells)

    def _long_lines(self, text: str) -> set[int]:
        """The lines long enough to hold a field over the text limit (a field is never
        longer than its line)."""
        if len(text) <= self.longest:
            return set()
        lengths = list(map(len, text.split("\n")))
        if max(lengths) <= self.longest:
            return set()
        return {line for line, length in enumerate(lengths, 1) if length > self.longest}

    def read_all(self, rows) -> None:
        """Every row after the header, one by one: the files `by_answers` does not take
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
