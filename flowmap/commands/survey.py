"""Satisfaction surveys: write the rows to ask (`template`), and sum up the answers
(`summary`) per relationship, unit and company for each period, internal and external apart.

The survey cycle: `flowmap survey template processes/ --period 2026-Q4 -o q4.csv` → the
customers fill in `score` (1–5) or `satisfied` (yes/no) → the file goes into the surveys
folder (`surveys/`, or the setting `surveys`) → `flowmap survey summary` and `flowmap check`
judge the latest period → improvement actions (`actions:`) where a relationship is below
target → next quarter's template.
"""

from __future__ import annotations

from flowmap.commands.common import add_paths, open_organisation, usage_error

HELP = "satisfaction surveys: the template of questions, the summary of answers"


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    template = actions.add_parser(
        "template", help="write one row per relationship to ask about, as CSV"
    )
    add_paths(template)
    template.add_argument(
        "--period",
        required=True,
        metavar="PERIOD",
        help="the period asked about: 2026-Q4, or 2026-10 by month (rows are dated its first day)",
    )
    template.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the CSV file to write (- for stdout)"
    )
    summary = actions.add_parser(
        "summary", help="satisfaction per relationship, unit and company for each period"
    )
    add_paths(summary)
    summary.add_argument("--format", choices=("text", "json", "csv"), default="text")


def run(args) -> int:
    from flowmap.graph.satisfaction import first_day

    if args.action == "template":
        day = first_day(args.period)
        if day is None:
            return usage_error(
                f"--period {args.period}: write a quarter (2026-Q4) or a month (2026-10)"
            )
    opened = open_organisation(args.paths)
    if opened is None:
        return 2
    config, workspace = opened
    if args.action == "template":
        return _template(workspace.org, day, args.output)
    return _summary(workspace, config, args.format)


def _template(org, day, output: str) -> int:
    from flowmap.graph.satisfaction import questions
    from flowmap.outputs.files import OutputError, write_output
    from flowmap.outputs.surveys import template_csv

    try:
        write_output(output, template_csv(questions(org), day))
    except OutputError as error:
        return usage_error(str(error))
    return 0


def _summary(workspace, config, output_format: str) -> int:
    import sys
    from dataclasses import replace

    from flowmap.graph.satisfaction import summarise
    from flowmap.outputs.files import write_stdout
    from flowmap.outputs.surveys import summary_csv, summary_json, summary_text
    from flowmap.outputs.text import format_text
    from flowmap.rules.engine import run_rules

    summary = summarise(workspace.org, config)
    only = replace(config, select=frozenset({"survey-data"}), ignore=frozenset())
    problems, _ = run_rules(workspace.org, workspace.findings, only)
    if output_format == "csv":
        write_stdout(summary_csv(summary, config))
    elif output_format == "json":
        sys.stdout.write(summary_json(summary, config))
    else:
        sys.stdout.write(summary_text(summary, config))
    if problems:  # what could not be counted is not silently left out
        sys.stderr.write(format_text(problems))
    return 0
