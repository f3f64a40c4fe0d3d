"""Hostile BPMN: what a file could do to the reader is refused with a finding at its line,
within the limits YAML maps are read with, quickly, never with a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flowmap.load.limits import DEFAULT_LIMITS, Limits
from flowmap.workspace import read_map

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
DEFINITIONS = '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">\n'
LAUGHS = (
    HEAD
    + '<!DOCTYPE definitions [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
    + DEFINITIONS
    + '<process id="p"><task id="t" name="&lol9;"/></process>\n</definitions>\n'
)
EXTERNAL = (
    HEAD
    + '<!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    + DEFINITIONS
    + '<process id="p"><task id="t" name="&secret;"/></process></definitions>\n'
)


def read(tmp_path: Path, text: str, limits: Limits = DEFAULT_LIMITS):
    path = tmp_path / "model.bpmn"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    found = read_map(path, "model.bpmn", limits)
    assert time.perf_counter() - start < 5
    return found


def only(findings) -> tuple[str, int, int, str]:
    (finding,) = findings
    return finding.rule, finding.line, finding.column, finding.message


def test_billion_laughs_is_refused_at_the_doctype(tmp_path):
    the_map, findings = read(tmp_path, LAUGHS)
    assert the_map is None
    rule, line, column, message = only(findings)
    assert (rule, line, column) == ("syntax", 2, 1)
    assert "`<!DOCTYPE` declaration is refused" in message


def test_an_external_entity_is_refused_and_nothing_is_read(tmp_path):
    the_map, findings = read(tmp_path, EXTERNAL)
    assert the_map is None and only(findings)[:2] == ("syntax", 2)
    assert "root:" not in findings[0].message


def test_an_entity_declared_without_a_doctype_is_refused(tmp_path):
    _, findings = read(tmp_path, HEAD + DEFINITIONS + '<!ENTITY x "y">\n</definitions>\n')
    assert only(findings)[:3] == ("syntax", 3, 1)


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    text = HEAD + DEFINITIONS + "<process id='p'/>" + " " * 5000 + "</definitions>"
    _, findings = read(tmp_path, text, Limits(max_file_bytes=1000))
    rule, line, _, message = only(findings)
    assert (rule, line) == ("syntax", 1) and "more than the limit of 1,000" in message


def test_deep_nesting_is_refused_at_its_line(tmp_path):
    deep = "<process id='p'>\n" + "<extensionElements>\n" * 100 + "</extensionElements>" * 100
    _, findings = read(tmp_path, HEAD + DEFINITIONS + deep + "</process></definitions>")
    rule, line, _, message = only(findings)
    assert rule == "syntax" and "nested more than 64 deep" in message
    assert line == 3 + 63  # the first element below the limit's depth
    # deeper than libxml2's own bound: its error, at its line
    deeper = "<a>\n" * 300 + "</a>" * 300
    _, findings = read(
        tmp_path, HEAD + DEFINITIONS + deeper + "</definitions>", Limits(max_depth=200)
    )
    rule, line, _, message = only(findings)
    assert rule == "syntax" and line > 200 and "not XML" in message


def test_a_huge_attribute_value_is_refused_at_its_line(tmp_path):
    name = "x" * 6000
    text = (
        HEAD
        + DEFINITIONS
        + f'<process id="p">\n<task id="t" name="{name}"/>\n</process></definitions>'
    )
    _, findings = read(tmp_path, text)
    rule, line, _, message = only(findings)
    assert (rule, line) == ("syntax", 4) and "6,000 characters" in message


def test_broken_xml_is_a_finding_at_the_parsers_line_and_column(tmp_path):
    _, findings = read(tmp_path, HEAD + DEFINITIONS + "<process id='p'>\n  <task id='t' name='x>\n")
    rule, line, column, message = only(findings)
    assert rule == "syntax" and line >= 4 and column >= 1 and message.startswith("not XML:")


def test_xml_that_is_not_bpmn_says_so(tmp_path):
    _, findings = read(tmp_path, HEAD + "<html><body/></html>\n")
    rule, line, _, message = only(findings)
    assert (rule, line) == ("schema", 2) and "not a BPMN 2.0 file" in message


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_check_names_the_bpmn_line_in_every_format(tmp_path, fmt):
    path = tmp_path / "model.bpmn"
    path.write_text(LAUGHS, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "flowmap", "check", str(path), "--format", fmt],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    out = done.stdout
    if fmt == "json":
        (finding,) = json.loads(out)["findings"]
        assert (finding["rule"], finding["line"]) == ("syntax", 2)
    elif fmt == "sarif":
        region = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert region["region"]["startLine"] == 2
    elif fmt == "text":
        assert "model.bpmn:2:1: error syntax" in out
    elif fmt == "github":
        assert "line=2,col=1" in out
    else:
        assert "model.bpmn" in out and "syntax" in out
