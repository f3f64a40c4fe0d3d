"""Survey files as data: columns, encodings, bad rows at their line and column."""

from __future__ import annotations

import csv
import io
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from flowmap.findings import Finding
from flowmap.load.limits import DEFAULT_LIMITS, Limits
from flowmap.model.surveys import parse
from tests.surveys.conftest import HEADER


def test_columns_in_any_order_with_a_bom_hints_ignored_and_dates_two_ways():
    text = (
        "\ufeffComment,customer,kind,Supplier,satisfied,date,requires\n"
        "late once,make,handoff,accept,是,2026/10/3,Signed\n"
        ",make,handoff,accept,no,2026-10-04,\n"
        "\n"
    )
    surveys = parse(text, "a.csv")
    assert surveys.findings == []
    answers = [(r.day.isoformat(), r.supplier, r.customer, r.satisfied) for r in surveys.responses]
    assert answers == [
        ("2026-10-03", "accept", "make", True),
        ("2026-10-04", "accept", "make", False),
    ]
    assert surveys.responses[0].comment == "late once" and surveys.responses[0].line == 2


def test_a_score_is_satisfied_from_the_satisfied_score_on():
    text = HEADER + "".join(f"2026-10-01,a,b,,{score}\n" for score in "12345")
    assert [r.satisfied for r in parse(text, "a.csv").responses] == [False] * 3 + [True] * 2
    assert [r.satisfied for r in parse(text, "a.csv", satisfied_score=5).responses][-2:] == [
        False,
        True,
    ]


def test_each_bad_row_is_a_finding_at_its_line_and_column_and_the_others_count():
    text = (
        HEADER
        + "2026-10-01,a,b,,4\n"  # 2: counts
        + "2026-02-30,a,b,,4\n"  # 3: no such day
        + "2026-10-01,a,b,,0\n"  # 4: score out of range
        + "2026-10-01,a,,,4\n"  # 5: no customer
        + '"2026-10-01","a","b","a\nlong item",9\n'  # 6-7: a quoted field over two lines
        + "2026-10-01,a,b,,5\n"  # 8: counts
    )
    surveys = parse(text, "a.csv")
    places = [(f.line, f.column, f.rule) for f in surveys.findings]
    assert places == [
        (3, 1, "survey-data"),
        (4, 17, "survey-data"),
        (5, 14, "survey-data"),
        (6, 1, "survey-data"),
    ]
    assert [r.line for r in surveys.responses] == [2, 8]
    assert "not a date" in surveys.findings[0].message
    assert surveys.findings[0].subject == ("file", "a.csv")


def test_a_header_without_the_needed_columns_says_which():
    surveys = parse("when,supplier,customer\n2026-10-01,a,b\n", "a.csv")
    (finding,) = surveys.findings
    assert (finding.line, finding.column) == (1, 1)
    assert "`date`" in finding.message and "`score` or `satisfied`" in finding.message


def test_hostile_rows_are_findings_not_crashes():
    huge = "x" * 200_000
    text = (
        HEADER
        + "2026-10-01,a,b,,4\n"
        + f'2026-10-01,a,b,"{huge}",4\n'  # over csv's own field limit
        + "2026-10-01,a\0,b,,4\n"  # a NUL
        + "2026-10-01,a,b,,4\n"
    )
    surveys = parse(text, "a.csv")
    messages = [(f.line, f.message) for f in surveys.findings]
    assert [line for line, _ in messages] == [3, 4]
    assert "cannot be read" in messages[0][1] and "NUL" in messages[1][1]
    assert [r.line for r in surveys.responses] == [2, 5]


def test_a_file_saved_as_gbk_is_told_to_be_saved_as_csv_utf8(cli, plant):
    (plant.project.root / "surveys").mkdir()
    plant.project.write_bytes(
        "surveys/gbk.csv",
        (HEADER + "2026-10-01,accept,make,sales order,4,交货及时\n").encode("gbk"),
    )
    result = cli("check", ".", "--format", "json")
    findings = [f for f in json.loads(result.out)["findings"] if f["rule"] == "survey-data"]
    (finding,) = findings
    assert finding["file"] == "surveys/gbk.csv" and finding["line"] == 2
    assert "CSV UTF-8" in finding["message"] and "GBK" in finding["message"]


