"""Every editing action, checked the way the process owner sees it: in the map and its file."""

from __future__ import annotations

import os

import pytest

from flowmap.edit import EditError, EditSession, SaveConflict, saving

OTD = "processes/order-to-delivery.yaml"
ORG = "processes/org.yaml"


def _steps(session, process="order-to-delivery"):
    return [step.id for step in session.workspace.org.processes[process].steps]


def test_rename_updates_the_definition_and_every_reference_across_files(processes):
    count = processes.rename("order-clerk", "order-desk")
    org = processes.workspace.org
    assert "order-desk" in org.roles and "order-clerk" not in org.roles
    assert org.steps["accept-order"].by == "order-desk"
    assert org.steps["log-change"].by == "order-desk"
    assert org.goals["orders-same-day"].owner == "order-desk"
    assert count == 4  # the role, two steps, one goal
    assert processes.findings == []
    assert processes.dirty_files == {OTD, ORG, "processes/engineering-change.yaml"}


def test_rename_refuses_a_bad_or_taken_id(processes):
    with pytest.raises(EditError, match="is not an id"):
        processes.rename("order-clerk", "Order Desk")
    with pytest.raises(EditError, match="already the id"):
        processes.rename("order-clerk", "planner")


def test_add_a_step_after_another(processes):
    new = processes.add_step(
        "order-to-delivery",
        after="inspect",
        fields={"id": "pack", "name": "Pack", "by": "storekeeper"},
    )
    assert new == "pack"
    assert _steps(processes)[6:9] == ["inspect", "pack", "store-goods"]
    assert any(f.rule == "assure-own" and "pack" in f.message for f in processes.findings)


def test_add_an_operation_and_a_need(processes):
    op = processes.add_operation(
        "pilot-build", after="assemble", fields={"name": "Paint", "by": "assembler"}
    )
    ops = [o.id for o in processes.workspace.org.steps["pilot-build"].operations]
    assert ops == ["machine-parts", "assemble", op, "function-test"]
    processes.add_need(op, {"item": "assembled units", "requires": ["Dry"], "due": "4h"})
    need = processes.workspace.org.steps[op].needs[0]
    assert (need.item, need.requires, need.due.text) == ("assembled units", ["Dry"], "4h")


def test_add_an_item_to_a_section(processes):
    unit = processes.add_item("units", {"id": "legal", "name": "Legal department"})
    assert unit == "legal" and "legal" in processes.workspace.org.units
    assert "{id: legal, name: Legal department}" in processes.text(ORG)


def test_delete_a_step_and_an_operation(processes):
    processes.delete("store-goods")
    assert "store-goods" not in _steps(processes)
    processes.delete("assemble")
    ops = [o.id for o in processes.workspace.org.steps["pilot-build"].operations]
    assert ops == ["machine-parts", "function-test"]


def test_deleting_steps_leaves_one_blank_line_between_the_rest(processes):
    processes.delete("inspect")
    processes.delete("store-goods")
    text = processes.text(OTD)
    assert "\n\n\n" not in text
    assert "due: 1d\n\n      - id: ship\n" in text


def test_duplicate_gives_fresh_ids_to_the_copy_and_its_operations(processes):
    new = processes.duplicate("pilot-build")
    assert new == "pilot-build-copy"
    steps = _steps(processes, "engineering-change")
    assert steps[steps.index("pilot-build") + 1] == "pilot-build-copy"
    copy = processes.workspace.org.steps["pilot-build-copy"]
    assert [o.id for o in copy.operations] == [
        "machine-parts-copy",
        "assemble-copy",
        "function-test-copy",
    ]
    assert not any(f.rule == "duplicate-id" for f in processes.findings)


def test_move_a_step_up_and_down(processes):
    processes.move("buy-material", -1)
    assert _steps(processes)[2:4] == ["buy-material", "schedule-production"]
    processes.move("buy-material", +1)
    assert _steps(processes)[2:4] == ["schedule-production", "buy-material"]
    with pytest.raises(EditError, match="cannot move further up"):
        processes.move("place-order", -1)


def test_move_an_operation(processes):
    processes.move("function-test", -1)
    ops = [o.id for o in processes.workspace.org.steps["pilot-build"].operations]
    assert ops == ["machine-parts", "function-test", "assemble"]


def test_undo_and_redo_walk_the_history_across_files(processes):
    original = {name: processes.text(name) for name in processes.files}
    processes.set_field("accept-order", "lead_time", "2h")
    processes.rename("planner", "scheduler")
    processes.delete("ship")
    assert processes.undo() == "delete ship" and "ship" in _steps(processes)
    assert processes.undo() == "rename planner to scheduler"
    assert processes.undo().startswith("set lead_time")
    assert processes.undo() is None and not processes.can_undo
    assert {n: processes.text(n) for n in processes.files} == original
    assert processes.dirty_files == set()
    assert processes.redo() and processes.redo()
    assert "scheduler" in processes.workspace.org.roles
    processes.set_field("ship", "name", "Ship it")
    assert not processes.can_redo


def test_findings_follow_every_edit(processes):
    assert processes.findings == []
    processes.set_field("inspect", "assure", None)
    assert [f.rule for f in processes.findings] == ["assure-own"]
    processes.undo()
    assert processes.findings == []


def test_an_edit_that_would_break_the_yaml_is_refused(processes):
    before = processes.text(OTD)
    with pytest.raises(EditError):
        processes.set_field("no-such-step", "name", "x")
    assert processes.text(OTD) == before and not processes.can_undo


# -- saving -------------------------------------------------------------------------------


