"""Formats and views are added through their registries: an entry is all it takes for the
command line to offer it, document it and use it."""

from __future__ import annotations

import pytest

from flowmap.outputs import registry
from flowmap.outputs.registry import EMITTERS, VIEWS, Checked, Emitter, View
from tests.commands.test_check import CHAIN, ORG


@pytest.fixture
def chain(project):
    project.write("_org.yaml", ORG)
    project.write("chain.yaml", CHAIN.replace("        assure: [Entered the same day]\n", ""))
    return project


def test_a_format_added_to_the_registry_is_offered_and_used(cli, chain, monkeypatch):
    count = Emitter("a count", lambda checked: f"{len(checked.findings)} in {checked.files}\n")
    monkeypatch.setitem(EMITTERS, "count", count)
    result = cli("check", "--format", "count", "chain.yaml")
    assert result.code == 1
    assert result.out.startswith("1 in [") and "chain.yaml" in result.out
    assert "count, a count" in cli("check", "--help").out


@pytest.mark.parametrize("name", list(EMITTERS))
def test_every_format_writes_the_same_finding(name, cli, chain):
    result = cli("check", "--format", name, "chain.yaml")
    assert result.code == 1 and "assure-own" in result.out


def test_every_format_and_view_says_what_it_is_for(cli):
    check_help = " ".join(cli("check", "--help").out.split())
    render_help = " ".join(cli("render", "--help").out.split())
    for name, emitter in EMITTERS.items():
        assert f"{name}, {' '.join(emitter.help.split())}" in check_help
    for name, view in VIEWS.items():
        assert f"{name}, {' '.join(view.help.split())}" in render_help


def test_a_view_added_to_the_registry_is_drawn(cli, chain, monkeypatch):
    def units(sketch: registry.Sketch):
        from flowmap.outputs.charts.org_view import org_chart

        drawn.append(sketch.org)
        return org_chart(sketch.org, sketch.marks)

    drawn = []
    monkeypatch.setitem(VIEWS, "units", View("the units", units))
    result = cli("render", "chain.yaml", "--view", "units", "--format", "dot")
    assert result.code == 0 and "digraph" in result.out
    assert len(drawn) == 1


def test_emitters_read_one_record():
    checked = Checked([], [], ["a.yaml"])
    assert EMITTERS["json"].emit(checked).startswith("{")
    assert EMITTERS["text"].emit(checked) == ""
