"""A chart's pydot graph as DOT text: the very text pydot's `to_string` writes, made faster.

pydot asks of every attribute value whether it needs quotes, looking at each character in
Python. A chart's values are quoted already (`style.quote`, `style.label`) or HTML-like
(the legend), which pydot then writes as they are. Measured (CPU, in one process): the 800
row charts of 400 small processes 0.28 s with pydot's `to_string`, 0.08 s here (the report
of 1,200 processes draws 2,413 charts); a 1,000-step process 28 ms against 12 ms. Here a
value that starts and ends with `"`, or with `<` and `>`, is written as it is; every other
value goes through pydot's own quoting. A node or edge is written here when its names are
plain DOT ids (`n12`, `legend`: letters, digits and `_`, not a keyword), which pydot writes
as they are; any other through pydot's own `to_string` (the names pydot would look at
character by character cost a 1,000-step process a third of its DOT text's time).
tests/outputs/charts/test_dot_text.py holds the text equal to pydot's for every view and
for hostile names.
"""

from __future__ import annotations

from typing import Any

import pydot
from pydot.core import quote_attr_if_necessary, quote_id_if_necessary


def _format_attr(key: str, value: Any) -> str:
    """pydot's `Common._format_attr`, without the look at a value quoted already."""
    if isinstance(value, str) and len(value) > 1 and (value[0], value[-1]) in _AS_IS:
        return f"{key}={value}"  # the common case first: neither "" nor None
    if value == "":
        value = '""'
    if value is None:
        return key
    if isinstance(value, str) and len(value) > 1 and (value[0], value[-1]) in _AS_IS:
        return f"{key}={value}"
    return f"{key}={quote_attr_if_necessary(value)}"


_AS_IS = {('"', '"'), ("<", ">")}  # pydot leaves these values as they are

# A name pydot writes as it is: `id_re_alpha_nums` in pydot.core (`[_a-zA-Z][a-zA-Z0-9_]*`,
# an ASCII identifier), keywords excepted (pydot quotes those, or leaves out a node named
# like one that has no attributes).
_KEYWORDS = {"graph", "subgraph", "digraph", "node", "edge", "strict"}


def _plain(name: Any) -> bool:
    return (
        isinstance(name, str)
        and name.isascii()
        and name.isidentifier()
        and name.lower() not in _KEYWORDS
    )


def _attrs(attributes: dict) -> str:
    """pydot's `attrs_string(prefix=" ")`."""
    if not attributes:
        return ""
    return " [" + ", ".join(_format_attr(k, v) for k, v in attributes.items()) + "]"


class _Node(pydot.Node):
    _format_attr = staticmethod(_format_attr)


class _Edge(pydot.Edge):
    _format_attr = staticmethod(_format_attr)


def dot_text(graph: pydot.Dot) -> str:
    """`graph.to_string()`, the same text; pydot's own for a graph that is strict, drops
    disconnected nodes, simplifies, or joins subgraphs by edges (charts never do)."""
    if _unusual(graph.obj_dict):
        return graph.to_string()
    out: list[str] = []
    _write(graph.obj_dict, out)
    return "".join(out)


def _unusual(obj: dict) -> bool:
    if obj.get("strict") or obj.get("suppress_disconnected") or obj.get("simplify"):
        return True
    for edges in obj["edges"].values():
        for edge in edges:
            if not all(isinstance(point, str) for point in edge["points"]):
                return True
    return any(_unusual(sub) for subs in obj["subgraphs"].values() for sub in subs)


def _write(obj: dict, out: list[str]) -> None:
    """pydot 4's `Graph.to_string` (no indent), for a graph `_unusual` lets through."""
    first = []
    if obj["type"] != "subgraph" or obj.get("show_keyword", True):
        first.append(obj["type"])
        name = obj.get("name")
        if name:
            first.append(name if _plain(name) else quote_id_if_necessary(name))
    first.append("{\n")
    out.append(" ".join(first))
    out.extend(f"{_format_attr(k, v)};\n" for k, v in obj["attributes"].items())
    children = [edge for edges in obj["edges"].values() for edge in edges]
    children += [node for nodes in obj["nodes"].values() for node in nodes]
    children += [sub for subs in obj["subgraphs"].values() for sub in subs]
    children.sort(key=lambda child: child["sequence"])
    arrow = None
    for child in children:
        kind = child["type"]
        if kind == "node":
            name = child["name"]
            if _plain(name):
                out.append(f"{name}{_attrs(child['attributes'])};\n")
            else:
                out.append(f"{_Node(obj_dict=child).to_string(indent='', indent_level=1)}\n")
        elif kind == "edge":
            tail, head = child["points"]
            if _plain(tail) and _plain(head):
                if arrow is None:  # the top graph's kind: the same for all edges
                    arrow = (
                        "->" if _Edge(obj_dict=child).get_top_graph_type() == "digraph" else "--"
                    )
                out.append(f"{tail} {arrow} {head}{_attrs(child['attributes'])};\n")
            else:
                out.append(f"{_Edge(obj_dict=child).to_string(indent='', indent_level=1)}\n")
        else:
            _write(child, out)
    out.append("}")
    out.append("\n")
