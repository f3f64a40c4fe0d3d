"""Where every shape and edge of a BPMN collaboration goes, so that a modeler shows it laid
out and readable without auto-layout (bpmn-auto-layout and its kin drop the lanes).

The layout is a grid. The columns come from the flow: each node stands one column right of
the latest node that hands over to it (longest-path layering over the sequence and message
flows, rework left out; a loop of `next` counts as one column), and an event or gateway
that only feeds others stands right before them. The rows come from the lanes: each leaf
lane is a band as many rows high as it has nodes in one column. Pools are stacked, the
customers' above the company's, with a gap between them, and share the columns so that a
message flow runs straight down or up.

Edges are routed on the grid's free lines only: straight between neighbours in a row, else
along the column boundary just before the target (no shape stands on a column boundary)
and the channel at the top of a row (no shape reaches up there). Nothing is drawn on top
of anything: bpmnlint's `no-overlapping-elements` checks it in the tests.

Cost: linear in the nodes and flows (networkx's condensation and one topological pass).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import networkx as nx

from flowmap.outputs.bpmn.flow import END, EXCLUSIVE, PARALLEL, START, Chart, Collaboration, Flow

COLUMN = 160  # a column: a task 100 wide and 60 between
ROW = 130  # a row: a task 80 high, the routing channel above, event labels below
BACK_OFFSET = 12  # a flow back runs this far left of the column boundary, beside forward flows
CHANNEL = 10  # the routing line's distance from the top of a row
POOL_LABEL = 30  # the band on the left of a pool or a lane that shows its name
POOL_GAP = 60  # between two pools: where the message flows turn
ORIGIN = 2 * POOL_LABEL + 10  # the first column's left edge (right of pool and lane labels)
SIZES = {START: (36, 36), END: (36, 36), PARALLEL: (50, 50), EXCLUSIVE: (50, 50)}
TASK_SIZE = (100, 80)
LABEL = (90, 27)  # an event's or gateway's name, below it


class Box(NamedTuple):
    x: int
    y: int
    width: int
    height: int


Points = list[tuple[int, int]]


@dataclass
class Placed:
    shapes: dict[str, Box] = field(default_factory=dict)  # nodes, lanes, pools by id
    edges: dict[str, Points] = field(default_factory=dict)  # flows by id
    labels: dict[str, Box] = field(default_factory=dict)  # names drawn outside their shape


def place_collaboration(collab: Collaboration) -> Placed:
    """The shapes and edges of the collaboration (sub-processes inside are placed apart,
    each on its own plane: `place_chart`)."""
    charts = [pool.chart for pool in collab.pools]
    columns = _columns(charts, collab.messages)
    width = ORIGIN + (max(columns.values(), default=0) + 1) * COLUMN + 20
    placed = Placed()
    rows: dict[str, tuple[int, int]] = {}  # node -> (row top, row)
    top = 0
    for pool in collab.pools:
        pool_top = top
        for band in pool.bands:
            top = _place_band(placed, pool.chart, band, columns, top, rows)
        placed.shapes[pool.key] = Box(0, pool_top, width, top - pool_top)
        for lane in pool.lanes:
            children = [placed.shapes[child.key] for child in lane.children]
            lane_top = children[0].y
            lane_height = children[-1].y + children[-1].height - lane_top
            placed.shapes[lane.key] = Box(POOL_LABEL, lane_top, width - POOL_LABEL, lane_height)
            for child in lane.children:
                box = placed.shapes[child.key]
                placed.shapes[child.key] = Box(
                    2 * POOL_LABEL, box.y, width - 2 * POOL_LABEL, box.height
                )
        for band in pool.bands:
            if band == pool.key:  # a pool without lanes is its own band
                del placed.shapes[band]
                placed.shapes[pool.key] = Box(0, pool_top, width, top - pool_top)
        top += POOL_GAP
    for pool in collab.pools:
        _route_chart(placed, pool.chart, columns, rows)
    company = collab.pools[-1]
    gap_line = placed.shapes[company.key].y - POOL_GAP // 2
    for message in collab.messages:
        _route_message(placed, message, columns, rows, gap_line)
    return placed


def place_chart(chart: Chart) -> Placed:
    """The shapes and edges of a sub-process's own plane: one band, no pool."""
    columns = _columns([chart], [])
    placed = Placed()
    rows: dict[str, tuple[int, int]] = {}
    bands = list(dict.fromkeys(node.band for node in chart.nodes.values()))
    top = 0
    for band in bands:
        top = _place_band(placed, chart, band, columns, top, rows)
        del placed.shapes[band]
    _route_chart(placed, chart, columns, rows)
    return placed


