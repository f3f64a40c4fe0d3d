"""`include:` is read relative to the including file, once, and never outside the project."""

from __future__ import annotations

import pytest

from flowmap.project import open_workspace

ORG = """\
    flowmap: 1
    units:
      - {id: sales, name: Sales}
    """


def test_an_include_is_read_relative_to_the_including_file(project):
    project.write("maps/org/org.yaml", ORG)
    project.write("maps/p.yaml", "flowmap: 1\ninclude: [org/org.yaml]\n")
    workspace = open_workspace(["maps/p.yaml"])
    assert workspace.findings == []
    assert workspace.files == ["maps/p.yaml", "maps/org/org.yaml"]
    assert "sales" in workspace.org.units


def test_a_file_included_by_many_is_read_once(project):
    project.write("org.yaml", ORG)
    project.write("a.yaml", "flowmap: 1\ninclude: [org.yaml]\n")
    project.write("b.yaml", "flowmap: 1\ninclude: [org.yaml]\n")
    workspace = open_workspace(["."])
    assert sorted(workspace.files) == ["a.yaml", "b.yaml", "org.yaml"]
    assert workspace.findings == []
    assert workspace.includers["org.yaml"] == ["a.yaml", "b.yaml"]


def test_a_missing_include_is_an_unknown_reference_at_its_item(project):
    project.write("p.yaml", "flowmap: 1\ninclude:\n  - org.yaml\n  - nowhere.yaml\n")
    project.write("org.yaml", ORG)
    findings = open_workspace(["p.yaml"]).findings
    assert [(f.rule, f.line, f.column) for f in findings] == [("unknown-reference", 4, 5)]
    assert "nowhere.yaml" in findings[0].message


def test_an_include_outside_the_project_root_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    outside.write_text("flowmap: 1\n", encoding="utf-8")
    project.write("p.yaml", f"flowmap: 1\ninclude: [../{outside.parent.name}/secret.yaml]\n")
    workspace = open_workspace(["p.yaml"])
    assert [(f.rule, f.line) for f in workspace.findings] == [("unknown-reference", 2)]
    assert "outside the project root" in workspace.findings[0].message
    assert workspace.files == ["p.yaml"]


def test_an_absolute_include_path_outside_the_root_is_refused(project):
    project.write("p.yaml", "flowmap: 1\ninclude: [/etc/passwd]\n")
    findings = open_workspace(["p.yaml"]).findings
    assert [f.rule for f in findings] == ["unknown-reference"]


@pytest.mark.parametrize(
    "files",
    [
        ["a.yaml", "b.yaml"],
        # the files that include one are listed at the first search that needs them: those
        # recorded before it (x.yaml's) count as those after
        ["x.yaml", "a.yaml", "b.yaml"],
    ],
    ids=["two files", "three, the first include recorded before the first search"],
)
def test_an_include_cycle_is_a_finding_and_each_file_is_read_once(project, files):
    for name, included in zip(files, [*files[1:], files[0]], strict=True):
        project.write(name, f"flowmap: 1\ninclude: [{included}]\n")
    workspace = open_workspace([files[0]])
    assert [(f.rule, f.file, f.line) for f in workspace.findings] == [
        ("include-cycle", "b.yaml", 2)
    ]
    assert " → ".join(["b.yaml", *files]) in workspace.findings[0].message
    assert workspace.files == files


def test_include_cycles_found_after_the_include_graph_is_made(project):
    """The graph of includes is made at the first search for a cycle; what is included
    after it is searched in it too."""
    project.write("a.yaml", "flowmap: 1\ninclude: [b.yaml, c.yaml]\n")
    project.write("b.yaml", "flowmap: 1\ninclude: [a.yaml]\n")
    project.write("c.yaml", "flowmap: 1\ninclude: [d.yaml]\n")
    project.write("d.yaml", "flowmap: 1\ninclude: [a.yaml, c.yaml, b.yaml]\n")
    workspace = open_workspace(["a.yaml"])
    assert [(f.rule, f.file, f.line, f.column) for f in workspace.findings] == [
        ("include-cycle", "b.yaml", 2, 11),
        ("include-cycle", "d.yaml", 2, 11),
        ("include-cycle", "d.yaml", 2, 19),
        ("include-cycle", "d.yaml", 2, 27),
    ]
    assert [f.message.split(";")[0] for f in workspace.findings] == [
        "include cycle: b.yaml → a.yaml → b.yaml",
        "include cycle: d.yaml → a.yaml → c.yaml → d.yaml",
        "include cycle: d.yaml → c.yaml → d.yaml",
        "include cycle: d.yaml → b.yaml → a.yaml → c.yaml → d.yaml",
    ]
    assert workspace.files == ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]


def test_a_file_that_includes_itself_is_a_cycle(project):
    project.write("a.yaml", "flowmap: 1\ninclude: [a.yaml]\n")
    assert [f.rule for f in open_workspace(["a.yaml"]).findings] == ["include-cycle"]


def test_a_broken_included_file_is_reported_and_the_rest_goes_on(project):
    project.write("org.yaml", "flowmap: 1\nunits: [\n")
    project.write("p.yaml", "flowmap: 1\ninclude: [org.yaml]\ntitle: fine\n")
    workspace = open_workspace(["p.yaml"])
    assert [(f.rule, f.file) for f in workspace.findings] == [("syntax", "org.yaml")]
    assert workspace.org.maps[0].title == "fine"


def test_a_named_file_that_others_include_is_one_file(project):
    """Named before the files that include it, org.yaml is read once, under its name, and
    every table of the workspace knows it once."""
    project.write("org.yaml", ORG)
    project.write("a.yaml", "flowmap: 1\ninclude: [org.yaml]\n")
    project.write("sub/b.yaml", "flowmap: 1\ninclude: [../org.yaml]\n")
    workspace = open_workspace(["org.yaml", "a.yaml", "sub/b.yaml"])
    assert workspace.findings == []
    assert workspace.files == ["org.yaml", "a.yaml", "sub/b.yaml"]
    assert workspace.named == ["org.yaml", "a.yaml", "sub/b.yaml"]
    assert workspace.includers == {"org.yaml": ["a.yaml", "sub/b.yaml"]}
    assert workspace.org.sources == {
        "org.yaml": "org.yaml",
        "a.yaml": "a.yaml",
        "sub/b.yaml": "sub/b.yaml",
    }
    assert workspace.paths["org.yaml"] == (project.root / "org.yaml").resolve()
    assert list(workspace.loaded) == [(path, shown) for shown, path in workspace.paths.items()]
    assert list(workspace.seconds) == workspace.files
    assert all(seconds > 0 for seconds in workspace.seconds.values())
    assert [the_map.file for the_map in workspace.org.maps] == workspace.files
