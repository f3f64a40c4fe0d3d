"""GitHub workflow annotations: what the runner reads must be escaped, nothing else changed."""

from __future__ import annotations

from flowmap.findings import Finding
from flowmap.outputs.github import format_github


def test_each_finding_is_one_annotation_at_its_place():
    out = format_github(
        [
            Finding("assure-own", "error", "maps/a.yaml", 9, 13, "add `assure:`"),
            Finding("top-bottom-line", "warning", "maps/a.yaml", 2, 1, "ends nowhere"),
            Finding("satisfaction-target", "info", "maps/b.yaml", 4, 7, "below 85%"),
        ]
    )
    assert out.splitlines() == [
        "::error file=maps/a.yaml,line=9,col=13,title=flowmap assure-own::add `assure:`",
        "::warning file=maps/a.yaml,line=2,col=1,title=flowmap top-bottom-line::ends nowhere",
        "::notice file=maps/b.yaml,line=4,col=7,title=flowmap satisfaction-target::below 85%25",
    ]


def test_properties_escape_percent_newlines_colon_and_comma():
    finding = Finding("schema", "error", "a,b:c%\r\nd.yaml", 1, 2, "m")
    (line,) = format_github([finding]).splitlines()
    assert line == "::error file=a%2Cb%3Ac%25%0D%0Ad.yaml,line=1,col=2,title=flowmap schema::m"


def test_the_message_escapes_percent_and_newlines_but_keeps_colons_and_commas():
    finding = Finding("schema", "error", "a.yaml", 1, 1, "50% done\r\nnext: a, b\n::x")
    out = format_github([finding])
    assert out == (
        "::error file=a.yaml,line=1,col=1,title=flowmap schema::50%25 done%0D%0Anext: a, b%0A::x\n"
    )
    assert out.count("\n") == 1  # a newline in a message can never start a command of its own


def test_no_findings_no_output():
    assert format_github([]) == ""
