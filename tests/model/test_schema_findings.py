"""Schema findings: each points at the key or value to change and says what to write."""

from __future__ import annotations

import pytest

from flowmap.model.kinds import parse_duration
from flowmap.project import open_workspace


def schema_findings(project, text: str):
    project.write("map.yaml", text)
    return [(f.rule, f.line, f.column, f.message) for f in open_workspace(["map.yaml"]).findings]


def test_an_unknown_key_gets_a_did_you_mean(project):
    [(rule, line, column, message)] = schema_findings(
        project,
        """\
        flowmap: 1
        processes:
          - id: p
            steps:
              - id: s
                by: clerk
                recheks: [Order is complete]
        """,
    )
    assert (rule, line, column) == ("schema", 7, 9)
    assert "did you mean `recheck`?" in message


def test_a_key_given_twice_is_a_finding_at_the_second(project):
    [(rule, line, column, message)] = schema_findings(
        project,
        """\
        flowmap: 1
        title: first
        title: second
        """,
    )
    assert (rule, line, column) == ("schema", 3, 1)
    assert "first on line 2" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("units: {id: sales}", "takes a list of units"),
        ("units: [sales]", "a unit is a mapping"),
        ("units: [{id: Sales Dept}]", "e.g. `sales-dept`"),
        ("units: [{name: Sales}]", "has no `id`"),
        ("units: [{id: s, kind: service}]", "must be `line` or `function`"),
        ("roles: [{id: r, rank: 0}]", "whole number"),
        ("roles: [{id: r, rank: two}]", "whole number"),
        ("services: [{id: s, due: 3 days}]", "30m, 4h, 2d or 1w"),
        ("services: [{id: s, delivers: [a, b]}]", "takes a single value"),
        ("services: [{id: s, requires: {a: b}}]", "takes a list"),
        ("goals: [{id: g, text: }]", "has no value"),
        ("processes: [{id: p, steps: [{id: s}]}]", "has no `by`"),
        ("processes: [{id: p, steps: [{id: s, by: x, needs: [{from: a}]}]}]", "has no `item`"),
        (
            "processes: [{id: p, steps: [{id: s, by: x, needs: [{item: a, satisfaction: 1.5}]}]}]",
            "from 0 to 1",
        ),
    ],
)
def test_wrong_values_say_what_to_write(project, line, expected):
    findings = schema_findings(project, f"flowmap: 1\n{line}\n")
    assert [f[0] for f in findings] == ["schema"]
    assert findings[0][1] == 2
    assert expected in findings[0][3]


def test_a_wrong_format_version_is_a_finding(project):
    [(rule, line, column, message)] = schema_findings(project, "flowmap: 2\n")
    assert (rule, line, column) == ("schema", 1, 10)
    assert "write `flowmap: 1`" in message


def test_a_file_named_without_flowmap_is_an_error(project):
    project.write("other.yaml", "name: not a map\n")
    [finding] = open_workspace(["other.yaml"]).findings
    assert (finding.rule, finding.line, finding.column) == ("schema", 1, 1)
    assert "flowmap: 1" in finding.message


def test_folder_scans_skip_files_without_flowmap(project):
    project.write("maps/other.yaml", "name: not a map\n")
    project.write("maps/a.yaml", "flowmap: 1\n")
    project.write("maps/.hidden/b.yaml", "flowmap: 1\n")
    workspace = open_workspace(["maps"])
    assert workspace.files == ["maps/a.yaml"]
    assert workspace.findings == []


def test_merge_keys_fill_in_and_own_keys_win(project):
    assert (
        schema_findings(
            project,
            """\
        flowmap: 1
        units:
          - &base {id: u1, name: Base, kind: function}
          - <<: *base
            id: u2
        """,
        )
        == []
    )
    unit = open_workspace(["map.yaml"]).org.units["u2"]
    assert (unit.name, unit.kind) == ("Base", "function")


def test_a_scalar_list_value_is_read_as_one_item(project):
    assert (
        schema_findings(
            project,
            """\
        flowmap: 1
        processes:
          - id: p
            steps:
              - {id: s, by: x, delivers: sales order}
        """,
        )
        == []
    )
    assert open_workspace(["map.yaml"]).org.steps["s"].delivers == ["sales order"]


def test_positions_point_at_values_and_list_items(project):
    project.write(
        "map.yaml",
        "flowmap: 1\nprocesses:\n  - id: p\n    steps:\n      - {id: s, by: x, next: [a, b]}\n",
    )
    step = open_workspace(["map.yaml"]).org.steps["s"]
    assert step.where("by") == ("map.yaml", 5, 21)
    assert step.where("next", 1) == ("map.yaml", 5, 34)
    assert step.where() == ("map.yaml", 5, 9)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30m", 1800), ("4h", 14400), ("2d", 172800), ("1w", 604800), ("1.5h", 5400)],
)
def test_durations(text, seconds):
    assert parse_duration(text).seconds == seconds


@pytest.mark.parametrize("text", ["", "4", "h", "4 hours", "-1d", "1y", "PT4H"])
def test_not_durations(text):
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("roles: [{id: r, rank: " + "1" * 5000 + "}]", "must be a whole number from 1 (the top)"),
        ("roles: [{id: r, rank: 1234567890}]", "of at most 9 digits"),
        ("services: [{id: s, due: " + "9" * 400 + "d}]", "is more than a century; at most 5200w"),
        ("services: [{id: s, due: 5201w}]", "is more than a century; at most 5200w"),
    ],
)
def test_huge_numbers_are_findings_not_crashes(project, line, expected):
    """int() refuses 4,300 digits and float() turns 400 into infinity: both were crashes."""
    [(rule, row, _, message)] = schema_findings(project, "flowmap: 1\n" + line + "\n")
    assert (rule, row) == ("schema", 2)
    assert expected in message


def test_the_longest_duration_is_read(project):
    assert schema_findings(project, "flowmap: 1\nservices: [{id: s, due: 5200w}]\n") == []
    assert parse_duration("5200w").seconds == 5200 * 604800


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("recheck: [Order is complete, {a: b}]", "recheck"),
        ("assure: [First piece checked, [a]]", "assure"),
        ("next: [s, ~]", "next"),
        ("delivers: [goods, [a]]", "delivers"),
        ("by: [clerk, {a: b}]", "by"),
        ("recheck: [" + "x" * 6000 + "]", "recheck"),
        ("name: " + "x" * 6000, "name"),
        ("lead_time: 3 days", "lead_time"),
        ("id: Big S", "id"),
    ],
    ids=lambda value: value[:24],
)
def test_a_finding_in_a_value_concerns_its_key_after_other_keys(project, line, key):
    """Read after keys whose values are read without a finding (`needs` last read objects):
    the finding concerns the key it is in, not one read before."""
    project.write(
        "map.yaml",
        f"""\
        flowmap: 1
        processes:
          - id: p
            steps:
              - id: t
                by: clerk
                needs: [{{item: goods}}]
                {line}
        """,
    )
    [finding] = [f for f in open_workspace(["map.yaml"]).findings if f.rule == "schema"]
    assert (finding.line, finding.key) == (8, key)
