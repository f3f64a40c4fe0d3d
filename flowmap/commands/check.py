"""Check process maps against the rules and report findings with file, line and column."""

from __future__ import annotations

import os
import sys

from flowmap.commands.common import add_paths, open_paths, usage_error

HELP = "check maps against the rules (exit 1 on errors)"
FORMATS = ("text", "json")


def add_arguments(parser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("--show-waived", action="store_true",
                        help="also list the findings that waivers silenced (text format)")


def run(args) -> int:
    from flowmap.outputs.json_output import format_json
    from flowmap.outputs.text import format_text
    from flowmap.rules.engine import run_rules

    if not args.paths and not os.path.isdir("processes"):
        return usage_error("name the maps to check, e.g. `flowmap check processes/`")
    workspace = open_paths(args.paths)
    if workspace is None:
        return 2
    findings, waived = run_rules(workspace.org, workspace.findings)
    if args.format == "json":
        sys.stdout.write(format_json(findings, waived, len(workspace.files)))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        sys.stdout.write(format_text(findings, waived, colour=colour,
                                     show_waived=args.show_waived))
    return 1 if any(f.severity == "error" for f in findings) else 0
