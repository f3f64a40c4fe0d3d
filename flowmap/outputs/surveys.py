"""What `flowmap survey` writes: the template of questions, and the summary of answers as
text, JSON or CSV.

Survey text is untrusted like map text: every cell of a CSV is neutralised as the report's
are (a formula gets a leading apostrophe, control characters are escaped), and text and
JSON show such characters escaped.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from flowmap.config import Config
from flowmap.graph.satisfaction import BELOW, MET, TOO_FEW, Question, Summary, Tally, target_of
from flowmap.load.names import json_safe, shown_name
from flowmap.model.surveys import COLUMNS, HINTS
from flowmap.outputs.report.exports import inert, sheet_csv
from flowmap.outputs.workbook import INTEGER, SHARE, TEXT, Sheet
from flowmap.shares import fraction, percent


def template_csv(questions: list[Question], day: date) -> bytes:
    """One row per relationship to ask about, dated `day`, the answer columns empty and the
    hints (`kind`, `requires`) after them: ready for a spreadsheet or a form tool."""
    rows = [
        {
            "date": day.isoformat(),
            "supplier": q.supplier,
            "customer": q.customer,
            "item": q.item if q.kind in ("handoff",) else "",
            "kind": q.kind,
            "requires": "; ".join(q.requires),
        }
        for q in questions
    ]
    return csv_bytes(
        (*COLUMNS, *HINTS), [[row.get(c, "") for c in (*COLUMNS, *HINTS)] for row in rows]
    )


def csv_bytes(headers, rows) -> bytes:
    """CSV as the report writes it: UTF-8 with a byte-order mark (Excel reads CJK right),
    CRLF, every cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([inert(str(cell)) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


SUMMARY_HEADERS = (
    "period",
    "scope",
    "kind",
    "supplier",
    "customer",
    "item",
    "satisfied",
    "responses",
    "share",
    "target",
    "status",
)


def summary_rows(summary: Summary, config: Config) -> list[list]:
    """The summary as rows: the company, each unit, each relationship, for every period
    (numbers as numbers: `share` a fraction 0–1, empty when nothing was counted)."""
    rows: list[list] = []
    targets = (config.satisfaction_target, config.external_satisfaction_target)
    for period in summary.periods:
        for external, (tally, target) in enumerate(
            zip(summary.company.get(period, (Tally(0, 0),) * 2), targets, strict=True)
        ):
            if tally.responses:
                kind = "external" if external else "internal"
                rows.append(_row(period, "company", kind, "", "", "", tally, target, ""))
        for unit, by_period in summary.units.items():
            pair = by_period.get(period)
            for external, tally in enumerate(pair or ()):
                if tally.responses:
                    kind = "external" if external else "internal"
                    rows.append(
                        _row(period, "unit", kind, unit, "", "", tally, targets[external], "")
                    )
        for measured in summary.measured:
            rel = measured.relationship
            tally = measured.periods.get(period)
            if tally is None:
                continue
            target = target_of(rel, config)
            state = _status(tally, target, config.min_responses)
            rows.append(
                _row(
                    period,
                    "relationship",
                    rel.kind,
                    rel.supplier,
                    rel.customer,
                    rel.item,
                    tally,
                    target,
                    state,
                )
            )
    return rows


def _status(tally: Tally, target: float, least: int) -> str:
    if tally.responses < least:
        return TOO_FEW
    return BELOW if tally.share < target else MET


def _row(period, scope, kind, supplier, customer, item, tally: Tally, target, status) -> list:
    return [
        period,
        scope,
        kind,
        supplier,
        customer,
        item,
        tally.satisfied,
        tally.responses,
        tally.share if tally.responses else "",
        "" if target is None else target,
        status,
    ]


# What each column of the periods is, for the workbook (numbers as numbers).
SUMMARY_KINDS = (TEXT,) * 6 + (INTEGER, INTEGER, SHARE, SHARE, TEXT)


def periods_sheet(summary: Summary, config: Config) -> Sheet:
    """The summary as the report's sheet `periods` (and its CSV): a blank an empty cell."""
    rows = [
        tuple(None if cell == "" else cell for cell in row) for row in summary_rows(summary, config)
    ]
    return Sheet("periods", SUMMARY_HEADERS, rows, SUMMARY_KINDS)


def summary_csv(summary: Summary, config: Config) -> bytes:
    return sheet_csv(periods_sheet(summary, config))


def summary_json(summary: Summary, config: Config) -> str:
    rows = [dict(zip(SUMMARY_HEADERS, row, strict=True)) for row in summary_rows(summary, config)]
    document = {"version": 1, "periods": summary.periods, "latest": summary.latest, "rows": rows}
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def summary_text(summary: Summary, config: Config) -> str:
    """For people: each period, the company, then each unit, then each relationship."""
    if not summary.periods:
        return "no survey responses yet: `flowmap survey template` writes the rows to ask\n"
    lines: list[str] = []
    for period in summary.periods:
        lines.append(f"{period}")
        for row in summary_rows(summary, config):
            if row[0] != period:
                continue
            _, scope, kind, supplier, customer, item, satisfied, responses, _, target, status = row
            share = fraction(satisfied, responses)
            if scope == "company":
                what = f"company, {kind}"
            elif scope == "unit":
                what = f"unit {supplier}, {kind}"
            else:
                with_item = f": {item}" if item and kind in ("handoff", "function") else ""
                what = f"{kind} {supplier} -> {customer}{with_item}"
            against = f" (target {percent(target)})" if target != "" else ""
            state = f"  {status}" if status else ""
            lines.append(f"  {shown_name(what)}  {share}{against}{state}")
    return "\n".join(lines) + "\n"
