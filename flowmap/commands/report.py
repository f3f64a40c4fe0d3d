"""Write the audit report: DIR/report.html, self-contained, the SVG of each chart beside it,
the tables as handoffs.csv, findings.csv and report.xlsx, and with many processes a page per
process.

Exit codes: 0 written (findings or not), 1 `--strict` and the maps have errors, or no map
could be read at all, 2 a usage error. Without Graphviz the report is still written, with a
note in place of each chart and a warning on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flowmap.commands.common import (
    DEFAULT_PATHS,
    USAGE_ERROR,
    add_language,
    add_paths,
    add_satisfaction_target,
    open_organisation,
    strict_refusal,
    usage_error,
)

HELP = "write the audit report (HTML) and the charts"
DEFAULT_FOLDER = "out"


def add_arguments(parser) -> None:
    add_paths(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="the folder to write into (default: out); flowmap writes only regular files in "
        "it and never through a symbolic link inside it",
    )
    parser.add_argument(
        "--title", help="the report's title (default: Internal customer audit, in --lang)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="write nothing and exit 1 when the maps have errors"
    )
    parser.add_argument("--dot", metavar="PATH", help="the Graphviz `dot` to run")
    parser.add_argument(
        "--since",
        metavar="REF",
        help="follow up since the last audit: a git revision of the maps, or the "
        "findings.csv of a previous report; adds the findings new, resolved and still open "
        "and the handoffs that changed",
    )
    add_satisfaction_target(parser)
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also write report.pdf: the whole report in one file, to print and sign",
    )
    add_language(parser)
    sign_off = parser.add_argument_group(
        "sign-off", "what the sign-off states (default: [tool.flowmap.report], else blank)"
    )
    sign_off.add_argument("--audit-period", metavar="TEXT", help="e.g. '2026-01 to 2026-06'")
    sign_off.add_argument("--criteria", metavar="TEXT", help="what the maps are audited against")
    sign_off.add_argument("--auditor", metavar="NAME", help="the lead auditor")
    sign_off.add_argument(
        "--audit-team", metavar="NAME", action="append", help="a member of the audit team (repeat)"
    )
    sign_off.add_argument("--auditee", metavar="NAME", help="who is audited and acknowledges")
    sign_off.add_argument(
        "--distribution", metavar="NAME", action="append", help="who receives the report (repeat)"
    )


def run(args) -> int:
    from flowmap.outputs.workbook import WorkbookWriter

    with WorkbookWriter() as writer:  # before the imports below, to import the writer aside
        return _report(args, writer)


def _report(args, writer) -> int:
    from flowmap.commands.options import ConfigError, command_options
    from flowmap.load.names import clipped, shown_name
    from flowmap.outputs.report import build_report
    from flowmap.outputs.text import format_text
    from flowmap.rules.engine import run_rules

    try:
        options = command_options(args)  # over the root's settings
    except ConfigError as error:
        return usage_error(str(error))
    opened = open_organisation(args.paths, options)
    if opened is None:
        return USAGE_ERROR
    config, workspace = opened
    from flowmap.i18n import use_language

    use_language(config.language)  # before any finding's message is made
    if not workspace.org.maps:
        sys.stderr.write(format_text(workspace.findings))
        print("flowmap: no map could be read; nothing written", file=sys.stderr)
        return 1
    findings, waived = run_rules(workspace.org, workspace.findings, config)
    if strict_refusal(args.strict, findings, "no report"):
        return 1
    baseline = None
    if args.since is not None:
        from flowmap.commands.baseline import baseline_of
        from flowmap.outputs.report.followup import BaselineError

        try:
            baseline = baseline_of(args.since, args.paths or DEFAULT_PATHS, options)
        except BaselineError as error:
            return usage_error(str(error))
    from flowmap.outputs.report.pdf import PdfUnavailable

    try:
        report = build_report(
            workspace.org,
            findings,
            waived,
            config,
            args.title,
            args.dot,
            writer,
            baseline,
            pdf=args.pdf,
        )
    except PdfUnavailable as error:
        print(f"flowmap: error: no PDF: {error}", file=sys.stderr)
        return 1
    from flowmap.outputs.files import OutputError, write_files

    folder = Path(args.output or DEFAULT_FOLDER)
    try:  # a folder the user named is followed if it is a link; the default one is not
        # a report is made again by running it again: its files are flushed all at once
        write_files(folder, report.files, follow=args.output is not None, each_checked=False)
    except OutputError as error:
        return usage_error(str(error))
    if report.problem:
        print(f"flowmap: warning: charts not drawn: {clipped(report.problem)}", file=sys.stderr)
    for failed in report.failed:
        print(f"flowmap: warning: chart not drawn: {clipped(failed)}", file=sys.stderr)
    for name in report.files:
        print(shown_name(str(folder / name)))
    return 0
