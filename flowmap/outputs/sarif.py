"""SARIF 2.1.0: the format code-scanning services (GitHub, GitLab, Azure DevOps) read.

Each rule carries its summary and its whole documentation (the page `flowmap rules ID`
prints, as `help.markdown`); each finding is a result at its file, line and column, the file
named by an absolute `file://` URI (as ruff's), so that the document means the same whatever
folder flowmap ran in, and with the fingerprint that follows it across runs and moved lines.
Waived findings are kept, suppressed, with their reason.

The tool's `informationUri` is always there, an absolute URI: where the organisation
publishes flowmap's docs/ folder (the setting `docs_url`, or `FLOWMAP_DOCS_URL`, which wins),
else the package's home page when its metadata has one, else the `file://` URI of the
documentation installed with the package (`flowmap/docs/README.md`). Each rule's `helpUri`
(its page under `rules/`) is given only with a published address: a relative one would
resolve into the repository being checked, and the whole page is inside anyway
(`help.markdown`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from flowmap import __version__
from flowmap.config import docs_address
from flowmap.findings import Finding, Waived
from flowmap.load.names import json_safe

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Where flowmap's docs/ folder is published, if anywhere: an absolute address (the setting
# `docs_url` says the same; this wins, for a CI job's environment)
DOCS_URL = "FLOWMAP_DOCS_URL"
# the documentation installed with the package (pyproject's package data: flowmap/docs is
# the repository's docs/ folder)
INSTALLED_DOCS = Path(__file__).absolute().parent.parent / "docs" / "README.md"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def format_sarif(
    findings: list[Finding], waived: list[Waived], places: dict | None = None, docs_url: str = ""
) -> str:
    """The SARIF log; `docs_url` is the setting of that name (flowmap.config)."""
    from flowmap.rules import RULES
    from flowmap.rules.docs import page, summary

    rules = list(RULES)
    docs = docs_address(os.environ.get(DOCS_URL, "")) or docs_url
    driver = {
        "name": "flowmap",
        "version": __version__,
        "informationUri": docs or _home_page() or INSTALLED_DOCS.as_uri(),
        "rules": [
            {
                "id": rule,
                "shortDescription": {"text": summary(module)},
                "fullDescription": {"text": (module.__doc__ or "").strip()},
                "help": {"text": page(module), "markdown": page(module)},
                **({"helpUri": f"{docs}rules/{rule}.md"} if docs else {}),
                "defaultConfiguration": {"level": _LEVELS[module.SEVERITY]},
            }
            for rule, module in RULES.items()
        ],
    }
    places = places or {}
    results = [_result(f, rules, places) for f in findings]
    results += [_result(w.finding, rules, places, suppressed=w.reason) for w in waived]
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _home_page() -> str:
    """flowmap's home page, from the installed package's metadata (`[project.urls]`); ""
    while it has none (so far)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("flowmap").get_all("Project-URL") or []
    except PackageNotFoundError:
        return ""
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation"):
            return url.strip()
    return ""


def _result(
    finding: Finding, rules: list[str], places: dict, suppressed: str | None = None
) -> dict:
    result = {
        "ruleId": finding.rule,
        "level": _LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.file, places.get(finding.file))},
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


def _uri(file: str, place=None) -> str:
    """The file's absolute `file://` URI; for a file not read from disk (none so far), the
    path as shown as a relative URI reference: forward slashes, reserved characters escaped.

    A backslash separates folders only on Windows; elsewhere it is part of a name (a name
    that is not UTF-8 is shown with `\\xff` escapes) and is escaped as `%5C`.
    """
    from urllib.parse import quote

    if place is not None:
        return place.path.as_uri()
    if os.sep == "\\":
        file = file.replace("\\", "/")
    return quote(file, safe="/")
