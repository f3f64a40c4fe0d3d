"""Charts of the internal-customer map, drawn with Graphviz: the views of `flowmap render`.

    chart = build_chart(org, graph, findings, "process", "order-to-delivery")
    svg = run_dot(to_dot(chart), "svg")

`build_chart` makes a pydot graph (synthetic node ids, every label quoted, findings in red),
`to_dot` its DOT text (the same map always gives the same bytes), `run_dot` the picture.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flowmap.outputs.charts.chart import ChartError
from flowmap.outputs.charts.dot_text import dot_text
from flowmap.outputs.charts.graphviz import (
    FORMATS,
    INSTALL_HINT,
    GraphvizFailed,
    GraphvizMissing,
    GraphvizStopped,
    find_dot,
    run_dot,
    run_dot_many,
)
from flowmap.outputs.charts.rows import ROW_COLUMNS, process_rows
from flowmap.outputs.charts.summary_view import process_too_large, summarised
from flowmap.outputs.charts.views import VIEWS, build_chart, build_process_rows

if TYPE_CHECKING:
    import pydot

__all__ = [
    "FORMATS",
    "INSTALL_HINT",
    "VIEWS",
    "ChartError",
    "GraphvizFailed",
    "GraphvizMissing",
    "GraphvizStopped",
    "ROW_COLUMNS",
    "build_chart",
    "build_process_rows",
    "find_dot",
    "process_chart_name",
    "process_file_stem",
    "process_rows",
    "process_too_large",
    "render_chart",
    "summarised",
    "run_dot",
    "run_dot_many",
    "to_dot",
]


# An id the schema refused may hold "/" or "..": never let it name a file.
_FILE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*")


def process_file_stem(process_id: str, number: int) -> str:
    """What a process's files are named by: its id, or its number (its place among the
    processes, from 1) when the id cannot safely name a file (it may hold "/" or "..").

    >>> process_file_stem("order-to-delivery", 1), process_file_stem("x/../../y", 2)
    ('order-to-delivery', '2')
    """
    return process_id if _FILE_ID.fullmatch(process_id) else str(number)


def process_chart_name(process_id: str, number: int) -> str:
    """The file name of a process's chart: `process-ID.svg`, or `process-NUMBER.svg`.

    >>> process_chart_name("order-to-delivery", 1), process_chart_name("x/../../y", 2)
    ('process-order-to-delivery.svg', 'process-2.svg')
    """
    return f"process-{process_file_stem(process_id, number)}.svg"


def to_dot(chart: pydot.Dot) -> str:
    """The chart's DOT text: nodes, edges and lanes in drawing order, nothing time-dependent
    (pydot's text, written faster: `dot_text`)."""
    return dot_text(chart)


def render_chart(chart: pydot.Dot, fmt: str, dot: str | None = None, timeout: float = 60) -> bytes:
    """The chart as `fmt` bytes: DOT text for "dot" (no Graphviz needed), else Graphviz's."""
    text = to_dot(chart)
    if fmt == "dot":
        return text.encode("utf-8")
    return run_dot(text, fmt, dot=dot, timeout=timeout)
