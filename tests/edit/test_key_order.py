"""Clean diffs (issue 28, point 7): keys are written in the order of FIELDS, the order the
examples and docs/format.md use, whatever order they were filled in; a list emptied and
typed again as it was leaves the file as it was."""

from __future__ import annotations

import yaml

from flowmap.edit import EditSession
from flowmap.model import types as t
from flowmap.model.fields import FIELDS

OTD = "processes/order-to-delivery.yaml"
COMPLAINTS = "processes/complaint-handling.yaml"


def _step(session: EditSession, name: str, step_id: str) -> dict:
    data = yaml.safe_load(session.text(name))
    return next(s for p in data["processes"] for s in p["steps"] if s["id"] == step_id)


def test_a_new_steps_keys_are_written_in_the_order_of_fields(project):
    project.copy_processes()
    session = EditSession.open(["processes"])
    new = session.add_step("complaint-handling", after="register-complaint")
    # filled in the order a person filled them (issue 28): id, by, needs, name, …
    session.set_field(new, "by", ["quality-engineer"])
    session.add_need(new, {"item": "complaint record"})
    session.set_field(new, "name", "Quality looks at the complaint")
    session.set_field(new, "delivers", ["finding"])
    session.set_field(new, "recheck", ["The complaint record names the part"])
    session.set_field(new, "lead_time", "1d")
    session.set_field(new, "assure", ["Cause named with evidence"])
    keys = list(_step(session, COMPLAINTS, new))
    order = list(FIELDS[t.Step])
    assert keys == sorted(keys, key=order.index)
    assert keys[:7] == ["id", "name", "by", "recheck", "assure", "delivers", "lead_time"]


def test_a_list_emptied_and_typed_again_writes_no_change(project):
    project.copy_processes()
    session = EditSession.open(["processes"])
    before = session.text(OTD)
    recheck = list(session.workspace.org.steps["inspect"].recheck)
    session.set_field("inspect", "recheck", None)
    assert session.text(OTD) != before
    session.set_field("inspect", "recheck", recheck)
    assert session.text(OTD) == before
    assert not session.dirty_files


def test_the_format_doc_lists_a_steps_keys_in_the_order_of_the_examples():
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs/format.md").read_text(encoding="utf-8")
    section = doc[doc.index("### A step\n") : doc.index("### A process")]
    rows = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]
    assert rows == ["id", "name", "by", "recheck", "assure", "delivers", "lead_time"] + [
        "needs",
        "next",
        "rework",
        "operations",
        "waive",
    ]
