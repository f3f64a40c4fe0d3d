"""JUnit XML: a test case per file, always; well-formed whatever the messages hold."""

from __future__ import annotations

import hashlib
from xml.etree import ElementTree

import pytest
from junitparser import Failure, JUnitXml
from lxml import etree

from flowmap.findings import Finding
from flowmap.outputs.junit import format_junit
from tests.conftest import REPO


def _suite(out: str):
    root = ElementTree.fromstring(out)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    return suite


def test_a_case_per_file_always_every_finding_a_failure_with_rule_severity_file_and_line():
    findings = [
        Finding("assure-own", "error", "a.yaml", 9, 13, "add assure"),
        Finding("recheck-upstream", "error", "a.yaml", 20, 13, "add recheck"),
        Finding("top-bottom-line", "warning", "a.yaml", 2, 1, "goal ends nowhere"),
        Finding("satisfaction-target", "info", "b.yaml", 4, 7, "not measured since 2026-Q2"),
    ]
    spent = {"a.yaml": 0.0125, "b.yaml": 0.5, "clean.yaml": 0.25}
    out = format_junit(findings, ["a.yaml", "b.yaml", "clean.yaml"], None, 1.25, spent)
    suite = _suite(out)
    cases = [(c.get("classname"), c.get("name"), c.get("file")) for c in suite.iter("testcase")]
    assert cases == [
        ("flowmap check", "a.yaml", "a.yaml"),
        ("flowmap check", "b.yaml", "b.yaml"),
        ("flowmap check", "clean.yaml", "clean.yaml"),
    ]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    assert suite.get("time") == "1.250" and ElementTree.fromstring(out).get("time") == "1.250"
    times = [case.get("time") for case in suite.iter("testcase")]
    assert times == ["0.012500", "0.500000", "0.250000"]
    failures = suite.findall("testcase[@name='a.yaml']/failure")
    assert [(f.get("type"), f.get("file"), f.get("line")) for f in failures] == [
        ("assure-own", "a.yaml", "9"),
        ("recheck-upstream", "a.yaml", "20"),
        ("top-bottom-line", "a.yaml", "2"),
    ]
    assert failures[0].get("message") == "error: add assure"
    assert failures[0].text == "a.yaml:9:13: error assure-own add assure"
    # a warning and a note are failures too, so that CI history tracks them
    assert failures[2].get("message") == "warning: goal ends nowhere"
    [note] = suite.findall("testcase[@name='b.yaml']/failure")
    assert note.get("message") == "info: not measured since 2026-Q2"
    assert len(suite.find("testcase[@name='clean.yaml']")) == 0  # passes
    assert suite.find(".//system-out") is None


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
    assert case.find("failure").get("message") == 'error: a <b> & "c" ]]> [31m  end'


def test_no_files_is_an_empty_suite():
    suite = _suite(format_junit([], []))
    assert suite.get("tests") == "0" and len(suite) == 0


# -- checked against what CI tools read ---------------------------------------------------

# junit-10.xsd of Jenkins' xUnit plugin (MIT; the schema pytest's own tests use too),
# committed as it is: https://github.com/jenkinsci/xunit-plugin/blob/
# ae25da5089d4f94ac6c4669bf736e4d416cc4665/src/main/resources/org/jenkinsci/plugins/xunit/
# types/model/xsd/junit-10.xsd
XSD = REPO / "tests" / "data" / "junit-10.xsd"
XSD_SHA256 = "a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6"
# what flowmap writes beyond that schema, as GitLab, CircleCI and pytest's xunit1 files do
EXTENSIONS = {"testcase": ("file",), "failure": ("file", "line")}


@pytest.fixture(scope="module")
def junit_10():
    assert hashlib.sha256(XSD.read_bytes()).hexdigest() == XSD_SHA256
    return etree.XMLSchema(etree.parse(str(XSD)))


def _without_extensions(out: str):
    document = etree.fromstring(out.encode("utf-8"))
    for tag, names in EXTENSIONS.items():
        for element in document.iter(tag):
            for name in names:
                assert element.get(name) is not None  # written, and only these are extra
                del element.attrib[name]
    return document


def _a_check(cli, project) -> str:
    project.write(
        "org.yaml",
        "flowmap: 1\nunits:\n  - {id: sales, name: Sales}\nroles:\n"
        "  - {id: clerk, name: Clerk, unit: sales}\n",
    )
    project.write("empty.yaml", "flowmap: 1\ntitle: Nothing yet\n")
    project.write("broken.yaml", "flowmap: 1\ntitle: [unclosed\n")
    result = cli("check", ".", "--format", "junit", "-o", "junit.xml")  # as CI keeps it
    assert result.code == 1
    return (project.root / "junit.xml").read_text(encoding="utf-8")


def test_a_check_s_junit_is_valid_junit_10_but_for_the_extensions(cli, project, junit_10):
    out = _a_check(cli, project)
    document = _without_extensions(out)
    assert junit_10.validate(document), junit_10.error_log
    # the extensions are the only departure: as written, the schema names just them
    assert not junit_10.validate(etree.fromstring(out.encode("utf-8")))
    complaints = {(e.message.split("'")[1], e.message.split("'")[3]) for e in junit_10.error_log}
    assert complaints <= {("testcase", "file"), ("failure", "file"), ("failure", "line")}


def test_the_schema_check_can_fail(junit_10):
    """A case without its name, a suite time written as an exponent: both refused."""
    bad = format_junit([], ["a.yaml"], None, 1.25, {"a.yaml": 0.5})
    document = _without_extensions(bad.replace('name="a.yaml" ', ""))
    document.find("testsuite").set("time", "1e-3")
    assert not junit_10.validate(document)
    assert len(junit_10.error_log) == 2


def test_junitparser_reads_the_cases_their_times_and_failures(cli, project):
    """A real consumer (junitparser, as GitHub Actions' test-result publishers use it)."""
    _a_check(cli, project)
    report = JUnitXml.fromfile(str(project.root / "junit.xml"))
    [suite] = list(report)
    cases = {case.name: case for case in suite}
    assert set(cases) == {"org.yaml", "empty.yaml", "broken.yaml"}
    assert suite.tests == 3 and suite.failures == sum(not c.is_passed for c in cases.values())
    assert all(case.time > 0 for case in cases.values())  # measured, never 0
    assert sum(case.time for case in cases.values()) <= suite.time + 0.001
    [syntax] = cases["broken.yaml"].result
    assert isinstance(syntax, Failure) and syntax.type == "syntax"
    assert syntax.message.startswith("error: ")
    assert all(
        result.message.startswith(("error: ", "warning: ", "info: "))
        for case in cases.values()
        for result in case.result
    )
