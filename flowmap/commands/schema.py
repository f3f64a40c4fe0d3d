"""Print the JSON Schema of the map format, for editors (yaml-language-server)."""

from __future__ import annotations

import json

HELP = "print the JSON Schema of the map format"


def add_arguments(parser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def run(args) -> int:
    from flowmap.model.jsonschema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        print(text, end="")
    return 0
