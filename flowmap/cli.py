"""The command line: parse arguments, call the layers, choose the exit code.

Exit codes: 0 done (no finding at error level), 1 findings at error level, 2 usage errors.
Each subcommand lives in `flowmap/commands/<name>.py` and imports its heavy layers inside
`run`, so that `flowmap check` never pays for the editor or the charts.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from flowmap import __version__

COMMANDS = (
    "check",
    "rules",
    "render",
    "report",
    "edit",
    "customers",
    "suppliers",
    "graph",
    "schema",
)
USAGE_ERROR = 2
DESCRIPTION = "Map a company's internal customers: who, inside it, is the customer of whom."
EPILOG = """examples:
  flowmap check processes/                 check every map under processes/
  flowmap render processes/ --view process --id order-to-delivery -o otd.svg
  flowmap report processes/ -o out/        the audit report, out/report.html
  flowmap edit processes/                  the terminal editor
  flowmap customers order-clerk            whom the order clerk supplies, by kind

`flowmap COMMAND --help` shows a command's options."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 already; say how to get help
        self.print_usage(sys.stderr)
        self.exit(
            USAGE_ERROR,
            f"{self.prog}: error: {message}\nRun `{self.prog} --help` for the options.\n",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="flowmap",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"flowmap {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"flowmap.commands.{name}")
        sub = subparsers.add_parser(name, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    try:
        return args.run(args)
    except BrokenPipeError:  # `flowmap check ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
