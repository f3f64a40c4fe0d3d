"""The did-you-mean of an unknown reference (issue 28, point 8): after a step is deleted, a
`rework` or `next` that named it is never pointed at the external customer's own step."""

from __future__ import annotations

from flowmap.rules.engine import run_rules
from flowmap.workspace import open_files

MAP = """\
flowmap: 1
customers:
  - {id: customer}
units:
  - {id: quality}
roles:
  - {id: engineer, unit: quality, rank: 1}
processes:
  - id: qc
    customer: customer
    steps:
      - {id: qc-file, by: customer, delivers: [complaint]}
      - {id: qc-decide, by: engineer, rework: [qc-answer], delivers: [answer]}
      - {id: qc-answered, by: customer}
"""


def _hints(tmp_path, text: str) -> list[str]:
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    workspace = open_files([(tmp_path / "map.yaml", "map.yaml")], root=tmp_path)
    findings, _ = run_rules(workspace.org, workspace.findings)
    return [f.message for f in findings if f.rule == "unknown-reference"]


def test_a_deleted_steps_rework_is_not_pointed_at_the_customers_step(tmp_path):
    [message] = _hints(tmp_path, MAP)
    assert "`rework: qc-answer`" in message
    assert "qc-answered" not in message  # the customer's last step
    assert "define a step" in message


def test_a_step_of_the_organisation_is_still_suggested(tmp_path):
    text = MAP.replace("rework: [qc-answer]", "rework: [qc-decid]")
    [message] = _hints(tmp_path, text)
    assert "did you mean `qc-decide`?" in message
