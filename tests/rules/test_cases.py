"""Every rule, driven by small YAML fixtures: `cases/<rule-id>/bad-*.yaml` and `good-*.yaml`.

A bad fixture lists, in its first lines, every finding it must give and nothing else:
`# expect: RULE LINE:COLUMN`, or `# expect: RULE FILE LINE:COLUMN` for a finding in a file
it includes (FILE relative to the fixture). A good fixture must give no finding at all.
Any fixture lists the findings its waivers silence, `# waived: RULE LINE:COLUMN`, and none
other may be silenced; `# config: KEY VALUE` sets a configuration key for it (as
`satisfaction_target 0.9`); `# surveys: FOLDER` reads the survey CSV files in FOLDER
(relative to the fixture) with it, and `# today: YYYY-MM-DD` sets the day (SOURCE_DATE_EPOCH).
Files whose names start with `_` are included by the fixtures, not fixtures themselves.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import os
import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from flowmap.config import DEFAULT_CONFIG
from flowmap.model.surveys import read_surveys
from flowmap.project import with_surveys
from flowmap.rules import RULES
from flowmap.rules.engine import run_rules
from flowmap.workspace import open_files

CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(r"^# expect: (\S+) (?:(\S+) )?(\d+):(\d+)$", re.M)
WAIVED = re.compile(r"^# waived: (\S+) (?:(\S+) )?(\d+):(\d+)$", re.M)
CONFIG = re.compile(r"^# config: (\w+) (.+)$", re.M)
SURVEYS = re.compile(r"^# surveys: (\S+)$", re.M)
TODAY = re.compile(r"^# today: (\S+)$", re.M)


def _fixtures(prefix: str):
    return [
        pytest.param(path, id=f"{path.parent.name}/{path.stem}")
        for path in sorted(CASES.glob(f"*/{prefix}-*.yaml"))
    ]


def _config(text: str):
    settings = {key: ast.literal_eval(value) for key, value in CONFIG.findall(text)}
    return dataclasses.replace(DEFAULT_CONFIG, **settings)


def _check(path: Path) -> tuple[list, list]:
    """(findings, waived findings), each as (rule, file, line, column)."""
    workspace = open_files([(path, str(path))], root=CASES)
    text = path.read_text(encoding="utf-8")
    config = _config(text)
    for folder in SURVEYS.findall(text):
        with_surveys(workspace, read_surveys(path.parent / folder, CASES))
    day = TODAY.findall(text)
    epoch = None
    if day:
        epoch = str(int(datetime.combine(date.fromisoformat(day[0]), time(), UTC).timestamp()))
    with _environ("SOURCE_DATE_EPOCH", epoch):
        findings, waived = run_rules(workspace.org, workspace.findings, config)

    def place(f):
        return (f.rule, os.path.relpath(f.file, path.parent), f.line, f.column)

    return [place(f) for f in findings], [place(w.finding) for w in waived]


@contextlib.contextmanager
def _environ(name: str, value: str | None):
    """`name` set to `value` (left alone when None) while the rules run."""
    if value is None:
        yield
        return
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            del os.environ[name]
        else:
            os.environ[name] = old


def _stated(path: Path, pattern: re.Pattern) -> list[tuple[str, str, int, int]]:
    text = path.read_text(encoding="utf-8")
    return [
        (rule, os.path.normpath(file or path.name), int(line), int(column))
        for rule, file, line, column in pattern.findall(text)
    ]


@pytest.mark.parametrize("path", _fixtures("bad"))
def test_a_bad_fixture_gives_exactly_the_findings_it_states(path):
    expected = _stated(path, EXPECT)
    assert any(rule == path.parent.name for rule, *_ in expected), "states its own rule"
    findings, waived = _check(path)
    assert sorted(findings) == sorted(expected)
    assert sorted(waived) == sorted(_stated(path, WAIVED))


@pytest.mark.parametrize("path", _fixtures("good"))
def test_a_good_fixture_gives_no_finding(path):
    findings, waived = _check(path)
    assert findings == []
    assert sorted(waived) == sorted(_stated(path, WAIVED))


@pytest.mark.parametrize("rule", list(RULES))
def test_every_rule_has_bad_and_good_fixtures(rule):
    folder = CASES / rule
    assert list(folder.glob("bad-*.yaml")), f"add tests/rules/cases/{rule}/bad-*.yaml"
    assert list(folder.glob("good-*.yaml")), f"add tests/rules/cases/{rule}/good-*.yaml"


def test_the_shared_fixtures_are_clean():
    assert _check(CASES / "_chain.yaml") == ([], [])
    assert _check(CASES / "_org.yaml") == ([], [])
