"""Edit process maps in the terminal: a tree, a form, findings as you type, undo, save."""

from __future__ import annotations

import sys

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
    from flowmap.load.names import shown_name
    from flowmap.tui.app import EditorApp  # textual only for the editor

    app = EditorApp(session)
    try:
        app.run()
    finally:  # however the editor ended, unsaved edits the user did not discard are kept
        app.keep_unsaved()
        if app.kept is not None:
            print(
                "flowmap edit stopped with unsaved edits; they are kept in "
                f"{shown_name(str(app.kept))} and `flowmap edit` offers them back",
                file=sys.stderr,
            )
        elif app.not_kept:
            print(f"flowmap edit stopped; {shown_name(app.not_kept)}", file=sys.stderr)
    return app.return_code or 0
