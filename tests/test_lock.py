"""The environment the tests run in is the committed lock, so a fresh clone tests what CI tested."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)", re.M)


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def installed() -> dict[str, str]:
    return {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if dist.metadata["Name"]
    }


def test_every_locked_package_is_installed_at_its_locked_version():
    have = installed()
    differ = {name: (version, have.get(name)) for name, version in locked().items()}
    assert {name: pair for name, pair in differ.items() if pair[0] != pair[1]} == {}


def test_nothing_is_installed_beside_the_lock_but_flowmap_itself():
    extra = set(installed()) - set(locked()) - {"flowmap"}
    assert extra == set()


def test_every_declared_dependency_is_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = project["optional-dependencies"]
    assert set(groups) == {"test", "lint", "lock", "bench", "i18n"}  # the tools, each apart
    declared = project["dependencies"] + [line for group in groups.values() for line in group]
    pins = locked()
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is declared in pyproject.toml but not locked: run make lock"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} breaks {line!r}"


# Modules of flowmap that only developers run, with the extra that brings what they import:
# `python -m flowmap.catalogue` (Babel) keeps the message catalogue in step; flowmap itself
# reads the compiled catalogue with the standard library.
DEVELOPMENT_TOOLS = {"flowmap/catalogue.py": "i18n"}


def test_a_development_tool_imports_only_flowmap_and_its_extra():
    import ast
    import sys

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for tool, extra in DEVELOPMENT_TOOLS.items():
        declared = {
            canonicalize_name(Requirement(line).name)
            for line in project["dependencies"] + project["optional-dependencies"][extra]
        }
        imported = set()
        for node in ast.walk(ast.parse((ROOT / tool).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
        third_party = imported - set(sys.stdlib_module_names) - {"flowmap"}
        distributions = metadata.packages_distributions()
        assert {canonicalize_name(distributions[name][0]) for name in third_party} <= declared


def test_every_package_flowmap_imports_is_declared():
    """What `pip install flowmap` brings is what flowmap imports (nothing taken for granted
    because another dependency happens to bring it)."""
    import ast
    import sys

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {canonicalize_name(Requirement(line).name) for line in project["dependencies"]}
    imported = set()
    for path in (ROOT / "flowmap").rglob("*.py"):
        if path.relative_to(ROOT).as_posix() in DEVELOPMENT_TOOLS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"flowmap"}
    distributions = metadata.packages_distributions()
    needed = {canonicalize_name(distributions[name][0]) for name in third_party}
    assert needed - declared == set()
