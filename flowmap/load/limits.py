"""Bounds on untrusted input. Each has a config key of the same name under [tool.flowmap.limits]."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 10_000_000
    # Nodes that aliases would add if expanded: `*signed` on a three-item list adds three.
    # A billion-laughs file needs billions; real maps need a few thousand.
    max_alias_expansion: int = 100_000
    # How deep mappings and lists may nest, aliases expanded. A map needs about ten.
    max_depth: int = 64
    # Characters in one text (a name, a requirement, an item...). Longer is a `schema`
    # finding, and charts and the report show it shortened.
    max_text_length: int = 5_000


# The largest value each limit may be set to. The model, the rules and the charts walk
# nested operations recursively: 200 levels of nesting keep well inside Python's stack
# (measured: 240 levels of operations, 480 of YAML, overflow it). The others keep numbers
# within what reading and slicing take, and far above any real map.
CEILINGS = {
    "max_file_bytes": 2_000_000_000,
    "max_alias_expansion": 1_000_000_000,
    "max_depth": 200,
    "max_text_length": 100_000_000,
}

DEFAULT_LIMITS = Limits()
