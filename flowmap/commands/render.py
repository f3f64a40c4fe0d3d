"""Draw a chart of the maps with Graphviz: a process as swimlanes, the rank chart, the
function customers, the whole internal-customer map, the goal cascade, or the neighbourhood
of one node.

Findings of `flowmap check` are drawn on the chart in red; the chart is written even when
there are findings (exit 0), unless --strict. A file that cannot be loaded at all exits 1
with its findings; an unknown view or id, or no Graphviz, exits 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flowmap.commands.common import (
    USAGE_ERROR,
    add_paths,
    open_organisation,
    strict_refusal,
    usage_error,
)
from flowmap.commands.completion import ids
from flowmap.outputs import registry as _registry

HELP = "draw a chart of the maps (svg, png, pdf or dot)"
FORMATS = _registry.CHART_FORMATS
STDOUT = "-"


def add_arguments(parser) -> None:
    add_paths(parser)
    parser.add_argument(
        "--view",
        choices=list(_registry.VIEWS),
        default="customers",
        help="what to draw (default: customers): "
        + "; ".join(f"{name}, {view.help}" for name, view in _registry.VIEWS.items()),
    )
    node_id = parser.add_argument(
        "--id",
        dest="node_id",
        metavar="ID",
        help="the process (--view process) or the unit, role or step (--view around) to draw",
    )
    node_id.completer = ids  # the shell's TAB (flowmap completion)
    parser.add_argument(
        "--depth",
        type=_depth,
        default=1,
        metavar="N",
        help="--view around: how many relations away to draw (default: 1)",
    )
    parser.add_argument(
        "-o",
        "--output",
        default=STDOUT,
        metavar="FILE",
        help="the file to write; `-` is standard output (the default)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="output format (default: from the file suffix, else svg)"
    )
    parser.add_argument(
        "--dot",
        metavar="PATH",
        help="the Graphviz `dot` to run (default: $FLOWMAP_DOT, else `dot` on PATH)",
    )
    parser.add_argument(
        "--no-findings",
        action="store_true",
        help="do not draw the findings of `flowmap check` on the chart",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse to draw (exit 1) when `flowmap check` finds errors",
    )


def _depth(text: str) -> int:
    import argparse

    try:
        depth = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--depth takes a whole number, not {text!r}") from None
    if depth < 0:
        raise argparse.ArgumentTypeError("--depth takes 0 or more")
    return depth


def output_format(output: str, given: str | None) -> str | None:
    """The format asked for, else the one the file suffix names, else svg; None if unknown."""
    if given:
        return given
    if output == STDOUT:
        return "svg"
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix in ("gv",):
        return "dot"
    return suffix if suffix in FORMATS else None


def run(args) -> int:
    fmt = output_format(args.output, args.format)
    if fmt is None:
        return usage_error(
            f"cannot tell the format from {args.output!r}; name a file ending "
            f"in .svg, .png, .pdf or .dot, or give --format"
        )
    opened = open_organisation(args.paths, wanted=args.node_id)
    if opened is None:
        return USAGE_ERROR
    from flowmap.outputs import charts
    from flowmap.outputs.text import format_text
    from flowmap.rules.engine import run_rules

    config, workspace = opened
    unloaded = _unloaded(workspace)
    if unloaded:
        sys.stderr.write(format_text([f for f in workspace.findings if f.file in unloaded]))
        return 1
    findings, _waived = run_rules(workspace.org, workspace.findings, config)
    if strict_refusal(args.strict, findings, "not drawn"):
        return 1
    try:
        chart = charts.build_chart(
            workspace.org,
            None,  # the graph: built only by the views that draw from it
            findings,
            args.view,
            args.node_id,
            args.depth,
            show_findings=not args.no_findings,
            wrap=True,  # a long process in rows, as the report draws it
        )
        summary = charts.summarised(chart)
        if summary is not None:
            print(
                f"flowmap: note: the chart is too large to draw readably ({summary}); "
                "a summary of the units and the handoffs between them is drawn instead",
                file=sys.stderr,
            )
        data = charts.render_chart(chart, fmt, dot=args.dot)
    except charts.ChartError as error:
        return usage_error(str(error))
    except charts.GraphvizMissing as error:
        return usage_error(str(error))
    except charts.GraphvizFailed as error:
        return usage_error(str(error))
    return _write(args.output, data)


def _unloaded(workspace) -> set[str]:
    """The files that gave no map at all (YAML errors, limits, not a map)."""
    loaded = {the_map.file for the_map in workspace.org.maps}
    return {f.file for f in workspace.findings if f.file not in loaded}


def _write(output: str, data: bytes) -> int:
    from flowmap.outputs.files import OutputError, write_output

    try:
        write_output(output, data)
    except OutputError as error:
        return usage_error(str(error))
    return 0
