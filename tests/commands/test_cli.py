"""The command line as a user types it: exit codes 0, 1 and 2, and what it prints."""

from __future__ import annotations

import json

import networkx as nx

from tests.conftest import run_flowmap
from tests.graph.test_graph import SMALL


def test_no_command_prints_help_and_exits_2(cli):
    result = cli()
    assert result.code == 2
    assert "check" in result.err


def test_an_unknown_option_exits_2_and_says_how_to_get_help(cli, project):
    result = cli("check", "--bogus")
    assert result.code == 2
    assert "unrecognized arguments: --bogus" in result.err
    assert "--help" in result.err


def test_a_missing_path_exits_2(cli, project):
    result = cli("check", "nowhere.yaml")
    assert (result.code, result.out) == (2, "")
    assert "nowhere.yaml: no such file or folder" in result.err


def test_a_clean_map_exits_0_and_a_broken_one_1(cli, project):
    project.write("good.yaml", "flowmap: 1\ntitle: fine\n")
    project.write("bad.yaml", "flowmap: 1\ntitel: typo\n")
    assert cli("check", "good.yaml").code == 0
    result = cli("check", "bad.yaml", "good.yaml")
    assert result.code == 1
    assert result.out.startswith("bad.yaml:2:1: error schema unknown key `titel`")


def test_json_output_follows_the_contract(cli, project):
    project.write("bad.yaml", "flowmap: 1\nunits: [{id: Sales}]\n")
    result = cli("check", "--format", "json", "bad.yaml")
    document = json.loads(result.out)
    assert document["version"] == 1 and document["files"] == 1
    [finding] = [f for f in document["findings"] if f["rule"] == "schema"]
    assert finding == {
        "rule": "schema",
        "severity": "error",
        "file": "bad.yaml",
        "line": 2,
        "column": 14,
        "message": finding["message"],
        "project_path": "bad.yaml",
        "subject": {"kind": "unit", "id": "Sales"},
        "key": "id",
        "responsible": {"units": ["Sales"], "roles": []},
        "fingerprint": finding["fingerprint"],
    }
    assert len(finding["fingerprint"]) == 32


def test_customers_and_suppliers_by_kind(cli, project):
    project.write("small.yaml", SMALL)
    result = cli("customers", "clerk", "small.yaml")
    assert (result.code, result.out) == (
        0,
        "rank\tgm\tgm\nprocess\tcustomer\tcustomer\nprocess\tplanner\tplanner\n",
    )
    result = cli("customers", "clerk", "small.yaml", "--kind", "process", "--format", "json")
    assert json.loads(result.out) == {
        "id": "clerk",
        "customers": {"process": ["customer", "planner"]},
    }
    result = cli("suppliers", "planning", "small.yaml")
    assert result.out == (
        "function\thr\tHR\nfunction\tit\tIT\n"
        "rank\tgm\tgm\tvia planner\nprocess\tclerk\tclerk\tvia planner\n"
    )


def test_customers_of_an_unknown_id_exits_2(cli, project):
    project.write("small.yaml", SMALL)
    result = cli("customers", "nobody", "small.yaml")
    assert result.code == 2
    assert "no id `nobody`" in result.err


def test_graph_json_is_networkx_node_link_data(cli, project):
    project.write("small.yaml", SMALL)
    result = cli("graph", "small.yaml", "--format", "json")
    graph = nx.node_link_graph(json.loads(result.out), edges="edges")
    assert graph.is_multigraph() and graph.is_directed()
    assert graph.nodes["clerk"]["kind"] == "role"


def test_graph_summary_counts_nodes_and_edges_by_kind(cli, project):
    project.write("small.yaml", SMALL)
    result = cli("graph", "small.yaml")
    assert result.code == 0
    assert "  rank       4\n" in result.out
    assert "  function   6\n" in result.out


def test_python_dash_m_flowmap_works(project):
    project.write("good.yaml", "flowmap: 1\n")
    result = run_flowmap("check", "good.yaml", cwd=project.root)
    assert (result.code, result.out, result.err) == (0, "", "No findings in 1 file.\n")
    assert run_flowmap("--version").out.startswith("flowmap ")


