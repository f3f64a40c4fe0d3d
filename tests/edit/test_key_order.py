"""Clean diffs (issue 28, point 7): keys are written in the order of FIELDS, the order the
examples and docs/format.md use, whatever order they were filled in; a list emptied and
typed again as it was leaves the file as it was, in the style it had: a block list stays a
block list at its indentation, a flow list a flow list."""

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


BLOCK = """\
flowmap: 1
processes:
  - id: p
    name: Complaints
    steps:
      - id: register
        name: Register the complaint
        by: clerk
        recheck:
          - Complaint names the order
          # the part, as the customer calls it
          - The part is named
        assure: [Entered in the log]
        delivers: [complaint record]
      - id: answer
        name: Answer the customer
        by: clerk
        recheck: [x, y]
        delivers:
        - answer
"""


def _block_map(project) -> tuple[EditSession, bytes]:
    project.write("org.yaml", "flowmap: 1\nroles:\n  - {id: clerk, name: Clerk}\n")
    path = project.write("map.yaml", BLOCK)
    return EditSession.open(["map.yaml", "org.yaml"]), path.read_bytes()


def _saved(session: EditSession) -> bytes:
    session.save()
    return session.path("map.yaml").read_bytes()


def test_a_block_list_emptied_and_typed_again_is_saved_as_it_was(project):
    session, before = _block_map(project)
    recheck = ["Complaint names the order", "The part is named"]
    session.set_field("register", "recheck", None)
    assert "Complaint names" not in session.text("map.yaml")
    session.set_field("register", "recheck", recheck)
    assert not session.dirty_files  # nothing to write
    assert _saved(session) == before
    # a flow list too: `y` as it was written (a new `y` is quoted: YAML 1.1 reads it as true)
    session.set_field("answer", "recheck", None)
    session.set_field("answer", "recheck", ["x", "y"])
    # a block list at the key's own column (`- answer` under `delivers:`)
    session.set_field("answer", "delivers", None)
    session.set_field("answer", "delivers", ["answer"])
    assert _saved(session) == before


def test_a_block_list_typed_anew_stays_a_block_list(project):
    session, before = _block_map(project)
    session.set_field("register", "recheck", None)
    session.set_field("register", "recheck", ["The part is named", "Photo attached"])
    expected = before.replace(b"          - Complaint names the order\n", b"").replace(
        b"          - The part is named\n",
        b"          - The part is named\n          - Photo attached\n",
    )
    assert _saved(session) == expected
    # new items appended to a block list are block items, at its indentation
    session.set_field("answer", "delivers", ["answer", "credit note"])
    assert b"        delivers:\n        - answer\n        - credit note\n" in _saved(session)


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
