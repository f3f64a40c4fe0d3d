"""Rules: one module per rule id, each a docstring, `ID`, `SEVERITY` and `check(org, config)`.

`check` yields `Issue`s; the engine turns them into findings with the rule's configured
severity and the place of the issue's subject, and applies waivers.
"""

from __future__ import annotations

from types import ModuleType

from flowmap.rules import (
    duplicate_id,
    include_cycle,
    schema,
    syntax,
    unknown_reference,
)

# In the order of FORMAT.md's table; rules added later go after the ones it fixes.
_MODULES: tuple[ModuleType, ...] = (
    syntax,
    schema,
    duplicate_id,
    unknown_reference,
    include_cycle,
)

RULES: dict[str, ModuleType] = {module.ID: module for module in _MODULES}
