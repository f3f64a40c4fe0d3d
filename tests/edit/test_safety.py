"""The editor never corrupts a map: anchors, odd layouts, refused patches, exact diffs."""

from __future__ import annotations

import difflib

import pytest

from flowmap.edit import EditError, EditSession, changes
from flowmap.edit.verify import Tree
from flowmap.edit.yaml_text import compose

OTD = "processes/order-to-delivery.yaml"

SHARED = """\
flowmap: 1
customers: [{id: customer}]
units: [{id: plant}]
roles: [{id: boss, unit: plant, rank: 1}]
processes:
  - id: order
    customer: customer
    steps:
      - id: place
        by: customer
        delivers: [order]
      - id: check
        by: boss
        recheck: &signed [Signed by the buyer]
        assure: [Checked twice]
        delivers: [checked order]
        needs: [{item: order, requires: *signed, due: 1d}]
      - id: confirm
        by: boss
        recheck: *signed
        assure: [Confirmed]
        delivers: [confirmation]
        needs: [{item: checked order, requires: [Complete], due: 1d}]
      - id: receive
        by: customer
        needs: [{item: confirmation, requires: [On time], due: 2d}]
"""


@pytest.fixture
def shared(project):
    project.write("shared.yaml", SHARED)
    return EditSession.open(["shared.yaml"])


