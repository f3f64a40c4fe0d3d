"""`flowmap check` as CI and process owners use it: formats, options, config, batches."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from xml.etree import ElementTree

import jsonschema
import pytest

from tests.conftest import PROCESSES, REPO

CHAIN = (REPO / "tests" / "rules" / "cases" / "_chain.yaml").read_text(encoding="utf-8")
ORG = (REPO / "tests" / "rules" / "cases" / "_org.yaml").read_text(encoding="utf-8")
# One error (assure-own at 9:13) and one warning (satisfaction-target).
FAULTY = CHAIN.replace("        assure: [Entered the same day]\n", "").replace(
    "{item: sales order, requires: [Date confirmed], due: 1d}",
    "{item: sales order, requires: [Date confirmed], due: 1d, satisfaction: 0.5}",
)


@pytest.fixture
def faulty(project):
    project.write("_org.yaml", ORG)
    project.write("faulty.yaml", FAULTY)
    return project


def _rules(out: str) -> list[str]:
    return [line.split()[2] for line in out.splitlines()]


def test_text_lists_each_finding_with_its_place_and_exits_1_on_an_error(cli, faulty):
    result = cli("check", "faulty.yaml")
    assert result.code == 1
    assert result.out.splitlines()[0].startswith("faulty.yaml:9:13: error assure-own ")
    assert "\x1b[" not in result.out  # not a terminal: never colour
    assert _rules(result.out) == ["assure-own", "satisfaction-target"]


def test_select_ignore_and_severity_change_what_is_reported(cli, faulty):
    assert _rules(cli("check", "faulty.yaml", "--select", "assure-own").out) == ["assure-own"]
    only_warning = cli("check", "faulty.yaml", "--ignore", "assure-own")
    assert (only_warning.code, _rules(only_warning.out)) == (0, ["satisfaction-target"])
    softened = cli("check", "faulty.yaml", "--severity", "assure-own=warning")
    assert softened.code == 0 and " warning assure-own " in softened.out
    harder = cli(
        "check", "faulty.yaml", "--ignore", "assure-own", "--severity", "satisfaction-target=error"
    )
    assert harder.code == 1


def test_the_satisfaction_target_is_an_option(cli, faulty):
    assert (
        "satisfaction-target" not in cli("check", "faulty.yaml", "--satisfaction-target", "0.5").out
    )
    assert "satisfaction-target" in cli("check", "faulty.yaml", "--satisfaction-target", "0.51").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--select", "asure-own"), "did you mean `assure-own`?"),
        (("--ignore", "nonsense"), "`nonsense` is not a rule or group"),
        (("--severity", "assure-own=fatal"), "LEVEL one of error, warning, info"),
        (("--satisfaction-target", "85"), "a share from 0 to 1"),
        (("--jobs", "0"), "--jobs takes a number of 1 or more"),
    ],
)
def test_wrong_options_are_usage_errors(cli, faulty, args, message):
    result = cli("check", "faulty.yaml", *args)
    assert result.code == 2 and message in result.err


def test_statistics_count_findings_by_rule(cli, faulty):
    result = cli("check", "faulty.yaml", "--statistics")
    assert result.out.splitlines()[-3:] == [
        "     1  assure-own (error)",
        "     1  satisfaction-target (warning)",
        "     2  in all",
    ]
    as_json = cli("check", "faulty.yaml", "--statistics", "--format", "json")
    json.loads(as_json.out)  # the counts go to stderr, the JSON stays valid
    assert "2  in all" in as_json.err


# -- configuration ------------------------------------------------------------------------


def test_pyproject_settings_apply_and_the_command_line_wins(cli, faulty):
    (faulty.root / ".flowmap.toml").unlink()
    (faulty.root / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.flowmap]\nignore = ["satisfaction-target"]\n'
        '[tool.flowmap.severity]\nassure-own = "warning"\n',
        encoding="utf-8",
    )
    result = cli("check", "faulty.yaml")
    assert (result.code, _rules(result.out)) == (0, ["assure-own"])
    result = cli("check", "faulty.yaml", "--severity", "assure-own=error")
    assert result.code == 1


def test_the_nearest_config_upward_is_used(cli, faulty, monkeypatch):
    (faulty.root / ".flowmap.toml").write_text("satisfaction_target = 0.4\n", encoding="utf-8")
    sub = faulty.root / "maps" / "deeper"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    result = cli("check", str(faulty.root / "faulty.yaml"))
    assert _rules(result.out) == ["assure-own"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("select = [\n", ".flowmap.toml:2: not valid TOML"),
        (
            "\nignor = []\n",
            ".flowmap.toml:2: `ignor` is not one of the flowmap settings; did you mean `ignore`?",
        ),
        ('select = "assure-own"\n', ".flowmap.toml:1: `select` takes a list of rule ids"),
        ('[severity]\nassure-own = "fatal"\n', ".flowmap.toml:2: `assure-own` must be one of"),
        (
            "[limits]\nmax_dept = 3\n",
            ".flowmap.toml:2: `max_dept` is not one of the limits; did you mean `max_depth`?",
        ),
        ("satisfaction_target = 2\n", ".flowmap.toml:1: `satisfaction_target` must be a share"),
    ],
)
def test_a_broken_config_exits_2_with_its_file_and_line(cli, faulty, text, message):
    (faulty.root / ".flowmap.toml").write_text(text, encoding="utf-8")
    result = cli("check", "faulty.yaml")
    assert result.code == 2 and message in result.err, result.err


def test_limits_come_from_the_config(cli, faulty):
    (faulty.root / ".flowmap.toml").write_text("[limits]\nmax-depth = 3\n", encoding="utf-8")
    result = cli("check", "faulty.yaml")
    assert " error syntax " in result.out and "nest" in result.out


# -- formats ------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(cli, faulty):
    schema_path = REPO / "tests" / "data" / "sarif-2.1.0.json"
    assert schema_path.exists(), "run scripts/test-data (make test does) to fetch the schema"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    result = cli("check", "faulty.yaml", "--format", "sarif")
    document = json.loads(result.out)
    jsonschema.validate(document, schema, cls=jsonschema.Draft4Validator)
    run = document["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["assure-own", "satisfaction-target"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 9, "startColumn": 13}
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert "Three-step 2" in rules["assure-own"]["shortDescription"]["text"]


def test_sarif_keeps_waived_findings_as_suppressed(cli):
    document = json.loads(cli("check", str(PROCESSES), "--format", "sarif").out)
    results = document["runs"][0]["results"]
    assert all(result["suppressions"] for result in results) and len(results) == 3
    (waived,) = [r for r in results if "Kitting" in r["suppressions"][0]["justification"]]
    assert waived["ruleId"] == "satisfaction-target"
    assert "Kitting project" in waived["suppressions"][0]["justification"]


def test_junit_has_a_case_per_file(cli, faulty):
    faulty.write(
        "clean.yaml",
        CHAIN.replace("- id: accept", "- id: accept2")
        .replace("- id: make", "- id: make2")
        .replace("{id: place,", "{id: place2,")
        .replace("- id: receive", "- id: receive2")
        .replace("- id: order", "- id: order2"),
    )
    result = cli("check", ".", "--format", "junit")
    suite = ElementTree.fromstring(result.out).find("testsuite")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    # every finding is a failure, the warning too (the exit code still says what fails)
    types = [f.get("type") for f in cases["faulty.yaml"].iter("failure")]
    assert "assure-own" in types and "satisfaction-target" in types
    assert len(cases["clean.yaml"]) == 0
    assert suite.get("failures") == "1"


def test_github_annotations_escape_what_the_runner_reads(cli, project):
    project.write("odd, name: 100%.yaml", "flowmap: 1\nunits: [{id: a, name: x, kind: lin}]\n")
    result = cli("check", "odd, name: 100%.yaml", "--format", "github")
    line = next(line for line in result.out.splitlines() if "schema" in line)
    assert line.startswith("::error file=odd%2C name%3A 100%25.yaml,line=2,col=")
    assert ",title=flowmap schema::" in line


def test_text_is_coloured_on_a_terminal_unless_no_color(faulty):
    def on_terminal(env):
        leader, follower = pty.openpty()
        done = subprocess.run(
            [sys.executable, "-m", "flowmap", "check", "faulty.yaml"],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=faulty.root,
            timeout=60,
        )
        os.close(follower)
        output = os.read(leader, 65536).decode()
        os.close(leader)
        return done.returncode, output

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    code, coloured = on_terminal(env)
    assert code == 1 and "\x1b[31merror\x1b[0m" in coloured
    _, plain = on_terminal({**env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain and "error assure-own" in plain


# -- batches ------------------------------------------------------------------------------


def _batch(project, count: int):
    project.write("org.yaml", ORG)
    for index in range(count):
        text = CHAIN.replace("[_org.yaml]", "[../org.yaml]")
        for old in ("order", "place", "accept", "make", "receive"):
            text = text.replace(f"id: {old}", f"id: {old}-{index}")
        if index % 7 == 0:
            text = text.replace("        assure: [First piece checked]\n", "")
        if index % 11 == 0:
            text = text.replace("lead_time: 2d", "lead_time: 2 days")
        project.write(f"maps/m{index:03d}.yaml", text)
    # cross-file: the first map's ids once more, and a role that no file defines
    first = (project.root / "maps" / "m000.yaml").read_text(encoding="utf-8")
    project.write("maps/zz-again.yaml", first)
    project.write("maps/zz-ghost.yaml", first.replace("-0", "-z").replace("worker", "ghost"))
    project.write("maps/broken.yaml", "flowmap: 1\nprocesses: [\n")
    project.write("maps/.hidden/ignored.yaml", "flowmap: 1\nbad: key\n")
    project.write("maps/.venv/lib/ignored.yaml", "flowmap: 1\nbad: key\n")
    project.write("maps/not-a-map.yaml", "just: yaml\n")


def test_output_is_byte_identical_whatever_the_number_of_jobs(project):
    from tests.conftest import run_flowmap

    _batch(project, 130)
    runs = [
        run_flowmap(
            "check", "maps", "org.yaml", "--format", "json", "-j", str(jobs), cwd=project.root
        )
        for jobs in (1, 2, 3)
    ]
    assert {run.code for run in runs} == {1}
    assert runs[0].out == runs[1].out == runs[2].out
    document = json.loads(runs[0].out)
    rules = {f["rule"] for f in document["findings"]}
    assert rules == {"assure-own", "schema", "syntax", "duplicate-id", "unknown-reference"}
    files = {f["file"] for f in document["findings"]}
    assert "maps/broken.yaml" in files and not any("ignored" in f for f in files)
    assert document["files"] == 134  # 132 maps, broken.yaml and org.yaml
    rules_in = {
        file: {f["rule"] for f in document["findings"] if f["file"] == file}
        for file in ("maps/zz-again.yaml", "maps/zz-ghost.yaml")
    }
    assert rules_in == {
        "maps/zz-again.yaml": {"duplicate-id", "schema"},  # schema: `2 days` of m000
        # an unknown executor hides nothing: the ghost's step still lacks its `assure`
        "maps/zz-ghost.yaml": {"unknown-reference", "schema", "assure-own"},
    }


def _die(chunk, limits):
    os._exit(3)  # a worker killed half-way (out of memory, a crash in C)


def test_a_worker_that_dies_costs_time_not_findings(cli, project, monkeypatch):
    import flowmap.batch

    _batch(project, 130)
    alone = cli("check", "maps", "org.yaml", "--format", "json", "-j", "1")
    monkeypatch.setattr(flowmap.batch, "_read_chunk", _die)
    shared = cli("check", "maps", "org.yaml", "--format", "json", "-j", "3")
    assert shared.code == alone.code == 1
    assert shared.out == alone.out and json.loads(shared.out)["files"] == 134


def test_junit_times_each_file_where_it_was_read_workers_too(cli, project):
    """A case's time is its file's own: read, parsed and modelled (in a worker or here),
    plus its share of the rules by size; the output is the same but for the times."""
    from xml.etree import ElementTree

    _batch(project, 130)
    runs = [
        cli("check", "maps", "org.yaml", "--format", "junit", "-j", jobs) for jobs in ("1", "2")
    ]
    cases = [
        {case.get("name"): case for case in ElementTree.fromstring(run.out).iter("testcase")}
        for run in runs
    ]
    assert len(cases[0]) == len(cases[1]) == 134 and cases[0].keys() == cases[1].keys()
    for alone, shared in zip(cases[0].values(), cases[1].values(), strict=True):
        assert float(alone.get("time")) > 0 and float(shared.get("time")) > 0
        assert [f.attrib for f in alone] == [f.attrib for f in shared]


def test_the_rules_time_is_shared_out_by_size_on_top_of_each_file_s_own():
    from pathlib import Path

    from flowmap.commands.check import time_spent
    from flowmap.workspace import Workspace

    workspace = Workspace(None, [], ["a.yaml", "b.yaml"])  # type: ignore[arg-type]
    workspace.paths = {"a.yaml": Path("/nowhere/a.yaml"), "b.yaml": Path("/nowhere/b.yaml")}
    workspace.seconds = {"a.yaml": 0.5, "b.yaml": 0.25}
    texts = {Path("/nowhere/a.yaml"): "x" * 300, Path("/nowhere/b.yaml"): "é" * 50}  # 100 bytes
    assert time_spent(workspace, 2.0, texts) == {"a.yaml": 0.5 + 1.5, "b.yaml": 0.25 + 0.5}
    assert time_spent(workspace, 2.0, {}) == {"a.yaml": 0.5, "b.yaml": 0.25}  # no size: no share


def test_named_files_that_are_not_maps_are_reported_alike_with_workers(cli, project):
    _batch(project, 130)
    named = [f"maps/m{index:03d}.yaml" for index in range(130)]
    project.write("maps/notes.yaml", "title: not a map\n")  # named among them, no flowmap:
    named.insert(70, "maps/notes.yaml")  # in the workers' share
    alone = cli("check", *named, "org.yaml", "--format", "json", "-j", "1")
    shared = cli("check", *named, "org.yaml", "--format", "json", "-j", "2")
    assert shared.out == alone.out
    assert "maps/notes.yaml" in {f["file"] for f in json.loads(alone.out)["findings"]}


def _slow(chunk, limits):
    import time

    import flowmap.batch

    time.sleep(0.3)  # another program has the core
    return flowmap.batch.pickle.dumps([((), 0.3) for _ in chunk])  # (what was read, seconds)


def test_chunks_a_late_worker_has_not_started_are_read_here(project, monkeypatch):
    import flowmap.batch
    from flowmap.config import DEFAULT_CONFIG
    from flowmap.project import plan

    _batch(project, 130)
    [org] = plan(["maps"], whole=False)  # the maps alone, not org.yaml beside them
    named = org.named
    read_here = []
    monkeypatch.setattr(flowmap.batch, "_read", lambda *item: read_here.append(item[1]) or ())
    monkeypatch.setattr(flowmap.batch, "_read_chunk", _slow)
    found = flowmap.batch.preload(named, DEFAULT_CONFIG.limits, 2)
    assert len(found) == 133
    # the worker got through its first chunks at most; the main process took the rest back
    assert len(read_here) >= 133 - 3 * flowmap.batch.CHUNK


def test_workers_are_used_for_a_big_batch_and_not_for_a_small_one(project, monkeypatch):
    import flowmap.batch
    from flowmap.config import DEFAULT_CONFIG
    from flowmap.project import plan

    _batch(project, 130)
    [org] = plan(["maps"], whole=False)  # the maps alone, not org.yaml beside them
    named = org.named
    read_here = []

    def read(*item):
        time.sleep(0.002)  # here and in the worker, which inherits it
        read_here.append(item[1])
        return ()

    monkeypatch.setattr(flowmap.batch, "_read", read)
    seconds: dict = {}
    found = flowmap.batch.preload(named, DEFAULT_CONFIG.limits, 2, None, seconds)
    assert len(found) == 133  # what the worker read came from it: the list here is shorter
    assert 0 < len(read_here) <= 133 - flowmap.batch.CHUNK
    # how long each file took, measured where it was read (JUnit's case times)
    assert seconds.keys() == found.keys() and min(seconds.values()) >= 0.002
    assert flowmap.batch.preload(named[:40], DEFAULT_CONFIG.limits, 2) == {}
    assert flowmap.batch.preload(named, DEFAULT_CONFIG.limits, 1) == {}


def test_a_file_named_without_flowmap_is_an_error_but_skipped_in_a_scan(cli, project):
    _batch(project, 1)
    assert "not-a-map" not in cli("check", "maps").out
    result = cli("check", "maps/not-a-map.yaml")
    assert result.code == 1 and "has no `flowmap: 1`" in result.out


def test_a_progress_bar_shows_on_a_terminal_for_big_batches(project):
    _batch(project, 210)
    leader, follower = pty.openpty()
    subprocess.run(
        [sys.executable, "-m", "flowmap", "check", "maps", "org.yaml", "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=project.root,
        timeout=120,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert b"checking" in shown and b"100%" in shown and b"/214 files" in shown


# -- waivers ------------------------------------------------------------------------------


def test_waived_findings_are_listed_with_their_reason_in_json_and_on_request_in_text(cli):
    document = json.loads(cli("check", str(PROCESSES), "--format", "json").out)
    assert document["findings"] == []
    assert len(document["waived"]) == 3  # the kitting need, and two shortfalls the surveys show
    (waived,) = [w for w in document["waived"] if "Kitting" in w["reason"]]
    assert waived["rule"] == "satisfaction-target" and "Kitting project" in waived["reason"]
    place = {"rule", "severity", "file", "line", "column", "message", "reason"}
    about = {"subject", "key", "counterpart", "responsible", "fingerprint", "project_path"}
    assert set(waived) == place | about
    plain = cli("check", str(PROCESSES))
    assert (plain.code, plain.out) == (0, "")
    shown = cli("check", str(PROCESSES), "--show-waived")
    (line,) = [line for line in shown.out.splitlines() if "Kitting" in line]
    assert shown.code == 0 and " satisfaction-target " in line and "[waived: " in line
    assert line.startswith(f"{waived['file']}:{waived['line']}:{waived['column']}: warning")


def test_a_reader_gets_each_chunk_as_it_arrives_not_after_the_last(project, monkeypatch):
    import flowmap.batch
    from flowmap.config import DEFAULT_CONFIG
    from flowmap.project import plan

    _batch(project, 130)
    [org] = plan(["maps"], whole=False)
    items = [(flowmap.batch.real_path(path), shown) for path, shown in org.named]

    def read(path, shown, limits):
        time.sleep(0.004)  # here and in the worker, which inherits it
        return (shown,)

    monkeypatch.setattr(flowmap.batch, "_read", read)
    with flowmap.batch.ahead(org.named, DEFAULT_CONFIG.limits, 2) as batch:
        mine = [item for item in items if item not in batch.theirs]
        assert mine == items[: len(mine)] and 0 < len(mine) < len(items)  # the first share
        for item in mine:  # what the reader reads itself meanwhile
            assert batch.get(item) is None
            read(*item, None)
        first = batch.get(items[len(mine)])
        assert first == (items[len(mine)][1],)
        assert batch._done[0] and not all(batch._done)  # one chunk handed over, not all
        rest = [batch.get(item) for item in items[len(mine) :]]
    assert rest == [(shown,) for _, shown in items[len(mine) :]]  # all of them, in order
