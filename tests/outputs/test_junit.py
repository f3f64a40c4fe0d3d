"""JUnit XML: a test case per file, always; well-formed whatever the messages hold."""

from __future__ import annotations

from xml.etree import ElementTree

from flowmap.findings import Finding
from flowmap.outputs.junit import format_junit


def _suite(out: str):
    root = ElementTree.fromstring(out)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    return suite


def test_a_case_per_file_always_each_error_a_failure_with_its_rule_file_and_line():
    findings = [
        Finding("assure-own", "error", "a.yaml", 9, 13, "add assure"),
        Finding("recheck-upstream", "error", "a.yaml", 20, 13, "add recheck"),
        Finding("top-bottom-line", "warning", "a.yaml", 2, 1, "goal ends nowhere"),
    ]
    out = format_junit(findings, ["a.yaml", "clean.yaml"], seconds=1.25)
    suite = _suite(out)
    cases = [(c.get("classname"), c.get("name"), c.get("file")) for c in suite.iter("testcase")]
    assert cases == [
        ("flowmap check", "a.yaml", "a.yaml"),
        ("flowmap check", "clean.yaml", "clean.yaml"),
    ]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    assert suite.get("time") == "1.250" and ElementTree.fromstring(out).get("time") == "1.250"
    assert all(case.get("time") == "0" for case in suite.iter("testcase"))
    failures = suite.findall("testcase[@name='a.yaml']/failure")
    assert [(f.get("type"), f.get("file"), f.get("line")) for f in failures] == [
        ("assure-own", "a.yaml", "9"),
        ("recheck-upstream", "a.yaml", "20"),
    ]
    assert failures[0].get("message") == "add assure"
    assert failures[0].text == "a.yaml:9:13: error assure-own add assure"
    # a warning does not fail the build: it is listed, and the clean file passes
    assert "goal ends nowhere" in suite.find("testcase[@name='a.yaml']/system-out").text
    assert len(suite.find("testcase[@name='clean.yaml']")) == 0


def test_the_cases_are_the_same_whatever_is_found_so_ci_history_stays_put():
    files = ["a.yaml", "b.yaml"]
    clean = _suite(format_junit([], files))
    faulty = _suite(format_junit([Finding("schema", "error", "b.yaml", 1, 1, "x")], files))
    names = [[c.get("name") for c in suite.iter("testcase")] for suite in (clean, faulty)]
    assert names[0] == names[1] == files


def test_a_case_is_named_by_its_project_path_and_shows_the_path_as_given():
    from pathlib import Path

    from flowmap.outputs.registry import Place

    places = {"../b/a.yaml": Place(Path("/r/b/a.yaml"), Path("/r"), "b/a.yaml")}
    findings = [Finding("schema", "error", "../b/a.yaml", 3, 1, "x")]
    case = _suite(format_junit(findings, ["../b/a.yaml"], places)).find("testcase")
    assert (case.get("name"), case.get("file")) == ("b/a.yaml", "../b/a.yaml")
    assert case.find("failure").get("file") == "../b/a.yaml"


def test_markup_and_control_characters_in_messages_stay_well_formed():
    nasty = 'a <b> & "c" ]]> \x00\x07\x1b[31m \ufffe end'
    out = format_junit([Finding("schema", "error", "x<&>.yaml", 1, 1, nasty)], ["x<&>.yaml"])
    suite = _suite(out)  # parses: nothing broke the XML
    case = suite.find("testcase")
    assert case.get("name") == "x<&>.yaml"
    assert case.find("failure").get("message") == 'a <b> & "c" ]]> [31m  end'


def test_no_files_is_an_empty_suite():
    suite = _suite(format_junit([], []))
    assert suite.get("tests") == "0" and len(suite) == 0
