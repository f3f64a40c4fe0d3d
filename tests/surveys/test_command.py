"""`flowmap survey template` and `flowmap survey summary`, as a user runs them: the cycle
template → answers → summary."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import PROCESSES
from tests.surveys.conftest import HEADER


def test_the_template_round_trip_counts_every_row(cli, plant):
    result = cli("survey", "template", "plant.yaml", "--period", "2026-Q4", "-o", "q4.csv")
    assert result.code == 0
    data = (plant.project.root / "q4.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    asked = {(r["kind"], r["supplier"], r["customer"], r["item"]) for r in rows}
    assert ("handoff", "accept", "make", "sales order") in asked
    assert ("handoff", "accept", "make", "forecast") in asked
    assert ("function", "erp", "plant", "") in asked and ("function", "erp", "sales", "") in asked
    assert ("rank", "clerk", "boss", "") in asked and ("rank", "boss", "clerk", "") in asked
    assert ("rank", "worker", "boss", "") in asked and ("rank", "boss", "worker", "") in asked
    assert ("external", "order", "customer", "") in asked
    assert {r["date"] for r in rows} == {"2026-10-01"}
    assert next(r for r in rows if r["item"] == "forecast")["requires"] == "Monthly"
    # the customers answer: five responses to each row, all satisfied
    filled = io.StringIO(newline="")
    writer = csv.DictWriter(filled, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        for _ in range(5):
            writer.writerow({**row, "score": "5", "respondent": "Li"})
    plant.survey(filled.getvalue(), "surveys/2026-Q4.csv")
    check = json.loads(cli("check", ".", "--format", "json").out)
    assert check["findings"] == []  # every row counted: none names no relationship
    summary = json.loads(cli("survey", "summary", "plant.yaml", "--format", "json").out)
    relationships = [r for r in summary["rows"] if r["scope"] == "relationship"]
    assert len(relationships) == len(rows)
    assert all(r["responses"] == 5 and r["share"] == 1.0 for r in relationships)
    assert summary["latest"] == "2026-Q4"


def test_a_period_that_is_none_is_a_usage_error(cli, plant):
    result = cli("survey", "template", "plant.yaml", "--period", "Q4", "-o", "x.csv")
    assert result.code == 2 and "write a quarter (2026-Q4) or a month (2026-10)" in result.err
    assert cli("survey", "template", "plant.yaml", "-o", "x.csv").code == 2  # --period needed


def test_the_summary_by_relationship_unit_and_company_internal_and_external_apart(cli, plant):
    plant.survey(
        HEADER
        + plant.answers("2026-07-01", "accept", "make", "44412", "sales order")
        + plant.answers("2026-10-01", "accept", "make", "44441", "sales order")
        + plant.answers("2026-10-01", "order", "customer", "55555")
    )
    text = cli("survey", "summary", "plant.yaml").out
    assert text.splitlines() == [
        "2026-Q3",
        "  company, internal  3 of 5, 60% (target 85%)",
        "  unit sales, internal  3 of 5, 60% (target 85%)",
        "  handoff accept -> make: sales order  3 of 5, 60% (target 85%)  below",
        "2026-Q4",
        "  company, internal  4 of 5, 80% (target 85%)",
        "  company, external  5 of 5, 100% (target 95%)",
        "  unit sales, internal  4 of 5, 80% (target 85%)",
        "  unit plant, external  5 of 5, 100% (target 95%)",
        "  handoff accept -> make: sales order  4 of 5, 80% (target 85%)  below",
        "  external order -> customer  5 of 5, 100% (target 95%)  met",
    ]
    table = list(
        csv.reader(
            io.StringIO(
                cli("survey", "summary", "plant.yaml", "--format", "csv").out.lstrip("\ufeff")
            )
        )
    )
    assert table[0][:3] == ["period", "scope", "kind"]
    assert table[1] == ["2026-Q3", "company", "internal", "", "", "", "3", "5", "0.6", "0.85", ""]


def test_the_summary_reports_what_it_could_not_count(cli, plant):
    plant.survey(HEADER + plant.answers("2026-10-01", "accept", "make", "4", "=cmd|' /C calc'!A0"))
    result = cli("survey", "summary", "plant.yaml", "--format", "csv")
    assert "survey-data" in result.err  # the row names no need of make: said, not dropped
    assert "\x1b" not in result.err
    plant.survey(
        "date,supplier,customer,item,score\n"
        + plant.answers("2026-10-01", "accept", "make", "4", "sales order")
    )
    assert cli("survey", "summary", "plant.yaml", "--format", "csv").err == ""


def test_the_example_has_two_quarters_for_the_reference_process(cli, monkeypatch):
    monkeypatch.chdir(PROCESSES.parent)
    summary = json.loads(cli("survey", "summary", "processes/", "--format", "json").out)
    assert summary["periods"] == ["2026-Q3", "2026-Q4"]
    external = {
        r["period"]: r["share"]
        for r in summary["rows"]
        if r["scope"] == "relationship" and r["kind"] == "external"
    }
    assert external == {"2026-Q3": 0.96, "2026-Q4": 28 / 30}  # 96%, then 93.3%
    latest = [
        r for r in summary["rows"] if r["period"] == "2026-Q4" and r["scope"] == "relationship"
    ]
    assert sum(r["status"] == "below" for r in latest if r["kind"] == "handoff") == 2
    improving = {
        r["period"]: r["status"]
        for r in summary["rows"]
        if r["scope"] == "relationship" and r["supplier"] == "accept-order"
    }
    assert improving == {"2026-Q3": "below", "2026-Q4": "met"}


def test_the_template_neutralises_map_text(cli, plant):
    text = plant.map.read_text().replace("requires: [Monthly]", "requires: ['=HYPERLINK(1)']")
    plant.project.write("plant.yaml", text)
    assert cli("survey", "template", "plant.yaml", "--period", "2026-10", "-o", "m.csv").code == 0
    rows = list(csv.DictReader(io.StringIO((plant.project.root / "m.csv").read_text("utf-8-sig"))))
    (row,) = [r for r in rows if r["item"] == "forecast"]
    assert row["requires"] == "'=HYPERLINK(1)" and row["date"] == "2026-10-01"
