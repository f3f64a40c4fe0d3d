"""`flowmap report` draws its charts in a forked process while the main one makes the tables
(`_drawn_aside`): the same files as drawn in the process itself, and when the fork cannot be
made or its process fails, the charts are drawn here all the same."""

from __future__ import annotations

import os
import shutil

import pytest

from bench.corpus import ORG, lean_processes
from flowmap.outputs import report as report_module

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")


def _files(cli, project, folder: str) -> dict[str, bytes]:
    assert cli("report", "map.yaml", "-o", folder).code in (0, 1)
    out = project.root / folder
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


@pytest.fixture
def maps(project):
    project.write("org.yaml", ORG)
    project.write("map.yaml", lean_processes("p", 14, 8))  # a page per process, rows
    return project


@needs_dot
def test_the_forked_process_draws_what_this_one_would(cli, maps, monkeypatch):
    forks = []
    fork = os.fork

    def counted() -> int:
        child = fork()
        if child:
            forks.append(child)
        return child

    monkeypatch.setattr(os, "fork", counted)
    aside = _files(cli, maps, "aside")
    assert len(forks) == 1  # the charts were drawn by the forked process
    monkeypatch.delattr(os, "fork")  # no fork: drawn here, by threads of this process
    here = _files(cli, maps, "here")
    assert aside.keys() == here.keys() and len([n for n in here if n.endswith(".svg")]) > 20
    assert aside == here
    assert b"<svg " in here["process-p0.html"]  # the chart inline in its page


@needs_dot
def test_a_failed_fork_is_drawn_here(cli, maps, monkeypatch):
    expected = _files(cli, maps, "expected")

    def broken(*args, **kwargs):
        raise RuntimeError("the forked process fails before it sends anything")

    monkeypatch.setattr(report_module.pickle, "dump", broken)  # only the forked process pickles
    assert _files(cli, maps, "failed") == expected
