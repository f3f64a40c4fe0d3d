"""Follow-up since the last audit: which findings are new, resolved or still open, and which
handoffs changed, against a baseline (the maps at a git revision, or a previous report's
findings.csv and handoffs.csv).

Findings are matched by fingerprint (`flowmap.findings.fingerprint`): it survives moved
lines, renamed files and reworded messages, so "still open" means the same rule on the same
thing. Handoffs are matched by supplier step, customer step and item, and compared on what
an auditor follows up: requires, due, lead time, satisfaction and status. Both sides are
compared as the CSV files write them, so a baseline read from a file and one made from a
git revision give the same answer.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from flowmap.findings import Finding
from flowmap.i18n import _
from flowmap.outputs.nonconformity import classification
from flowmap.outputs.report.exports import record
from flowmap.outputs.report.places import Places
from flowmap.outputs.report.tables import Row, Table
from flowmap.outputs.workbook import Sheet

NEW, RESOLVED, OPEN = "new", "resolved", "still open"
HANDOFF_KEY = ("supplier step", "customer step", "item")
HANDOFF_FACTS = ("requires", "due", "lead time", "satisfaction", "status")
FOLLOWUP_HEADERS = (
    "since",
    "NC",
    "classification",
    "rule",
    "subject",
    "responsible units",
    "message",
)
CHANGE_HEADERS = ("change", "supplier step", "customer step", "item", "what changed")
MAX_CSV_BYTES = 200_000_000  # a findings.csv of a million findings is about 400 MB


class BaselineError(Exception):
    """The baseline cannot be read: a usage error, with what to do."""


@dataclass
class Baseline:
    label: str  # how the report names it: "git v1.2", "out-q3/findings.csv"
    findings: dict[str, dict[str, str]]  # fingerprint -> its row, as findings.csv writes it
    handoffs: dict[tuple[str, ...], dict[str, str]] | None  # None: not known
    note: str = ""  # why handoffs are not compared, when they are not


@dataclass
class Followup:
    label: str
    findings: Table
    handoffs: Table | None
    counts: dict[str, int] = field(default_factory=dict)
    note: str = ""


def from_sheets(label: str, findings: Sheet, handoffs: Sheet) -> Baseline:
    """The baseline made from the maps at a revision: its findings and handoffs sheets."""
    return Baseline(label, _by_fingerprint(record(findings)), _by_handoff(record(handoffs)))


def from_csv(path: Path) -> Baseline:
    """The baseline of a previous report: its findings.csv, and handoffs.csv beside it."""
    rows = _read_csv(path)
    if rows and "fingerprint" not in rows[0]:
        raise BaselineError(
            f"{path} has no fingerprint column: it comes from a report made before findings "
            "had fingerprints. Make that report again with this flowmap from the maps of "
            "then, or give --since the git revision of those maps"
        )
    beside = path.with_name("handoffs.csv")
    handoffs = None
    note = _("handoffs not compared: no {file} beside {findings}").format(
        file=beside.name, findings=path.name
    )
    if beside.is_file():
        known = _read_csv(beside)
        if known and all(column in known[0] for column in HANDOFF_KEY + HANDOFF_FACTS):
            handoffs, note = _by_handoff(known), ""
        elif known:
            note = _("handoffs not compared: {file} comes from an older report").format(file=beside)
        else:
            handoffs, note = {}, ""
    return Baseline(str(path), _by_fingerprint(rows), handoffs, note)


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise BaselineError(f"{path} is over {MAX_CSV_BYTES:,} bytes: not a findings.csv")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise BaselineError(f"cannot read {path}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise BaselineError(f"{path} is not UTF-8: not a findings.csv of flowmap") from error
    try:
        return [_plain(row) for row in csv.DictReader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise BaselineError(f"{path} is not a CSV file: {error}") from error


def _plain(row: dict) -> dict[str, str]:
    """A CSV row with its formula guard taken off (the report writes `'=…` for `=…`)."""
    return {
        str(key): (value[1:] if value.startswith("'") else value)
        for key, value in row.items()
        if isinstance(value, str)
    }


def _by_fingerprint(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["fingerprint"]: row for row in rows if row.get("fingerprint")}


def _by_handoff(rows: list[dict[str, str]]) -> dict[tuple[str, ...], dict[str, str]]:
    found: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        key = tuple(row.get(column, "") for column in HANDOFF_KEY)
        found.setdefault(key, row)  # the first row of a key, as the page lists it
    return found


def compare(
    baseline: Baseline,
    findings: list[Finding],
    handoffs: Sheet,
    places: Places,
    numbers: dict[str, str],
) -> Followup:
    """The findings new, resolved and still open since `baseline`, and the handoffs that
    changed; `numbers`: fingerprint -> NC number, over both sides."""
    table = Table("since", FOLLOWUP_HEADERS)
    current = {f.fingerprint: f for f in findings if f.fingerprint}
    for mark, finding in current.items():
        place = places.of(finding)
        table.rows.append(
            Row(
                (
                    OPEN if mark in baseline.findings else NEW,
                    numbers.get(mark, ""),
                    classification(finding.severity),
                    finding.rule,
                    str(finding.subject or ""),
                    places.unit_names(place.units),
                    finding.message,
                ),
                finding.severity if mark not in baseline.findings else "",
                place.process,
                place.units,
                (finding.rule,),
            )
        )
    for mark, row in baseline.findings.items():
        if mark not in current:
            table.rows.append(Row(_resolved(row, numbers.get(mark, "")), "", None, (), ()))
    order = {NEW: 0, OPEN: 1, RESOLVED: 2}
    table.rows.sort(key=lambda row: order[row.cells[0]])
    counts = {kind: sum(1 for r in table.rows if r.cells[0] == kind) for kind in order}
    changed = None if baseline.handoffs is None else _changes(baseline.handoffs, handoffs)
    return Followup(baseline.label, table, changed, counts, baseline.note)


def _resolved(row: dict[str, str], number: str) -> tuple[str, ...]:
    """A baseline finding no longer found, from its CSV row (this report's columns, or the
    older ones: `responsible_units`, `what to do`)."""
    severity = row.get("severity", "")
    kind = row.get("subject kind", "")
    subject = f"{kind} {row.get('subject', '')}" if kind else row.get("subject", "")
    return (
        RESOLVED,
        number,
        row.get("classification") or classification(severity),
        row.get("rule", ""),
        subject,
        row.get("responsible unit names", row.get("responsible_units", "")),
        row.get("message", row.get("what to do", "")),
    )


def _changes(before: dict[tuple[str, ...], dict[str, str]], sheet: Sheet) -> Table:
    table = Table("handoff-changes", CHANGE_HEADERS)
    now = _by_handoff(record(sheet))
    for key, row in now.items():
        old = before.get(key)
        if old is None:
            table.rows.append(Row(("added", *key, _facts(row))))
            continue
        moved = [
            f"{fact}: {old.get(fact) or '–'} → {row.get(fact) or '–'}"
            for fact in HANDOFF_FACTS
            if (old.get(fact) or "") != (row.get(fact) or "")
        ]
        if moved:
            table.rows.append(Row(("changed", *key, "; ".join(moved))))
    for key, row in before.items():
        if key not in now:
            table.rows.append(Row(("removed", *key, _facts(row))))
    return table


def _facts(row: dict[str, str]) -> str:
    return "; ".join(f"{fact}: {row[fact]}" for fact in HANDOFF_FACTS if row.get(fact))
