"""Print the JSON Schema of the map format, for editors (yaml-language-server)."""

from __future__ import annotations

import json

HELP = "print the JSON Schema of the map format"


def add_arguments(parser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        help="the file to write; `-` is standard output (the default)",
    )


def run(args) -> int:
    from flowmap.commands.common import usage_error
    from flowmap.model.jsonschema import json_schema
    from flowmap.outputs.files import OutputError, write_output

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    try:
        write_output(args.output, text.encode("utf-8"))
    except OutputError as error:
        return usage_error(str(error))
    return 0
