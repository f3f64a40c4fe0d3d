"""JUnit XML: one test case per file and rule, failing with that rule's findings in the file.

CI servers (Jenkins, GitLab, Azure DevOps) show it as a test report. A file with no finding
is one passing case, so the report counts every file checked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.etree import ElementTree as ET

from flowmap.findings import ERROR, Finding
from flowmap.load.names import UNSAFE

_DROPPED = re.compile(f"(?![\t\n])[{UNSAFE}\ufffe\uffff]")


def format_junit(findings: list[Finding], files: list[str]) -> str:
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        by_case[(finding.file, finding.rule)].append(finding)
    suite = ET.Element("testsuite", name="flowmap check")
    failures = 0
    for file in sorted(set(files) | {file for file, _ in by_case}):
        rules = sorted(rule for f, rule in by_case if f == file)
        if not rules:
            ET.SubElement(suite, "testcase", classname=_clean(file), name="flowmap check")
        for rule in rules:
            case = ET.SubElement(suite, "testcase", classname=_clean(file), name=rule)
            found = by_case[(file, rule)]
            worst = "failure" if any(f.severity == ERROR for f in found) else "system-out"
            if worst == "failure":
                failures += 1
                element = ET.SubElement(case, "failure", message=_clean(found[0].message))
            else:
                element = ET.SubElement(case, "system-out")
            element.text = _clean("\n".join(_line(f) for f in found))
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _line(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}:{finding.column}: {finding.severity} {finding.message}"


def _clean(text: str) -> str:
    """Text XML 1.0 can hold and a CI log shows as it is: control, C1 and bidi characters
    (but tab and newline) are dropped."""
    return _DROPPED.sub("", text)
