"""Saving keeps the user's file: byte for byte without a change, line for line with one."""

from __future__ import annotations

import pytest

from flowmap.edit import EditSession
from tests.conftest import PROCESSES
from tests.edit.conftest import changed_lines


@pytest.mark.parametrize("name", sorted(p.name for p in PROCESSES.glob("*.yaml")))
def test_opening_and_saving_processes_changes_no_byte(project, name):
    project.copy_processes()
    path = project.root / "processes" / name
    before = path.read_bytes()
    session = EditSession.open(["processes"])
    session.save(f"processes/{name}")
    assert path.read_bytes() == before


def test_a_hand_written_crlf_file_round_trips_byte_for_byte(crlf, project):
    path = project.root / "hand.yaml"
    before = path.read_bytes()
    assert b"\r\n" in before
    crlf.save("hand.yaml")
    assert path.read_bytes() == before
    assert crlf.findings == []


def test_one_edit_changes_only_its_line_and_keeps_crlf(crlf, project):
    before = crlf.text("hand.yaml")
    crlf.set_field("make", "lead_time", "1d")
    after = crlf.text("hand.yaml")
    assert changed_lines(before, after) == [
        ("        lead_time: 2d\r\n", "        lead_time: 1d\r\n")
    ]
    crlf.save()
    assert (project.root / "hand.yaml").read_bytes() == after.encode()


def test_an_edit_inside_flow_style_keeps_the_flow_style(crlf):
    before = crlf.text("hand.yaml")
    crlf.set_field("clerk", "rank", 3)
    crlf.set_field("place", "name", "Customer: places order")
    assert changed_lines(before, crlf.text("hand.yaml")) == [
        (
            "  - {id: clerk, unit: sales, rank: 2, reports_to: boss}\r\n",
            "  - {id: clerk, unit: sales, rank: 3, reports_to: boss}\r\n",
        ),
        (
            "      - {id: place, by: customer, delivers: [purchase order]}\r\n",
            # a new key where FIELDS puts it (issue 28): `name` after `id`
            '      - {id: place, name: "Customer: places order", by: customer, '
            "delivers: [purchase order]}\r\n",
        ),
    ]


def test_a_block_list_stays_a_block_list(crlf):
    before = crlf.text("hand.yaml")
    crlf.set_field("accept", "assure", ["Entered the same day", "Credit checked"])
    old, new = before.splitlines(), crlf.text("hand.yaml").splitlines()
    at = old.index("          - Entered the same day")
    assert new[at : at + 2] == ["          - Entered the same day", "          - Credit checked"]
    assert new[:at] == old[:at] and new[at + 2 :] == old[at + 1 :]


def test_the_anchor_and_comments_survive_an_edit(crlf):
    crlf.set_field("make", "name", "Make the goods")
    text = crlf.text("hand.yaml")
    assert "&checked [Order is signed]" in text and "requires: *checked" in text
    assert "# a comment after a value" in text and "# measured" in text


HOSTILE = [
    "NO",
    "on",
    "1e3",
    "2024-01-01",
    "a: b",
    "#x",
    "x #y",
    "- dash",
    "[list]",
    "",
    " padded ",
    'quote " and \\ backslash',
    "<script>alert(1)</script>",
    "市场部：接单",
    "tab\there",
    "line\nbreak",
    "~",
    "null",
    "*alias",
    "&anchor",
    "!tag",
    "%",
    "@at",
    "`tick",
    "'single'",
    "x:",
    "{a}",
    "a, b",
    "a\u2028b",
    "next\x85line",
    "del\x7f",
    "bom\ufeff",
    "\x00\x1b",
    "0x1F",
    "0o17",
    "1_000",
    "12:30",
    ".5",
    "=",
    "<<",
    "? key",
    "a\\nb",
    "😀 emoji",
    "— dash",
    "trailing:",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_any_text_is_written_so_that_it_reads_back_the_same(processes, value):
    processes.set_field("accept-order", "name", value)
    step = processes.workspace.org.steps["accept-order"]
    assert step.name == value
    processes.set_field("accept-order", "recheck", [value, "second"])
    assert processes.workspace.org.steps["accept-order"].recheck == [value, "second"]


@pytest.mark.parametrize("value", HOSTILE)
def test_any_text_in_a_flow_mapping_reads_back_the_same(crlf, value):
    crlf.set_field("clerk", "name", value)  # `- {id: clerk, unit: sales, ...}`
    crlf.set_field("place", "delivers", [value, "b"])  # `delivers: [purchase order]` in flow
    org = crlf.workspace.org
    assert org.roles["clerk"].name == value
    assert org.steps["place"].delivers == [value, "b"]
    assert "\r\n" in crlf.text("hand.yaml") and "\n" not in crlf.text("hand.yaml").replace(
        "\r\n", ""
    )


@pytest.mark.parametrize("name", sorted(p.name for p in PROCESSES.glob("*.yaml")))
def test_one_edit_in_any_processes_file_changes_one_line(processes, name):
    shown = f"processes/{name}"
    defined = [
        obj_id
        for obj_id, objects in processes.workspace.org.definitions.items()
        if objects[0].pos[0] == shown
    ]
    assert defined, shown
    for obj_id in defined[:: max(1, len(defined) // 5)]:  # a handful across the file
        before = processes.text(shown)
        processes.set_field(obj_id, "name", f"Edited {obj_id}")
        old, new = before.splitlines(), processes.text(shown).splitlines()
        changed = [line for line in new if line not in old]
        assert len(changed) == 1 and f"Edited {obj_id}" in changed[0], (obj_id, changed)
        assert len(new) - len(old) in (0, 1)
        assert [line for line in old if line not in new] in ([], [old[new.index(changed[0])]])