def test_bad_rows_have_their_place_in_every_output_format(cli, plant):
    plant.survey(HEADER + "2026-10-01,acept,make,sales order,4\n")
    text = cli("check", ".")
    assert (
        "surveys/answers.csv:2:12: error survey-data `acept` names nothing in the maps; "
        "did you mean `accept`?" in text.out
    )
    assert text.code == 1
    document = json.loads(cli("check", ".", "--format", "json").out)
    (finding,) = [f for f in document["findings"] if f["rule"] == "survey-data"]
    assert (finding["file"], finding["line"], finding["column"]) == ("surveys/answers.csv", 2, 12)
    assert finding["subject"] == {"kind": "file", "id": "surveys/answers.csv"}
    sarif = json.loads(cli("check", ".", "--format", "sarif").out)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "survey-data"]
    region = result["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"].endswith("surveys/answers.csv")
    assert region["region"]["startLine"] == 2
    github = cli("check", ".", "--format", "github").out
    assert "file=surveys/answers.csv,line=2,col=12" in github


def test_survey_text_reaches_no_terminal_raw(cli, plant):
    plant.survey(HEADER + "2026-10-01,acc\x1b]2;x\x07,make,,4\n")
    result = cli("check", ".")
    assert "\x1b" not in result.out and "\\x1b" in result.out


_CELLS = [
    "2026-10-01",
    "2026/1/2",
    "2026-13-01",
    "accept",
    "make",
    "4",
    "5",
    "9",
    "yes",
    "否",
    "",
    " ",
    "=1+1",
    "\x00",
    "\x1b[31m",
    '"',
    '""',
    "a\nb",
    "\r",
    "é",
    "x" * 50,
]


_HEADER = ["date", "supplier", "customer", "item", "score", "satisfied", "respondent", "x"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_CELLS) | st.text(max_size=8), max_size=9), max_size=12),
    st.permutations(_HEADER) | st.permutations([*_HEADER[:5], "comment", "x"]),
    st.sampled_from([DEFAULT_LIMITS, Limits(max_text_length=6)]),
)
def test_any_csv_reads_to_responses_and_findings_never_a_crash(rows, header, limits):
    """Hostile CSV as hostile YAML: any text gives responses and findings with places."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    surveys = parse(text, "h.csv", limits)
    lines = len(re.findall("\r\n|\r|\n", text)) + 2  # line breaks as csv counts them
    for finding in surveys.findings:
        assert 1 <= finding.line <= lines and finding.column >= 1
    for response in surveys.responses:
        assert 2 <= response.line <= lines and response.supplier and response.customer
    # the quick way (answers counted, the rows with a problem or a long line one by one)
    # and the one by one way (a NUL in the text makes it read so) find the same: the same
    # responses and the same findings, at the same places with the same words
    one_by_one = parse(text + "\n\x00", "h.csv", limits)
    assert one_by_one.responses == surveys.responses
    assert one_by_one.answers() == surveys.answers()
    nul = [f for f in one_by_one.findings if f.line == lines and "NUL" in f.message]
    assert sorted(set(one_by_one.findings) - set(nul), key=Finding.sort_key) == sorted(
        surveys.findings, key=Finding.sort_key
    )


def test_a_map_named_alone_reports_its_own_findings_not_the_survey_files(cli, plant):
    plant.survey(HEADER + "2026-10-01,acept,make,sales order,4\n")
    assert "survey-data" not in cli("check", "plant.yaml").out
    assert "survey-data" in cli("check", "plant.yaml", "--all-findings").out
    assert "survey-data" in cli("check", ".").out  # the folder holds the survey files
