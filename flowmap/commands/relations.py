"""`flowmap customers` and `flowmap suppliers`: one id, its relations by edge kind."""

from __future__ import annotations

import json

from flowmap.commands.common import add_paths, open_paths, usage_error

KINDS = ("rank", "function", "process", "step")


def add_relation_arguments(parser) -> None:
    parser.add_argument("id", metavar="ID", help="a customer, unit, role or step id")
    add_paths(parser)
    parser.add_argument("--kind", choices=KINDS, help="only this kind of internal customer")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run_relation(args, query, title: str) -> int:
    from flowmap.graph import build_graph

    workspace = open_paths(args.paths)
    if workspace is None:
        return 2
    graph = build_graph(workspace.org)
    if args.id not in graph:
        return usage_error(f"no id `{args.id}` in {', '.join(args.paths or ['processes'])}")
    kinds = (args.kind,) if args.kind else KINDS
    found = {kind: query(graph, args.id, kind=kind) for kind in kinds}
    if args.format == "json":
        print(json.dumps({"id": args.id, title: found}, ensure_ascii=False, indent=2))
        return 0
    for kind, ids in found.items():
        for other in ids:
            print(f"{kind}\t{other}\t{graph.nodes[other].get('name', '')}")
    return 0
