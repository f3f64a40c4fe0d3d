"""What several commands share: opening the organisation a command names, usage errors."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from flowmap.findings import ERROR

if TYPE_CHECKING:  # the layers are imported when a command runs, not when it is parsed
    from flowmap.config import Config
    from flowmap.workspace import Workspace

USAGE_ERROR = 2
DEFAULT_PATHS = ["."]  # the project of the current folder, as ruff (check, render, report)


def usage_error(message: str) -> int:
    """Print the error (map text in it shown escaped) and return the usage-error exit code."""
    from flowmap.load.names import shown_name

    print(f"flowmap: error: {shown_name(message)}", file=sys.stderr)
    return USAGE_ERROR


def open_organisation(
    paths: list[str], options=None, wanted: str | None = None
) -> tuple[Config, Workspace] | None:
    """The settings and workspace of the one organisation `paths` name, or None after a
    usage error (a missing path, broken settings, several organisations).

    When the paths hold several organisations, `wanted` (an id) picks the one defining it.
    """
    from flowmap.config_file import ConfigError
    from flowmap.project import open_organisations, plan, pooled, several_organisations
    from flowmap.workspace import UsageError

    paths = paths or DEFAULT_PATHS
    try:
        orgs = plan(paths, options)
        if len(orgs) > 1:  # a shared file (org.yaml) named alone: with what it includes
            narrow = plan(paths, options, whole=False)
            orgs = narrow if len(narrow) == 1 else orgs
    except (ConfigError, UsageError) as error:
        usage_error(str(error))
        return None
    from flowmap.i18n import use_language

    if orgs:  # before reading makes a message (a survey file's)
        use_language(orgs[0].config.language)
    opened = list(open_organisations(orgs, pooled()))
    if len(opened) > 1 and wanted is not None:
        defining = [pair for pair in opened if pair[1].org.kind_of(wanted)]
        if not defining:
            usage_error(f"no organisation under {' '.join(paths)} defines `{wanted}`")
            return None
        opened = defining
        if len(opened) > 1:
            labels = ", ".join(org.label for org, _ in opened)
            usage_error(
                f"`{wanted}` is in {len(opened)} organisations ({labels}); "
                "name the folder of the one you mean"
            )
            return None
    if len(opened) > 1:
        usage_error(several_organisations(paths, [org for org, _ in opened]))
        return None
    org, workspace = opened[0]
    return org.config, workspace


def add_satisfaction_target(parser) -> None:
    """`--satisfaction-target SHARE`, for the commands that judge measured satisfaction."""
    parser.add_argument(
        "--satisfaction-target",
        type=float,
        metavar="SHARE",
        help="the lowest measured satisfaction that meets the target (default: the "
        "project's, else 0.85)",
    )


def add_language(parser) -> None:
    """`--lang`, the language of the words flowmap writes (flowmap.i18n)."""
    from flowmap.i18n import LANGUAGES

    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the language of headings, columns and finding messages (default: the "
        "project's `language`, else en)",
    )


def add_paths(
    parser, help_text: str = "map files and folders (default: `.`, the project of this folder)"
) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help=help_text)


def strict_refusal(strict: bool, findings, what: str) -> bool:
    """With `--strict`, print the findings and say why nothing is written when any is an
    error; True when the command must stop there (exit 1)."""
    if not strict or not any(f.severity == ERROR for f in findings):
        return False
    from flowmap.outputs.text import format_text

    sys.stderr.write(format_text(findings))
    print(f"flowmap: {what}: --strict refuses maps with errors", file=sys.stderr)
    return True