def _diff(before: str, after: str) -> list[str]:
    """The changed lines, `-old` / `+new`, without context."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]


# -- anchors and aliases ------------------------------------------------------------------


def test_editing_an_anchored_value_keeps_what_the_aliases_said(shared):
    shared.set_field("check", "recheck", ["Signed", "Dated"])
    steps = shared.workspace.org.steps
    assert steps["check"].recheck == ["Signed", "Dated"]
    assert steps["confirm"].recheck == ["Signed by the buyer"]
    assert steps["check"].needs[0].requires == ["Signed by the buyer"]
    assert "*signed" not in shared.text("shared.yaml")


def test_deleting_the_step_that_holds_an_anchor_keeps_the_aliases_working(shared):
    shared.delete("check")
    steps = shared.workspace.org.steps
    assert "check" not in steps and steps["confirm"].recheck == ["Signed by the buyer"]


def test_duplicating_a_step_with_an_anchor_makes_no_second_anchor(shared):
    copy = shared.duplicate("check")
    steps = shared.workspace.org.steps
    assert steps[copy].recheck == steps["check"].recheck == ["Signed by the buyer"]
    assert steps["confirm"].recheck == ["Signed by the buyer"]
    assert not any(f.rule == "syntax" for f in shared.findings)


def test_moving_the_anchor_below_its_alias_writes_the_alias_out(shared):
    shared.move("check", +1)
    order = [s.id for s in shared.workspace.org.processes["order"].steps]
    assert order == ["place", "confirm", "check", "receive"]
    assert shared.workspace.org.steps["confirm"].recheck == ["Signed by the buyer"]


def test_an_edit_elsewhere_leaves_anchors_alone(shared):
    before = shared.text("shared.yaml")
    shared.set_field("confirm", "assure", ["Confirmed in writing"])
    assert _diff(before, shared.text("shared.yaml")) == [
        "-        assure: [Confirmed]",
        "+        assure: [Confirmed in writing]",
    ]


# -- a patch that would change other data is refused -------------------------------------


def test_a_patch_that_would_change_more_than_asked_is_refused(processes, monkeypatch):
    before = processes.text(OTD)

    def sloppy(text, mapping, key, value, was=None):  # also rewrites another step's name
        text = text.replace("Customer places order", "Customer placed order")
        return text.replace("lead_time: 4h", f"lead_time: {value}", 1)

    monkeypatch.setattr(changes, "set_key", sloppy)
    with pytest.raises(EditError, match="would have changed other data"):
        processes.set_field("accept-order", "lead_time", "2h")
    assert processes.text(OTD) == before
    assert not processes.can_undo and processes.dirty_files == set()


def test_a_patch_that_swallows_the_next_lines_is_refused(processes, monkeypatch):
    def swallowing(text, mapping, key, value, was=None):  # a value that opens a block scalar
        return text.replace("lead_time: 4h", "lead_time: |", 1)

    monkeypatch.setattr(changes, "set_key", swallowing)
    with pytest.raises(EditError):
        processes.set_field("accept-order", "lead_time", "2h")
    assert not processes.can_undo


def test_the_data_check_sees_order_and_mapping_against_list():
    assert Tree(compose("a: [x, y]\n")).data != Tree(compose("a: [y, x]\n")).data
    assert Tree(compose("a: {}\n")).data != Tree(compose("a: []\n")).data
    assert Tree(compose("a: ''\n")).data != Tree(compose("a:\n")).data
    assert Tree(compose("a: 'x'  # c\n")).data == Tree(compose('a: "x"\n')).data


def test_a_key_that_is_not_a_key_is_refused(processes):
    with pytest.raises(EditError, match="not a key"):
        processes.set_field("accept-order", "name: x\nby", "y")
    with pytest.raises(EditError, match="lone surrogate"):
        processes.set_field("accept-order", "name", "bad \udc80 text")
    assert not processes.can_undo


# -- every action changes only its own lines ----------------------------------------------


def test_add_step_only_inserts_its_lines(processes):
    before = processes.text(OTD)
    processes.add_step(
        "order-to-delivery", after="inspect", fields={"name": "Pack", "by": "storekeeper"}
    )
    diff = _diff(before, processes.text(OTD))
    assert all(line.startswith("+") for line in diff)
    assert [line for line in diff if line != "+"] == [
        "+      - id: step",
        "+        name: Pack",
        "+        by: storekeeper",
    ]
    assert diff.count("+") == 1  # steps there are set apart by a blank line: this one too
    text = processes.text(OTD)
    assert "\n\n      - id: step\n" in text
    assert "        by: storekeeper\n\n      - id: store-goods\n" in text


def test_delete_only_removes_the_lines_of_the_step(processes):
    before = processes.text(OTD)
    processes.delete("ship")
    diff = _diff(before, processes.text(OTD))
    assert diff and all(line.startswith("-") for line in diff)
    assert diff[0] == "-      - id: ship"


def test_rename_changes_only_lines_naming_the_id(processes):
    before = {name: processes.text(name) for name in processes.files}
    processes.rename("planner", "scheduler")
    for name in processes.files:
        for line in _diff(before[name], processes.text(name)):
            assert ("scheduler" if line[0] == "+" else "planner") in line


def test_move_keeps_every_line_and_only_reorders(processes):
    before = processes.text(OTD)
    processes.move("buy-material", -1)
    after = processes.text(OTD)
    assert sorted(before.splitlines()) == sorted(after.splitlines())
    processes.move("buy-material", +1)
    assert processes.text(OTD) == before


def test_changing_one_item_of_a_block_list_changes_that_line(crlf):
    crlf.set_field("accept", "assure", ["Entered the same day", "Credit checked"])
    before = crlf.text("hand.yaml")
    crlf.set_field("accept", "assure", ["Entered within a day", "Credit checked"])
    assert _diff(before, crlf.text("hand.yaml")) == [
        "-          - Entered the same day",
        "+          - Entered within a day",
    ]


# -- layouts ------------------------------------------------------------------------------


def test_an_empty_list_grows_into_a_block_list(project):
    project.write(
        "empty.yaml",
        """\
        flowmap: 1
        customers: [{id: customer}]
        processes:
          - id: p
            customer: customer
            steps: []   # none yet
        """,
    )
    session = EditSession.open(["empty.yaml"])
    session.add_step("p", fields={"id": "ask", "by": "customer", "delivers": ["request"]})
    session.add_item("units", {"id": "plant", "name": "NO"})
    text = session.text("empty.yaml")
    assert "    steps:   # none yet\n      - id: ask\n        by: customer\n" in text
    assert '  - id: plant\n    name: "NO"\n' in text
    assert session.workspace.org.units["plant"].name == "NO"
    assert [s.id for s in session.workspace.org.processes["p"].steps] == ["ask"]


def test_a_step_in_a_list_indented_without_offset(project):
    project.write(
        "flat.yaml",
        """\
        flowmap: 1
        customers: [{id: customer}]
        processes:
        - id: p
          customer: customer
          steps:
          -   id: ask
              by: customer
        """,
    )
    session = EditSession.open(["flat.yaml"])
    session.add_step("p", fields={"id": "get", "by": "customer"})
    assert session.text("flat.yaml").endswith("  -   id: get\n      by: customer\n")
    assert [s.id for s in session.workspace.org.processes["p"].steps] == ["ask", "get"]


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffflowmap: 1\nunits: [{id: a}]\n",  # a byte order mark
        "flowmap: 1\nunits: [{id: a}]",  # no newline at the end
        "---\nflowmap: 1\nunits:\n  #\ta tab in a comment\n  - id: a\n...\n",
        "flowmap: 1\r\nunits:\r\n- id: a   \r\n  name: 'it''s'\r\n",
    ],
)
def test_odd_files_round_trip_byte_for_byte(project, text):
    path = project.write_bytes("odd.yaml", text.encode("utf-8"))
    session = EditSession.open(["odd.yaml"])
    session.save("odd.yaml")
    assert path.read_bytes() == text.encode("utf-8")
    session.set_field("a", "name", "A")
    session.undo()
    session.save(path=path)
    assert path.read_bytes() == text.encode("utf-8")


# -- files --------------------------------------------------------------------------------


def test_undo_takes_a_new_file_out_of_the_session_and_redo_brings_it_back(processes, project):
    name = processes.new_file(project.root / "processes" / "returns.yaml")
    assert name in processes.files and "returns" in processes.workspace.org.processes
    processes.undo()
    assert name not in processes.files and "returns" not in processes.workspace.org.processes
    assert processes.dirty_files == set()
    processes.redo()
    assert name in processes.files and name in processes.dirty_files


def test_reload_takes_a_broken_disk_version_and_reports_it(processes, project):
    path = project.root / OTD
    path.write_text("flowmap: 1\nprocesses: [\n", encoding="utf-8")
    processes.reload(path)
    assert any(f.rule == "syntax" and f.file == OTD for f in processes.findings)
    with pytest.raises(EditError, match="not valid YAML"):
        processes.set_field("ship", "name", "x")
    processes.undo()
    assert processes.findings == []


def test_a_list_keeps_the_items_it_keeps_as_they_were_written(project):
    project.write(
        "lists.yaml",
        """\
        flowmap: 1
        units:
          - id: plant
            name: Plant
        services:
          - id: it
            provider: plant
            customers: ['plant', "*"]   # everyone
            requires:   # what IT asks for
              - 'Ticket filed'   # always
              - Laptop returned
        """,
    )
    session = EditSession.open(["lists.yaml"])
    before = session.text("lists.yaml")
    session.set_field("it", "requires", ["Ticket filed", "Laptop returned", "NO"])
    session.set_field("it", "customers", ["plant"])
    assert _diff(before, session.text("lists.yaml")) == [
        "-    customers: ['plant', \"*\"]   # everyone",
        "+    customers: ['plant']   # everyone",
        '+      - "NO"',
    ]
    assert session.workspace.org.services["it"].requires == [
        "Ticket filed",
        "Laptop returned",
        "NO",
    ]


def test_the_model_position_leads_straight_to_each_definition(processes):
    """`find_at` (by the model's line and column) finds what the full walk finds."""
    from flowmap.edit.yaml_text import find, find_at

    org = processes.workspace.org
    for obj_id, definitions in org.definitions.items():
        name, line, column = definitions[0].pos
        root = compose(processes.text(name))
        by_walk, by_position = find(root, obj_id), find_at(root, obj_id, line, column)
        assert by_walk is not None and by_position is not None, obj_id
        assert (by_position.node, by_position.index) == (by_walk.node, by_walk.index)
        assert by_position.parent is by_walk.parent and by_position.key is by_walk.key


def test_removing_the_first_key_of_an_item_moves_the_next_key_up(project):
    project.write(
        "first.yaml",
        """\
        flowmap: 1
        units:
          - name: Plant   # the plant
            id: plant
            kind: line
        """,
    )
    session = EditSession.open(["first.yaml"])
    session.set_field("plant", "name", None)
    assert session.text("first.yaml") == "flowmap: 1\nunits:\n  - id: plant\n    kind: line\n"
    assert session.workspace.org.units["plant"].kind == "line"


def test_structural_edits_keep_crlf_everywhere(crlf):
    crlf.add_step("order", after="accept", fields={"id": "pack", "by": "worker"})
    crlf.add_operation("make", fields={"id": "polish", "by": "worker"})
    crlf.duplicate("make")
    crlf.move("pack", +1)
    crlf.delete("receive")
    crlf.add_item("goals", {"id": "fast", "owner": "boss", "serves": "otd"})
    text = crlf.text("hand.yaml")
    assert "\n" not in text.replace("\r\n", "")
    steps = [s.id for s in crlf.workspace.org.processes["order"].steps]
    assert steps == ["place", "accept", "make", "pack", "make-copy"]
    assert [o.id for o in crlf.workspace.org.steps["make-copy"].operations] == [
        "cut-copy",
        "weld-copy",
        "polish-copy",
    ]


def test_a_broken_file_in_the_session_does_not_stop_edits_elsewhere(processes, project):
    broken = project.root / "processes" / "broken.yaml"
    broken.write_text("flowmap: 1\nunits: [{id: qa\n# order-clerk\n", encoding="utf-8")
    session = EditSession.open(["processes"])
    assert any(f.rule == "syntax" for f in session.findings)
    session.set_field("ship", "lead_time", "1d")
    assert session.workspace.org.steps["ship"].lead_time.text == "1d"
    assert session.add_item("units", {"id": "legal"}) == "legal"
    with pytest.raises(EditError, match="no `nothing` to edit"):
        session.set_field("nothing", "name", "x")
    with pytest.raises(EditError, match="broken.yaml is not valid YAML"):
        session.rename("order-clerk", "order-desk")