def _columns(charts: list[Chart], messages: list[Flow]) -> dict[str, int]:
    """Each node's column: one right of the latest node handing over to it."""
    graph = nx.DiGraph()
    for chart in charts:
        graph.add_nodes_from(chart.nodes)
        graph.add_edges_from((f.source, f.target) for f in chart.flows if f.condition is None)
    graph.add_edges_from((m.source, m.target) for m in messages)
    loops = nx.condensation(graph)  # a loop of `next` (a flow-cycle error) is one node
    member = loops.graph["mapping"]
    depth: dict[int, int] = {}
    for group in nx.topological_sort(loops):
        depth[group] = max((depth[before] + 1 for before in loops.predecessors(group)), default=0)
    columns = {node: depth[member[node]] for node in graph}
    for node in graph:  # a start event or a gateway that only feeds: right before its first
        if graph.in_degree(node) == 0 and graph.out_degree(node):
            columns[node] = max(0, min(columns[after] for after in graph.successors(node)) - 1)
    return columns


def _place_band(placed: Placed, chart: Chart, band: str, columns, top: int, rows) -> int:
    """Place the nodes of `band` (a leaf lane) in rows from `top`; the band's bottom."""
    taken: dict[int, int] = {}  # column -> rows used
    for node in chart.nodes.values():
        if node.band != band:
            continue
        column = columns[node.key]
        row = taken.get(column, 0)
        taken[column] = row + 1
        row_top = top + row * ROW
        rows[node.key] = (row_top, row)
        width, height = SIZES.get(node.kind, TASK_SIZE)
        centre_x = ORIGIN + column * COLUMN + COLUMN // 2
        centre_y = row_top + CHANNEL + (ROW - CHANNEL) // 2 - 5
        placed.shapes[node.key] = Box(centre_x - width // 2, centre_y - height // 2, width, height)
        if node.kind in SIZES and node.name:
            shape = placed.shapes[node.key]
            placed.labels[node.key] = Box(
                centre_x - LABEL[0] // 2, shape.y + shape.height + 4, LABEL[0], LABEL[1]
            )
    bottom = top + max(taken.values(), default=1) * ROW
    placed.shapes[band] = Box(0, top, 0, bottom - top)
    return bottom


def _boundary(column: int) -> int:
    """The x of the free line left of a column."""
    return ORIGIN + column * COLUMN


def _route_chart(placed: Placed, chart: Chart, columns, rows) -> None:
    for flow in chart.flows:
        source, target = placed.shapes[flow.source], placed.shapes[flow.target]
        s_column, t_column = columns[flow.source], columns[flow.target]
        s_row, t_row = rows[flow.source], rows[flow.target]
        s_mid = source.y + source.height // 2
        t_mid = target.y + target.height // 2
        if t_column > s_column:
            start, end = (source.x + source.width, s_mid), (target.x, t_mid)
            if s_mid == t_mid and t_column == s_column + 1:
                points = [start, end]
            elif t_column == s_column + 1:
                line = _boundary(t_column)
                points = [start, (line, s_mid), (line, t_mid), end]
            else:  # over the columns between: along the channel of the source's row
                first, last = _boundary(s_column + 1), _boundary(t_column)
                channel = s_row[0] + CHANNEL
                points = [start, (first, s_mid), (first, channel), (last, channel)]
                points += [(last, t_mid), end]
        else:  # back (rework) or within a column: up to the channels, over the boundary
            s_x = source.x + source.width // 2
            t_x = target.x + target.width // 2
            s_channel, t_channel = s_row[0] + CHANNEL, t_row[0] + CHANNEL
            points = [(s_x, source.y), (s_x, s_channel)]
            if s_channel != t_channel:  # a little left of the boundary forward flows take
                line = _boundary(t_column) - BACK_OFFSET
                points += [(line, s_channel), (line, t_channel)]
            points += [(t_x, t_channel), (t_x, target.y)]
            if flow.name:
                placed.labels[flow.key] = Box(min(s_x, t_x) + 8, t_channel + 1, 50, 14)
        placed.edges[flow.key] = points


def _route_message(placed: Placed, message: Flow, columns, rows, gap_line: int) -> None:
    """A message flow between the pools: down (or up) to the gap between them, along it to
    the column boundary before the target, and into the target from the channel above it."""
    source, target = placed.shapes[message.source], placed.shapes[message.target]
    s_x = source.x + source.width // 2
    t_x = target.x + target.width // 2
    line = _boundary(columns[message.target])
    if source.y < target.y:  # down: from the customer's pool to the company's
        channel = rows[message.target][0] + CHANNEL
        points = [(s_x, source.y + source.height), (s_x, gap_line), (line, gap_line)]
        points += [(line, channel), (t_x, channel), (t_x, target.y)]
        label_y = source.y + source.height + 4
    else:  # up: from the company's pool to the customer's
        channel = rows[message.source][0] + CHANNEL
        out = _boundary(columns[message.source] + 1)
        points = [(s_x, source.y), (s_x, channel), (out, channel), (out, gap_line)]
        points += [(t_x, gap_line), (t_x, target.y + target.height)]
        label_y = gap_line - 16
    placed.edges[message.key] = points
    if message.name:
        placed.labels[message.key] = Box(s_x + 6, label_y, 150, 14)
