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


# A work bound, not a time: expanding these aliases would take gigabytes; measuring them
# takes a few megabytes (the speed is in `make bench`).
AT_MOST_BYTES = 64_000_000


def peak_bytes_of(action):
    """What `action()` returns, and the most memory Python held while it ran."""
    tracemalloc.start()
    try:
        result = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_billion_laughs_is_refused_without_expanding_it(project):
    findings, peak = peak_bytes_of(lambda: findings_of(project, "laughs.yaml", BILLION_LAUGHS))
    assert peak < AT_MOST_BYTES
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
    real_get_event = yaml_nodes.Loader.get_event
    depth = 0

    def get_event_refusing_depth(loader):
        nonlocal depth
        event = real_get_event(loader)
        depth += isinstance(event, yaml.SequenceStartEvent)
        if depth == refused_at:
            mark = event.start_mark
            raise yaml.scanner.ScannerError(
                "while increasing flow level", mark, "exceeded maximum nesting depth", mark
            )
        return event

    monkeypatch.setattr(yaml_nodes.Loader, "get_event", get_event_refusing_depth)
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


def _deep_operations(brk: str, levels: int = 450) -> bytes:
    lines = ["flowmap: 1", "processes:", "  - id: p", "    steps:"]
    indent = "      "
    for n in range(levels):
        lines += [f"{indent}- id: s{n}", f"{indent}  operations:"]
        indent += "  "
    lines.append(f"{indent}- id: last")
    return (brk.join(lines) + brk).encode("utf-8")


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"], ids=repr)
def test_deep_operations_are_a_finding_whatever_the_line_breaks(project, brk):
    """YAML counts CR, NEL, U+2028 and U+2029 as line breaks; the depth is counted on the
    parser's events, so the finding is at the same line and column for each."""
    findings = findings_of(project, "deep.yaml", _deep_operations(brk))
    assert [(f.rule, f.line, f.column) for f in findings] == [("syntax", 65, 69)]
    assert "nest more than 64 levels deep here;" in findings[0].message


def test_an_alias_right_after_a_colon_counts_towards_the_expansion(project):
    text = "flowmap: 1\nx0: &a0 [a, a, a, a, a, a, a, a, a, a]\n"
    for n in range(1, 9):
        text += f"x{n}: &a{n} [" + ",".join([f'{{"k":*a{n - 1}}}'] * 10) + "]\n"
    findings, peak = peak_bytes_of(lambda: findings_of(project, "bomb.yaml", text))
    assert peak < AT_MOST_BYTES  # the bomb took 41 s and 4 GB before
    assert [(f.rule, f.line) for f in findings] == [("syntax", 6)]
    assert "expand to too many nodes (more than 100,000)" in findings[0].message


def _merge_chain(links: int) -> str:
    text = "flowmap: 1\nm0: &m0 {x: 1}\n"
    for n in range(1, links):
        text += f'm{n}: &m{n} {{!!merge "<<":*m{n - 1}}}\n'
    return text + f'title: {{!!merge "<<":*m{links - 1}}}\n'


def test_a_chain_of_merge_keys_is_a_finding(project):
    """Each link nests the one it merges: the depth an alias adds counts."""
    findings = findings_of(project, "merge.yaml", _merge_chain(5000))
    assert [(f.rule, f.line) for f in findings] == [("syntax", 65)]
    assert "with what this alias adds" in findings[0].message


def test_an_alias_may_not_nest_deeper_than_the_limit(project):
    text = "flowmap: 1\ntitle: &a [[[x]]]\ngoals: [[[*a]]]\n"
    limits = Limits(max_depth=6)
    assert [(f.rule, f.line) for f in findings_of(project, "a.yaml", text, limits)] == [
        ("syntax", 3)
    ]
    assert "syntax" not in {
        f.rule for f in findings_of(project, "a.yaml", text, Limits(max_depth=7))
    }


def test_a_merge_chain_under_raised_limits_is_read(project):
    limits = Limits(max_depth=200, max_alias_expansion=10**9)
    findings = findings_of(project, "merge.yaml", _merge_chain(150), limits)
    assert "syntax" not in {f.rule for f in findings}
    assert [f.message.split(";")[0] for f in findings][:2] == [
        "unknown key `m0` in a map",
        "unknown key `m1` in a map",
    ]


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\x85", "\u2028"], ids=repr)
def test_a_bad_character_or_byte_is_placed_by_yaml_s_line_breaks(project, brk):
    text = brk.join(["flowmap: 1", "title: fine", "units: [{id: u, name: ab"]).encode()
    nul = findings_of(project, "nul.yaml", text + b"\x00c}]\n")
    assert [(f.line, f.column) for f in nul] == [(3, 25)]
    assert "U+0000 is not allowed in YAML" in nul[0].message
    byte = findings_of(project, "byte.yaml", text + b"\xffc}]\n")
    assert [(f.line, f.column) for f in byte] == [(3, 25)]
    assert "byte 0xff is not UTF-8" in byte[0].message


def test_a_tab_hint_is_found_whatever_the_line_breaks(project):
    findings = findings_of(project, "tab.yaml", b"flowmap: 1\rtitle:\r\t- x\r")
    assert "indent with spaces, not tabs" in findings[0].message


def test_a_bad_character_after_chinese_text_is_placed_in_characters(project):
    findings = findings_of(project, "cjk.yaml", "flowmap: 1\ntitle: 订单\x00\n".encode())
    assert [(f.line, f.column) for f in findings] == [(2, 10)]
