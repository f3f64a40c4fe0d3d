"""What the editor's actions do to the maps, through the controller alone: no terminal, no
Textual (the controller imports none of it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flowmap.edit import EditSession
from flowmap.tui.controller import Controller

OTD = "processes/order-to-delivery.yaml"


class Seen:
    """What the controller told the screen."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.changes = 0

    def notify(self, text: str, severity: str = "information", **_) -> None:
        self.messages.append((severity, text))

    def changed(self, tree: bool, form: bool) -> None:
        self.changes += 1


@pytest.fixture
def seen():
    return Seen()


@pytest.fixture
def controller(project, seen):
    project.copy_processes()
    return Controller(EditSession.open(["processes"]), seen.notify, seen.changed)


def test_the_controller_imports_no_textual():
    code = "import sys, flowmap.tui.controller; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_a_step_added_after_a_step_is_done_by_the_same_role_and_selected(controller, seen):
    controller.selected = ("step", "inspect")
    controller.add_step()
    kind, new = controller.selected
    org = controller.session.workspace.org
    assert kind == "step" and new != "inspect"
    assert org.steps[new].by == org.steps["inspect"].by
    steps = [s.id for s in org.processes[org.steps[new].process].steps]
    assert steps[steps.index("inspect") + 1] == new
    assert seen.changes == 1


def test_a_step_put_before_one_with_a_need_is_offered_that_need(controller):
    org = controller.session.workspace.org
    process = org.processes[org.steps["produce"].process]
    before = [s.id for s in process.steps][[s.id for s in process.steps].index("produce") - 1]
    controller.selected = ("step", before)
    offer = controller.add_step()
    assert offer is not None
    new, next_step, need = offer
    assert next_step == "produce" and new == controller.selected[1]
    controller.add_offered_need(new, need)
    added = controller.session.workspace.org.steps[new].needs
    assert [n.item for n in added] == [need.item]


def test_a_need_added_to_a_step_is_for_what_the_step_before_delivers(controller, seen):
    org = controller.session.workspace.org
    process = org.processes[org.steps["ship"].process]
    ids = [s.id for s in process.steps]
    before = org.steps[ids[ids.index("ship") - 1]]
    count = len(org.steps["ship"].needs)
    controller.selected = ("step", "ship")
    assert controller.add_need() == f"need-{count}-due"  # the form asks for its due next
    needs = controller.session.workspace.org.steps["ship"].needs
    assert needs[-1].item == before.delivers[0]
    assert seen.messages[-1][1].startswith(f"added a need for `{before.delivers[0]}` to ship")


def test_an_action_without_a_fitting_selection_says_what_to_select(controller, seen):
    controller.selected = ("file", OTD)
    controller.duplicate()
    controller.add_step()
    assert [m for _, m in seen.messages] == [
        "Select an item in the tree first",
        "Select a process, a step or an operation first",
    ]
    assert seen.changes == 0 and not controller.session.can_undo


def test_delete_selects_the_neighbour_and_undo_brings_the_item_back(controller, seen):
    controller.selected = ("step", "ship")
    assert controller.delete(("step", "inspect"))
    assert controller.selected == ("step", "inspect")
    assert "ship" not in controller.session.workspace.org.steps
    controller.undo()
    assert "ship" in controller.session.workspace.org.steps
    assert ("information", "undone: delete ship") in seen.messages


def test_a_refused_edit_is_a_message_and_changes_nothing(controller, seen):
    controller.selected = ("step", "ship")
    controller.rename("ship", "Not An Id", "step")
    assert seen.messages[-1][0] == "error" and "is not an id" in seen.messages[-1][1]
    assert controller.selected == ("step", "ship") and seen.changes == 0


def test_a_new_item_goes_into_the_file_of_the_selected_one(controller):
    controller.selected = ("section", f"{OTD}:processes")
    assert controller.selected_file("process") == OTD
    controller.add_kind("role")
    kind, role = controller.selected
    assert kind == "role" and role in controller.session.workspace.org.roles
