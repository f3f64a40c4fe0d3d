"""Import a BPMN 2.0 file drawn in any modeler (bpmn.io, Camunda Modeler, Signavio, ...)
as a process map: lanes become units and roles, other pools external customers, tasks
steps, sequence and message flows `next` (a loop back through an exclusive gateway
`rework`), data objects `delivers` and `needs`; flowmap's own extension elements give back
everything `flowmap export bpmn` wrote. docs/bpmn.md has the whole mapping.

The map is written even when the model lacks three-step information (`flowmap check` on
it says what each lane must add); a file that cannot be read exits 1 with its findings.
Elements the map has no notion of are listed as info findings on standard error.
"""

from __future__ import annotations

import sys

from flowmap.commands.common import usage_error

HELP = "import a BPMN 2.0 file as a process map"
STDOUT = "-"


def add_arguments(parser) -> None:
    parser.add_argument("format", choices=["bpmn"], help="bpmn: a BPMN 2.0 XML file")
    parser.add_argument("file", metavar="FILE", help="the file to import")
    parser.add_argument(
        "-o",
        "--output",
        default=STDOUT,
        metavar="FILE",
        help="the map file to write; `-` is standard output (the default)",
    )


def run(args) -> int:
    from pathlib import Path

    import yaml

    from flowmap.config_file import ConfigError
    from flowmap.findings import ERROR
    from flowmap.load.bpmn import read_bpmn
    from flowmap.load.names import clipped
    from flowmap.load.text import read_text
    from flowmap.model.build import build_map
    from flowmap.outputs.files import OutputError, write_output
    from flowmap.outputs.text import format_text
    from flowmap.project import project_config

    path = Path(args.file)
    if not path.is_file():
        return usage_error(f"{clipped(args.file)} is not a file; name a BPMN file")
    try:  # the input limits of the project the file is in
        limits = project_config(path.parent).limits
    except ConfigError as error:
        return usage_error(str(error))
    text, findings = read_text(path, args.file, limits)
    root = None
    if text is not None:
        root, findings = read_bpmn(text, args.file, limits)
    if root is not None:
        _map, schema = build_map(root, args.file, limits)
        findings += schema
    if findings:
        sys.stderr.write(format_text(findings))
    if root is None or any(f.severity == ERROR for f in findings):
        print("flowmap: not imported: the file cannot be read as a map", file=sys.stderr)
        return 1
    header = f"# Imported from {clipped(path.name)} by `flowmap import bpmn`.\n"
    body = yaml.serialize(root, allow_unicode=True, width=100)
    try:
        write_output(args.output, (header + body).encode("utf-8"))
    except OutputError as error:
        return usage_error(str(error))
    return 0
