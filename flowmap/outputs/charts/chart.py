"""A chart under construction: a pydot graph with synthetic ids and findings marked on it.

The views say what to draw in the domain's terms (a node for this step, an edge for that
handoff, standing for these model objects); the chart gives every node the next synthetic
id (`n0`, `n1`, ... in drawing order, so the same map always gives the same DOT), quotes
every attribute through `style.quote`, and at the end draws each finding on the node,
edge or lane that stands for the object it is about, then the legend.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Iterable

import pydot

from flowmap.findings import Finding
from flowmap.model import types as t
from flowmap.outputs.charts import style
from flowmap.outputs.charts.legend import Legend
from flowmap.outputs.charts.marks import Marks

Key = Hashable
MAX_TOOLTIP_FINDINGS = 6


class ChartError(Exception):
    """The chart asked for cannot be drawn: an unknown view, or an id the maps do not have."""


class _Item:
    """What the chart remembers of a node, edge or lane until findings are drawn on it."""

    __slots__ = ("element", "lines", "objects", "is_edge")

    def __init__(self, element, lines: list[str], objects: list[t.Located], is_edge: bool):
        self.element = element
        self.lines = lines
        self.objects = objects
        self.is_edge = is_edge


class _Cluster(pydot.Cluster):
    """pydot's Cluster, named `cluster_NAME` as pydot names it, for a NAME that is a plain
    DOT id (a chart's `c12`): pydot would look at the name character by character to learn
    that it needs no quotes (a tenth of the chart of a 1,000-step process, 1,627 clusters)."""

    def __init__(self, name: str, **attrs: str) -> None:
        pydot.Graph.__init__(self, graph_name=name, **attrs)
        self.obj_dict["type"] = "subgraph"
        self.obj_dict["name"] = f"cluster_{name}"


class Chart:
    def __init__(self, title: list[str], marks: Marks | None, **graph_attrs: str) -> None:
        self.dot = pydot.Dot("flowmap", graph_type="digraph")
        self.title = title
        self.marks = marks
        self._ids: dict[Key, str] = {}
        self._groups: dict[Key, pydot.Graph] = {}
        self._items: list[_Item] = []
        self._item_of: dict[Key, _Item] = {}  # the node or cluster drawn for a key
        self._clusters = 0
        self.legend = Legend()
        self.legend_group: Key | None = None  # the group the legend is drawn in, if any
        # A top-to-bottom chart wider than it is tall draws its legend in a row of its own
        # below this node (one of the lowest), not beside the chart: that keeps the chart
        # narrow enough for its text to print at 6 pt across a landscape page.
        self.legend_below: Key | None = None
        self.shown: set[Finding] = set()  # the findings drawn on the chart, once finished
        # The findings of what the chart is about (a process's, a unit's), which its legend
        # counts as not drawn when they are not; None: the organisation's, all of them.
        self.about: set[Finding] | None = None
        # newrank ranks the whole graph at once: without it each lane (cluster) is ranked on
        # its own and a process no longer reads left to right across lanes.
        _set(
            self.dot,
            {
                "fontname": style.FONT,
                "fontsize": "14",
                "labelloc": "t",
                "labeljust": "l",
                "label": style.title(title),
                "nodesep": "0.25",
                "ranksep": "0.45",
                "newrank": "true",
                "outputorder": "edgesfirst",
                **graph_attrs,
            },
        )
        self.dot.set_node_defaults(
            **_quoted(
                {
                    "fontname": style.FONT,
                    "fontsize": style.FONT_SIZE,
                    "shape": "box",
                    "style": "rounded,filled",
                    "fillcolor": style.FILL_NODE,
                    "margin": "0.12,0.06",
                }
            )
        )
        self.dot.set_edge_defaults(
            **_quoted(
                {
                    "fontname": style.FONT,
                    "fontsize": style.SMALL_FONT_SIZE,
                    "arrowsize": "0.7",
                }
            )
        )

    # -- drawing ---------------------------------------------------------------------------

    def has(self, key: Key) -> bool:
        """Whether a node or group has been drawn for `key`."""
        return key in self._ids or key in self._groups

    def node(
        self,
        key: Key,
        lines: list[str],
        objects: Iterable[t.Located] = (),
        group: Key | None = None,
        **attrs: str,
    ) -> str:
        """Draw a node for `key` (once); `objects` are the model objects it stands for."""
        if key in self._ids:
            return self._ids[key]
        node_id = self._ids[key] = f"n{len(self._ids)}"
        node = pydot.Node(node_id, **_quoted(attrs))
        self._parent(group).add_node(node)
        self._items.append(_Item(node, list(lines), list(objects), False))
        self._item_of[key] = self._items[-1]
        return node_id

    def edge(
        self,
        tail: Key,
        head: Key,
        lines: Iterable[str] = (),
        objects: Iterable[t.Located] = (),
        group: Key | None = None,
        **attrs: str,
    ) -> None:
        """Draw an edge between two drawn nodes."""
        edge = pydot.Edge(self._ids[tail], self._ids[head], **_quoted(attrs))
        self._parent(group).add_edge(edge)
        self._items.append(_Item(edge, list(lines), list(objects), True))

    def group(
        self,
        key: Key,
        lines: list[str] | None = None,
        objects: Iterable[t.Located] = (),
        parent: Key | None = None,
        **attrs: str,
    ) -> Key:
        """A cluster (a box around nodes, drawn with `lines` as its title) or, without
        lines, a plain subgraph (for `rank=same`). Returns `key`, for `group=` arguments."""
        if key in self._groups:
            return key
        name = f"c{self._clusters}"
        self._clusters += 1
        if lines is None:
            group = pydot.Subgraph(name, **_quoted(attrs))
        else:
            group = _Cluster(name, **_quoted(attrs))
            self._items.append(_Item(group, list(lines), list(objects), False))
            self._item_of[key] = self._items[-1]
        self._parent(parent).add_subgraph(group)
        self._groups[key] = group
        return key

    def attach(self, key: Key, obj: t.Located) -> None:
        """Let the node or cluster drawn for `key` stand for `obj` too (its findings show
        there): a second definition of an id, drawn once."""
        item = self._item_of.get(key)
        if item is not None and obj not in item.objects:
            item.objects.append(obj)

    def same_rank(self, keys: Iterable[Key]) -> None:
        """Put the nodes drawn for `keys` in one rank (one column of a left-to-right chart)."""
        same = pydot.Subgraph(f"c{self._clusters}", rank="same")
        self._clusters += 1
        for key in keys:
            if key in self._ids:  # a key nothing was drawn for has no place to hold
                same.add_node(pydot.Node(self._ids[key]))
        self.dot.add_subgraph(same)

    def size(self) -> tuple[int, int]:
        """(nodes, edges) drawn so far: what Graphviz's time grows with."""
        edges = sum(item.is_edge for item in self._items)
        return len(self._ids), edges

    def group_name(self, key: Key) -> str:
        """The DOT name of a cluster, for `lhead` and `ltail`."""
        return self._groups[key].get_name()

    def _parent(self, group: Key | None) -> pydot.Graph:
        return self.dot if group is None else self._groups[group]

    # -- finishing -------------------------------------------------------------------------

    def finish(self, legend: bool = True, also_shown: Iterable[Finding] = ()) -> pydot.Dot:
        """Write every label, mark the findings, add the legend (unless `legend` is off; it
        counts `also_shown`, the findings on other charts it stands for, as shown);
        return the DOT graph."""
        shown: dict[Finding, None] = {}
        marks: dict[tuple, dict[str, str]] = {}  # the same findings on many items (a unit's
        # on its lane in every row of a long process): their marks made once
        for item in self._items:
            findings = self._findings_on(item.objects)
            if findings:
                shown.update(dict.fromkeys(findings))
                item.element.set("label", style.label(_lines_with(item.lines, findings)))
                kind = (isinstance(item.element, pydot.Cluster), item.is_edge, *findings)
                if kind not in marks:
                    marks[kind] = _mark(item, findings)
                for name, value in marks[kind].items():
                    item.element.set(name, value)
            else:
                item.element.set("label", style.label(item.lines))
        self.shown = set(shown)
        if not legend:
            return self.dot
        counted = self.shown.union(also_shown)
        if self.marks is not None and self.about is not None:  # a process's, a unit's
            elsewhere = len(self.about - counted)
            self.legend.findings(len(counted), elsewhere)
        elif self.marks is not None:
            self.legend.findings(len(counted), _distinct(self.marks) - len(counted))
        attrs = _quoted({"shape": "plain", "style": "solid", "fillcolor": "none"})
        legend = pydot.Node("legend", label=self.legend.html(), **attrs)
        self._parent(self.legend_group).add_node(legend)
        if self.legend_below in self._ids:
            # hung by its left side, so that it lies under the chart, not out to the left
            below = _quoted({"style": "invis", "weight": "0", "headport": "w"})
            self.dot.add_edge(pydot.Edge(self._ids[self.legend_below], "legend", **below))
        return self.dot

    def _findings_on(self, objects: list[t.Located]) -> list[Finding]:
        if self.marks is None:
            return []
        on = self.marks.on
        found = {f: None for obj in objects for f in on(obj)}
        return sorted(found, key=Finding.sort_key) if found else []


_DISTINCT: weakref.WeakKeyDictionary[Marks, int] = weakref.WeakKeyDictionary()


def _distinct(marks: Marks) -> int:
    """How many different findings `marks` holds, counted once for all the charts that
    share it (counted for each, a report of 1,200 processes spent 6 s on it)."""
    if marks not in _DISTINCT:
        _DISTINCT[marks] = len(set(marks.findings))
    return _DISTINCT[marks]


def _lines_with(lines: list[str], findings: list[Finding]) -> list[str]:
    if not findings:
        return lines
    rules = sorted({finding.rule for finding in findings})
    return [*lines, f"{style.NO} " + ", ".join(rules)]


def _mark(item: _Item, findings: list[Finding]) -> dict[str, str]:
    """The attributes that draw `findings` on `item`: red, thicker, and a tooltip with the
    messages (shown on hover in the SVG)."""
    tips = [f"{f.rule}: {style.clean(f.message)}" for f in findings[:MAX_TOOLTIP_FINDINGS]]
    if len(findings) > MAX_TOOLTIP_FINDINGS:
        tips.append(f"... and {len(findings) - MAX_TOOLTIP_FINDINGS} more")
    colour_key = "pencolor" if isinstance(item.element, pydot.Cluster) else "color"
    attrs = {colour_key: style.FINDING, "penwidth": "2.5", "tooltip": tips}
    if item.is_edge:
        attrs["fontcolor"] = style.FINDING
    return _quoted(attrs)


def _set(graph: pydot.Graph, attrs: dict) -> None:
    for name, value in _quoted(attrs).items():
        graph.set(name, value)


def _quoted(attrs: dict) -> dict[str, str]:
    """Every attribute value as a quoted DOT string; a list of lines becomes a label."""
    out = {}
    for name, value in attrs.items():
        if isinstance(value, style.Quoted):
            out[name] = value
        elif isinstance(value, list):
            out[name] = style.label(value)
        else:
            out[name] = style.quote(str(value))
    return out
