"""The README's "How the code is laid out" matches the folders."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]


def test_every_package_of_flowmap_is_described():
    section = _section()
    packages = [p for p in sorted((REPO / "flowmap").iterdir()) if (p / "__init__.py").exists()]
    packages += [p for p in sorted((REPO / "flowmap").iterdir()) if p.name == "model"]
    missing = [p.name for p in packages if f"`flowmap/{p.name}/`" not in section]
    assert missing == []


def test_every_path_the_section_names_exists():
    section = _section()
    named = re.findall(r"`((?:flowmap|tests|docs|bench|scripts|processes)/[\w./-]*)`", section)
    assert named
    assert [path for path in named if not (REPO / path).exists()] == []
