"""Check process maps against the rules and report findings with file, line and column.

Exit codes: 0 no finding at error level, 1 at least one, 2 a usage error (unknown option or
rule, a named path that does not exist, a broken configuration file).
"""

from __future__ import annotations

import os
import sys
from collections import Counter

from flowmap.commands.common import (
    add_language,
    add_paths,
    add_satisfaction_target,
    usage_error,
)
from flowmap.findings import ERROR
from flowmap.outputs.registry import EMITTERS

HELP = "check maps against the rules (exit 1 on errors)"


def add_arguments(parser) -> None:
    add_paths(parser)
    parser.add_argument(
        "--format",
        choices=list(EMITTERS),
        default="text",
        help="output format (default: text): "
        + "; ".join(f"{name}, {emitter.help}" for name, emitter in EMITTERS.items()),
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="check only these rules (comma-separated; repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="skip these rules (comma-separated; repeatable)",
    )
    parser.add_argument(
        "--severity",
        action="append",
        metavar="RULE=LEVEL",
        help="report RULE as error, warning or info (repeatable)",
    )
    add_satisfaction_target(parser)
    parser.add_argument(
        "--statistics", action="store_true", help="after the findings, count them by rule"
    )
    parser.add_argument(
        "--show-waived",
        action="store_true",
        help="also list the findings that waivers silenced (text format)",
    )
    parser.add_argument(
        "--skip-non-maps",
        action="store_true",
        help="skip named files without `flowmap:` instead of reporting them "
        "(for pre-commit, which names every YAML file)",
    )
    add_language(parser)
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="read the files in N processes (default: the machine's cores)",
    )


def run(args) -> int:
    from flowmap.commands.options import ConfigError, command_options
    from flowmap.project import UsageError, plan
    from flowmap.workspace import is_map_named

    if not args.paths and not os.path.isdir("processes"):
        return usage_error("name the maps to check, e.g. `flowmap check processes/`")
    if args.jobs is not None and args.jobs < 1:
        return usage_error("--jobs takes a number of 1 or more")
    try:
        keep = is_map_named if args.skip_non_maps else None
        orgs = plan(args.paths or ["processes"], command_options(args), keep)
    except (ConfigError, UsageError) as error:
        return usage_error(str(error))
    return _check(args, orgs)


def _check(args, orgs) -> int:
    from flowmap.batch import default_jobs, preload
    from flowmap.progress import Progress
    from flowmap.project import merge_checks, open_organisations
    from flowmap.rules.engine import run_rules

    jobs = args.jobs or default_jobs()
    if orgs:  # the messages' language, once for the command: the options', else the root's
        from flowmap.i18n import use_language

        use_language(orgs[0].config.language)
    progress = Progress(sum(len(org.named) for org in orgs))
    checked = [
        # each organisation with its own root's settings
        (org, workspace, *run_rules(workspace.org, workspace.findings, org.config))
        for org, workspace in open_organisations(
            orgs, lambda named, limits: preload(named, limits, jobs, progress), progress
        )
    ]
    progress.close()
    findings, waived, files = merge_checks(checked)
    sys.stdout.write(_formatted(args, findings, waived, files))
    if args.statistics:
        sys.stdout.write(_statistics(findings, args.format))
    return 1 if any(f.severity == ERROR for f in findings) else 0


def _formatted(args, findings, waived, files) -> str:
    from flowmap.outputs.registry import Checked

    colour = args.format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    checked = Checked(findings, waived, files, colour=colour, show_waived=args.show_waived)
    return EMITTERS[args.format].emit(checked)


def _statistics(findings, output_format: str) -> str:
    """Counts by rule, after the findings; on stderr-like text lines for the text format."""
    counts = Counter((f.rule, f.severity) for f in findings)
    lines = [
        f"{count:6d}  {rule} ({severity})"
        for (rule, severity), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    lines.append(f"{len(findings):6d}  in all")
    if output_format != "text":  # keep machine-readable output clean: counts go to stderr
        sys.stderr.write("".join(line + "\n" for line in lines))
        return ""
    return "".join(line + "\n" for line in lines)
