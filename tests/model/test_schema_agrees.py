"""The JSON Schema (`flowmap schema`) agrees with the checker, both ways, as the tools that
use it see it: check-jsonschema (pinned in the test extra) reads the maps as YAML 1.2, as
yaml-language-server does.

A map flowmap reads without a finding about its form (`schema`, `waiver-reason`) passes the
schema, and a map the schema accepts gets none, except for what JSON Schema cannot say
(docs/format.md, "What the JSON Schema cannot check"), listed here too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flowmap.config import DEFAULT_CONFIG
from flowmap.model.jsonschema import json_schema
from flowmap.project import open_workspace
from flowmap.rules.engine import run_rules
from tests.conftest import PROCESSES, REPO

pytestmark = pytest.mark.slow  # check-jsonschema on ~150 maps: a few seconds
FORM_RULES = {"schema", "waiver-reason"}
# What JSON Schema cannot say: flowmap finds these, the schema cannot (docs/format.md).
FLOWMAP_ONLY = {
    "tests/rules/cases/schema/bad-duplicate-key.yaml": "a duplicate key",
    "tests/rules/cases/waiver-reason/bad-external-without-approver.yaml": "needs an approver",
    "tests/rules/cases/waiver-reason/bad-unknown-rule.yaml": "a waiver's rule id",
}

BASE = """\
flowmap: 1
units: [{id: sales, name: Sales}]
roles: [{id: clerk, unit: sales, rank: 2}]
customers: [{id: customer, needs: [{id: on-time, text: On time}]}]
processes:
  - id: order
    customer: customer
    steps:
      - {id: place, by: customer, delivers: [purchase order]}
      - id: accept
        by: clerk
        recheck: [Signed]
        assure: [Entered]
        lead_time: 4h
        needs: [{item: purchase order, requires: [Signed], due: 1d, satisfaction: 0.9}]
"""
# name -> (what is replaced, by what, whether flowmap reads it without a form finding)
VARIANTS = {
    "base": ("", "", True),
    "share-percent": ("satisfaction: 0.9", "satisfaction: 90%", True),
    "share-full-width": ("satisfaction: 0.9", "satisfaction: ９０％", True),
    "share-quoted": ("satisfaction: 0.9", 'satisfaction: "0.9"', False),
    "share-too-big": ("satisfaction: 0.9", "satisfaction: 1.5", False),
    "duration-full-width": ("due: 1d", "due: １.５ｄ", True),
    "duration-bad": ("due: 1d", "due: soon", False),
    "name-number": ("name: Sales", "name: 123", True),
    "name-boolean": ("name: Sales", "name: true", True),
    "id-number": ("{id: sales,", "{id: 2024,", True),
    "id-negative": ("{id: sales,", "{id: -5,", False),
    "id-capitals": ("{id: sales,", "{id: Sales,", False),
    "texts-numbers": ("recheck: [Signed]", "recheck: [Signed, 2024-01-01, 12]", True),
    "by-empty": ("by: clerk", "by: []", False),
    "by-list": ("by: clerk", "by: [clerk, clerk]", True),
    "rank-text": ("rank: 2", "rank: two", False),
    "rank-zero": ("rank: 2", "rank: 0", False),
    "unknown-key": ("lead_time: 4h", "lead_tme: 4h", False),
    "version-two": ("flowmap: 1", "flowmap: 2", False),
    "waiver": ("lead_time: 4h", "lead_time: 4h\n        waive: {assure-own: pilot}", True),
    "waiver-empty": ("lead_time: 4h", 'lead_time: 4h\n        waive: {assure-own: ""}', False),
}
# JSON has one number 1: the schema takes `flowmap: 1.0`, flowmap wants `1` (documented).
SCHEMA_ONLY_VARIANTS = {"version-float": ("flowmap: 1\n", "flowmap: 1.0\n", False)}


def _refused(files: list[Path], schema: Path) -> set[Path]:
    """The files check-jsonschema refuses."""
    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert tool, "check-jsonschema is in the test extra"
    done = subprocess.run(
        [tool, "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return {Path(name) for name in re.findall(r"^\s+(\S.*?)::\$", done.stdout, re.M)}


def _form_findings(path: Path) -> set[str] | None:
    """The form rules that fire in `path` (None: not YAML at all, nothing to compare)."""
    workspace = open_workspace([str(path)])
    findings, _ = run_rules(workspace.org, workspace.findings, DEFAULT_CONFIG)
    shown = {name for name, where in workspace.paths.items() if where == path.resolve()}
    rules = {finding.rule for finding in findings if finding.file in shown}
    return None if "syntax" in rules else rules & FORM_RULES


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "flowmap.schema.json"
    path.write_text(json.dumps(json_schema()), encoding="utf-8")
    return path


def test_the_variants_are_judged_alike(schema, tmp_path):
    files = {}
    for name, (old, new, _) in {**VARIANTS, **SCHEMA_ONLY_VARIANTS}.items():
        assert old in BASE, name
        files[name] = tmp_path / f"{name}.yaml"
        files[name].write_text(BASE.replace(old, new, 1), encoding="utf-8")
    refused = _refused(list(files.values()), schema)
    for name, (_, _, valid) in {**VARIANTS, **SCHEMA_ONLY_VARIANTS}.items():
        read = not _form_findings(files[name])
        assert read == valid, f"{name}: flowmap {'reads' if read else 'refuses'} it"
        if name in SCHEMA_ONLY_VARIANTS:
            assert files[name] not in refused, name
        else:
            assert (files[name] not in refused) == valid, f"{name}: the schema disagrees"


def _maps() -> list[Path]:
    found = sorted({*PROCESSES.glob("*.yaml"), *(REPO / "tests").rglob("*.yaml")})
    return [p for p in found if re.search(rb"^flowmap", p.read_bytes()[:65536], re.M)]


def test_every_map_of_the_repository_is_judged_alike(schema):
    judged = {path: _form_findings(path) for path in _maps()}
    judged = {path: rules for path, rules in judged.items() if rules is not None}
    assert len(judged) > 100 and all(p in judged for p in PROCESSES.glob("*.yaml"))
    refused = _refused(list(judged), schema)
    for path, rules in judged.items():
        name = path.relative_to(REPO).as_posix()
        if name in FLOWMAP_ONLY:
            assert rules and path not in refused, f"{name} ({FLOWMAP_ONLY[name]})"
            continue
        assert bool(rules) == (path in refused), (name, rules)
