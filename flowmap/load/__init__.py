"""Load: YAML text -> nodes with positions; includes; limits. No knowledge of the domain."""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from flowmap.findings import Finding
from flowmap.load.limits import DEFAULT_LIMITS, Limits
from flowmap.load.text import read_text
from flowmap.load.yaml_nodes import compose

__all__ = ["DEFAULT_LIMITS", "Limits", "load_nodes", "compose"]


def load_nodes(
    path: Path, shown: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[Node | None, list[Finding]]:
    """Read and compose one file. The root node is None when the file is empty or broken."""
    text, findings = read_text(path, shown, limits)
    if text is None:
        return None, findings
    return compose(text, shown, limits)
