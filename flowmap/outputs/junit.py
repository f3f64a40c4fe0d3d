"""JUnit XML: one test case per file checked, always the same cases for the same files.

CI servers (Jenkins, GitLab, Azure DevOps) keep a history per test case, so a case is a
file, named by its path from the project root (the same from any folder). A clean file's
case passes; every finding in a file, whatever its severity, is a `<failure>` of its case,
with the rule as its `type`, the severity at the head of its `message`, and its `file` (as
the text format shows it) and `line`: so the history tracks warnings and notes too. The
process's exit code does not change (errors, or warnings with `--strict`).

Times: the suite's is the whole check's; a case's is the time spent on its file, reading,
parsing and modelling it (measured for each file, in a worker process too) plus its share
of the rules' time, which judge the organisation as a whole: shared out in proportion to
the files' sizes (`Checked.file_seconds`).

The document is valid against the JUnit schema Jenkins' xUnit plugin and pytest use
(`junit-10.xsd`) but for three attributes it does not declare and other readers do (GitLab,
CircleCI, pytest's own xunit1 files): `file` on a test case, `file` and `line` on a failure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.etree import ElementTree as ET

from flowmap.findings import Finding
from flowmap.load.names import UNSAFE

_DROPPED = re.compile(f"(?![\t\n])[{UNSAFE}\ufffe\uffff]")
SUITE = "flowmap check"


def format_junit(
    findings: list[Finding],
    files: list[str],
    places: dict | None = None,
    seconds: float = 0.0,
    file_seconds: dict[str, float] | None = None,
) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    spent = file_seconds or {}
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
            time=_time(spent.get(file, 0.0), 6),
        )
        found = by_file.get(file, [])
        for finding in found:
            failure = ET.SubElement(
                case,
                "failure",
                type=finding.rule,
                message=_clean(f"{finding.severity}: {finding.message}"),
                file=_clean(file),
                line=str(finding.line),
            )
            failure.text = _clean(_line(finding))
        failures += bool(found)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("time", _time(seconds, 3))
    suites = ET.Element("testsuites", name=SUITE, time=_time(seconds, 3))
    suites.set("tests", str(len(suite)))
    suites.set("failures", str(failures))
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _time(seconds: float, digits: int) -> str:
    """Seconds as JUnit writes them, never negative nor an exponent: a case's to the
    microsecond (a small map takes less than a millisecond), a suite's to the millisecond
    (junit-10.xsd allows three digits there)."""
    return f"{max(seconds, 0.0):.{digits}f}"


def _line(finding: Finding) -> str:
    place = f"{finding.file}:{finding.line}:{finding.column}"
    return f"{place}: {finding.severity} {finding.rule} {finding.message}"


def _clean(text: str) -> str:
    """Text XML 1.0 can hold and a CI log shows as it is: control, C1 and bidi characters
    (but tab and newline) are dropped."""
    return _DROPPED.sub("", text)
