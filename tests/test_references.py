"""What the code's docstrings and comments send a reader to is in the repository."""

from __future__ import annotations

import re

from tests.conftest import REPO

_NAMED = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.md)\b")


def test_every_markdown_file_the_code_names_exists():
    missing = set()
    for path in [*(REPO / "flowmap").rglob("*.py"), *(REPO / "tests").rglob("*.py")]:
        for name in _NAMED.findall(path.read_text(encoding="utf-8")):
            if not any((base / name).exists() for base in (REPO, REPO / "docs", path.parent)):
                missing.add(f"{path.relative_to(REPO)}: {name}")
    assert not missing
