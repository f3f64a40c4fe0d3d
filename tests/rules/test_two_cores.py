"""A large organisation's rules run on two cores (`flowmap.batch.each_task`, issue 23) with
exactly the findings and waived findings of one process, in the same order, in every output;
a second process that fails costs only time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flowmap import batch
from flowmap.project import open_workspace
from flowmap.rules import engine
from flowmap.rules.engine import run_rules
from tests.rules.test_cases import CASES, _check, _fixtures

PROCESSES = Path(__file__).resolve().parents[2] / "processes"


@pytest.fixture
def always_shared(monkeypatch):
    """Every organisation counts as large: its rules run on two cores when jobs > 1."""
    monkeypatch.setattr(engine, "SHARED_FROM_STEPS", 0)
    forks: list[int] = []
    real = os.fork

    def counted() -> int:
        child = real()
        if child:
            forks.append(child)
        return child

    monkeypatch.setattr(batch.os, "fork", counted)
    return forks


def _both(org, loading, config=engine.DEFAULT_CONFIG):
    return run_rules(org, loading, config), run_rules(org, loading, config, jobs=2)


def test_the_example_processes_give_the_same_findings_and_waivers_on_two_cores(always_shared):
    workspace = open_workspace([str(PROCESSES)])
    (one, waived_one), (two, waived_two) = _both(workspace.org, workspace.findings)
    assert always_shared, "a second process ran rules"
    assert waived_one, "the example waives findings"
    assert (two, waived_two) == (one, waived_one)


@pytest.mark.parametrize("path", _fixtures("bad") + _fixtures("good"))
def test_every_rule_fixture_gives_the_same_on_two_cores(path, always_shared, monkeypatch):
    one = _check(path)
    monkeypatch.setattr("tests.rules.test_cases.run_rules", lambda *args: run_rules(*args, jobs=2))
    assert _check(path) == one
    assert always_shared


def test_check_prints_the_same_in_every_format_with_two_jobs(always_shared, cli, monkeypatch):
    monkeypatch.chdir(PROCESSES)
    for output in ("text", "json", "sarif", "github"):
        single = cli("check", "-j", "1", "--show-waived", "--format", output, ".")
        forks = len(always_shared)
        double = cli("check", "-j", "2", "--show-waived", "--format", output, ".")
        assert len(always_shared) > forks
        assert (double.code, double.out, double.err) == (single.code, single.out, single.err)


def test_both_processes_take_tasks_and_the_results_keep_the_tasks_order():
    parent = os.getpid()

    def run(task: int) -> tuple[int, bool]:
        sum(range(200_000))  # long enough that the other process takes some too
        return task * task, os.getpid() == parent

    results = batch.each_task(list(range(40)), run)
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert {here for _, here in results} == {True, False}


def test_what_the_shared_work_does_is_done_before_the_tasks_part():
    shared: list[str] = []
    results = batch.each_task([1, 2, 3], lambda n: (n, list(shared)), lambda: shared.append("x"))
    assert results == [(1, ["x"]), (2, ["x"]), (3, ["x"])]


@pytest.mark.parametrize(
    "failure",
    [
        lambda: os._exit(3),  # killed, or a crash of the interpreter
        lambda: (_ for _ in ()).throw(RuntimeError("a bug")),
        lambda: lambda: None,  # a result that does not pickle
    ],
    ids=["exits", "raises", "unpicklable"],
)
def test_a_second_process_that_fails_costs_only_time(failure, tmp_path):
    parent = os.getpid()
    taken = tmp_path / "taken"

    def run(task: int):
        if os.getpid() != parent:
            taken.write_text(str(task))
            return failure()
        sum(range(100_000))
        return task + 1

    assert batch.each_task(list(range(10)), run) == list(range(1, 11))
    assert taken.exists(), "the second process took a task"


def test_rules_of_a_small_organisation_or_one_job_run_here(monkeypatch):
    workspace = open_workspace([str(CASES / "_org.yaml")])
    monkeypatch.setattr(batch.os, "fork", lambda: pytest.fail("forked"))
    run_rules(workspace.org, workspace.findings, jobs=2)  # below SHARED_FROM_STEPS
    monkeypatch.setattr(engine, "SHARED_FROM_STEPS", 0)
    run_rules(workspace.org, workspace.findings, jobs=1)
