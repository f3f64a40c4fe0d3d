"""The text format: `file:line:col: severity rule message`, coloured only when asked."""

from __future__ import annotations

from flowmap.findings import Finding, Waived
from flowmap.outputs.text import format_text

ERR = Finding("assure-own", "error", "a.yaml", 9, 13, "add `assure:` to `make`")
WARN = Finding("satisfaction-target", "warning", "a.yaml", 12, 5, "0.5 is below 0.85")
WAIVED = Waived(Finding("assure-own", "error", "b.yaml", 3, 9, "add `assure:`"), "pilot only")


def test_one_line_per_finding_without_colour_by_default():
    assert format_text([ERR, WARN]) == (
        "a.yaml:9:13: error assure-own add `assure:` to `make`\n"
        "a.yaml:12:5: warning satisfaction-target 0.5 is below 0.85\n"
    )


def test_colour_marks_only_the_severity():
    out = format_text([ERR, WARN], colour=True)
    assert out.splitlines() == [
        "a.yaml:9:13: \x1b[31merror\x1b[0m assure-own add `assure:` to `make`",
        "a.yaml:12:5: \x1b[33mwarning\x1b[0m satisfaction-target 0.5 is below 0.85",
    ]


def test_waived_findings_show_only_when_asked_with_their_reason():
    assert format_text([ERR], [WAIVED]) == format_text([ERR])
    shown = format_text([ERR], [WAIVED], show_waived=True).splitlines()
    assert shown[1] == "b.yaml:3:9: error assure-own add `assure:` [waived: pilot only]"


def test_control_characters_from_the_maps_are_shown_escaped():
    finding = Finding("unknown-reference", "error", "a\nb.yaml", 3, 9, "`ghost\x1b[31m\r\n\x00`")
    waived = Waived(finding, "ok\x07")
    out = format_text([finding], [waived], show_waived=True)
    assert out.splitlines() == [
        "a\\nb.yaml:3:9: error unknown-reference `ghost\\x1b[31m\\r\\n\\x00`",
        "a\\nb.yaml:3:9: error unknown-reference `ghost\\x1b[31m\\r\\n\\x00` [waived: ok\\x07]",
    ]
    assert "\x1b" not in out and "\x1b" in format_text([finding], colour=True)  # ours only
    assert format_text([WARN]) == "a.yaml:12:5: warning satisfaction-target 0.5 is below 0.85\n"
