"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

`::error file=F,line=L,col=C,title=RULE::MESSAGE`. Properties escape `%`, CR, LF, `:` and
`,`; the message escapes `%`, CR and LF, as the runner expects, and both show control and
bidi characters escaped (`\\x1b`).
"""

from __future__ import annotations

from flowmap.findings import Finding
from flowmap.load.names import shown_name

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def format_github(findings: list[Finding]) -> str:
    return "".join(_annotation(f) + "\n" for f in findings)


def _annotation(finding: Finding) -> str:
    command = _COMMANDS.get(finding.severity, "warning")
    properties = ",".join(
        f"{name}={_property(str(value))}"
        for name, value in (
            ("file", finding.file),
            ("line", finding.line),
            ("col", finding.column),
            ("title", f"flowmap {finding.rule}"),
        )
    )
    return f"::{command} {properties}::{_data(finding.message)}"


def _data(text: str) -> str:
    # the runner prints what it does not understand as it is: the maps' escape sequences
    # would act on the terminal of whoever reads the log, so they are shown escaped
    return shown_name(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
