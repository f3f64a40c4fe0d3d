"""Bounds on untrusted input. Each has a config key of the same name under [tool.flowmap.limits]."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 10_000_000
    # Nodes that aliases would add if expanded: `*signed` on a three-item list adds three.
    # A billion-laughs file needs billions; real maps need a few thousand.
    max_alias_expansion: int = 100_000
    # How deep mappings and lists may nest. A map needs about ten levels.
    max_depth: int = 64

    @classmethod
    def from_config(cls, table: dict) -> Limits:
        known = {k: int(v) for k, v in table.items() if k in cls.__dataclass_fields__}
        return cls(**known)


DEFAULT_LIMITS = Limits()
