"""User text is data: whatever a name holds, the DOT stays valid and the SVG stays inert."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowmap.outputs.charts import VIEWS, build_chart, run_dot, style, to_dot
from tests.outputs.charts.conftest import load, read_chart

HOSTILE = [
    'quote " inside',
    "back\\slash and trailing \\",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "a:b",
    "node",
    "graph",
    "line one\nline two",
    "nul \0 here",
    "bell \x07 and \x1b[31m escape",
    "\\N \\G \\l \\n names that Graphviz would expand",
    "&#x1; &#0; &amp; &lt;b&gt; entities",
    "<<b>html</b>> ]; } digraph x { y }",
    '<img src=x onerror="alert(1)">',
    "--> <!-- comment",
]
MAP = """\
flowmap: 1
customers:
  - {id: customer, name: "%(0)s"}
units:
  - {id: node, name: "%(1)s"}
  - {id: graph, name: "%(2)s"}
  - {id: edge, name: "%(3)s", kind: function}
roles:
  - {id: boss, name: "%(4)s", unit: node, rank: 1}
  - {id: strict, name: "%(5)s", unit: graph, rank: 2, reports_to: boss}
  - {id: subgraph, name: "%(6)s", unit: node, rank: 2, reports_to: boss}
services:
  - {id: s1, provider: edge, customers: ["*"], delivers: "%(7)s", requires: ["%(8)s"], due: 1d}
processes:
  - id: digraph
    name: "%(9)s"
    customer: customer
    steps:
      - {id: a, name: "%(10)s", by: customer, delivers: ["%(11)s"]}
      - id: b
        name: "%(12)s"
        by: strict
        recheck: [x]
        assure: [y]
        delivers: ["%(13)s"]
        rework: [b]
        needs: [{item: "%(11)s", requires: [z], due: 1d}]
      - {id: c, name: "%(14)s", by: subgraph, recheck: [x], assure: [y]}
      - {id: d, name: done, by: customer}
"""

LOADING = ("syntax", "schema", "duplicate-id", "unknown-reference")


def _yaml_string(text: str) -> str:
    """`text` as the inside of a YAML double-quoted string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\0", "\\0").replace("\x07", "\\a")
    return escaped.replace("\x1b", "\\e")


def _hostile_map(project):
    values = {str(i): _yaml_string(text) for i, text in enumerate(HOSTILE)}
    return project.write("hostile.yaml", MAP % values)


def assert_inert_svg(svg: bytes) -> ElementTree.Element:
    """Well-formed XML, no script, no event handler, no javascript: link."""
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "object", "embed"), tag
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (name, value)
            if local in ("href", "src"):
                raise AssertionError(f"a link in the chart: {name}={value!r}")
            assert "javascript:" not in value.lower() or local == "title", (name, value)
    return root


def _attributes(graph):
    """Every (name, value) of every attribute in the graph, its subgraphs, nodes and edges."""
    yield from graph.get_attributes().items()
    for element in (*graph.get_nodes(), *graph.get_edges()):
        yield from element.get_attributes().items()
    for sub in graph.get_subgraphs():
        yield from _attributes(sub)


def _texts(root: ElementTree.Element) -> str:
    """The text the SVG shows, runs of (no-break) spaces as one space."""
    lines = (e.text or "" for e in root.iter() if e.tag.endswith("text"))
    return "\n".join(" ".join(line.replace("\xa0", " ").split()) for line in lines)


def test_hostile_names_give_valid_dot_and_inert_svg(project):
    loaded = load(_hostile_map(project))
    # it loads: the rules' findings about the small map's completeness do not matter here
    assert not [f for f in loaded.findings if f.rule in LOADING]
    for view in VIEWS:
        node_id = {"process": "digraph", "around": "strict"}.get(view)
        chart = build_chart(loaded.org, loaded.graph, loaded.findings, view, node_id)
        dot = to_dot(chart)
        # synthetic ids only, every attribute value quoted (the legend is the one HTML label)
        assert set(re.findall(r"^(\w+) \[", dot, re.M)) <= {"node", "edge", "legend"} | {
            f"n{i}" for i in range(len(dot))
        }
        for name, value in _attributes(chart):
            assert (
                value.startswith('"')
                and value.endswith('"')
                or (name == "label" and value.startswith("<<TABLE"))
            ), (name, value)
        assert "script" not in chart.get_node("legend")[0].get("label")
        root = assert_inert_svg(run_dot(dot, "svg"))
        texts = _texts(root)
        if view in ("process", "around"):
            assert "<script>alert(1)</script>" in texts  # shown, as text
        if view == "process":
            assert "back\\slash and trailing \\" in texts
            assert "\\N \\G \\l \\n names that" in texts
            assert "&#x1; &#0; &amp; &lt;b&gt;" in texts
            assert "Process: bell and [31m escape" in texts  # control characters dropped
        if view == "functions":
            assert "nul here" in texts and "line one line two" in texts


def test_hostile_names_read_back_as_written(project):
    loaded = load(_hostile_map(project))
    drawn = read_chart(build_chart(loaded.org, loaded.graph, [], "process", "digraph"))
    labels = [line for n in drawn.nodes.values() for line in n.lines]
    labels += [line for e in drawn.edges for line in e.lines]
    labels += [line for title in drawn.cluster_titles() for line in title]
    assert "<script>alert(1)</script>" in labels  # a lane
    assert "back\\slash and trailing \\" in labels  # a lane
    assert labels[labels.index("<img src=x") :][:2] == ["<img src=x", 'onerror="alert(1)">']
    assert "&#x1; &#0; &amp; &lt;b&gt;" in labels


def test_graphviz_parses_what_pydot_writes_for_keywords(project):
    """`node`, `graph`, `edge`, `strict` and `subgraph` are ids in the map, never in the DOT."""
    loaded = load(_hostile_map(project))
    dot = to_dot(build_chart(loaded.org, loaded.graph, [], "customers"))
    done = subprocess.run(
        [shutil.which("dot"), "-Tplain"], input=dot.encode(), check=True, capture_output=True
    )
    nodes = [
        line.split()[1] for line in done.stdout.decode().splitlines() if line.startswith("node ")
    ]
    assert all(re.fullmatch(r"n\d+|legend", name) for name in nodes), nodes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=60))
def test_any_text_is_drawn_literally(text):
    lines = style.wrap(text)
    dot = f"digraph g {{ n0 [label={style.label(lines)}, shape=box]; }}"
    root = assert_inert_svg(run_dot(dot, "svg"))
    drawn = [e.text or "" for e in root.iter() if e.tag.endswith("text")]
    # Graphviz writes runs of spaces as no-break spaces and drops lines' outer spaces
    normal = [" ".join(line.replace("\xa0", " ").split()) for line in drawn]
    assert normal == [" ".join(line.split()) for line in lines if line.strip()]
