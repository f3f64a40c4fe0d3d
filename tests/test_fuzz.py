"""The fuzzer of tests/fuzz.py, a few hundred derandomized examples on every run.

Hostile YAML built around the maps of processes/ (block and flow style, anchors, aliases,
merge keys, odd line breaks, odd bytes, long texts, deep nesting) never gives a traceback,
an internal error or a finding without a place, in `check` (every format), `render --format
dot`, `report` and the editor engine's open, edit and save. `make fuzz` runs 10,000.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz import Case, drive, hostile_bpmn_case, hostile_case

pytestmark = pytest.mark.slow


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(case=hostile_case())
def test_hostile_yaml_never_crashes_a_command(tmp_path_factory, case: Case):
    folder = tmp_path_factory.mktemp("fuzz")
    assert drive(case, folder) == []


@settings(
    max_examples=120,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(case=hostile_bpmn_case())
def test_hostile_bpmn_never_crashes_a_command(tmp_path_factory, case: Case):
    folder = tmp_path_factory.mktemp("fuzz-bpmn")
    assert drive(case, folder) == []


def test_the_fuzzer_writes_what_it_claims(tmp_path):
    """The strategy does make the hostile shapes: aliases, merge keys, odd line breaks, and
    names holding terminal escapes, C1 and bidi controls."""
    import random

    from tests.fuzz import DATA, _Writer

    marks = ("*a", "<<: *", "&a", "{", "\n  -", "[[[[", "\\u001b]52", "\\u009b", "\\u202e")
    seen = set()
    for seed in range(200):
        text = _Writer(random.Random(seed)).value(DATA["org.yaml"], 0)
        seen |= {mark for mark in marks if mark in text}
    assert seen == set(marks)


def test_the_fuzzer_sees_a_raw_control_character_in_what_is_written(tmp_path, monkeypatch):
    """The scan is no dummy: output holding a raw ESC is a problem."""
    from tests import fuzz

    assert fuzz._raw_controls("x", "stdout", "a\x1b]2;PWNED\x07") != []
    assert fuzz._raw_controls("x", "stdout", "a\\x1b]2;PWNED\\x07\tb\n") == []
