"""Plain, shallow maps are composed by libyaml's C composer; the tree and the findings are the
ones the event composer gives."""

from __future__ import annotations

import pytest
from yaml.nodes import ScalarNode

from flowmap.load import Limits, yaml_nodes
from tests.conftest import PROCESSES


def _shape(node):
    """A node tree as comparable data: tag, value, and where it starts and ends."""
    if node is None:
        return None
    place = (node.tag, node.start_mark.index, node.end_mark.index)
    if isinstance(node, ScalarNode):
        return (*place, node.value, node.style)
    if isinstance(node.value, list) and node.value and isinstance(node.value[0], tuple):
        return (*place, [(_shape(k), _shape(v)) for k, v in node.value])
    return (*place, [_shape(child) for child in node.value])


def _by_events(monkeypatch, text, limits):
    with monkeypatch.context() as patch:
        patch.setattr(yaml_nodes, "_plain_and_shallow", lambda text: False)
        return yaml_nodes.compose(text, "x.yaml", limits)


@pytest.mark.parametrize("path", sorted(PROCESSES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_processes_maps_compose_alike_both_ways(path, monkeypatch):
    text = path.read_text(encoding="utf-8").replace("&", "and")  # R&D would take the slow way
    assert yaml_nodes._plain_and_shallow(text)
    fast, fast_findings = yaml_nodes.compose(text, "x.yaml", Limits())
    slow, slow_findings = _by_events(monkeypatch, text, Limits())
    assert fast_findings == slow_findings == []
    assert _shape(fast) == _shape(slow)


def test_a_plain_map_nested_too_deep_is_the_same_finding_both_ways(monkeypatch):
    lines, indent = ["flowmap: 1", "x:"], "  "
    for _ in range(70):
        lines.append(f"{indent}- ")
        indent += "  "
    text = "\n".join(lines) + "\n"
    assert yaml_nodes._plain_and_shallow(text)
    fast = yaml_nodes.compose(text, "x.yaml", Limits())
    slow = _by_events(monkeypatch, text, Limits())
    assert fast[0] is None and fast[1] == slow[1] and "nest more than 64" in fast[1][0].message


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1]\nb: *x\n",
        "a: {b: 1}\n<<: {c: 2}\n",
        "a: !!str 1\n",
        "a: 1\rb: 2\r",
        "a: 1\u2028b: 2\n",
        "a: " + "[" * 300 + "]" * 300 + "\n",
        "a:\n" + " " * 300 + "b: 1\n",
    ],
)
def test_anchors_tags_odd_breaks_and_deep_texts_take_the_event_composer(text):
    assert not yaml_nodes._plain_and_shallow(text)
