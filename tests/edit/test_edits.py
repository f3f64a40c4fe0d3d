"""The editing operations as pure functions: texts and organisation in, new texts out."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowmap.edit import edits
from flowmap.edit.yaml_text import EditError, compose
from flowmap.load import DEFAULT_LIMITS
from flowmap.workspace import open_files

ORG = """\
flowmap: 1
customers:
  - {id: buyer, name: Buyer}
units:
  - {id: sales, name: Sales}
roles:
  - {id: clerk, name: Clerk, unit: sales, rank: 1}   # who takes orders
"""
ORDERS = """\
flowmap: 1
include: [org.yaml]
processes:
  - id: orders
    steps:
      - id: take
        by: clerk
        lead_time: 1h
      - id: ship
        by: clerk
"""


def _source(root: Path, texts: dict[str, str]) -> edits.Source:
    """The texts as an editing session would hand them over, with their organisation."""
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    named = [(Path(name), name) for name in texts]
    workspace = open_files(named, DEFAULT_LIMITS, root=root)
    paths = {name: root / name for name in texts}
    return edits.Source(dict(texts), paths, workspace.org, DEFAULT_LIMITS)


@pytest.fixture
def source(project):
    return _source(project.root, {"org.yaml": ORG, "orders.yaml": ORDERS})


def test_setting_a_field_changes_only_its_value_and_not_the_source(source):
    edit = edits.set_field(source, "take", "lead_time", "2h")
    assert edit.label == "set lead_time of take"
    assert edit.texts == {"orders.yaml": ORDERS.replace("lead_time: 1h", "lead_time: 2h")}
    assert source.texts["orders.yaml"] == ORDERS  # an operation changes nothing itself


def test_setting_id_renames_everywhere(source):
    edit = edits.set_field(source, "clerk", "id", "desk")
    assert edit.made == 3  # the role and the two steps
    assert edit.texts["org.yaml"] == ORG.replace("id: clerk", "id: desk")
    assert edit.texts["orders.yaml"] == ORDERS.replace("by: clerk", "by: desk")


def test_a_rename_to_a_taken_id_or_of_an_unknown_one_is_refused(source):
    with pytest.raises(EditError, match="already the id"):
        edits.rename(source, "take", "ship")
    with pytest.raises(EditError, match="no `nobody` to rename"):
        edits.rename(source, "nobody", "somebody")


def test_a_new_step_gets_a_fresh_id_after_the_one_named(source):
    edit = edits.add_step(source, "orders", after="take", fields={"id": "ship", "by": "clerk"})
    assert edit.made == "ship-2"
    text = edit.texts["orders.yaml"]
    assert text.index("id: take") < text.index("id: ship-2") < text.index("id: ship\n")
    assert compose(text) is not None  # the text still reads as YAML


def test_a_new_role_goes_to_the_file_that_has_roles(source):
    edit = edits.add_item(source, "roles", {"name": "Driver"})
    assert edit.made == "role" and list(edit.texts) == ["org.yaml"]
    assert "{id: role, name: Driver}" in edit.texts["org.yaml"]


def test_delete_duplicate_and_move_return_the_new_text(source):
    deleted = edits.delete(source, "ship").texts["orders.yaml"]
    assert "ship" not in deleted and "take" in deleted
    copy = edits.duplicate(source, "take")
    assert copy.made == "take-copy" and copy.texts["orders.yaml"].count("lead_time: 1h") == 2
    moved = edits.move(source, "ship", -1).texts["orders.yaml"]
    assert moved.index("id: ship") < moved.index("id: take")


def test_an_edit_that_cannot_be_made_says_why(source):
    with pytest.raises(EditError, match="cannot move further up"):
        edits.move(source, "take", -1)
    with pytest.raises(EditError, match="no `nothing` to edit"):
        edits.set_field(source, "nothing", "name", "x")
    with pytest.raises(EditError, match="a need names its `item`"):
        edits.add_need(source, "ship", {"due": "1d"})


def test_a_new_file_includes_the_file_with_the_organisation(source, project):
    edit = edits.new_file(source, project.root, "returns.yaml")
    assert edit.made == "returns.yaml"
    text = edit.texts["returns.yaml"]
    assert "\ninclude: [org.yaml]" in text and "\nroles:" not in text
    assert "by: clerk" in text and "customer: buyer" in text  # the session's own


def test_the_proof_of_an_edit_reuses_the_data_of_the_last_edits_text(source):
    first = edits.set_field(source, "take", "lead_time", "2h")
    text = first.texts["orders.yaml"]
    root = compose(text)
    kept = source.proofs.take(text, root)
    assert kept.data is not None
    source.proofs.keep(text, root, kept)
    assert source.proofs.take(text, root) is kept  # the same text: read once
    assert source.proofs.take(text, root) is not kept  # taken: it may have been changed since
    source.proofs.keep(text, root, kept)
    # a tree patched in place stays the same object: the text tells it is another's now
    assert source.proofs.take(text + "# more\n", root) is not kept
