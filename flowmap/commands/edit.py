"""Edit process maps in the terminal: a tree, a form, findings as you type, undo, save."""

from __future__ import annotations

from flowmap.commands.common import usage_error

HELP = "edit maps in the terminal editor"


def add_arguments(parser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="a map file or a folder (default: processes/)"
    )


def run(args) -> int:
    from flowmap.config_file import ConfigError
    from flowmap.edit import EditError, EditSession
    from flowmap.workspace import UsageError

    try:
        session = EditSession.open(args.paths or ["processes"])
    except (UsageError, ConfigError, EditError) as error:
        return usage_error(str(error))
    from flowmap.tui.app import EditorApp  # textual only for the editor

    EditorApp(session).run()
    return 0
