"""Root, settings and organisations (docs/format.md), as a user meets them: every command is
run from a current folder that is itself another project (its own pyproject.toml with
`[tool.flowmap]`, and .git), whose settings must play no part."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO, run_flowmap

CASES = REPO / "tests" / "rules" / "cases"
ORG = (CASES / "_org.yaml").read_text(encoding="utf-8")
CHAIN = (CASES / "_chain.yaml").read_text(encoding="utf-8")
NO_ASSURE = "        assure: [First piece checked]\n"  # `make` (line 16) loses it: assure-own


def chain(include: str = "org.yaml", assure: bool = True) -> str:
    text = CHAIN.replace("[_org.yaml]", f"[{include}]")
    return text if assure else text.replace(NO_ASSURE, "")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """The current folder: another project, whose settings would hide assure-own."""
    here = tmp_path / "here"
    (here / ".git").mkdir(parents=True)
    write(here / "pyproject.toml", '[tool.flowmap]\nignore = ["assure-own"]\n')
    monkeypatch.chdir(here)
    return here


def _check(cli, *args: str):
    result = cli("check", "--format", "json", *args)
    return result.code, json.loads(result.out)["findings"], result


def _places(findings) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["file"], f["line"]) for f in findings]


# -- 1. the root ------------------------------------------------------------------------


def test_a_folder_with_no_marker_is_its_own_root_wherever_the_command_runs(cli, here, tmp_path):
    maps = tmp_path / "maps"
    write(maps / "org.yaml", ORG)
    write(maps / "chain.yaml", chain())
    for named in ("../maps", "../maps/chain.yaml"):
        code, findings, _ = _check(cli, named)
        assert (code, findings) == (0, []), named  # no include "outside the project root"
    # ...and includes never leave it: the named folder is the root
    write(maps / "sub" / "p.yaml", "flowmap: 1\ninclude: [../../secret.yaml]\n")
    write(tmp_path / "secret.yaml", ORG)
    code, findings, _ = _check(cli, "../maps")
    assert code == 1 and _places(findings) == [("unknown-reference", "../maps/sub/p.yaml", 2)]
    assert f"outside the project root {maps}" in findings[0]["message"]


def test_the_nearest_marker_upward_is_the_root_and_a_plain_pyproject_is_not_one(
    cli, here, tmp_path
):
    repo = tmp_path / "repo"
    write(repo / ".flowmap.toml", "")
    write(repo / "org.yaml", ORG)
    # a pyproject.toml without [tool.flowmap] (a Python package beside the maps) marks nothing
    write(repo / "maps" / "pyproject.toml", '[project]\nname = "maps"\n')
    write(repo / "maps" / "chain.yaml", chain("../org.yaml"))
    assert _check(cli, "../repo/maps")[:2] == (0, [])
    # a .git does mark a root: the include above it is refused
    (repo / "maps" / ".git").mkdir()
    code, findings, _ = _check(cli, "../repo/maps")
    assert code == 1 and "outside the project root" in findings[0]["message"]


# -- 2. settings ------------------------------------------------------------------------


def test_the_roots_settings_apply_and_the_current_folders_do_not(cli, here, tmp_path):
    maps = tmp_path / "maps"
    write(maps / "org.yaml", ORG)
    write(maps / "chain.yaml", chain(assure=False))
    # here ignores assure-own; the maps' root has no settings: the rule runs
    code, findings, _ = _check(cli, "../maps")
    assert code == 1 and _places(findings) == [("assure-own", "../maps/chain.yaml", 16)]
    # the root's own settings apply ...
    write(maps / ".flowmap.toml", '[severity]\nassure-own = "warning"\n')
    code, findings, _ = _check(cli, "../maps")
    assert code == 0 and [f["severity"] for f in findings] == ["warning"]
    # ... and the command line wins over them
    code, findings, _ = _check(cli, "../maps", "--severity", "assure-own=error")
    assert code == 1 and [f["severity"] for f in findings] == ["error"]
    assert _check(cli, "../maps", "--ignore", "assure-own")[:2] == (0, [])


def test_a_broken_settings_file_of_the_root_is_a_usage_error_naming_it(cli, here, tmp_path):
    write(tmp_path / "maps" / "chain.yaml", chain())
    write(tmp_path / "maps" / ".flowmap.toml", "ignore = [1]\n")
    result = cli("check", "../maps")
    assert result.code == 2 and f"{tmp_path / 'maps' / '.flowmap.toml'}:1:" in result.err


def test_two_roots_are_two_organisations_each_with_its_settings_in_a_stable_order(
    cli, here, tmp_path
):
    for name, settings in (("a", '[severity]\nassure-own = "warning"\n'), ("b", "")):
        write(tmp_path / name / ".flowmap.toml", settings)
        write(tmp_path / name / "org.yaml", ORG)
        write(tmp_path / name / "chain.yaml", chain(assure=False))  # the same ids in both
    code, findings, result = _check(cli, "../b", "../a")
    assert code == 1  # b's error; a's is a warning by a's settings; no duplicate-id across
    assert [(f["rule"], f["severity"], f["file"]) for f in findings] == [
        ("assure-own", "warning", "../a/chain.yaml"),
        ("assure-own", "error", "../b/chain.yaml"),
    ]
    assert json.loads(result.out)["files"] == 4
    text = cli("check", "../b", "../a").out
    assert cli("check", "../a", "../b").out == text
    assert text.splitlines()[0].startswith("../a/chain.yaml:16:13: warning")


# -- 3. organisations inside one root ----------------------------------------------------

ORGANISATIONS = 'organisations = ["plant-a/", "plant-b/"]\n'


@pytest.fixture
def plants(tmp_path) -> Path:
    """A repository with two plants that share org.yaml and use the same step ids."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / ".flowmap.toml", ORGANISATIONS)
    write(repo / "org.yaml", ORG)
    for plant in ("plant-a", "plant-b"):
        write(repo / plant / "chain.yaml", chain("../org.yaml"))
    return repo


