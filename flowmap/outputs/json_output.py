"""`{"version": 1, "files": N, "findings": [...], "waived": [...]}` as FORMAT.md fixes it."""

from __future__ import annotations

import json

from flowmap.findings import Finding, Waived
from flowmap.load.names import json_safe


def finding_dict(finding: Finding) -> dict:
    return finding._asdict()


def format_json(findings: list[Finding], waived: list[Waived], files: int) -> str:
    document = {
        "version": 1,
        "files": files,
        "findings": [finding_dict(f) for f in findings],
        "waived": [finding_dict(w.finding) | {"reason": w.reason} for w in waived],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
