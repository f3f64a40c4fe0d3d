"""JUnit XML: a test case per file and rule; well-formed whatever the messages hold."""

from __future__ import annotations

from xml.etree import ElementTree

from flowmap.findings import Finding
from flowmap.outputs.junit import format_junit


def _suite(out: str):
    root = ElementTree.fromstring(out)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    return suite


def test_a_case_per_file_and_rule_and_one_for_a_clean_file():
    findings = [
        Finding("assure-own", "error", "a.yaml", 9, 13, "add assure"),
        Finding("assure-own", "error", "a.yaml", 20, 13, "add assure again"),
        Finding("top-bottom-line", "warning", "a.yaml", 2, 1, "goal ends nowhere"),
    ]
    suite = _suite(format_junit(findings, ["a.yaml", "clean.yaml"]))
    cases = [(c.get("classname"), c.get("name")) for c in suite.iter("testcase")]
    assert cases == [
        ("a.yaml", "assure-own"),
        ("a.yaml", "top-bottom-line"),
        ("clean.yaml", "flowmap check"),
    ]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "0")
    failure = suite.find("testcase[@name='assure-own']/failure")
    assert failure.get("message") == "add assure"
    assert failure.text.splitlines() == [
        "a.yaml:9:13: error add assure",
        "a.yaml:20:13: error add assure again",
    ]
    warning = suite.find("testcase[@name='top-bottom-line']")
    assert warning.find("failure") is None  # a warning does not fail the build
    assert "goal ends nowhere" in warning.find("system-out").text


def test_markup_and_control_characters_in_messages_stay_well_formed():
    nasty = 'a <b> & "c" ]]> \x00\x07\x1b[31m \ufffe end'
    out = format_junit([Finding("schema", "error", "x<&>.yaml", 1, 1, nasty)], ["x<&>.yaml"])
    suite = _suite(out)  # parses: nothing broke the XML
    case = suite.find("testcase")
    assert case.get("classname") == "x<&>.yaml"
    assert case.find("failure").get("message") == 'a <b> & "c" ]]> [31m  end'


def test_no_files_is_an_empty_suite():
    suite = _suite(format_junit([], []))
    assert suite.get("tests") == "0" and len(suite) == 0
