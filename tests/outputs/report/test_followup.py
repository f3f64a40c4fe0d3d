"""`flowmap report --since REF`: findings new, resolved and still open since the last audit,
matched by fingerprint, with nonconformity numbers and the handoffs that changed; against a
git revision of the maps and against a previous report's findings.csv."""

from __future__ import annotations

import csv
import subprocess

import pytest

from flowmap.outputs.nonconformity import nc_numbers
from tests.outputs.report.page_text import Page
from tests.outputs.report.test_report import FAULTY, ORG

# The next quarter: accept now assures its work (its assure-own resolved), make no longer
# does (a new assure-own, on make), make's lead time grows; the rest stays as it was.
FIXED = (
    FAULTY.replace(
        "        lead_time: 2d\n        needs: [{item: purchase order",
        "        assure: [Entered the same day]\n        lead_time: 2d\n"
        "        needs: [{item: purchase order",
    )
    .replace("        assure: [First piece checked]\n", "")
    .replace(
        "        lead_time: 2d\n        needs: [{item: sales order",
        "        lead_time: 4d\n        needs: [{item: sales order",
    )
)


def _git(root, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=a", "-c", "user.email=a@b", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _since(out) -> dict[str, list[list[str]]]:
    html = (out / "report.html").read_text(encoding="utf-8")
    section = Page(html.split('<section id="since">', 1)[1].split("</section>", 1)[0])
    (findings,) = section.tables_of("followup")
    changes = section.tables_of("handoffs changes")
    return {"findings": findings.rows, "changes": changes[0].rows if changes else []}


def _findings_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def audited(project):
    project.write("_org.yaml", ORG)
    project.write("faulty.yaml", FAULTY)
    assert FIXED != FAULTY and "lead_time: 4d" in FIXED
    return project


def _expect_follow_up(rows: list[list[str]]) -> None:
    kinds = [(row[0], row[3], row[4]) for row in rows]
    assert ("new", "assure-own", "step make") in kinds
    assert ("resolved", "assure-own", "step accept") in kinds
    assert ("still open", "recheck-upstream", "step make") in kinds
    assert [row[0] for row in rows] == sorted(
        (row[0] for row in rows), key=["new", "still open", "resolved"].index
    )
    assert all(row[1].startswith("NC-") for row in rows)
    assert {row[2] for row in rows} <= {"major", "minor", "observation"}


def test_since_a_git_revision(cli, audited, tmp_path):
    _git(audited.root, "init", "-q")
    _git(audited.root, "add", "-A")
    _git(audited.root, "commit", "-qm", "last quarter")
    audited.write("faulty.yaml", FIXED)
    out = tmp_path / "out"
    done = cli("report", "faulty.yaml", "-o", str(out), "--dot", "/no/dot", "--since", "HEAD")
    assert done.code == 0, done.err
    since = _since(out)
    _expect_follow_up(since["findings"])
    # the numbers are the findings table's: the same finding, the same number
    listed = {row["NC"] for row in _findings_csv(out / "findings.csv")}
    still = {row[1] for row in since["findings"] if row[0] != "resolved"}
    assert still == listed
    changed = {(row[0], row[1], row[2]): row[4] for row in since["changes"]}
    assert "lead time: 2d → 4d" in changed["changed", "make", "receive"]
    assert "status: OK → late" in changed["changed", "make", "receive"]


def test_since_a_previous_reports_findings_csv(cli, audited, tmp_path):
    before = tmp_path / "q3"
    assert cli("report", "faulty.yaml", "-o", str(before), "--dot", "/no/dot").code == 0
    audited.write("faulty.yaml", FIXED)
    out = tmp_path / "q4"
    since = str(before / "findings.csv")
    assert (
        cli("report", "faulty.yaml", "-o", str(out), "--dot", "/no/dot", "--since", since).code == 0
    )
    rows = _since(out)
    _expect_follow_up(rows["findings"])
    # a resolved finding keeps the number it had in the last report
    old = {row["rule"]: row["NC"] for row in _findings_csv(before / "findings.csv")}
    (resolved,) = [row for row in rows["findings"] if row[0] == "resolved"]
    assert resolved[1] == old["assure-own"]
    assert any(row[1:3] == ["make", "receive"] for row in rows["changes"])


def test_unchanged_maps_have_everything_still_open(cli, audited, tmp_path):
    before = tmp_path / "q3"
    assert cli("report", "faulty.yaml", "-o", str(before), "--dot", "/no/dot").code == 0
    out = tmp_path / "q4"
    since = str(before / "findings.csv")
    assert (
        cli("report", "faulty.yaml", "-o", str(out), "--dot", "/no/dot", "--since", since).code == 0
    )
    rows = _since(out)
    assert {row[0] for row in rows["findings"]} == {"still open"}
    assert rows["changes"] == []


def test_a_findings_csv_without_fingerprints_is_a_usage_error(cli, audited, tmp_path):
    old = tmp_path / "findings.csv"
    old.write_text("severity,rule,where,what to do\nerror,assure-own,a.yaml:1:1,x\n")
    done = cli("report", "faulty.yaml", "-o", str(tmp_path / "o"), "--since", str(old))
    assert done.code == 2
    assert "no fingerprint column" in done.err and "git revision" in done.err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("since", ["no-such-revision", "missing.csv"])
def test_an_unknown_baseline_is_a_usage_error(cli, audited, tmp_path, since):
    done = cli("report", "faulty.yaml", "-o", str(tmp_path / "o"), "--since", since)
    assert done.code == 2 and "--since" in done.err


def test_nc_numbers_grow_only_on_a_collision():
    numbers = nc_numbers(["abcdef01", "abcdef02", "123456ff", "abcdff00"])
    assert numbers == {
        "abcdef01": "NC-abcdef01",
        "abcdef02": "NC-abcdef02",
        "123456ff": "NC-123456",
        "abcdff00": "NC-abcdff",
    }