def test_a_unit_s_customers_include_those_of_its_roles(cli):
    result = cli("customers", "production", "processes", "--kind", "process")
    assert result.code == 0
    # the tester does pilot-build's last operation, which hands over to the inspector
    assert result.out.splitlines() == [
        "process\tinspector\tQC inspector\tvia production-manager",
        "process\tinspector\tQC inspector\tvia tester",
    ]
    result = cli("suppliers", "production", "processes", "--format", "json")
    data = json.loads(result.out)
    assert data["suppliers"]["function"] == ["finance", "hr", "it", "rd"]
    assert {"id": "storekeeper", "via": "production-manager"} in data["via_roles"]["process"]


def test_an_unknown_id_gets_a_did_you_mean(cli):
    result = cli("customers", "productoin", "processes")
    assert result.code == 2
    assert "did you mean `production`?" in result.err


def _broken_rules(*args, **kwargs):
    raise KeyError("a bug")


def test_an_unexpected_error_is_one_line_exit_2_naming_the_command(cli, monkeypatch):
    monkeypatch.setattr("flowmap.rules.engine.run_rules", _broken_rules)
    result = cli("render", "processes", "--format", "dot")
    assert result.code == 2
    assert result.err == (
        "flowmap: internal error in `flowmap render` (KeyError: 'a bug'); this is a bug in "
        "flowmap: please report it with the command you ran and, if you can, the maps "
        "(run it again with --debug for the traceback)\n"
    )


def test_debug_shows_the_traceback_before_or_after_the_command(cli, monkeypatch):
    monkeypatch.setattr("flowmap.rules.engine.run_rules", _broken_rules)
    for args in (["--debug", "render"], ["render", "--debug"]):
        result = cli(*args, "processes", "--format", "dot")
        assert result.code == 2
        assert result.err.startswith("Traceback (most recent call last):")
        assert "internal error in `flowmap render`" in result.err.splitlines()[-1]


def test_characters_the_terminal_cannot_encode_are_escaped(project):
    project.write("订单.yaml", "flowmap: 1\ntitel: 订单\n")
    result = run_flowmap("check", "订单.yaml", cwd=project.root, env={"PYTHONIOENCODING": "ascii"})
    assert result.code == 1
    assert result.out.startswith("\\u8ba2\\u5355.yaml:2:1: error schema unknown key `titel`")


def test_the_program_runs_its_command_with_the_collector_off_and_freezes_what_is_left(
    monkeypatch,
):
    import gc
    import weakref

    from flowmap import cli

    class Node:
        other = None

    seen = []

    def command():
        cycle = Node()
        cycle.other = Node()
        cycle.other.other = cycle  # what a command leaves alive, until the program exits
        seen.append((gc.isenabled(), weakref.ref(cycle)))
        return 3

    monkeypatch.setattr(cli, "main", command)
    gc.unfreeze()
    try:
        assert cli.program() == 3
        ((enabled, alive),) = seen
        assert not enabled  # while the command runs
        gc.collect()  # what the command left is frozen: exit does not walk it
        assert alive() is not None
    finally:
        gc.unfreeze()
        gc.enable()


def test_every_command_module_is_registered_with_the_one_interface(cli):
    """A command is a module under flowmap/commands with a docstring, HELP, add_arguments and
    run; registered in COMMANDS, it is offered by `flowmap --help` with its HELP line."""
    import pkgutil

    import flowmap.commands
    from flowmap.commands import COMMANDS, command

    helpers = {"common", "options", "relations", "baseline"}  # what commands share
    modules = {m.name for m in pkgutil.iter_modules(flowmap.commands.__path__)} - helpers
    assert modules == set(COMMANDS)
    shown = " ".join(cli("--help").out.split())
    for name in COMMANDS:
        module = command(name)
        assert module.__doc__ and callable(module.add_arguments) and callable(module.run)
        assert f"{name} {' '.join(module.HELP.split())}" in shown


def test_both_commands_that_judge_satisfaction_say_the_same_about_the_target(cli):
    def option_help(name: str) -> str:
        out = " ".join(cli(name, "--help").out.split())
        return out.rsplit("--satisfaction-target SHARE", 1)[1].split(" --", 1)[0]

    assert option_help("check") == option_help("report")