def test_ids_are_unique_within_an_organisation_not_across_them(cli, here, plants):
    assert _check(cli, "../repo")[:2] == (0, [])
    write(plants / ".flowmap.toml", "")  # without the setting, the root is one organisation
    code, findings, _ = _check(cli, "../repo")
    assert code == 1 and {f["rule"] for f in findings} == {"duplicate-id"}
    assert {f["file"] for f in findings} == {"../repo/plant-b/chain.yaml"}
    write(plants / ".flowmap.toml", ORGANISATIONS)
    write(plants / "plant-a" / "more.yaml", "flowmap: 1\nunits: [{id: sales}]\n")
    code, findings, _ = _check(cli, "../repo")
    assert _places(findings) == [("duplicate-id", "../repo/plant-a/more.yaml", 2)]


def test_organisation_wide_rules_run_per_organisation(cli, here, plants):
    # the shared organisation has a paint shop; only plant-a's chain uses it
    painter = "  - {id: painter, unit: paint, rank: 2, reports_to: boss}\n"
    write(plants / "org.yaml", ORG.replace("roles:\n", "  - {id: paint}\nroles:\n" + painter))
    write(
        plants / "plant-a" / "chain.yaml",
        chain("../org.yaml").replace("by: worker", "by: [worker, painter]"),
    )
    code, findings, _ = _check(cli, "../repo", "--select", "inside-outside-line")
    assert code == 1 and _places(findings) == [("inside-outside-line", "../repo/org.yaml", 9)]
    assert findings[0]["message"].endswith("(in organisation ../repo/plant-b/)")
    assert _check(cli, "../repo/plant-a", "--select", "inside-outside-line")[:2] == (0, [])
    write(plants / ".flowmap.toml", "")  # one organisation: plant-a gives the shop its work
    assert _check(cli, "../repo", "--select", "inside-outside-line")[:2] == (0, [])


def test_a_shared_file_belongs_to_each_organisation_and_its_findings_show_once(cli, here, plants):
    write(plants / "org.yaml", ORG.replace("  - {id: plant}\n", "  - {id: plant, colour: red}\n"))
    code, findings, _ = _check(cli, "../repo", "--select", "schema")
    assert code == 1 and _places(findings) == [("schema", "../repo/org.yaml", 8)]
    assert "(in organisation" not in findings[0]["message"]


def test_the_roots_other_maps_are_one_more_organisation(cli, here, plants):
    # org.yaml, included by both plants, is not checked alone; a map of its own is
    write(plants / "loose.yaml", chain(assure=False))  # the same ids as the plants
    code, findings, _ = _check(cli, "../repo")
    assert _places(findings) == [("assure-own", "../repo/loose.yaml", 16)]


def test_organisations_may_be_globs_each_folder_its_own(cli, here, tmp_path):
    repo = tmp_path / "repo"
    write(repo / "pyproject.toml", '[tool.flowmap]\norganisations = ["plants/*/"]\n')
    write(repo / "org.yaml", ORG)
    for plant in ("north", "south"):
        write(repo / "plants" / plant / "chain.yaml", chain("../../org.yaml"))
    assert _check(cli, "../repo")[:2] == (0, [])


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("plant-c/", "names no folder under"),
        ("../here", "write a folder under"),
        (3, "takes a list"),
    ],
)
def test_a_wrong_organisations_entry_is_a_usage_error_at_its_line(
    cli, here, plants, entry, problem
):
    write(plants / ".flowmap.toml", f"# plants\norganisations = [{json.dumps(entry)}]\n")
    result = cli("check", "../repo")
    assert result.code == 2 and f"{plants / '.flowmap.toml'}:2: `organisations`" in result.err
    assert problem in result.err


# -- 4. every command ----------------------------------------------------------------------


