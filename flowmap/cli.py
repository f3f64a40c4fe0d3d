"""The command line: parse arguments, call the layers, choose the exit code.

Exit codes: 0 done (no finding at error level), 1 findings at error level, 2 usage errors.
The commands are registered in `flowmap.commands` (one module each, one interface).
"""

from __future__ import annotations

import argparse
import difflib
import errno
import io
import os
import re
import sys
import traceback

from flowmap import __version__
from flowmap.commands import COMMANDS, command
from flowmap.commands.common import USAGE_ERROR
from flowmap.memory import finished, one_command

DESCRIPTION = "Map a company's internal customers: who, inside it, is the customer of whom."
EPILOG = """examples:
  flowmap check                            check the project of this folder
  flowmap check processes/                 check every map under processes/
  flowmap render processes/ --view process --id order-to-delivery -o otd.svg
  flowmap report processes/ -o out/        the audit report, out/report.html
  flowmap edit processes/                  the terminal editor
  flowmap customers order-clerk            whom the order clerk supplies, by kind

`flowmap COMMAND --help` shows a command's options."""


_DEBUG_HELP = "on an internal error, print the traceback"


class _Parser(argparse.ArgumentParser):
    """argparse that takes no abbreviations (`--sel` is no `--select`: a later option
    named alike would change what old scripts mean) and says what was meant."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, allow_abbrev=False, **kwargs)

    def error(self, message: str):  # argparse exits 2 already; say how to get help
        self.print_usage(sys.stderr)
        self.exit(
            USAGE_ERROR,
            f"{self.prog}: error: {message}{_did_you_mean(self, message)}\n"
            f"Run `{self.prog} --help` for the options.\n",
        )


def _did_you_mean(parser: argparse.ArgumentParser, message: str) -> str:
    """`; did you mean `--select`?` for a mistyped option, command or choice."""
    choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if choice:
        wrong, known = choice[1], re.findall(r"'([^']*)'", choice[2])
    else:
        unknown = re.match(r"unrecognized arguments: (\S+)", message)
        if not unknown or not unknown[1].startswith("-"):
            return ""
        wrong, known = unknown[1].split("=")[0], list(parser._option_string_actions)
    close = difflib.get_close_matches(wrong, known, n=1)
    return f"; did you mean `{close[0]}`?" if close else ""


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of `argv` (default: the program's arguments): the command it runs, or
    all of them when it names none first."""
    parser = _Parser(
        prog="flowmap",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"flowmap {__version__}")
    parser.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    parser.commands = {}  # name -> its parser: an unknown option is told with its usage
    for name in _needed(sys.argv[1:] if argv is None else argv):
        module = command(name)
        sub = subparsers.add_parser(name, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
        # also after the command (`flowmap check --debug`); unset there, the main one counts
        sub.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP
        )
        sub.set_defaults(run=module.run)
        parser.commands[name] = sub
    return parser


def _needed(argv: list[str]) -> tuple[str, ...]:
    """The commands whose parsers `argv` needs: the one it names first (after `--debug`),
    so that a command neither imports nor builds the twelve others (8 ms of a 0.25 s
    `flowmap render`); all of them otherwise (`flowmap --help` lists them, a mistyped one
    is told the closest, the shell's completion offers them)."""
    first = next((arg for arg in argv if arg != "--debug"), None)
    if first in COMMANDS and "_ARGCOMPLETE" not in os.environ:
        return (first,)
    return COMMANDS


def main(argv: list[str] | None = None) -> int:
    _escape_what_cannot_be_printed()
    parser = build_parser(argv)
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (flowmap completion)
        from flowmap.commands.completion import complete

        complete(parser)
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # with the usage of the command they were given to
        where = parser.commands.get(getattr(args, "command", None), parser)
        where.error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    try:
        code = args.run(args)
        sys.stdout.flush()  # here, where a full disk is a message, not at exit
        return code
    except BrokenPipeError:  # `flowmap check ... | head`
        sys.stderr.close()
        return 0
    except OSError as error:
        if error.errno not in _DISK_FULL:
            return _internal_error(args, error)
        return _cannot_write_output(error)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last resort: a bug, never a traceback
        return _internal_error(args, error)


def program() -> int:
    """The `flowmap` program (console script, `python -m flowmap`): `main`, with the garbage
    collector off for the command and what is left frozen at its end (the editor, which
    runs long, sets its own schedule): see `flowmap.memory.one_command`."""
    one_command()
    code = main()
    finished()
    return code


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _cannot_write_output(error: OSError) -> int:
    """A full disk (`> /dev/full`) while printing: say so, and drop what is still waiting
    (the interpreter would try again at exit and print a traceback)."""
    from flowmap.outputs.files import forget_stdout

    forget_stdout()
    reason = "no space left on the device" if error.errno == errno.ENOSPC else error.strerror
    print(f"flowmap: error: cannot write the output: {reason}", file=sys.stderr)
    return USAGE_ERROR


def _internal_error(args, error: Exception) -> int:
    """One line that names the command and asks for a bug report; the traceback on --debug."""
    if args.debug:
        traceback.print_exc()
    from flowmap.load.names import clipped

    what = clipped(f"{type(error).__name__}: {error}")  # it may quote map text: escaped
    print(
        f"flowmap: internal error in `flowmap {args.command}` ({what}); this is a bug in "
        "flowmap: please report it with the command you ran and, if you can, the maps "
        "(run it again with --debug for the traceback)",
        file=sys.stderr,
    )
    return USAGE_ERROR


def _escape_what_cannot_be_printed() -> None:
    """Characters the terminal's encoding lacks are printed as escapes (`\\u8ba2`), not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
