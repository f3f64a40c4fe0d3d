"""The architecture, as a test: each layer imports only the layers below it.

load → model → (workspace) → graph → rules → (project) → outputs → edit → tui, with commands
and the CLI on top. A lower layer that reaches up would tie, say, the loader to the charts, and make
`flowmap check` pay for what it does not use.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "flowmap"

# Each layer, and the flowmap modules it may import (besides itself).
BASE = {
    "flowmap",
    "flowmap.findings",
    "flowmap.memory",
    "flowmap.config",
    "flowmap.shares",
    "flowmap.dates",
    "flowmap.i18n",  # the words, in the chosen language (stdlib gettext only)
}
LOAD = BASE | {"flowmap.load"}
MODEL = LOAD | {"flowmap.model"}
WORKSPACE = MODEL | {"flowmap.workspace"}
GRAPH = WORKSPACE | {"flowmap.graph"}
RULES = GRAPH | {"flowmap.rules", "flowmap.config_file"}  # the config names rule ids
# roots, settings and organisations: which files are read together, and with what settings
# (and read on every core: flowmap.batch, a part of the workspace layer)
PROJECT = RULES | {"flowmap.project", "flowmap.batch"}
OUTPUTS = RULES | {"flowmap.outputs"}
EDIT = OUTPUTS | PROJECT | {"flowmap.edit"}
ALLOWED = {
    "flowmap.findings": {"flowmap"},
    "flowmap.memory": {"flowmap"},
    "flowmap.shares": {"flowmap"},
    "flowmap.dates": {"flowmap"},
    "flowmap.config": {"flowmap", "flowmap.load"},  # the limits are a setting
    "flowmap.i18n": {"flowmap"},
    "flowmap.catalogue": RULES,  # a development tool: the rules' docs are messages too
    "flowmap.load": LOAD,
    "flowmap.model": MODEL,
    "flowmap.workspace": WORKSPACE,
    "flowmap.graph": GRAPH,
    "flowmap.rules": RULES,
    "flowmap.config_file": RULES,
    "flowmap.project": PROJECT,
    "flowmap.progress": BASE,
    "flowmap.batch": WORKSPACE | {"flowmap.progress", "flowmap.batch"},
    "flowmap.outputs": OUTPUTS,
    "flowmap.edit": EDIT,
    "flowmap.tui": EDIT | {"flowmap.tui"},
}


def _layer(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "flowmap" or name.startswith("flowmap.")}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        if _layer(module) in ALLOWED:
            yield pytest.param(module, path, id=module)


@pytest.mark.parametrize(("module", "path"), list(_modules()))
def test_a_layer_imports_only_layers_below_it(module, path):
    allowed = ALLOWED[_layer(module)] | {_layer(module)}
    reaching_up = sorted(name for name in _imports(path) if _layer(name) not in allowed)
    assert reaching_up == [], f"{module} imports {reaching_up}"
