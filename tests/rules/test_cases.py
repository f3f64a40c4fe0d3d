"""Every rule, driven by small YAML fixtures: `cases/<rule-id>/bad-*.yaml` and `good-*.yaml`.

A bad fixture lists, in its first lines, every finding it must give and nothing else:
`# expect: RULE LINE:COLUMN`, or `# expect: RULE FILE LINE:COLUMN` for a finding in a file
it includes (FILE relative to the fixture). A good fixture must give no finding at all.
Files whose names start with `_` are included by the fixtures, not fixtures themselves.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from flowmap.rules import RULES
from flowmap.rules.engine import run_rules
from flowmap.workspace import open_files

CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(r"^# expect: (\S+) (?:(\S+) )?(\d+):(\d+)$", re.M)


def _fixtures(prefix: str):
    return [
        pytest.param(path, id=f"{path.parent.name}/{path.stem}")
        for path in sorted(CASES.glob(f"*/{prefix}-*.yaml"))
    ]


def _check(path: Path) -> list[tuple[str, str, int, int]]:
    workspace = open_files([(path, str(path))])
    findings, _ = run_rules(workspace.org, workspace.findings)
    return [(f.rule, os.path.relpath(f.file, path.parent), f.line, f.column) for f in findings]


def _expected(path: Path) -> list[tuple[str, str, int, int]]:
    text = path.read_text(encoding="utf-8")
    return [
        (rule, os.path.normpath(file or path.name), int(line), int(column))
        for rule, file, line, column in EXPECT.findall(text)
    ]


@pytest.mark.parametrize("path", _fixtures("bad"))
def test_a_bad_fixture_gives_exactly_the_findings_it_states(path):
    expected = _expected(path)
    assert any(rule == path.parent.name for rule, *_ in expected), "states its own rule"
    assert sorted(_check(path)) == sorted(expected)


@pytest.mark.parametrize("path", _fixtures("good"))
def test_a_good_fixture_gives_no_finding(path):
    assert _check(path) == []


@pytest.mark.parametrize("rule", list(RULES))
def test_every_rule_has_bad_and_good_fixtures(rule):
    folder = CASES / rule
    assert list(folder.glob("bad-*.yaml")), f"add tests/rules/cases/{rule}/bad-*.yaml"
    assert list(folder.glob("good-*.yaml")), f"add tests/rules/cases/{rule}/good-*.yaml"


def test_the_shared_fixtures_are_clean():
    assert _check(CASES / "_chain.yaml") == []