def test_graph_customers_render_and_report_use_the_checked_root(cli, here, tmp_path, plants):
    maps = tmp_path / "maps"
    write(maps / "org.yaml", ORG)
    write(maps / "chain.yaml", chain())
    assert cli("graph", "../maps").out.startswith("2 files, ")
    assert "process\tworker" in cli("customers", "clerk", "../maps").out
    assert "step\taccept" in cli("suppliers", "make", "../maps").out
    drawn = cli(
        "render", "../maps", "--strict", "--view", "process", "--id", "order", "--format", "dot"
    )
    assert drawn.code == 0 and "digraph" in drawn.out
    report = cli("report", "../maps", "--strict", "-o", str(tmp_path / "out"))
    assert report.code == 0 and (tmp_path / "out" / "report.html").exists()
    # a command that shows one organisation asks for one when the paths hold several
    result = cli("graph", "../repo")
    assert result.code == 2 and "holds 2 organisations" in result.err
    assert "(../repo/plant-a/, ../repo/plant-b/)" in result.err
    assert cli("graph", "../repo/plant-b").out.startswith("2 files, ")
    shared = cli("customers", "clerk", "../repo")  # the shared clerk works in both plants
    assert shared.code == 2 and "`clerk` is in 2 organisations (../repo/plant-a/" in shared.err
    assert "process\tworker" in cli("customers", "clerk", "../repo/plant-a").out


def test_render_picks_the_organisation_that_defines_the_id(cli, here, plants):
    write(
        plants / "plant-b" / "chain.yaml", chain("../org.yaml").replace("id: order", "id: order-b")
    )
    drawn = cli("render", "../repo", "--view", "process", "--id", "order-b", "--format", "dot")
    assert drawn.code == 0 and "digraph" in drawn.out
    missing = cli("render", "../repo", "--view", "process", "--id", "nothing", "--format", "dot")
    assert missing.code == 2 and "no organisation under ../repo defines `nothing`" in missing.err


def test_the_real_command_from_another_project(here, tmp_path):
    write(tmp_path / "maps" / "org.yaml", ORG)
    write(tmp_path / "maps" / "chain.yaml", chain(assure=False))
    result = run_flowmap("check", "../maps", cwd=here)
    assert result.code == 1, result.err
    assert result.out.startswith("../maps/chain.yaml:16:13: error assure-own")


def test_the_editor_opens_one_organisation_and_keeps_new_files_in_its_root(cli, here, plants):
    from flowmap.edit import EditError, EditSession

    result = cli("edit", "../repo")
    assert result.code == 2 and "holds 2 organisations" in result.err
    session = EditSession.open(["../repo/plant-a"])
    assert session.root == plants and session.findings == []
    assert session.new_file("plant-a/returns.yaml") == "../repo/plant-a/returns.yaml"
    with pytest.raises(EditError, match="outside the project root"):
        session.new_file("../elsewhere.yaml")


def test_settings_above_a_git_root_do_not_apply(cli, here, tmp_path):
    write(tmp_path / "outer" / ".flowmap.toml", 'ignore = ["assure-own"]\n')
    inner = tmp_path / "outer" / "inner"
    (inner / ".git").mkdir(parents=True)
    write(inner / "org.yaml", ORG)
    write(inner / "chain.yaml", chain(assure=False))
    code, findings, _ = _check(cli, "../outer/inner")
    assert code == 1 and _places(findings) == [("assure-own", "../outer/inner/chain.yaml", 16)]


def test_the_files_asked_are_those_named_in_order_whether_read_or_not(tmp_path):
    # (asked_files tests every file without Python run for it; a file named and not read
    # is looked up by its named path, read or not)
    from types import SimpleNamespace

    from flowmap.config import DEFAULT_CONFIG
    from flowmap.project import OrgFiles, asked_files, merge_checks

    paths = {name: write(tmp_path / name, "flowmap: 1\n").resolve() for name in "abcd"}
    asked = frozenset([paths["a"], paths["c"], paths["d"]])
    orgs = [
        OrgFiles(tmp_path, tmp_path, DEFAULT_CONFIG, files=[(paths["d"], "d")], asked=asked),
        OrgFiles(tmp_path, tmp_path / "x", DEFAULT_CONFIG, asked=asked),
    ]
    read = [
        SimpleNamespace(paths={"c": paths["c"], "b": paths["b"]}, files=["c", "b"]),
        SimpleNamespace(paths={"a": paths["a"]}, files=["a", "c"]),
    ]
    assert asked_files(orgs, ["c", "b", "a", "d", "e"], read) == ["c", "a", "d"]
    assert asked_files(orgs[1:], ["c", "b", "a"], read) == ["c", "a"]
    assert asked_files([OrgFiles(tmp_path, tmp_path, DEFAULT_CONFIG)], ["e"], read) == ["e"]
    # every file read, once, in the order read
    checked = [(org, workspace, [], []) for org, workspace in zip(orgs, read, strict=True)]
    assert merge_checks(checked)[2] == ["c", "b", "a"]
