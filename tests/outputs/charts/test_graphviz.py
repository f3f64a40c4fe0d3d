"""Running `dot`: found in the documented order, stopped when it hangs, failures explained."""

from __future__ import annotations

import shutil
import time

import pytest

from flowmap.outputs.charts import GraphvizFailed, GraphvizMissing, find_dot, run_dot

GRAPH = "digraph g { a -> b }"


def _script(tmp_path, body: str):
    path = tmp_path / "fake-dot"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


def test_dot_argument_then_environment_then_path(tmp_path, monkeypatch):
    fake = _script(tmp_path, "cat")
    monkeypatch.setenv("FLOWMAP_DOT", str(fake))
    assert find_dot() == str(fake)
    assert find_dot(shutil.which("dot")) == shutil.which("dot")
    monkeypatch.delenv("FLOWMAP_DOT")
    assert find_dot() == shutil.which("dot")


def test_a_dot_that_hangs_is_stopped(tmp_path):
    fake = _script(tmp_path, "sleep 30")
    with pytest.raises(GraphvizFailed, match="longer than 0.5 s"):
        run_dot(GRAPH, "svg", dot=str(fake), timeout=0.5)


def test_a_dot_that_is_not_executable_is_missing(tmp_path):
    path = tmp_path / "dot"
    path.write_text("not a program")
    with pytest.raises(GraphvizMissing, match="apt-get install graphviz"):
        run_dot(GRAPH, "svg", dot=str(path))


def test_graphviz_errors_are_reported(tmp_path):
    with pytest.raises(GraphvizFailed, match="syntax error"):
        run_dot("digraph { a -> }", "svg")


def test_output_formats(tmp_path):
    assert run_dot(GRAPH, "svg").startswith(b"<?xml")
    assert run_dot(GRAPH, "png").startswith(b"\x89PNG")
    assert run_dot(GRAPH, "pdf").startswith(b"%PDF")
    with pytest.raises(ValueError):
        run_dot(GRAPH, "ps")


def test_pdf_carries_no_creation_time():
    first = run_dot(GRAPH, "pdf")
    time.sleep(1.1)  # the PDF date counts seconds
    assert run_dot(GRAPH, "pdf") == first
    assert b"/CreationDate (D:19700101000000" in first
