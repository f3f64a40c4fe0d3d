"""flowmap in CI as ruff and yamllint are: paths that resolve from anywhere, a file checked
with its organisation, exclude and .gitignore, and the flags CI users expect (issue 24)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree

import pytest

from tests.plants import BAD, ONE_FINDING, chain, make_plants


@pytest.fixture
def plants(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = make_plants(tmp_path / "plants")
    monkeypatch.chdir(root)
    return root


def _texts(out: str) -> list[tuple[str, int, int, str]]:
    found = []
    for line in out.splitlines():
        place, _, rest = line.partition(": ")
        file, line_no, column = place.rsplit(":", 2)
        found.append((file, int(line_no), int(column), rest.split()[1]))
    return found


# -- 3. a file checked with its organisation ----------------------------------------------


def test_the_whole_repository_leaves_out_what_is_ignored_and_excluded(cli, plants):
    result = cli("check")  # `.`, the default
    assert _texts(result.out) == [ONE_FINDING], result.out
    assert result.code == 1
    assert result.err == "Found 1 error in 4 files.\n"


@pytest.mark.parametrize(
    "named",
    [
        ["plant-b/sub/returns.yaml"],
        ["plant-b/sub/"],
        ["plant-b/order.yaml", "plant-b/sub/returns.yaml"],
        ["plant-b/"],
    ],
)
def test_a_file_or_folder_named_alone_gives_what_the_whole_run_says_of_it(cli, plants, named):
    result = cli("check", *named)
    assert _texts(result.out) == [ONE_FINDING], result.out
    assert result.code == 1


def test_a_clean_file_of_the_organisation_is_clean_alone(cli, plants):
    for named in ("plant-b/order.yaml", "org.yaml", "plant-a/order.yaml"):
        result = cli("check", named)
        assert (result.code, result.out) == (0, ""), (named, result.out)


def test_from_a_subfolder_the_named_file_is_checked_with_its_organisation(cli, plants):
    os.chdir(plants / "plant-b")
    result = cli("check", "sub/returns.yaml")
    assert _texts(result.out) == [("sub/returns.yaml", *ONE_FINDING[1:])]


def test_all_findings_shows_the_findings_of_the_files_read_with_it(cli, plants):
    (plants / "plant-b" / "order.yaml").write_text(
        chain("../org.yaml")
        .replace("delivers: [goods]", "delivers: [goods, scrap report]")
        .replace(BAD, ""),
        encoding="utf-8",
    )
    alone = cli("check", "plant-b/sub/returns.yaml")
    assert [f[0] for f in _texts(alone.out)] == ["plant-b/sub/returns.yaml"]
    every = cli("check", "plant-b/sub/returns.yaml", "--all-findings")
    files = {f[0] for f in _texts(every.out)}
    assert files == {"plant-b/sub/returns.yaml", "plant-b/order.yaml"}


def test_without_a_flowmap_marker_the_named_files_are_checked_with_what_they_include(cli, plants):
    (plants / ".flowmap.toml").unlink()  # .git alone says nothing about the maps
    result = cli("check", "plant-b/sub/returns.yaml")
    # the rest of plant-b is not read: `make` is unknown; org.yaml's findings not reported
    assert [(f[0], f[3]) for f in _texts(result.out)] == [
        ("plant-b/sub/returns.yaml", "unknown-reference")
    ]


def test_the_editor_opened_on_one_file_loads_its_organisation(plants):
    from flowmap.edit import EditSession

    session = EditSession.open(["plant-b/sub/returns.yaml"])
    assert set(session.files) >= {"plant-b/sub/returns.yaml", "plant-b/order.yaml"}
    assert "plant-a/order.yaml" not in session.files  # another organisation
    assert [(f.file, f.line, f.column, f.rule) for f in session.findings] == [ONE_FINDING]
    assert not session.dirty_files


def test_the_editor_opened_on_one_file_saves_only_what_the_user_changes(plants):
    from flowmap.edit import EditSession

    before = {p: p.read_bytes() for p in plants.rglob("*.yaml")}
    session = EditSession.open(["plant-b/sub/returns.yaml"])
    session.set_need_field("sort", 0, "due", "3d")  # the fix of the one finding
    assert session.findings == []
    assert session.save() == ["plant-b/sub/returns.yaml"]
    after = {p: p.read_bytes() for p in plants.rglob("*.yaml")}
    changed = [p.relative_to(plants).as_posix() for p in before if before[p] != after[p]]
    assert changed == ["plant-b/sub/returns.yaml"]


def test_the_editor_on_a_shared_file_of_two_organisations_opens_it_with_its_includes(plants):
    from flowmap.edit import EditSession

    session = EditSession.open(["org.yaml"])
    assert session.files == ["org.yaml"]


# -- 4. exclude, extend-exclude, .gitignore, --force-exclude ------------------------------


def test_a_named_folder_or_file_that_is_excluded_is_still_checked(cli, plants):
    for named in ("examples/bad/", "examples/bad/bad.yaml", "build/copy.yaml"):
        result = cli("check", named)
        assert result.code == (1 if "bad" in named else 0), (named, result.out)
    assert "assure-own" in cli("check", "examples/bad/").out


def test_force_exclude_leaves_out_named_files_that_are_excluded(cli, plants):
    result = cli("check", "--force-exclude", "examples/bad/bad.yaml", "build/copy.yaml")
    assert (result.code, result.out) == (0, "")
    result = cli("check", "--force-exclude", "examples/bad/bad.yaml", "plant-b/sub/returns.yaml")
    assert _texts(result.out) == [ONE_FINDING]


def test_respect_gitignore_false_scans_what_git_ignores(cli, plants):
    settings = plants / ".flowmap.toml"
    settings.write_text(settings.read_text() + "respect-gitignore = false\n")

    def cases():
        junit = ElementTree.fromstring(cli("check", "--format", "junit").out)
        return {case.get("name") for case in junit.iter("testcase")}

    assert "build/copy.yaml" in cases()
    settings.write_text(settings.read_text().replace("false", "true"))
    assert "build/copy.yaml" not in cases()


def test_exclude_replaces_the_default_and_extend_exclude_adds_to_it(cli, plants):
    hidden = plants / ".drafts"
    hidden.mkdir()
    (hidden / "draft.yaml").write_text(chain("../org.yaml").replace(BAD, ""))
    assert ".drafts" not in cli("check").out  # hidden folders: the default exclude
    settings = plants / ".flowmap.toml"
    settings.write_text('organisations = ["plant-a/", "plant-b/"]\nexclude = ["examples/"]\n')
    assert ".drafts/draft.yaml" in cli("check").out


def test_a_broken_exclude_setting_names_file_and_line(cli, plants):
    (plants / ".flowmap.toml").write_text('exclude = "build/"\n')
    result = cli("check")
    assert result.code == 2
    assert ".flowmap.toml:1: `exclude` takes a list of gitignore-style patterns" in result.err
    (plants / ".flowmap.toml").write_text('\nextend-exclude = ["\\\\"]\n')
    result = cli("check")
    assert result.code == 2 and ".flowmap.toml:2: `extend_exclude` has a pattern" in result.err


def test_a_gitignore_in_a_subfolder_and_a_negation_are_honoured(cli, plants):
    (plants / "plant-a" / ".gitignore").write_text("*.yaml\n!order.yaml\n")
    (plants / "plant-a" / "scratch.yaml").write_text("flowmap: 1\ntitel: typo\n")
    assert cli("check").out.count("\n") == 1  # scratch.yaml ignored, order.yaml kept


# -- 1. paths that resolve from anywhere --------------------------------------------------

WHERE = [  # (folder to run in, relative to the root; the path to name)
    (".", "plant-b/sub/returns.yaml"),
    ("plant-b", "sub/returns.yaml"),
    ("plant-a", "../plant-b/sub/returns.yaml"),
    ("plant-a", "ABSOLUTE"),
]


def _run_in(cli, plants, folder, named, *options):
    os.chdir(plants / folder)
    if named == "ABSOLUTE":
        named = str(plants / "plant-b" / "sub" / "returns.yaml")
    return cli("check", named, *options)


@pytest.mark.parametrize(("folder", "named"), WHERE)
def test_sarif_uris_are_absolute_file_uris_of_the_real_file(cli, plants, folder, named):
    document = json.loads(_run_in(cli, plants, folder, named, "--format", "sarif").out)
    [result] = document["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    parsed = urlparse(uri)
    assert parsed.scheme == "file"
    assert Path(unquote(parsed.path)) == plants.resolve() / ONE_FINDING[0]


@pytest.mark.parametrize(("folder", "named"), WHERE)
def test_github_paths_are_from_the_workspace_or_the_project_root(
    cli, plants, folder, named, monkeypatch
):
    out = _run_in(cli, plants, folder, named, "--format", "github").out
    assert out.startswith(f"::error file={ONE_FINDING[0]},line=13,col=76,")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(plants.parent))  # the project in a subfolder
    out = _run_in(cli, plants, folder, named, "--format", "github").out
    assert out.startswith(f"::error file=plants/{ONE_FINDING[0]},line=13,")


@pytest.mark.parametrize(("folder", "named"), WHERE)
def test_json_and_junit_give_the_text_path_and_the_project_path(cli, plants, folder, named):
    text = _run_in(cli, plants, folder, named).out
    shown = text.split(":", 1)[0]
    assert (plants / folder / shown).resolve() == (plants / ONE_FINDING[0]).resolve()
    [finding] = json.loads(_run_in(cli, plants, folder, named, "--format", "json").out)["findings"]
    assert (finding["file"], finding["project_path"]) == (shown, ONE_FINDING[0])
    junit = ElementTree.fromstring(_run_in(cli, plants, folder, named, "--format", "junit").out)
    [case] = junit.iter("testcase")
    assert (case.get("name"), case.get("file")) == (ONE_FINDING[0], shown)
    assert case.find("failure").get("type") == ONE_FINDING[3]


# -- 5. the flags users expect ------------------------------------------------------------


def test_output_file_is_written_and_stdout_stays_empty(cli, plants):
    result = cli("check", "--format", "sarif", "-o", "out.sarif")
    assert (result.code, result.out) == (1, "")
    assert json.loads((plants / "out.sarif").read_text())["runs"][0]["results"]
    (plants / "folder").mkdir()
    refused = cli("check", "--output-file", "folder")
    assert refused.code == 2 and "it is a folder" in refused.err


def test_exit_zero_strict_and_quiet(cli, plants):
    assert cli("check", "--exit-zero").code == 0
    (plants / "plant-b" / "sub" / "returns.yaml").unlink()
    warned = cli("check", "--severity", "assure-own=warning", "examples/bad/bad.yaml")
    assert (warned.code, warned.err) == (0, "Found 1 warning in 1 file.\n")
    assert cli("check", "--severity", "assure-own=warning", "--strict", "examples/bad/").code == 1
    for strict in ([], ["--strict"]):
        junit = cli(
            "check",
            *strict,
            "--format",
            "junit",
            "--severity",
            "assure-own=warning",
            "examples/bad/",
        )
        assert junit.code == (1 if strict else 0)  # JUnit shows it failed either way
        [failure] = ElementTree.fromstring(junit.out).iter("failure")
        assert failure.get("type") == "assure-own"
        assert failure.get("message").startswith("warning: ")
    quiet = cli("check", "-q", "examples/bad/")
    assert quiet.err == "" and quiet.out.count("\n") == 1


def test_the_summary_counts_each_level(cli, plants):
    from flowmap.commands.check import summary
    from flowmap.findings import Finding

    found = [Finding("a", level, "f", 1, 1, "m") for level in ("error", "error", "warning")]
    assert summary(found, 2) == "Found 2 errors and 1 warning in 2 files.\n"
    found.append(Finding("a", "info", "f", 1, 1, "m"))
    assert summary(found, 1) == "Found 2 errors, 1 warning and 1 info in 1 file.\n"
    assert summary([], 0) == "No findings in 0 files.\n"


def test_stdin_is_checked_as_the_file_it_stands_for(cli, plants, monkeypatch):
    import io

    text = (plants / "plant-b" / "sub" / "returns.yaml").read_text()
    fixed = text.replace("due: 1d}]", "due: 3d}]", 1)
    monkeypatch.setattr("sys.stdin", io.StringIO(fixed))
    result = cli("check", "-", "--stdin-filename", "plant-b/sub/returns.yaml")
    assert (result.code, result.out) == (0, "")  # the unsaved text, with its organisation
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    result = cli("check", "-", "--stdin-filename", "plant-b/sub/new.yaml")  # not on disk yet
    assert _texts(result.out) == [("plant-b/sub/new.yaml", *ONE_FINDING[1:])]
    assert cli("check", "-", "plant-a/").code == 2
    assert cli("check", "--stdin-filename", "x.yaml").code == 2


def test_colour_follows_the_flag_and_the_environment(cli, plants, monkeypatch):
    from flowmap.commands.check import use_colour

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert "\033[31m" in cli("check", "--color", "always").out
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[31m" in cli("check").out  # auto, not a terminal, but forced
    assert "\033[" not in cli("check", "--color", "never").out
    monkeypatch.delenv("FORCE_COLOR")
    assert not use_colour("auto", True)  # pytest's stdout is no terminal
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert not use_colour("auto", True)


def test_format_auto_is_github_on_actions_else_text(cli, plants, monkeypatch):
    assert cli("check", "--format", "auto").out.startswith(ONE_FINDING[0])
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli("check", "--format", "auto").out.startswith("::error file=")
    assert cli("check").out.startswith(ONE_FINDING[0])  # text stays the default


def test_rule_groups_select_and_ignore(cli, plants):
    assert cli("check", "--ignore", "three-step").out == ""  # serve-downstream is one
    assert cli("check", "--select", "structure").out == ""
    assert _texts(cli("check", "--select", "three-step,principles").out) == [ONE_FINDING]
    assert _texts(cli("check", "--select", "ALL").out) == [ONE_FINDING]
    warned = cli("check", "--severity", "*=warning")
    assert (warned.code, warned.err) == (0, "Found 1 warning in 4 files.\n")
    listed = cli("rules").out
    assert "three-step: recheck-upstream, assure-own, serve-downstream" in listed
    settings = plants / ".flowmap.toml"
    settings.write_text(settings.read_text() + 'ignore = ["three-step"]\n')
    assert cli("check").out == ""


def test_one_check_writes_annotations_and_a_sarif_file(cli, plants):
    result = cli("check", "--format", "github", "--also", "sarif=out/flowmap.sarif")
    assert result.code == 2 and "out/flowmap.sarif" in result.err  # no such folder
    result = cli("check", "--format", "github", "--also", "sarif=flowmap.sarif")
    assert result.code == 1 and result.out.startswith("::error file=plant-b/sub/returns.yaml")
    document = json.loads((plants / "flowmap.sarif").read_text())
    assert document["runs"][0]["results"][0]["ruleId"] == ONE_FINDING[3]
    assert cli("check", "--also", "pdf=x.pdf").code == 2
    assert cli("check", "--also", "sarif").code == 2


def test_one_organisation_commands_take_a_file_of_a_plant_or_the_shared_file(cli, plants):
    plant_b = cli("customers", "make", "plant-b/sub/returns.yaml")
    assert plant_b.code == 0 and "sort" in plant_b.out  # in returns.yaml, of make in order.yaml
    shared = cli("graph", "org.yaml")
    assert shared.code == 0, shared.err
    several = cli("graph")
    assert several.code == 2 and "holds 2 organisations" in several.err


def test_check_with_no_path_is_the_project_of_this_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no processes/ here: nothing to check is no usage error
    result = cli("check")
    assert (result.code, result.out, result.err) == (0, "", "No findings in 0 files.\n")


def test_flowmap_s_own_repository_passes_its_own_check(cli, monkeypatch):
    """Its deliberately bad test maps are excluded in pyproject.toml ([tool.flowmap])."""
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    result = cli("check")
    assert result.code == 0, result.out
    assert result.err.startswith("No findings in ")  # processes/
    assert cli("check", "tests/rules/cases/assure-own/").code == 1  # named: still checked


def test_the_editor_on_one_example_map_shows_no_false_errors(project):
    """The issue's case: `flowmap edit processes/complaint-handling.yaml` showed 7 false
    inside-outside-line errors in org.yaml; opened on processes/, none."""
    from flowmap.edit import EditSession

    project.copy_processes()
    one = EditSession.open(["processes/complaint-handling.yaml"])
    every = EditSession.open(["processes/"])
    assert one.findings == every.findings == []
    assert sorted(one.files) == sorted(every.files)
