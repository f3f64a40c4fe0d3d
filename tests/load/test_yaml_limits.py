"""The loader refuses hostile YAML quickly, with a finding, and keeps ordinary YAML working."""

from __future__ import annotations

import tracemalloc

import pytest
import yaml

from flowmap.load import Limits, yaml_nodes
from flowmap.project import open_workspace

BILLION_LAUGHS = """\
flowmap: 1
title: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def findings_of(project, name: str, text: str | bytes, limits: Limits | None = None):
    if isinstance(text, bytes):
        project.write_bytes(name, text)
    else:
        project.write(name, text)
    workspace = open_workspace([name], limits or Limits())
    return workspace.findings


def test_billion_laughs_is_refused_without_expanding_it(project):
    # A work bound, not a time: expanding the aliases would take gigabytes; measuring them
    # takes what composing the text itself takes (the expansion speed is in `make bench`).
    tracemalloc.start()
    try:
        findings = findings_of(project, "laughs.yaml", BILLION_LAUGHS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000
    assert [(f.rule, f.line) for f in findings] == [("syntax", 7)]
    assert "max_alias_expansion" in findings[0].message


def test_ordinary_anchors_and_aliases_keep_working(project):
    findings = findings_of(
        project,
        "map.yaml",
        """\
        flowmap: 1
        services:
          - id: payroll
            requires: &signed [Signed by the manager, Dated]
          - id: recruiting
            requires: *signed
        """,
    )
    assert findings == []
    workspace = open_workspace(["map.yaml"])
    assert workspace.org.services["recruiting"].requires == ["Signed by the manager", "Dated"]


def test_a_recursive_alias_is_a_finding(project):
    findings = findings_of(project, "loop.yaml", "flowmap: 1\ntitle: &a [*a]\n")
    assert [f.rule for f in findings] == ["syntax"]


def test_50000_deep_nesting_is_a_finding_not_a_crash(project):
    deep = "flowmap: 1\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n"
    findings = findings_of(project, "deep.yaml", deep)
    # whoever notices first, flowmap's depth check or libyaml's own limit, the finding is ours
    assert [(f.rule, f.line) for f in findings] == [("syntax", 2)]
    assert "nest more than 64 levels" in findings[0].message
    assert "max_depth" in findings[0].message


@pytest.mark.parametrize("refused_at", [10, 70])
def test_the_parser_refusing_the_depth_itself_is_our_depth_finding(
    project, monkeypatch, refused_at
):
    """A libyaml release may refuse deep nesting before flowmap counts it: still one finding."""
    real_parse = yaml.parse

    def parse_refusing_depth(text, Loader):  # noqa: N803 - yaml.parse's own keyword
        depth = 0
        for event in real_parse(text, Loader=Loader):
            depth += isinstance(event, yaml.SequenceStartEvent)
            if depth == refused_at:
                mark = event.start_mark
                raise yaml.scanner.ScannerError(
                    "while increasing flow level", mark, "exceeded maximum nesting depth", mark
                )
            yield event

    monkeypatch.setattr(yaml_nodes.yaml, "parse", parse_refusing_depth)
    deep = "flowmap: 1\ntitle: " + "[" * 100 + "]" * 100 + "\n"
    findings = findings_of(project, "deep.yaml", deep)
    assert [(f.rule, f.line) for f in findings] == [("syntax", 2)]
    assert "nest more than 64 levels" in findings[0].message
    assert "max_depth" in findings[0].message


def test_deep_block_nesting_and_unclosed_brackets_are_findings(project):
    block = "flowmap: 1\ntitle:\n" + "".join("  " * i + "- \n" for i in range(1, 200))
    assert [f.rule for f in findings_of(project, "block.yaml", block)] == ["syntax"]
    inline = "flowmap: 1\ntitle: " + "- " * 30_000 + "x\n"
    assert [f.rule for f in findings_of(project, "inline.yaml", inline)] == ["syntax"]
    unclosed = "flowmap: 1\ntitle: " + "[" * 40_000 + "\n"
    assert [f.rule for f in findings_of(project, "open.yaml", unclosed)] == ["syntax"]


def test_the_depth_limit_is_a_setting(project):
    nested = "flowmap: 1\ntitle: [[[[[x]]]]]\n"
    assert [f.rule for f in findings_of(project, "a.yaml", nested)] == ["schema"]
    refused = findings_of(project, "a.yaml", nested, Limits(max_depth=4))
    assert [(f.rule, f.line, f.column) for f in refused] == [("syntax", 2, 11)]


def test_a_file_over_the_size_limit_is_refused(project):
    big = "flowmap: 1\ntitle: x\n" + "# padding\n" * 2_000_000  # 20 MB
    findings = findings_of(project, "big.yaml", big)
    assert [(f.rule, f.line, f.column) for f in findings] == [("syntax", 1, 1)]
    assert "max_file_bytes" in findings[0].message


def test_bytes_that_are_not_utf8_are_a_finding_at_their_place(project):
    findings = findings_of(project, "latin.yaml", b"flowmap: 1\ntitle: Caf\xe9\n")
    assert [(f.rule, f.line, f.column) for f in findings] == [("syntax", 2, 11)]
    assert "UTF-8" in findings[0].message


def test_a_byte_order_mark_is_fine(project):
    assert findings_of(project, "bom.yaml", "\ufeffflowmap: 1\ntitle: ok\n".encode()) == []


def test_control_characters_are_a_syntax_finding(project):
    findings = findings_of(project, "nul.yaml", b"flowmap: 1\ntitle: a\x00b\n")
    assert [f.rule for f in findings] == ["syntax"]
    assert findings[0].line == 2


def test_custom_tags_are_refused(project):
    findings = findings_of(project, "tag.yaml", "flowmap: 1\ntitle: !!python/object:os.system x\n")
    assert [(f.rule, f.line) for f in findings] == [("schema", 2)]
    assert "tag" in findings[0].message


def test_parser_errors_carry_line_column_and_a_fix(project):
    findings = findings_of(project, "bad.yaml", "flowmap: 1\ntitle: a: b\n")
    assert [(f.rule, f.line, f.column) for f in findings] == [("syntax", 2, 9)]
    assert "quotes" in findings[0].message


def test_two_documents_in_one_file_are_a_finding(project):
    findings = findings_of(project, "two.yaml", "flowmap: 1\n---\nflowmap: 1\n")
    assert [f.rule for f in findings] == ["syntax"]
    assert "one map per file" in findings[0].message


def test_yaml_11_words_stay_text_where_text_is_expected(project):
    findings = findings_of(
        project,
        "words.yaml",
        """\
        flowmap: 1
        title: NO
        units:
          - {id: on, name: 2024-01-01}
          - {id: "1e3", name: yes}
        """,
    )
    assert findings == []
    org = open_workspace(["words.yaml"]).org
    assert org.maps[0].title == "NO"
    assert (org.units["on"].name, org.units["1e3"].name) == ("2024-01-01", "yes")


def test_cjk_text_is_read_as_written(project):
    findings = findings_of(
        project,
        "cjk.yaml",
        """\
        flowmap: 1
        title: 订单到交付
        units:
          - {id: sales, name: 市场部}
        """,
    )
    assert findings == []
    assert open_workspace(["cjk.yaml"]).org.units["sales"].name == "市场部"