def test_save_is_atomic_keeps_the_mode_and_leaves_no_temporary_file(processes, project):
    path = project.root / OTD
    os.chmod(path, 0o640)
    processes.set_field("ship", "lead_time", "1d")
    assert processes.save() == [OTD]
    assert "lead_time: 1d" in path.read_text(encoding="utf-8")
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []
    assert processes.dirty_files == set()


def test_a_failed_write_leaves_the_original_file_whole(processes, project, monkeypatch):
    path = project.root / OTD
    before = path.read_bytes()
    processes.set_field("ship", "lead_time", "1d")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saving.os, "fsync", disk_full)
    with pytest.raises(EditError, match=r"was not saved \(no space left on the device\)"):
        processes.save()
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []
    assert OTD in processes.dirty_files


def test_saving_over_a_file_changed_on_disk_is_a_conflict(processes, project):
    path = project.root / OTD
    processes.set_field("ship", "lead_time", "1d")
    path.write_text(path.read_text(encoding="utf-8") + "# someone else\n", encoding="utf-8")
    assert processes.changed_on_disk() == [OTD]
    with pytest.raises(SaveConflict):
        processes.save()
    assert path.read_text(encoding="utf-8").endswith("# someone else\n")
    processes.save(overwrite=True)
    assert "lead_time: 1d" in path.read_text(encoding="utf-8")
    assert processes.changed_on_disk() == []


def test_reload_takes_the_disk_version_and_can_be_undone(processes, project):
    path = project.root / OTD
    processes.set_field("ship", "lead_time", "1d")
    path.write_text(path.read_text(encoding="utf-8") + "# someone else\n", encoding="utf-8")
    processes.reload(OTD)
    assert processes.text(OTD).endswith("# someone else\n")
    assert OTD not in processes.dirty_files
    processes.undo()
    assert "lead_time: 1d" in processes.text(OTD)


def test_a_new_file_from_the_template_is_clean_and_saved_on_save(processes, project):
    name = processes.new_file(project.root / "processes" / "returns.yaml")
    assert processes.findings == []
    assert "returns" in processes.workspace.org.processes
    assert not (project.root / "processes" / "returns.yaml").exists()
    processes.save()
    text = (project.root / "processes" / "returns.yaml").read_text(encoding="utf-8")
    assert "include: [org.yaml]" in text and "three-step" in text
    assert name.endswith("returns.yaml")
    other = (project.root / OTD).read_text(encoding="utf-8")
    assert text.splitlines()[0] == other.splitlines()[0]  # the same `$schema` line
    assert EditSession.open(["processes"]).findings == []


def test_a_new_file_in_an_empty_project_carries_its_own_organisation(project, cli):
    session = EditSession.open(["."])
    assert session.files == []
    name = session.new_file("NO.yaml")
    assert session.findings == []
    session.save()
    text = (project.root / "NO.yaml").read_text(encoding="utf-8")
    assert 'title: "No"' in text and "customers:" in text and "roles:" in text
    result = cli("check", name)
    assert (result.code, result.out) == (0, "")


def test_a_new_file_beside_processes_passes_flowmap_check(processes, project, cli):
    processes.new_file("processes/returns.yaml")
    processes.save()
    result = cli("check", "processes")
    assert (result.code, result.out) == (0, "")
    with pytest.raises(EditError, match="no template"):
        processes.new_file("processes/other.yaml", template="audit")
    with pytest.raises(EditError, match="exists already"):
        processes.new_file("processes/returns.yaml")
    with pytest.raises(EditError, match="no folder"):
        processes.new_file("nowhere/returns.yaml")


def test_a_failed_rename_into_place_leaves_the_original_and_no_temporary(
    processes, project, monkeypatch
):
    path = project.root / OTD
    before = path.read_bytes()
    processes.set_field("ship", "lead_time", "1d")

    def refused(source, target, **folders):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(saving.os, "replace", refused)
    with pytest.raises(EditError, match=r"was not saved \(Permission denied\)"):
        processes.save(path=path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []
    monkeypatch.undo()
    assert processes.save(path=path) == [OTD]
    assert b"lead_time: 1d" in path.read_bytes()


def test_a_file_deleted_on_disk_is_a_conflict_too(processes, project):
    (project.root / OTD).unlink()
    processes.set_field("ship", "name", "Ship")
    assert processes.changed_on_disk() == [OTD]
    with pytest.raises(SaveConflict):
        processes.save()
    processes.save(overwrite=True)
    assert "name: Ship" in (project.root / OTD).read_text(encoding="utf-8")


def test_values_of_every_kind_read_back_as_the_model_types(processes):
    from flowmap.model.types import Duration

    processes.set_field("ship", "lead_time", Duration(7200, "2h"))
    processes.set_need_field("accept-order", 0, "satisfaction", 0.82)
    processes.set_need_field("accept-order", 0, "due", "2d")
    processes.set_field("ship", "waive", {"assure-own": "Carrier's own checks: 'agreed'"})
    processes.set_field("order-clerk", "rank", 3)
    org = processes.workspace.org
    assert org.steps["ship"].lead_time.text == "2h"
    need = org.steps["accept-order"].needs[0]
    assert (need.satisfaction, need.due.text) == (0.82, "2d")
    assert org.steps["ship"].waive == {"assure-own": "Carrier's own checks: 'agreed'"}
    assert org.roles["order-clerk"].rank == 3
    assert not any(f.rule == "schema" for f in processes.findings)
    with pytest.raises(EditError, match="no need number 5"):
        processes.set_need_field("accept-order", 4, "due", "1d")
