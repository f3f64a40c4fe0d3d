"""Undo held down (issue 28, point 10): several changes taken back build the model once."""

from __future__ import annotations

from flowmap.edit import EditSession

OTD = "processes/order-to-delivery.yaml"


def test_undo_and_redo_several_changes_build_the_model_once(project):
    project.copy_processes()
    session = EditSession.open(["processes"])
    before = session.text(OTD)
    for hours in (1, 2, 3):
        session.set_field("ship", "lead_time", f"{hours}h")
    built = []
    reread = session.reread
    session.reread = lambda: (built.append(1), reread())[1]
    assert session.undo(3) is not None
    assert session.text(OTD) == before and len(built) == 1
    assert session.redo(2) is not None
    assert session.workspace.org.steps["ship"].lead_time.text == "2h" and len(built) == 2
