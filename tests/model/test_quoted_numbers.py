"""A number written in quotes is told as such, with the quotes shown (issue 24)."""

from __future__ import annotations

from flowmap.project import open_workspace

MAP = """\
flowmap: 1
units: [{id: u}]
roles: [{id: r, unit: u, rank: '2'}]
processes:
  - id: p
    customer: c
    steps:
      - {id: s, by: r, needs: [{item: x, satisfaction: "0.9"}]}
"""


def test_a_quoted_share_or_rank_says_it_is_quoted_and_what_to_write(project):
    project.write("map.yaml", MAP)
    messages = [f.message for f in open_workspace(["map.yaml"]).findings if f.rule == "schema"]
    assert messages == [
        "`rank: '2'` is quoted, so it is text, not a number; remove the quotes: `rank: 2`",
        '`satisfaction: "0.9"` is quoted, so it is text, not a number; remove the quotes: '
        "`satisfaction: 0.9`",
    ]


def test_a_list_of_processes_is_spelt_right(project):
    project.write("map.yaml", "flowmap: 1\nprocesses: 5\n")
    [finding] = open_workspace(["map.yaml"]).findings
    assert "a list of processes," in finding.message
