"""Sessions on copies of processes/ and of a hand-written fixture with CRLF line endings."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowmap.edit import EditSession

FIXTURE = Path(__file__).parent / "fixture-crlf.yaml.txt"


@pytest.fixture
def processes(project):
    project.copy_processes()
    return EditSession.open(["processes"])


@pytest.fixture
def crlf(project):
    data = FIXTURE.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    project.write_bytes("hand.yaml", data)
    return EditSession.open(["hand.yaml"])


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """(old line, new line) pairs that differ, for texts with the same number of lines."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), (len(old), len(new))
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]
