"""`{"version": 1, "files": N, "findings": [...], "waived": [...]}`: a contract, whose keys
are added, never renamed or dropped (tests/outputs/test_json_output.py pins them)."""

from __future__ import annotations

import json

from flowmap.findings import Finding, Waived
from flowmap.load.names import json_safe

_PLACE = ("rule", "severity", "file", "line", "column", "message")


def finding_dict(finding: Finding, places: dict | None = None) -> dict:
    """The contract's keys, then what the finding is about and who must act (format 1.2),
    and the file's path from its project root (`project_path`, the same from any folder;
    `file` is as the text format shows it, from the current folder)."""
    found = {key: getattr(finding, key) for key in _PLACE}
    place = (places or {}).get(finding.file)
    found["project_path"] = place.relative if place is not None else finding.file
    subject = finding.subject
    found["subject"] = {"kind": subject.kind, "id": subject.id} if subject else None
    if finding.key is not None:
        found["key"] = finding.key
    if finding.counterpart is not None:
        found["counterpart"] = dict(finding.counterpart._asdict())
    who = finding.responsible
    found["responsible"] = {"units": list(who.units), "roles": list(who.roles)}
    if who.steps:
        found["responsible"]["steps"] = list(who.steps)
    if who.unassigned:
        found["responsible"]["unassigned"] = True
    found["fingerprint"] = finding.fingerprint
    return found


def format_json(
    findings: list[Finding], waived: list[Waived], files: int, places: dict | None = None
) -> str:
    document = {
        "version": 1,
        "files": files,
        "findings": [finding_dict(f, places) for f in findings],
        "waived": [finding_dict(w.finding, places) | {"reason": w.reason} for w in waived],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
