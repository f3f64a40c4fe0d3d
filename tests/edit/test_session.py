"""The session composes buffers, history and edits."""

from __future__ import annotations

import gc

OTD = "processes/order-to-delivery.yaml"


def test_the_session_is_correct_with_the_collector_running_between_steps(processes):
    gc.collect()
    processes.set_field("accept-order", "lead_time", "2h")
    gc.collect()
    processes.undo()
    gc.collect()
    assert "lead_time: 4h" in processes.text(OTD) and processes.dirty_files == set()
    assert processes.findings == [] and processes.can_redo


def test_the_session_shows_its_parts(processes):
    processes.set_field("accept-order", "lead_time", "2h")
    assert processes.buffers.dirty == processes.dirty_files == {OTD}
    assert processes.history.can_undo and processes.can_undo
    assert processes.files == list(processes.buffers)
