"""Read a CSV file's records with the line each starts on, within the limits.

A survey file comes from a spreadsheet or a form tool: UTF-8 with or without a byte-order
mark ("CSV UTF-8" in Excel). Anything else — Excel's plain "CSV" on Chinese Windows is GBK —
is a finding that says how to save it, never a guess at the encoding. A record with a NUL or
a field longer than the text limit is a finding at its line; the records after it are read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from flowmap.findings import ERROR, Finding
from flowmap.i18n import N_, _
from flowmap.load.limits import Limits
from flowmap.load.text import read_text

RULE = "survey-data"  # the rule every problem of a survey file is reported under
SAVE_AS = N_("save it as 'CSV UTF-8 (Comma delimited)' (Excel) or as UTF-8 in your editor")


def read_csv(path: Path, shown: str, limits: Limits) -> tuple[str | None, list[Finding]]:
    """The file's text, or None with the finding that says why it cannot be read."""
    text, problems = read_text(path, shown, limits)
    findings = [_as_survey(finding) for finding in problems]
    return text, findings


def records(text: str, shown: str, limits: Limits) -> Iterator[tuple[int, list[str] | Finding]]:
    """(line, fields) for each record, or (line, finding) for one that cannot be used."""
    reader = csv.reader(io.StringIO(text, newline=""))
    # one look at the whole text spares a look at every field of every row (the length of
    # the fields kept is checked where they are kept: flowmap.model.surveys)
    suspect = "\0" in text
    start = 1
    while True:
        try:
            for row in reader:  # a `for` over the reader: no call of next() per row
                line, start = start, reader.line_num + 1
                problem = _problem(row, limits) if suspect else ""
                yield line, (Finding(RULE, ERROR, shown, line, 1, problem) if problem else row)
            return
        except csv.Error as error:  # a field over csv's own limit of 131,072 characters
            problem = _("this row cannot be read: {error}").format(error=error)
            yield start, Finding(RULE, ERROR, shown, start, 1, problem)
            start = reader.line_num + 1


def _problem(row: list[str], limits: Limits) -> str:
    if any("\0" in field for field in row):
        return _("this row holds a NUL character; remove it (the file may not be text)")
    return ""


def too_long(length: int, limits: Limits) -> str:
    return _(
        "a field of this row has {length} characters, more than the limit of {limit} "
        "(max_text_length); shorten it"
    ).format(length=f"{length:,}", limit=f"{limits.max_text_length:,}")


def column_of(text: str, line: int, field: int) -> int:
    """The 1-based column where field number `field` (0-based) of the record starting on
    `line` begins: commas inside quotes are not separators. 1 when it cannot be told."""
    lines = text.split("\n", line)
    if len(lines) < line:
        return 1
    raw = lines[line - 1]
    quoted, count = False, 0
    for offset, char in enumerate(raw):
        if count == field:
            return offset + 1
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            count += 1
    return len(raw) + 1 if count == field else 1


def _as_survey(finding: Finding) -> Finding:
    message = finding.message
    if "UTF-8" in message:  # a wide or a legacy encoding: say how a spreadsheet saves it
        message = _("{problem} (Excel's plain 'CSV' on Chinese Windows is GBK); {save_as}").format(
            problem=message.split(";")[0], save_as=_(SAVE_AS)
        )
    return finding._replace(rule=RULE, message=message)
