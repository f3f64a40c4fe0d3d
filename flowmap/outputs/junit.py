"""JUnit XML: one test case per file checked, always the same cases for the same files.

CI servers (Jenkins, GitLab, Azure DevOps) keep a history per test case, so a case is a
file, named by its path from the project root (the same from any folder), and it passes
when the file has no finding at error level (with `--strict`, at warning level). Each such
finding is a `<failure>` with the rule as its `type`, its `file` (as the text format shows
it) and `line`; the others are listed in the case's `<system-out>`. The rules judge an
organisation as a whole, so only the suite has a `time` of its own: each case's is 0.
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.etree import ElementTree as ET

from flowmap.findings import ERROR, Finding
from flowmap.load.names import UNSAFE

_DROPPED = re.compile(f"(?![\t\n])[{UNSAFE}\ufffe\uffff]")
SUITE = "flowmap check"


def format_junit(
    findings: list[Finding],
    files: list[str],
    places: dict | None = None,
    seconds: float = 0.0,
    failing: tuple[str, ...] = (ERROR,),
) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    suite = ET.Element("testsuite", name=SUITE)
    failures = 0
    for file in sorted(dict.fromkeys([*files, *by_file])):
        place = (places or {}).get(file)
        case = ET.SubElement(
            suite,
            "testcase",
            classname=SUITE,
            name=_clean(place.relative if place is not None else file),
            file=_clean(file),
            time="0",
        )
        found = by_file.get(file, [])
        errors = [f for f in found if f.severity in failing]
        for finding in errors:
            failure = ET.SubElement(
                case,
                "failure",
                type=finding.rule,
                message=_clean(finding.message),
                file=_clean(file),
                line=str(finding.line),
            )
            failure.text = _clean(_line(finding))
        failures += bool(errors)
        others = [f for f in found if f.severity not in failing]
        if others:
            ET.SubElement(case, "system-out").text = _clean("\n".join(map(_line, others)))
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("time", f"{seconds:.3f}")
    suites = ET.Element("testsuites", name=SUITE, time=f"{seconds:.3f}")
    suites.set("tests", str(len(suite)))
    suites.set("failures", str(failures))
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _line(finding: Finding) -> str:
    place = f"{finding.file}:{finding.line}:{finding.column}"
    return f"{place}: {finding.severity} {finding.rule} {finding.message}"


def _clean(text: str) -> str:
    """Text XML 1.0 can hold and a CI log shows as it is: control, C1 and bidi characters
    (but tab and newline) are dropped."""
    return _DROPPED.sub("", text)
