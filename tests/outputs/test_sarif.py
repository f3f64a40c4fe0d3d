"""SARIF 2.1.0, validated against the official OASIS schema (fetched by scripts/test-data)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jsonschema
import pytest

import flowmap
from flowmap.findings import Finding, Waived
from flowmap.outputs.sarif import INSTALLED_DOCS, format_sarif
from flowmap.rules import RULES
from flowmap.rules.docs import page, summary
from tests.conftest import REPO

SCHEMA_PATH = REPO / "tests" / "data" / "sarif-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    assert SCHEMA_PATH.exists(), "run scripts/test-data (make test does) to fetch the schema"
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    # with format checking: the schema's `uri`s are checked (rfc3986-validator installed)
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    assert "uri" in checker.checkers
    return jsonschema.Draft4Validator(schema, format_checker=checker)


FINDINGS = [
    Finding("assure-own", "error", "maps/order 1.yaml", 9, 13, "add `assure:` to `make`"),
    Finding("top-bottom-line", "warning", "maps/org.yaml", 2, 1, "goal ends nowhere"),
    Finding("satisfaction-target", "info", "maps/b#c?.yaml", 4, 7, "0.5 < 0.85"),
]
WAIVED = [Waived(Finding("assure-own", "error", "maps/x.yaml", 3, 9, "add"), "pilot, ends May")]


def test_the_log_is_valid_sarif(validator, monkeypatch):
    monkeypatch.delenv("FLOWMAP_DOCS_URL", raising=False)
    document = json.loads(format_sarif(FINDINGS, WAIVED))
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, errors[0]
    assert document["version"] == "2.1.0"


def test_the_schema_catches_what_is_wrong_so_the_test_above_can_fail(validator):
    document = json.loads(format_sarif(FINDINGS, []))
    document["runs"][0]["results"][0]["level"] = "fatal"
    del document["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator.iter_errors(document))) == 2


def test_every_rule_carries_its_docs_and_no_relative_link(monkeypatch):
    monkeypatch.delenv("FLOWMAP_DOCS_URL", raising=False)
    driver = json.loads(format_sarif([], []))["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)
    for rule in driver["rules"]:
        module = RULES[rule["id"]]
        assert rule["shortDescription"]["text"] == summary(module)
        assert rule["help"]["markdown"] == page(module)
        assert "## Why is this bad?" in rule["help"]["text"]
        assert "helpUri" not in rule  # a relative one would point into the checked repository
        level = {"error": "error", "warning": "warning", "info": "note"}[module.SEVERITY]
        assert rule["defaultConfiguration"]["level"] == level


def test_without_a_published_address_the_tool_points_at_its_installed_docs(monkeypatch, validator):
    """`informationUri` is always there: the `file://` URI of the documentation installed
    with the package, a file that exists (the docs index, which links every page)."""
    monkeypatch.delenv("FLOWMAP_DOCS_URL", raising=False)
    document = json.loads(format_sarif(FINDINGS, WAIVED))
    assert not list(validator.iter_errors(document))
    uri = document["runs"][0]["tool"]["driver"]["informationUri"]
    parts = urlsplit(uri)
    assert parts.scheme == "file" and uri == INSTALLED_DOCS.as_uri()
    installed = Path(url2pathname(parts.path))
    assert installed.is_absolute() and installed.is_file()
    assert installed.read_text(encoding="utf-8").startswith("# flowmap's documentation")
    assert installed.parent == Path(flowmap.__file__).absolute().parent / "docs"
    for link in re.findall(r"\]\(([^)#]+)", installed.read_text(encoding="utf-8")):
        assert (installed.parent / link).is_file(), link  # every page it names is there too


def test_a_published_address_gives_the_tool_and_each_rule_its_link(monkeypatch, validator):
    """The setting `docs_url` (where the organisation publishes flowmap's docs/ folder)."""
    monkeypatch.delenv("FLOWMAP_DOCS_URL", raising=False)
    docs = "https://git.example.com/tools/flowmap/-/blob/main/docs/"
    document = json.loads(format_sarif(FINDINGS, WAIVED, docs_url=docs))
    assert not list(validator.iter_errors(document))
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == docs
    assert driver["rules"][0]["helpUri"] == docs + "rules/syntax.md"
    assert all(rule["helpUri"].startswith(docs + "rules/") for rule in driver["rules"])


def test_the_environment_s_address_wins_and_a_relative_one_is_left_out(monkeypatch, validator):
    monkeypatch.setenv("FLOWMAP_DOCS_URL", "https://maps.example.com/flowmap/docs")
    document = json.loads(format_sarif(FINDINGS, WAIVED, docs_url="https://other.example/d/"))
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["rules"][0]["helpUri"] == "https://maps.example.com/flowmap/docs/rules/syntax.md"
    assert driver["informationUri"] == "https://maps.example.com/flowmap/docs/"
    assert not list(validator.iter_errors(document))
    monkeypatch.setenv("FLOWMAP_DOCS_URL", "docs/")  # not an address: left out
    driver = json.loads(format_sarif([], []))["runs"][0]["tool"]["driver"]
    assert "helpUri" not in driver["rules"][0]
    assert driver["informationUri"] == INSTALLED_DOCS.as_uri()


def test_format_checking_catches_a_relative_help_uri(validator):
    """The check above can fail: a relative `helpUri` is a format error (16 of them were)."""
    document = json.loads(format_sarif(FINDINGS, []))
    document["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "docs/rules/syntax.md"
    errors = list(validator.iter_errors(document))
    assert len(errors) == 1 and "is not a 'uri'" in errors[0].message


def test_files_read_from_disk_are_absolute_file_uris(tmp_path, validator):
    from flowmap.outputs.registry import Place

    path = tmp_path / "plant b" / "order#1.yaml"
    places = {"order#1.yaml": Place(path, tmp_path, "plant b/order#1.yaml")}
    finding = Finding("assure-own", "error", "order#1.yaml", 9, 13, "add assure")
    document = json.loads(format_sarif([finding], [], places))
    assert not list(validator.iter_errors(document))
    [result] = document["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == path.as_uri() and uri.endswith("/plant%20b/order%231.yaml")


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


def test_a_home_page_in_the_package_s_metadata_comes_before_the_installed_docs(monkeypatch):
    """flowmap has no public address yet: once `[project.urls] Homepage` gives one, SARIF's
    `informationUri` follows (a published `docs_url` still comes first)."""
    import importlib.metadata
    from email.message import Message

    monkeypatch.delenv("FLOWMAP_DOCS_URL", raising=False)
    found = Message()
    found["Project-URL"] = "Homepage, https://maps.example.com/flowmap"
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: found)
    driver = json.loads(format_sarif([], []))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://maps.example.com/flowmap"
    driver = json.loads(format_sarif([], [], docs_url="https://d.example/"))["runs"][0]["tool"]
    assert driver["driver"]["informationUri"] == "https://d.example/"


def test_the_setting_reaches_the_sarif_of_a_check_and_a_bad_one_is_a_usage_error(
    cli, project, monkeypatch, validator
):
    monkeypatch.delenv("FLOWMAP_DOCS_URL", raising=False)
    project.write("order.yaml", "flowmap: 1\ntitle: Orders\n")
    (project.root / ".flowmap.toml").write_text(
        'docs_url = "https://git.example.com/flowmap/docs"\n', encoding="utf-8"
    )
    document = json.loads(cli("check", ".", "--format", "sarif").out)
    assert not list(validator.iter_errors(document))
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://git.example.com/flowmap/docs/"
    assert driver["rules"][0]["helpUri"] == "https://git.example.com/flowmap/docs/rules/syntax.md"
    (project.root / ".flowmap.toml").write_text('\ndocs_url = "docs/"\n', encoding="utf-8")
    result = cli("check", ".", "--format", "sarif")
    assert result.code == 2 and result.out == ""
    assert ".flowmap.toml:2: `docs_url` must be the absolute http(s) address" in result.err
