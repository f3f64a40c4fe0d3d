"""The commands of `flowmap`, one module each, all with one interface: the module docstring
(the command's `--help` description), `HELP` (one line for `flowmap --help`),
`add_arguments(parser)` and `run(args) -> exit code`. A module imports its heavy layers
inside `run`, so that `flowmap check` never pays for the editor or the charts.

Adding a command is adding its module and its name to `COMMANDS`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# In the order `flowmap --help` lists them.
COMMANDS = (
    "check",
    "rules",
    "render",
    "report",
    "export",
    "import",
    "edit",
    "customers",
    "suppliers",
    "graph",
    "schema",
    "completion",
    "survey",
)


def command(name: str) -> ModuleType:
    """The module of the command `name` (one of COMMANDS)."""
    if name not in COMMANDS:
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")
