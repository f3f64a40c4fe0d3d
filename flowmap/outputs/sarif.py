"""SARIF 2.1.0: the format code-scanning services (GitHub, GitLab, Azure DevOps) read.

Each rule carries its summary, its whole documentation (the page `flowmap rules ID` prints)
and the address of that page under docs/rules/; each finding is a result at its file, line
and column. Waived findings are kept, suppressed, with their reason.
"""

from __future__ import annotations

import json
import os

from flowmap import __version__
from flowmap.findings import Finding, Waived
from flowmap.load.names import json_safe

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Each rule's page, made from the same docstring as its help text, relative to the project
# (flowmap's own repository has no fixed address yet; change this one line when it has).
DOCS = "docs/rules/"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def format_sarif(findings: list[Finding], waived: list[Waived]) -> str:
    from flowmap.rules import RULES
    from flowmap.rules.docs import page, summary

    rules = list(RULES)
    driver = {
        "name": "flowmap",
        "version": __version__,
        "rules": [
            {
                "id": rule,
                "shortDescription": {"text": summary(module)},
                "fullDescription": {"text": (module.__doc__ or "").strip()},
                "help": {"text": page(module), "markdown": page(module)},
                "helpUri": f"{DOCS}{rule}.md",
                "defaultConfiguration": {"level": _LEVELS[module.SEVERITY]},
            }
            for rule, module in RULES.items()
        ],
    }
    results = [_result(f, rules) for f in findings]
    results += [_result(w.finding, rules, suppressed=w.reason) for w in waived]
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _result(finding: Finding, rules: list[str], suppressed: str | None = None) -> dict:
    result = {
        "ruleId": finding.rule,
        "level": _LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.file)},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {"flowmap/v1": finding.fingerprint}
    result["properties"] = _about(finding)
    if finding.rule in rules:
        result["ruleIndex"] = rules.index(finding.rule)
    if suppressed is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": suppressed}]
    return result


def _about(finding: Finding) -> dict:
    """What the finding is about and who must act, for code-scanning filters."""
    who = finding.responsible
    found: dict = {"responsibleUnits": list(who.units), "responsibleRoles": list(who.roles)}
    if who.unassigned:
        found["unassigned"] = True
    if finding.subject is not None:
        found["subject"] = {"kind": finding.subject.kind, "id": finding.subject.id}
    return found


def _uri(file: str) -> str:
    """A relative path as a URI reference: forward slashes, reserved characters escaped.

    A backslash separates folders only on Windows; elsewhere it is part of a name (a name
    that is not UTF-8 is shown with `\\xff` escapes) and is escaped as `%5C`.
    """
    from urllib.parse import quote

    if os.sep == "\\":
        file = file.replace("\\", "/")
    return quote(file, safe="/")
