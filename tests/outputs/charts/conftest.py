"""Helpers for the chart tests: load maps, draw a view, read back what the chart holds."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pydot
import pytest

from flowmap.graph import build_graph
from flowmap.outputs.charts import build_chart
from flowmap.project import open_workspace
from flowmap.rules.engine import run_rules

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Loaded:
    org: object
    graph: object
    findings: list


def load(*paths: Path | str) -> Loaded:
    workspace = open_workspace([str(path) for path in paths])
    findings, _ = run_rules(workspace.org, workspace.findings)
    return Loaded(workspace.org, build_graph(workspace.org), findings)


@pytest.fixture(scope="session")
def plant() -> Loaded:
    """The reference plant: org.yaml and order-to-delivery.yaml (clean)."""
    return load(FIXTURES)


def unquote(value: str | None) -> list[str]:
    """A quoted DOT label back to its lines of text (as `style.label` wrote them)."""
    if not value:
        return []
    assert value.startswith('"') and value.endswith('"'), value
    text, lines, line = value[1:-1], [], []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            escaped = text[index + 1]
            if escaped in "nl":
                lines.append("".join(line))
                line = []
            else:
                line.append(escaped)
            index += 2
            continue
        line.append(char)
        index += 1
    if line or not lines:
        lines.append("".join(line))
    return [line.replace("&amp;", "&") for line in lines]


@dataclass
class Node:
    id: str
    lines: list[str]
    attrs: dict
    clusters: list[list[str]]  # titles of the clusters it is in, outermost first


@dataclass
class Edge:
    tail: str
    head: str
    lines: list[str]
    attrs: dict


@dataclass
class Drawn:
    """What a chart holds, with labels read back as text."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    clusters: list[tuple[list[str], dict]] = field(default_factory=list)
    graph_attrs: dict = field(default_factory=dict)

    def node(self, first_line: str) -> Node:
        found = [n for n in self.nodes.values() if n.lines and n.lines[0] == first_line]
        assert len(found) == 1, f"{len(found)} nodes start with {first_line!r}"
        return found[0]

    def edges_between(self, tail: str, head: str) -> list[Edge]:
        tail_id, head_id = self.node(tail).id, self.node(head).id
        return [e for e in self.edges if e.tail == tail_id and e.head == head_id]

    def cluster_titles(self) -> list[list[str]]:
        return [title for title, _ in self.clusters]


def read_chart(chart: pydot.Dot) -> Drawn:
    drawn = Drawn(graph_attrs=dict(chart.get_attributes()))
    _walk(chart, drawn, [])
    return drawn


def _walk(graph: pydot.Graph, drawn: Drawn, clusters: list[list[str]]) -> None:
    for node in graph.get_nodes():
        attrs = dict(node.get_attributes())
        if node.get_name() in ("node", "edge", "graph"):
            continue
        if not attrs and node.get_name() in drawn.nodes:  # named again, e.g. in rank=same
            continue
        lines = [] if node.get_name() == "legend" else unquote(attrs.get("label"))
        drawn.nodes[node.get_name()] = Node(node.get_name(), lines, attrs, list(clusters))
    for edge in graph.get_edges():
        attrs = dict(edge.get_attributes())
        drawn.edges.append(
            Edge(edge.get_source(), edge.get_destination(), unquote(attrs.get("label")), attrs)
        )
    for sub in graph.get_subgraphs():
        attrs = dict(sub.get_attributes())
        inner = clusters
        if sub.get_name().startswith("cluster_"):
            title = unquote(attrs.get("label"))
            drawn.clusters.append((title, attrs))
            inner = [*clusters, title]
        _walk(sub, drawn, inner)


def draw(loaded: Loaded, view: str, node_id: str | None = None, **options) -> Drawn:
    return read_chart(
        build_chart(loaded.org, loaded.graph, loaded.findings, view, node_id, **options)
    )


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG: (width, height, rows of channel bytes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                best = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + best) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def ink(data: bytes) -> int:
    """How many pixels of a PNG are visibly dark (not white, not transparent)."""
    width, _height, rows = png_pixels(data)
    channels = len(rows[0]) // width
    dark = 0
    for row in rows:
        for x in range(0, len(row), channels):
            pixel = row[x : x + channels]
            if channels == 4 and pixel[3] < 128:
                continue
            if sum(pixel[:3]) < 3 * 160:
                dark += 1
    return dark
