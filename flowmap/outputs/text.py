"""`file:line:col: severity rule message`, one finding a line.

Names in messages come from the maps, so control and bidi characters are shown escaped
(`\\n`, `\\x1b`, `\\u202e`): a finding stays on its own line and cannot send escape
sequences to a terminal.
"""

from __future__ import annotations

from flowmap.findings import Finding, Waived
from flowmap.load.names import shown_name

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def format_text(
    findings: list[Finding],
    waived: list[Waived] = (),
    *,
    colour: bool = False,
    show_waived: bool = False,
) -> str:
    lines = [_line(finding, colour) for finding in findings]
    if show_waived:
        lines += [f"{_line(w.finding, False)} [waived: {_shown(w.reason)}]" for w in waived]
    return "".join(line + "\n" for line in lines)


def _line(finding: Finding, colour: bool) -> str:
    severity = finding.severity
    if colour:
        severity = f"{_COLOURS.get(severity, '')}{severity}{_RESET}"
    place = f"{_shown(finding.file)}:{finding.line}:{finding.column}"
    return f"{place}: {severity} {finding.rule} {_shown(finding.message)}"


def _shown(text: str) -> str:
    """`text` with each control, line-separator and bidi character written as an escape."""
    return shown_name(text)
