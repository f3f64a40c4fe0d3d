"""`{"version": 1, "files": N, "findings": [...], "waived": [...]}`: a contract, whose keys
are added, never renamed or dropped (tests/outputs/test_json_output.py pins them)."""

from __future__ import annotations

import json

from flowmap.findings import Finding, Waived


def finding_dict(finding: Finding) -> dict:
    return finding._asdict()


def format_json(findings: list[Finding], waived: list[Waived], files: int) -> str:
    document = {
        "version": 1,
        "files": files,
        "findings": [finding_dict(f) for f in findings],
        "waived": [finding_dict(w.finding) | {"reason": w.reason} for w in waived],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
