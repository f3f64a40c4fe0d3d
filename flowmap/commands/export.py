"""Export processes to the tools companies already use: BPMN 2.0 (bpmn.io, Camunda Modeler,
Signavio), laid out with a pool for the company and each external customer and a lane per
unit and role, or a Mermaid flowchart for Markdown (Git hosting renders it).

`--id` names one process, written to `-o FILE` (default: standard output); without it,
every process is written to the folder `-o DIR`, one file each, named by the process id
(with `.bpmn`, or `.md` for Mermaid).
The export is made even when `flowmap check` finds errors (Mermaid marks the steps they
are about), unless --strict. A file that cannot be loaded at all exits 1 with its
findings; an unknown process id or a missing folder exits 2.
"""

from __future__ import annotations

import sys

from flowmap.commands.common import (
    USAGE_ERROR,
    add_paths,
    open_organisation,
    strict_refusal,
    usage_error,
)
from flowmap.outputs import registry as _registry

HELP = "export processes as BPMN 2.0 or a Mermaid flowchart"
STDOUT = "-"


def add_arguments(parser) -> None:
    parser.add_argument(
        "format",
        choices=list(_registry.EXPORTS),
        help="; ".join(f"{name}: {export.help}" for name, export in _registry.EXPORTS.items()),
    )
    add_paths(parser)
    parser.add_argument(
        "--id", dest="process_id", metavar="PROCESS", help="the process to export (default: all)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR",
        help="with --id: the file to write (`-`, the default, is standard output); "
        "without: the folder to write every process to",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse to export (exit 1) when `flowmap check` finds errors",
    )


def run(args) -> int:
    from flowmap.outputs.charts import process_file_stem
    from flowmap.outputs.charts.lookup import find
    from flowmap.outputs.files import OutputError, write_files, write_output
    from flowmap.outputs.text import format_text
    from flowmap.rules.engine import run_rules

    if args.process_id is None and args.output in (None, STDOUT):
        return usage_error(
            "name the process to export with --id PROCESS, or a folder with -o DIR "
            "to export every process"
        )
    opened = open_organisation(args.paths, wanted=args.process_id)
    if opened is None:
        return USAGE_ERROR
    config, workspace = opened
    loaded = {the_map.file for the_map in workspace.org.maps}
    unloaded = [f for f in workspace.findings if f.file not in loaded]
    if unloaded:
        sys.stderr.write(format_text(unloaded))
        return 1
    org = workspace.org
    findings, _waived = run_rules(org, workspace.findings, config)
    if strict_refusal(args.strict, findings, "not exported"):
        return 1
    export = _registry.EXPORTS[args.format]
    try:
        if args.process_id is not None:
            from flowmap.outputs.charts.chart import ChartError

            try:
                process = find(org.processes, args.process_id, "process")
            except ChartError as error:
                return usage_error(str(error))
            output = args.output or STDOUT
            data = export.write(_registry.Exported(org, process, findings, output))
            write_output(output, data)
            return 0
        files: dict[str, bytes] = {}
        for number, process in enumerate(org.processes.values(), start=1):
            name = f"{process_file_stem(process.id, number)}.{export.suffix}"
            files[name] = export.write(_registry.Exported(org, process, findings, name))
        if not files:
            return usage_error(f"no process to export in {' '.join(args.paths) or 'processes'}")
        write_files(args.output, files)
    except OutputError as error:
        return usage_error(str(error))
    return 0
