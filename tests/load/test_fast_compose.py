"""Composing a map gives a tree whose every node points at its own text, and the same
findings for a fault however the text is written (block or flow, shallow or deep)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from yaml.nodes import ScalarNode

from flowmap.load import Limits, yaml_nodes
from tests.conftest import PROCESSES


def _scalars(node):
    if isinstance(node, ScalarNode):
        yield node
        return
    for child in node.value:
        if isinstance(child, tuple):
            yield from _scalars(child[0])
            yield from _scalars(child[1])
        else:
            yield from _scalars(child)


@pytest.mark.parametrize("path", sorted(PROCESSES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_plain_value_of_the_processes_maps_is_found_where_it_is_written(path):
    text = path.read_text(encoding="utf-8")
    root, findings = yaml_nodes.compose(text, "x.yaml", Limits())
    assert findings == []
    plain = [node for node in _scalars(root) if not node.style]
    assert plain
    for node in plain:
        assert text[node.start_mark.index : node.end_mark.index] == node.value


def test_a_plain_map_nested_too_deep_is_a_finding():
    lines, indent = ["flowmap: 1", "x:"], "  "
    for _ in range(70):
        lines.append(f"{indent}- ")
        indent += "  "
    root, findings = yaml_nodes.compose("\n".join(lines) + "\n", "x.yaml", Limits())
    assert root is None and "nest more than 64" in findings[0].message


@pytest.mark.parametrize("levels", [65, 300, 999, 1_000, 1_200])
def test_a_deep_text_is_a_finding_at_every_depth(levels):
    text = "a: " + "[" * levels + "]" * levels + "\n"
    root, findings = yaml_nodes.compose(text, "x.yaml", Limits())
    assert root is None and len(findings) == 1
    assert "nest more than 64" in findings[0].message


def test_a_syntax_error_is_a_finding_on_its_line():
    text = "flowmap: 1\nsteps:\n  - id: a\n   by: b\n"
    root, findings = yaml_nodes.compose(text, "x.yaml", Limits())
    assert root is None and findings[0].line == 4


# The deepest nesting libyaml lets through, composed on a thread's stack (the editor re-reads
# maps in worker threads): a crash would kill the child, not the tests.
_DEEPEST_IN_A_THREAD = """
import threading
from flowmap.load import Limits, yaml_nodes
text = "[" * 1000 + "]" * 1000
found = []
worker = threading.Thread(
    target=lambda: found.append(yaml_nodes.compose(text, "x.yaml", Limits(max_depth=200)))
)
worker.start()
worker.join()
print(found[0][0] is None and "nest more than 200" in found[0][1][0].message)
"""


def test_composing_bears_the_deepest_nesting_libyaml_allows_on_a_thread():
    done = subprocess.run(
        [sys.executable, "-c", _DEEPEST_IN_A_THREAD], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == "True", done.stderr
