"""What several commands share: opening the maps a command names, reporting usage errors."""

from __future__ import annotations

import sys

from flowmap.config import DEFAULT_CONFIG, Config
from flowmap.workspace import UsageError, Workspace, open_workspace

USAGE_ERROR = 2
DEFAULT_PATHS = ["processes"]


def usage_error(message: str) -> int:
    print(f"flowmap: error: {message}", file=sys.stderr)
    return USAGE_ERROR


def open_paths(paths: list[str], config: Config = DEFAULT_CONFIG) -> Workspace | None:
    """The workspace of `paths`, or None after printing the usage error."""
    try:
        return open_workspace(paths or DEFAULT_PATHS, config.limits)
    except UsageError as error:
        usage_error(str(error))
        return None


def open_with_config(paths: list[str]) -> tuple[Config, Workspace] | None:
    """The project's settings and the workspace of `paths`, or None after a usage error."""
    from flowmap.config_file import ConfigError, project_config

    try:
        config = project_config()
    except ConfigError as error:
        usage_error(str(error))
        return None
    workspace = open_paths(paths, config)
    return None if workspace is None else (config, workspace)


def add_paths(parser, help_text: str = "map files and folders (default: processes/)") -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help=help_text)


def strict_refusal(strict: bool, findings, what: str) -> bool:
    """With `--strict`, print the findings and say why nothing is written when any is an
    error; True when the command must stop there (exit 1)."""
    if not strict or not any(f.severity == "error" for f in findings):
        return False
    from flowmap.outputs.text import format_text

    sys.stderr.write(format_text(findings))
    print(f"flowmap: {what}: --strict refuses maps with errors", file=sys.stderr)
    return True
