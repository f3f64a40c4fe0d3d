"""Plain, shallow maps are composed by libyaml's C composer; the tree and the findings are the
ones the event composer gives."""

from __future__ import annotations

import subprocess
import sys

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
    ],
)
def test_anchors_tags_and_odd_breaks_take_the_event_composer(text):
    assert not yaml_nodes._plain_and_shallow(text)


@pytest.mark.parametrize(
    "text", ["a: " + "[" * 300 + "]" * 300 + "\n", "a:\n" + " " * 300 + "b: 1\n"]
)
def test_deep_texts_take_the_event_composer_when_libyaml_does_not_bound_nesting(text, monkeypatch):
    monkeypatch.setattr(yaml_nodes, "libyaml_bounds_depth", lambda: False)
    assert not yaml_nodes._plain_and_shallow(text)


def test_a_map_with_many_flow_lists_is_composed_in_c():
    step = "  - {id: s, recheck: [a], assure: [b], needs: [{item: c, requires: [d]}]}\n"
    text = "flowmap: 1\nsteps:\n" + step * 500
    assert yaml_nodes.libyaml_bounds_depth()
    assert yaml_nodes._plain_and_shallow(text)


@pytest.mark.parametrize("levels", [65, 300, 999, 1_000, 1_200])
def test_a_deep_plain_text_is_the_same_finding_both_ways(levels, monkeypatch):
    text = "a: " + "[" * levels + "]" * levels + "\n"
    fast = yaml_nodes.compose(text, "x.yaml", Limits())
    slow = _by_events(monkeypatch, text, Limits())
    assert fast == slow and "nest more than 64" in fast[1][0].message


def test_a_syntax_error_is_the_same_finding_both_ways(monkeypatch):
    text = "flowmap: 1\nsteps:\n  - id: a\n   by: b\n"
    fast = yaml_nodes.compose(text, "x.yaml", Limits())
    slow = _by_events(monkeypatch, text, Limits())
    assert fast == slow and fast[0] is None and fast[1][0].line == 4


# The deepest nesting libyaml lets through, composed by the C composer on a thread's stack
# (the editor re-reads maps in worker threads): a crash would kill the child, not the tests.
_DEEPEST_IN_A_THREAD = """
import threading
from flowmap.load import Limits, yaml_nodes
text = "[" * 1000 + "]" * 1000
found = []
worker = threading.Thread(target=lambda: found.append(yaml_nodes._c_composed(text, Limits())))
worker.start()
worker.join()
print(found == [False])
"""


def test_the_c_composer_bears_the_deepest_nesting_libyaml_allows_on_a_thread():
    assert yaml_nodes.libyaml_bounds_depth()
    done = subprocess.run(
        [sys.executable, "-c", _DEEPEST_IN_A_THREAD], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == "True", done.stderr
