"""Load: YAML text -> nodes with positions; includes; limits. No knowledge of the domain."""

from __future__ import annotations

from flowmap.load.limits import DEFAULT_LIMITS, Limits
from flowmap.load.text import read_text
from flowmap.load.yaml_nodes import compose

__all__ = ["DEFAULT_LIMITS", "Limits", "compose", "read_text"]
