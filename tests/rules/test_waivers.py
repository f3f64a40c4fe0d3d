"""Waivers end on a day: the day `SOURCE_DATE_EPOCH` names (else today, UTC), for `check`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.conftest import run_flowmap

MAP = """\
flowmap: 1
customers: [{id: customer}]
roles: [{id: qm, rank: 1}, {id: clerk, rank: 2, reports_to: qm}]
processes:
  - id: order
    customer: customer
    steps:
      - id: accept
        by: clerk
        recheck: [Order signed]
        delivers: [confirmation]
        lead_time: 1h
        waive:
          assure-own: {reason: Audited on site, approved_by: qm, until: 2026-06-30}
      - {id: receive, by: customer, needs: [{item: confirmation, requires: [Dated], due: 1d}]}
"""


def _on(day: str) -> str:
    return str(int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()))


@pytest.mark.parametrize(
    ("day", "rules"),
    [
        ("2026-05-01", []),  # 60 days before its end: silent
        ("2026-06-01", ["waiver-ending"]),  # within 30 days: noted
        ("2026-06-30", ["waiver-ending"]),  # its last day: it still holds
        ("2026-07-01", ["assure-own", "waiver-expired"]),  # the day after: the finding is back
    ],
)
def test_a_waiver_holds_until_its_day_and_then_silences_nothing(tmp_path, day, rules):
    (tmp_path / ".flowmap.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    result = run_flowmap(
        "check", "map.yaml", "--format", "json", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": _on(day)}
    )
    document = json.loads(result.out)
    assert sorted(f["rule"] for f in document["findings"]) == rules
    assert result.code == (1 if "waiver-expired" in rules else 0)
    waived = [w["rule"] for w in document["waived"]]
    assert waived == ([] if "assure-own" in rules else ["assure-own"])
