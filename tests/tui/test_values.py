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


def test_a_waivers_approver_and_end_are_shown_and_read_back():
    from datetime import date

    from flowmap.model import types as t
    from flowmap.tui.values import parsed, waiver_text

    step = t.Step(
        waive={"assure-own": "Pilot line", "recheck-upstream": "On site"},
        waive_terms={"assure-own": t.WaiverTerms("qm", date(2026, 6, 30))},
    )
    text = waiver_text(step)
    assert (
        text
        == "assure-own: Pilot line (approved by qm until 2026-06-30); recheck-upstream: On site"
    )
    assert parsed(text, "waive") == {
        "assure-own": {"reason": "Pilot line", "approved_by": "qm", "until": "2026-06-30"},
        "recheck-upstream": "On site",
    }
    with pytest.raises(ValueError, match="is not a date"):
        parsed("assure-own: Pilot (approved by qm until June)", "waive")
