"""Undo and redo as a module: changes across files, files that come and go, small spans."""

from __future__ import annotations

from flowmap.edit.history import Change, History

ORG = "flowmap: 1\nroles:\n  - {id: clerk, rank: 2}\n"
OTD = "flowmap: 1\nprocesses:\n  - id: p\n    steps:\n      - {id: a, by: clerk}\n"


def test_one_undo_takes_back_a_change_to_several_files_and_redo_makes_it_again():
    history = History()
    before = {"org.yaml": ORG, "otd.yaml": OTD}
    after = {name: text.replace("clerk", "desk") for name, text in before.items()}
    history.record("rename clerk to desk", before, after)
    assert history.can_undo and not history.can_redo

    label, undone = history.undo(after)
    assert label == "rename clerk to desk" and undone == before
    assert history.can_redo and not history.can_undo
    label, redone = history.redo(undone)
    assert label == "rename clerk to desk" and redone == after


def test_a_new_file_goes_on_undo_and_comes_back_whole_on_redo():
    history = History()
    history.record("new file new.yaml", {}, {"new.yaml": OTD})
    _, undone = history.undo({"new.yaml": OTD})
    assert undone == {"new.yaml": None}
    _, redone = history.redo({})
    assert redone == {"new.yaml": OTD}


def test_a_new_change_forgets_what_was_undone():
    history = History()
    history.record("one", {"a": "x: 1\n"}, {"a": "x: 2\n"})
    history.undo({"a": "x: 2\n"})
    history.record("two", {"a": "x: 1\n"}, {"a": "x: 3\n"})
    assert not history.can_redo
    assert history.redo({"a": "x: 3\n"}) is None


def test_nothing_to_undo_or_redo_is_none():
    history = History()
    assert history.undo({}) is None and history.redo({}) is None


def test_a_change_keeps_only_the_span_that_changed_of_a_big_file():
    big = "".join(f"- {{id: s{n}, lead_time: 1h}}\n" for n in range(10_000))
    edited = big.replace("{id: s5000, lead_time: 1h}", "{id: s5000, lead_time: 2h}")
    change = Change("set lead_time of s5000", {"m.yaml": big}, {"m.yaml": edited})
    start, old, new = change.spans["m.yaml"]
    assert (old, new) == ("1", "2") and big[start] == "1"
    assert change.texts({"m.yaml": edited}, undo=True) == {"m.yaml": big}
    assert change.files == ["m.yaml"]


def test_undo_applies_to_the_current_text_not_a_stored_copy():
    # the span is put back where it was; what is around it comes from the current text
    change = Change("set", {"a": "k: 1\nx: 1\n"}, {"a": "k: 1\nx: 2\n"})
    assert change.texts({"a": "k: 1\nx: 2\n"}, undo=True) == {"a": "k: 1\nx: 1\n"}
