"""SARIF 2.1.0: the format code-scanning services (GitHub, GitLab, Azure DevOps) read.

Each rule carries its summary and its whole documentation (the page `flowmap rules ID`
prints, as `help.markdown`); each finding is a result at its file, line and column, the file
named by an absolute `file://` URI (as ruff's), so that the document means the same whatever
folder flowmap ran in, and with the fingerprint that follows it across runs and moved lines.
Waived findings are kept, suppressed, with their reason. `helpUri` is given only where the
rule pages have a public address (`FLOWMAP_DOCS_URL`, e.g. your mirror's rule pages): a
relative one would resolve into the repository being checked.
"""

from __future__ import annotations

import json
import os

from flowmap import __version__
from flowmap.findings import Finding, Waived
from flowmap.load.names import json_safe

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Where the rule pages (a page per rule) are public, if anywhere: an absolute address
DOCS_URL = "FLOWMAP_DOCS_URL"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def format_sarif(findings: list[Finding], waived: list[Waived], places: dict | None = None) -> str:
    from flowmap.rules import RULES
    from flowmap.rules.docs import page, summary

    rules = list(RULES)
    docs = _docs_url()
    driver = {
        "name": "flowmap",
        "version": __version__,
        "rules": [
            {
                "id": rule,
                "shortDescription": {"text": summary(module)},
                "fullDescription": {"text": (module.__doc__ or "").strip()},
                "help": {"text": page(module), "markdown": page(module)},
                **({"helpUri": f"{docs}{rule}.md"} if docs else {}),
                "defaultConfiguration": {"level": _LEVELS[module.SEVERITY]},
            }
            for rule, module in RULES.items()
        ],
    }
    home = _home_page() or docs
    if home:
        driver["informationUri"] = home
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
    """flowmap's home page, from the installed package's metadata (`[project.urls]`)."""
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


def _docs_url() -> str:
    """The public address of the rule pages, ending in `/`; empty when none is set (or it
    is not an absolute http(s) address)."""
    url = os.environ.get(DOCS_URL, "").strip()
    if not url.startswith(("https://", "http://")):
        return ""
    return url if url.endswith("/") else url + "/"


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
