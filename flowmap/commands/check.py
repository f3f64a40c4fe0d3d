"""Check process maps against the rules and report findings with file, line and column.

A file or folder named alone is checked with the whole organisation it belongs to, and only
its own findings are reported (`--all-findings` for the others): see the README's "CI and
pre-commit".

Exit codes: 0 no finding at error level (with --strict: nor at warning level), 1 at least
one, 2 a usage error (unknown option or rule, a named path that does not exist, a broken
configuration file).
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter

from flowmap.commands.common import (
    DEFAULT_PATHS,
    USAGE_ERROR,
    add_language,
    add_paths,
    add_satisfaction_target,
    usage_error,
)
from flowmap.commands.completion import rule_names
from flowmap.findings import ERROR, WARNING
from flowmap.outputs.registry import EMITTERS

HELP = "check maps against the rules (exit 1 on errors)"
STDIN = "-"


def add_arguments(parser) -> None:
    add_paths(
        parser,
        "map files and folders (default: `.`, the project of this folder); "
        "`-` reads a map from standard input",
    )
    parser.add_argument(
        "--format",
        choices=[*EMITTERS, "auto"],
        default="text",
        help="output format (default: text): "
        + "; ".join(f"{name}, {emitter.help}" for name, emitter in EMITTERS.items())
        + "; auto, github when $GITHUB_ACTIONS is true, else text",
    )
    parser.add_argument(
        "-o",
        "--output-file",
        metavar="FILE",
        help="write the findings to FILE instead of standard output",
    )
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="FORMAT=FILE",
        help="also write the findings in FORMAT to FILE (repeatable): one check, several "
        "reports, e.g. `--format github --also sarif=flowmap.sarif`",
    )
    select = parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="check only these rules or groups (comma-separated; repeatable; "
        "`flowmap rules` lists both)",
    )
    ignore = parser.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="skip these rules or groups (comma-separated; repeatable)",
    )
    select.completer = ignore.completer = rule_names  # the shell's TAB (argcomplete)
    parser.add_argument(
        "--severity",
        action="append",
        metavar="RULE=LEVEL",
        help="report RULE (a rule, a group or `*`) as error, warning or info (repeatable)",
    )
    add_satisfaction_target(parser)
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too, not only on errors"
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no summary line on standard error (text format)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text format (default: auto, on a terminal; NO_COLOR, "
        "FORCE_COLOR and TERM=dumb are honoured)",
    )
    parser.add_argument(
        "--statistics", action="store_true", help="after the findings, count them by rule"
    )
    parser.add_argument(
        "--show-waived",
        action="store_true",
        help="also list the findings that waivers silenced (text format)",
    )
    parser.add_argument(
        "--all-findings",
        action="store_true",
        help="report the findings in every file read, not only in the files named",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with `-`: the path the map on standard input stands for (its messages, "
        "includes and project root)",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="leave out named files that the settings exclude too (for pre-commit, which "
        "names files one by one)",
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
        help="read the files in N processes, and a large organisation's rules in two "
        "(default: the machine's cores)",
    )


def run(args) -> int:
    from flowmap.commands.options import ConfigError, command_options
    from flowmap.project import UsageError, plan
    from flowmap.workspace import is_map_named

    if args.jobs is not None and args.jobs < 1:
        return usage_error("--jobs takes a number of 1 or more")
    for also in args.also:
        name, equals, file = also.partition("=")
        if not equals or not file or name not in EMITTERS:
            return usage_error(
                f"--also {also}: write FORMAT=FILE, FORMAT one of {', '.join(EMITTERS)}"
            )
    paths = args.paths or DEFAULT_PATHS
    texts = {}
    if STDIN in paths:
        if paths.count(STDIN) > 1 or len(paths) > 1:
            return usage_error("`-` (standard input) is checked alone; name no other path")
        name = args.stdin_filename or STDIN
        paths = [name]
        texts[os.path.abspath(name)] = sys.stdin.read()
    elif args.stdin_filename:
        return usage_error("--stdin-filename goes with `-`, the map on standard input")
    try:
        keep = is_map_named if args.skip_non_maps else None
        orgs = plan(
            paths,
            command_options(args),
            keep,
            force_exclude=args.force_exclude,
            unsaved=frozenset(_resolved(texts)),
        )
    except (ConfigError, UsageError) as error:
        return usage_error(str(error))
    return _check(args, orgs, _resolved(texts))


def _resolved(texts: dict[str, str]) -> dict:
    from pathlib import Path

    return {Path(path).resolve(): text for path, text in texts.items()}


def _check(args, orgs, texts) -> int:
    from flowmap.batch import default_jobs
    from flowmap.progress import Progress
    from flowmap.project import asked_files, merge_checks, open_organisations, pooled, reported

    started = time.monotonic()
    if orgs:  # the messages' language, once for the command: the options', else the root's
        from flowmap.i18n import use_language

        use_language(orgs[0].config.language)
    # (`files`: a scan's finds that are no maps are known when they are read, not before)
    progress = Progress(sum(len(org.files) for org in orgs))
    checked = []
    # file as shown -> seconds spent on it: for JUnit alone (a file's size asked of the
    # system for each file cost a batch of 80,000 tiny files 0.3 s)
    junit = "junit" in (_format(args.format), *(also.partition("=")[0] for also in args.also))
    spent: Counter = Counter()
    jobs = args.jobs or default_jobs()
    # the rules are imported while the workers read, if any (else here, before the rules)
    preload = pooled(jobs, progress, meanwhile=_import_rules)
    for org, workspace in open_organisations(orgs, preload, progress, texts):
        # each organisation with its own root's settings
        from flowmap.rules.engine import run_rules

        start = time.perf_counter()
        findings, waived = run_rules(workspace.org, workspace.findings, org.config, jobs)
        if junit:
            spent.update(time_spent(workspace, time.perf_counter() - start, texts))
        if not args.all_findings:
            findings, waived = reported(org, workspace, findings, waived)
        checked.append((org, workspace, findings, waived))
    progress.close()
    findings, waived, files = merge_checks(checked)
    workspaces = [workspace for _, workspace, _, _ in checked]
    if not args.all_findings:
        files = asked_files(orgs, files, workspaces)
    output_format = _format(args.format)
    checks = (findings, waived, files, checked, started, spent)
    text = _formatted(args, output_format, *checks)
    if args.statistics:
        text += _statistics(findings, output_format)
    code = _write(args.output_file, text)
    for also in args.also:
        name, _, file = also.partition("=")
        more = _formatted(args, name, *checks, colour=False)
        code = code or _write(file, more)
    if code:
        return code
    if output_format == "text" and not args.quiet:
        sys.stderr.write(summary(findings, len(files)))
    failing = (ERROR, WARNING) if args.strict else (ERROR,)
    if args.exit_zero:
        return 0
    return 1 if any(f.severity in failing for f in findings) else 0


def _import_rules() -> None:
    import flowmap.rules.engine  # noqa: F401 - imported ahead, while the workers read


def _format(asked: str) -> str:
    """`auto`: annotations on GitHub Actions, text elsewhere."""
    if asked != "auto":
        return asked
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _formatted(
    args, output_format, findings, waived, files, checked, started, spent, colour=True
) -> str:
    from flowmap.outputs.registry import Checked

    colour = colour and output_format == "text"
    colour = colour and use_colour(args.color, args.output_file is None)
    # JUnit names each file's case by its place; the other formats only a finding's file
    # (each file's place, for 80,000 files and 9 findings: 0.06 s)
    wanted = None if output_format == "junit" else _files_of(findings, waived)
    result = Checked(
        findings,
        waived,
        files,
        colour=colour,
        show_waived=args.show_waived,
        places=_places(checked, wanted),
        seconds=time.monotonic() - started,
        file_seconds=dict(spent),
        docs_url=checked[0][0].config.docs_url if checked else "",
    )
    return EMITTERS[output_format].emit(result)


def time_spent(workspace, rules_seconds: float, texts: dict) -> dict[str, float]:
    """File as shown -> the time spent on it in one organisation: reading, parsing and
    modelling it (measured as it was read), and its share of the rules' time, in proportion
    to its size (the rules judge the organisation as a whole, not file by file)."""
    from pathlib import Path

    sizes = {}
    for shown in workspace.seconds:
        path = workspace.paths.get(shown) or Path(shown)  # a survey file: as shown
        try:
            sizes[shown] = len(texts[path].encode()) if path in texts else path.stat().st_size
        except OSError:
            sizes[shown] = 0
    total = sum(sizes.values())
    return {
        shown: read + (rules_seconds * sizes[shown] / total if total else 0.0)
        for shown, read in workspace.seconds.items()
    }


def _files_of(findings, waived) -> set[str]:
    """The files (as shown) that findings, waived or not, are in."""
    return {f.file for f in findings} | {w.finding.file for w in waived}


def _places(checked, files: set[str] | None = None) -> dict:
    """Each file read (of `files`, when given), as shown -> where it is and its path in its
    project."""
    from flowmap.outputs.registry import Place

    places = {}
    for org, workspace, _, _ in checked:
        root = org.root.resolve()  # (once, not once per file)
        paths = workspace.paths
        shown_paths = (
            paths.items()
            if files is None
            else [(shown, paths[shown]) for shown in files if shown in paths]
        )
        for shown, path in shown_paths:
            relative = workspace.org.sources.get(shown, path.name)
            places.setdefault(shown, Place(path, root, relative))
    return places


def use_colour(asked: str, to_stdout: bool) -> bool:
    """Whether to colour: `always`/`never` as said; `auto` follows FORCE_COLOR, NO_COLOR,
    TERM=dumb and whether standard output is a terminal (in that order)."""
    if asked != "auto":
        return asked == "always"
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return to_stdout and sys.stdout.isatty()


def _write(output_file: str | None, text: str) -> int:
    """The findings on standard output, or into the file `-o` names (the one safe writer)."""
    if output_file is None:
        sys.stdout.write(text)
        return 0
    from flowmap.outputs.files import OutputError, write_output

    try:
        write_output(output_file, text.encode("utf-8"))
    except OutputError as error:
        usage_error(str(error))
        return USAGE_ERROR
    return 0


def summary(findings, files: int) -> str:
    """`Found 3 errors and 1 warning in 2 files.`: the text format's last word, on stderr,
    in the language of the messages."""
    from flowmap.i18n import _, join_and, ngettext

    counts = Counter(f.severity for f in findings)
    counted = {
        "error": lambda n: ngettext("{count} error", "{count} errors", n),
        "warning": lambda n: ngettext("{count} warning", "{count} warnings", n),
        "info": lambda n: ngettext("{count} info", "{count} infos", n),
    }
    parts = [
        counted[level](counts[level]).format(count=counts[level])
        for level in counted
        if counts[level]
    ]
    where = ngettext("{count} file", "{count} files", files).format(count=files)
    if not parts:
        return _("No findings in {where}.").format(where=where) + "\n"
    return _("Found {said} in {where}.").format(said=join_and(parts), where=where) + "\n"


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
