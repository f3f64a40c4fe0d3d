"""The extension points of the outputs, each a registry of one small interface (as ruff's
emitters): the formats of `flowmap check` (`EMITTERS`), the views of `flowmap render`
(`VIEWS`) and the formats of `flowmap export` (`EXPORTS`). Adding a format or a view is
adding an entry here; the command line's choices, its help and the dispatch are made from
these tables.

Nothing heavy is imported until an entry is used, so that parsing the command line (which
lists the choices) pays for neither pydot nor the emitters.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import networkx as nx

    from flowmap.findings import Finding, Waived
    from flowmap.model.org import Organisation
    from flowmap.model.types import Process
    from flowmap.outputs.charts.chart import Chart
    from flowmap.outputs.charts.marks import Marks


# -- the formats of `flowmap check` ---------------------------------------------------------


class Place(NamedTuple):
    """Where a file is, for outputs read away from the current folder (CI servers, code
    scanning): the file itself and its path in its project."""

    path: Path  # absolute, resolved
    root: Path  # its project root (flowmap.project)
    relative: str  # its path from the root, with `/`


class Checked(NamedTuple):
    """What a check found, as every emitter reads it."""

    findings: list[Finding]
    waived: list[Waived]
    files: list[str]  # the files checked
    colour: bool = False  # the text format on a terminal
    show_waived: bool = False  # the text format: also the waived findings
    places: dict[str, Place] = {}  # file as shown -> where it is (files read, not text)
    seconds: float = 0.0  # how long the check took (JUnit)
    # file as shown -> the time spent on it: reading it, and its share of the rules (JUnit)
    file_seconds: dict[str, float] = {}
    docs_url: str = ""  # where flowmap's docs are published (the setting; SARIF's links)


class Emitter(NamedTuple):
    help: str  # what the format is for, one line
    emit: Callable[[Checked], str]  # the whole output


def _text(checked: Checked) -> str:
    from flowmap.outputs.text import format_text

    return format_text(
        checked.findings, checked.waived, colour=checked.colour, show_waived=checked.show_waived
    )


def _json(checked: Checked) -> str:
    from flowmap.outputs.json_output import format_json

    return format_json(checked.findings, checked.waived, len(checked.files), checked.places)


def _sarif(checked: Checked) -> str:
    from flowmap.outputs.sarif import format_sarif

    return format_sarif(checked.findings, checked.waived, checked.places, checked.docs_url)


def _junit(checked: Checked) -> str:
    from flowmap.outputs.junit import format_junit

    return format_junit(
        checked.findings, checked.files, checked.places, checked.seconds, checked.file_seconds
    )


def _github(checked: Checked) -> str:
    from flowmap.outputs.github import format_github

    return format_github(checked.findings, checked.places)


EMITTERS: dict[str, Emitter] = {
    "text": Emitter("people: `file:line:col: severity rule message`", _text),
    "json": Emitter("scripts: `{version, files, findings, waived}`", _json),
    "sarif": Emitter("code scanning: SARIF 2.1.0", _sarif),
    "junit": Emitter("CI test reports: a test case per file checked", _junit),
    "github": Emitter("GitHub Actions annotations", _github),
}


# -- the views of `flowmap render` ----------------------------------------------------------


class Sketch(NamedTuple):
    """What a view is drawn from: the organisation, its graph, the findings placed on it,
    and what the user asked for."""

    org: Organisation
    graph: nx.MultiDiGraph | None  # None: built by the views that draw from it (`_graph`)
    marks: Marks | None
    node_id: str | None = None  # the process, or the centre of `around`
    depth: int = 1  # `around`: how many relations away
    part: tuple[int, int] | None = None  # `process`: only these steps (a row)
    wrap: bool = False  # `process`: a long process as rows stacked in one picture


class View(NamedTuple):
    help: str  # what the view draws, one line
    draw: Callable[[Sketch], Chart]


def _process(sketch: Sketch) -> Chart:
    from flowmap.outputs.charts.process_view import process_chart

    return process_chart(sketch.org, sketch.marks, sketch.node_id, sketch.part, sketch.wrap)


def _org(sketch: Sketch) -> Chart:
    from flowmap.outputs.charts.org_view import org_chart

    return org_chart(sketch.org, sketch.marks)


def _functions(sketch: Sketch) -> Chart:
    from flowmap.outputs.charts.functions_view import functions_chart

    return functions_chart(sketch.org, sketch.marks)


def _customers(sketch: Sketch) -> Chart:
    from flowmap.outputs.charts.customers_view import customers_chart

    return customers_chart(sketch.org, _graph(sketch), sketch.marks)


def _goals(sketch: Sketch) -> Chart:
    from flowmap.outputs.charts.goals_view import goals_chart

    return goals_chart(sketch.org, sketch.marks)


def _around(sketch: Sketch) -> Chart:
    from flowmap.outputs.charts.around_view import around_chart

    return around_chart(sketch.org, _graph(sketch), sketch.marks, sketch.node_id, sketch.depth)


def _graph(sketch: Sketch) -> nx.MultiDiGraph:
    """The organisation's graph: only two views draw from it (a 1,000-step process took
    10 ms to build it for nothing)."""
    if sketch.graph is not None:
        return sketch.graph
    from flowmap.graph import build_graph

    return build_graph(sketch.org)


VIEWS: dict[str, View] = {
    "process": View("a process as swimlanes (--id names it)", _process),
    "org": View("the rank chart: who reports to whom", _org),
    "functions": View("function customers: the services and the units they serve", _functions),
    "customers": View("the whole internal-customer map", _customers),
    "goals": View("the goal cascade, from the customers' needs down", _goals),
    "around": View("the customers and suppliers of one unit, role or step", _around),
}

# The files `flowmap render` writes: Graphviz's pictures, or the DOT text itself.
CHART_FORMATS = ("svg", "png", "pdf", "dot")


# -- the formats of `flowmap export` ----------------------------------------------------------


class Exported(NamedTuple):
    """What an export is made from: the organisation, one of its processes, the findings."""

    org: Organisation
    process: Process
    findings: list[Finding]
    file_name: str  # the file it is written to ("-": standard output)


class Export(NamedTuple):
    help: str  # what the format is for, one line
    suffix: str  # of the files `-o DIR` writes
    write: Callable[[Exported], bytes]


def _bpmn(exported: Exported) -> bytes:
    from flowmap.outputs.bpmn import process_bpmn

    return process_bpmn(exported.org, exported.process)


def _mermaid(exported: Exported) -> bytes:
    from flowmap.outputs.mermaid import process_mermaid

    fenced = exported.file_name.lower().endswith((".md", ".markdown"))
    text = process_mermaid(exported.org, exported.process, exported.findings, fenced)
    return text.encode("utf-8")


EXPORTS: dict[str, Export] = {
    "bpmn": Export("BPMN 2.0 for bpmn.io, Camunda Modeler and other modelers", "bpmn", _bpmn),
    "mermaid": Export("a Mermaid flowchart (a fenced block in a .md file)", "md", _mermaid),
}
