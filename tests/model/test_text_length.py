"""Texts longer than `max_text_length` are a schema finding, cut in the model, and shown cut
in charts and the report: no output copies a long text once per reference to it."""

from __future__ import annotations

import pytest

from bench.bench_long_texts import long_name_map
from flowmap.load import Limits
from flowmap.project import open_workspace

pytestmark = pytest.mark.slow


def test_a_long_name_is_a_finding_at_it_and_is_cut(project):
    project.write("map.yaml", "flowmap: 1\nunits:\n  - {id: u, name: " + "N" * 6000 + "}\n")
    workspace = open_workspace(["map.yaml"])
    [finding] = workspace.findings
    assert (finding.rule, finding.line, finding.column) == ("schema", 3, 19)
    assert finding.message == (
        "this text has 6,000 characters, more than the limit of 5,000; shorten it (a name or "
        "a requirement needs a line or two), or raise `max_text_length` under "
        "[tool.flowmap.limits]"
    )
    assert workspace.org.units["u"].name == "N" * 5000


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("title: {long}", 8),  # a text
        ("units: [{id: {long}}]", 14),  # an id
        ("goals: [{id: g, owner: {long}}]", 24),  # a reference
        ("services: [{id: s, requires: [ok, {long}]}]", 35),  # an item of a list of texts
        ("services: [{id: s, requires: {long}}]", 30),  # a single text for a list
        ('title: !!str "{long}"', 8),  # a tagged scalar
    ],
)
def test_every_kind_of_text_is_held_to_the_limit(project, line, column):
    project.write("map.yaml", "flowmap: 1\n" + line.replace("{long}", "a" * 11) + "\n")
    limits = Limits(max_text_length=10)
    findings = [f for f in open_workspace(["map.yaml"], limits).findings if "11 char" in f.message]
    assert [(f.line, f.column) for f in findings] == [(2, column)]


def test_a_long_unknown_key_is_named_short(project):
    project.write("map.yaml", "flowmap: 1\n? " + "k" * 5000 + "\n: 1\n")
    [finding] = open_workspace(["map.yaml"]).findings
    assert finding.message.startswith("unknown key `kkk")
    assert "… (5,000 characters)` in a map" in finding.message
    assert len(finding.message) < 400


def test_the_limit_is_a_setting(cli, project):
    (project.root / ".flowmap.toml").write_text("[limits]\nmax_text_length = 20\n")
    project.write("map.yaml", "flowmap: 1\ntitle: " + "t" * 21 + "\n")
    result = cli("check", "map.yaml")
    assert result.code == 1
    assert result.out.startswith("map.yaml:2:8: error schema this text has 21 characters")


def _output_sizes(cli, project, factor: int) -> tuple[int, int, int]:
    """The sizes of the check output, a process chart and the report of `long_name_map`,
    with the limit raised so that the model keeps the whole name: the outputs must cut it."""
    (project.root / ".flowmap.toml").write_text("[limits]\nmax_text_length = 100_000_000\n")
    project.write("map.yaml", long_name_map(factor).replace("N" * 1_000_000, "N" * 100_000))
    check = cli("check", "map.yaml")
    chart = cli("render", "map.yaml", "--view", "process", "--id", "p", "--format", "dot")
    report = cli("report", "map.yaml", "--dot", "/nonexistent/dot", "-o", f"out{factor}")
    assert (check.code in (0, 1), chart.code, report.code) == (True, 0, 0), report.err
    html = (project.root / f"out{factor}" / "report.html").stat().st_size
    return len(check.out), len(chart.out), html


def test_outputs_grow_with_the_steps_not_with_the_name_times_the_steps(cli, project):
    """A 100,000-character role name done by 100 and by 200 steps: every output stays far
    below one copy of the name per step, and doubles at most when the steps double."""
    small = _output_sizes(cli, project, 1)
    large = _output_sizes(cli, project, 2)
    for one, two in zip(small, large, strict=True):
        assert two <= 2.2 * one
    assert max(large) < 200 * 100_000 / 10
