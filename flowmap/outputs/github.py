"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

`::error file=F,line=L,col=C,title=RULE::MESSAGE`. Properties escape `%`, CR, LF, `:` and
`,`; the message escapes `%`, CR and LF, as the runner expects, and both show control and
bidi characters escaped (`\\x1b`).

GitHub places an annotation by its path from the repository's top, whatever folder the step
ran in (`working-directory:`): files are named from `$GITHUB_WORKSPACE` when it is set and
holds them, else from their project root.
"""

from __future__ import annotations

import os
from pathlib import Path

from flowmap.findings import Finding
from flowmap.load.names import shown_name

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def format_github(findings: list[Finding], places: dict | None = None) -> str:
    workspace = os.environ.get("GITHUB_WORKSPACE")
    top = Path(workspace).resolve() if workspace else None
    return "".join(
        _annotation(f, _file(f, (places or {}).get(f.file), top)) + "\n" for f in findings
    )


def _file(finding: Finding, place, top: Path | None) -> str:
    """The finding's file from the workspace's top, else from its project root."""
    if place is None:
        return finding.file
    if top is not None and place.path.is_relative_to(top):
        return place.path.relative_to(top).as_posix()
    return place.relative


def _annotation(finding: Finding, file: str) -> str:
    command = _COMMANDS.get(finding.severity, "warning")
    properties = ",".join(
        f"{name}={_property(str(value))}"
        for name, value in (
            ("file", file),
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
