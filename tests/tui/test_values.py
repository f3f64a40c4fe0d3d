"""A list field's rows as the form shows them and the value saved from them."""

from __future__ import annotations

import pytest

from flowmap.tui.values import id_problem, items, parsed_items


def test_a_list_and_a_single_executor_are_rows():
    assert items(["Signed", "Dated"]) == ["Signed", "Dated"]
    assert items("order-clerk") == ["order-clerk"]
    assert items(None) == [] and items([]) == []


@pytest.mark.parametrize(
    ("rows", "kind", "saved"),
    [
        (["Signed ", "", " Dated"], "texts", ["Signed", "Dated"]),  # empty rows are no items
        (["", "  "], "texts", None),  # no item: the key goes
        (["ship"], "refs", ["ship"]),
        (["buyer"], "executors", "buyer"),  # one executor is written as an id
        (["buyer", "planner"], "executors", ["buyer", "planner"]),  # a joint step
    ],
)
def test_rows_are_saved_as_the_key_wants_them(rows, kind, saved):
    assert parsed_items(rows, kind) == saved


def test_what_is_not_an_id_is_refused_saying_what_an_id_is():
    with pytest.raises(ValueError, match=r"`\[x` is not an id: use lower-case letters, digits"):
        parsed_items(["ship", "[x"], "refs")
    with pytest.raises(ValueError, match="is not an id"):
        parsed_items(["*"], "refs")  # `*` only where the key takes every one
    assert parsed_items(["*"], "refs", every=True) == ["*"]
    assert id_problem("Ship") and not id_problem("ship-2.b_c")
    assert "`*` for every one" in id_problem("all units", every=True)
