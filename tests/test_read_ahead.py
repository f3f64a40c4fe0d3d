"""`flowmap render` reads its few maps in a forked child while it imports (flowmap.read_ahead):
the same chart, byte for byte, whether the child read them, failed, or was not started."""

from __future__ import annotations

import os

import pytest

import flowmap.workspace
from flowmap import read_ahead
from flowmap.load.limits import DEFAULT_LIMITS

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


@pytest.fixture
def reads_here(monkeypatch):
    """The files `read_map` read in this process (the child's reads are its own)."""
    read = []
    real = flowmap.workspace.read_map

    def counted(path, shown, *args, **kwargs):
        read.append(shown)
        return real(path, shown, *args, **kwargs)

    monkeypatch.setattr(flowmap.workspace, "read_map", counted)
    return read


def _render(cli, project, name: str) -> bytes:
    out = project.root / name
    view = ["--view", "process", "--id", "order-to-delivery"]
    result = cli("render", "processes", *view, "-o", str(out))
    assert result.code == 0, result.err
    return out.read_bytes()


def test_the_maps_are_read_in_the_child_and_the_chart_is_the_same(
    cli, project, reads_here, monkeypatch
):
    project.copy_processes()
    ahead = _render(cli, project, "ahead.dot")
    assert reads_here == []  # every map came from the child
    monkeypatch.setattr(read_ahead, "MAX_FILES", -1)
    here = _render(cli, project, "here.dot")
    assert reads_here  # read in this process this time
    assert ahead == here


def test_a_failing_child_costs_only_time(cli, project, reads_here, monkeypatch):
    project.copy_processes()
    expected = _render(cli, project, "ahead.dot")

    def broken(*args):
        raise RuntimeError("a bug in the child")

    monkeypatch.setattr(read_ahead, "_read", broken)
    assert _render(cli, project, "failed.dot") == expected
    assert reads_here  # the files were read here instead


def test_many_or_large_files_are_read_here(project, monkeypatch):
    small = [(project.write(f"m{i}.yaml", "flowmap: 1\n"), f"m{i}.yaml") for i in range(3)]
    assert len(read_ahead._worth_reading_ahead(small)) == 3
    monkeypatch.setattr(read_ahead, "MAX_FILES", 2)
    assert read_ahead._worth_reading_ahead(small) == []
    monkeypatch.setattr(read_ahead, "MAX_FILES", 20)
    monkeypatch.setattr(read_ahead, "MAX_BYTES", 10)
    assert read_ahead._worth_reading_ahead(small) == []


def test_a_command_stopped_meanwhile_stops_the_child(project, monkeypatch):
    named = [(project.write("m.yaml", "flowmap: 1\n"), "m.yaml")]
    started = []
    start = read_ahead._start

    def recorded(*args):
        child = start(*args)
        started.append(child)
        return child

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(read_ahead, "_start", recorded)
    with pytest.raises(KeyboardInterrupt):
        read_ahead.ReadAhead(interrupted)(named, DEFAULT_LIMITS, {})
    ((pid, _source),) = started
    with pytest.raises(ChildProcessError):  # stopped and reaped already
        os.waitpid(pid, 0)


def test_the_files_come_back_with_their_times(project):
    path = project.write("m.yaml", "flowmap: 1\nprocesses: []\n")
    seconds: dict = {}
    found = read_ahead.ReadAhead(lambda: None)([(path, "m.yaml")], DEFAULT_LIMITS, seconds)
    key = (path.resolve(), "m.yaml")
    assert repr(found[key]) == repr(flowmap.workspace.read_map(path, "m.yaml", DEFAULT_LIMITS))
    assert seconds[key] > 0


def test_files_not_read_ahead_are_read_by_the_other_preload(project, monkeypatch):
    named = [(project.write("m.yaml", "flowmap: 1\n"), "m.yaml")]
    calls = []

    def pool():
        calls.append("made")
        return lambda named, limits, seconds: {"read": len(named)}

    monkeypatch.setattr(read_ahead, "MAX_FILES", 0)  # too many to read ahead
    ahead = read_ahead.ReadAhead(lambda: calls.append("meanwhile"), otherwise=pool)
    assert ahead(named, DEFAULT_LIMITS, {}) == {"read": 1}
    assert ahead(named, DEFAULT_LIMITS, {}) == {"read": 1}  # a second organisation
    assert calls == ["meanwhile", "made", "made"]
