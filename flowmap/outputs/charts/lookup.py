"""Finding the object a chart is about by its id, with a did-you-mean when it is not there."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TypeVar

from flowmap.outputs.charts.chart import ChartError

T = TypeVar("T")
LISTED = 12  # ids named in the message when none was given


def find(index: Mapping[str, T], key: str | None, noun: str) -> T:
    """`index[key]`, or ChartError saying which ids exist (the only one is taken as given)."""
    if key is None:
        if len(index) == 1:
            return next(iter(index.values()))
        raise ChartError(f"name the {noun} with --id; {_known(index, noun)}")
    if key in index:
        return index[key]
    raise ChartError(
        f"no {noun} has the id {key!r}{did_you_mean(key, index)}; {_known(index, noun)}"
    )


def did_you_mean(key: str, ids) -> str:
    close = difflib.get_close_matches(key, list(ids), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _known(index: Mapping[str, object], noun: str) -> str:
    if not index:
        return f"the maps define no {noun}"
    ids = sorted(index)
    shown = ", ".join(ids[:LISTED]) + (", ..." if len(ids) > LISTED else "")
    return f"the {noun} ids are: {shown}"
