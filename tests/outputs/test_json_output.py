"""The JSON format is a contract scripts rely on: exact keys, 1-based places, waivers and
reasons."""

from __future__ import annotations

import json

from flowmap.findings import Finding, Responsible, Subject, Waived
from flowmap.outputs.json_output import format_json


def test_the_exact_shape():
    finding = Finding(
        "assure-own",
        "error",
        "a.yaml",
        9,
        13,
        "add `assure:` — 品质",
        Subject("step", "make"),
        "assure",
        responsible=Responsible(("production",), ("worker",), ("make",)),
        fingerprint="f" * 32,
    )
    waived = Waived(Finding("satisfaction-target", "warning", "b.yaml", 4, 7, "low"), "new kit")
    out = format_json([finding], [waived], 3)
    assert json.loads(out) == {
        "version": 1,
        "files": 3,
        "findings": [
            {
                "rule": "assure-own",
                "severity": "error",
                "file": "a.yaml",
                "line": 9,
                "column": 13,
                "message": "add `assure:` — 品质",
                "project_path": "a.yaml",
                "subject": {"kind": "step", "id": "make"},
                "key": "assure",
                "responsible": {
                    "units": ["production"],
                    "roles": ["worker"],
                    "steps": ["make"],
                },
                "fingerprint": "f" * 32,
            }
        ],
        "waived": [
            {
                "rule": "satisfaction-target",
                "severity": "warning",
                "file": "b.yaml",
                "line": 4,
                "column": 7,
                "message": "low",
                "project_path": "b.yaml",
                "subject": None,
                "responsible": {"units": [], "roles": []},
                "fingerprint": "",
                "reason": "new kit",
            }
        ],
    }
    assert list(json.loads(out)) == ["version", "files", "findings", "waived"]
    assert "品质" in out  # readable, not \\u-escaped


def test_nothing_found_is_still_the_whole_object():
    assert json.loads(format_json([], [], 0)) == {
        "version": 1,
        "files": 0,
        "findings": [],
        "waived": [],
    }
