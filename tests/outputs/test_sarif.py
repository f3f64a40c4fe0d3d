"""SARIF 2.1.0, validated against the official OASIS schema (fetched by scripts/test-data)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from flowmap.findings import Finding, Waived
from flowmap.outputs.sarif import format_sarif
from flowmap.rules import RULES
from flowmap.rules.docs import page, summary
from tests.conftest import REPO

SCHEMA_PATH = REPO / "tests" / "data" / "sarif-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    assert SCHEMA_PATH.exists(), "run scripts/test-data (make test does) to fetch the schema"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


FINDINGS = [
    Finding("assure-own", "error", "maps/order 1.yaml", 9, 13, "add `assure:` to `make`"),
    Finding("top-bottom-line", "warning", "maps/org.yaml", 2, 1, "goal ends nowhere"),
    Finding("satisfaction-target", "info", "maps/b#c?.yaml", 4, 7, "0.5 < 0.85"),
]
WAIVED = [Waived(Finding("assure-own", "error", "maps/x.yaml", 3, 9, "add"), "pilot, ends May")]


def test_the_log_is_valid_sarif(validator):
    document = json.loads(format_sarif(FINDINGS, WAIVED))
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, errors[0]
    assert document["version"] == "2.1.0"


def test_the_schema_catches_what_is_wrong_so_the_test_above_can_fail(validator):
    document = json.loads(format_sarif(FINDINGS, []))
    document["runs"][0]["results"][0]["level"] = "fatal"
    del document["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator.iter_errors(document))) == 2


def test_every_rule_carries_its_docs_and_a_link_to_its_page():
    driver = json.loads(format_sarif([], []))["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)
    for rule in driver["rules"]:
        module = RULES[rule["id"]]
        assert rule["shortDescription"]["text"] == summary(module)
        assert rule["help"]["markdown"] == page(module)
        assert "## Why is this bad?" in rule["help"]["text"]
        assert rule["helpUri"] == f"docs/rules/{rule['id']}.md"
        assert (REPO / rule["helpUri"]).is_file(), rule["helpUri"]
        level = {"error": "error", "warning": "warning", "info": "note"}[module.SEVERITY]
        assert rule["defaultConfiguration"]["level"] == level


def test_results_point_at_the_rule_file_line_and_column():
    run = json.loads(format_sarif(FINDINGS, WAIVED))["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    first, second, third, waived = run["results"]
    assert rules[first["ruleIndex"]] == first["ruleId"] == "assure-own"
    assert first["level"] == "error" and second["level"] == "warning"
    assert third["level"] == "note"
    location = first["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "maps/order%201.yaml"},
        "region": {"startLine": 9, "startColumn": 13},
    }
    assert third["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "maps/b%23c%3F.yaml"
    )
    assert "suppressions" not in first
    assert waived["suppressions"] == [{"kind": "inSource", "justification": "pilot, ends May"}]
