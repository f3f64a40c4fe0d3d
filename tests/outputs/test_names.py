"""A file name that is not UTF-8 is shown escaped (`\\xff`) in every output, never a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_flowmap

BAD_NAME = b"bad\xff.yaml"


@pytest.fixture
def bad_name(project) -> Path:
    path = os.fsencode(project.root) + b"/maps/" + BAD_NAME
    os.makedirs(project.root / "maps")
    with open(path, "wb") as handle:
        handle.write(b"flowmap: 1\ntitel: typo\n")
    return project.root


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_every_check_format_shows_the_name_escaped(bad_name, fmt):
    result = run_flowmap(
        "check", "maps", "--format", fmt, cwd=bad_name, env={"PYTHONIOENCODING": "utf-8"}
    )
    assert result.code == 1, result.err
    shown = "bad%FF.yaml" if fmt == "sarif" else "bad\\xff.yaml"  # SARIF: the file's URI
    assert shown in result.out.replace("\\\\", "\\")
    assert "Traceback" not in result.err


def test_json_names_the_file_escaped(bad_name):
    result = run_flowmap("check", "maps", "--format", "json", cwd=bad_name)
    [finding] = json.loads(result.out)["findings"]
    assert finding["file"] == os.path.join("maps", "bad\\xff.yaml")


def test_the_report_shows_the_name_escaped(bad_name):
    result = run_flowmap("report", "maps", "-o", "out", "--dot", "/nonexistent/dot", cwd=bad_name)
    assert result.code == 0, result.err
    html = (bad_name / "out" / "report.html").read_text(encoding="utf-8")
    assert "bad\\xff.yaml" in html
