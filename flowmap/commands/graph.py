"""Print the internal-customer graph: a summary of counts, or networkx node-link JSON."""

from __future__ import annotations

import json

from flowmap.commands.common import add_paths, open_organisation

HELP = "print the graph: counts by kind, or node-link JSON"


def add_arguments(parser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=("summary", "json"), default="summary")


def run(args) -> int:
    import networkx as nx

    from flowmap.graph import build_graph, summary
    from flowmap.load.names import json_safe

    opened = open_organisation(args.paths)
    if opened is None:
        return 2
    _config, workspace = opened
    graph = build_graph(workspace.org)
    if args.format == "json":
        data = nx.node_link_data(graph, edges="edges")
        print(json_safe(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)))
        return 0
    counts = summary(graph)
    print(
        f"{len(workspace.files)} files, {graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges"
    )
    for part in ("nodes", "edges"):
        print(f"{part} by kind:")
        for kind, count in counts[part].items():
            print(f"  {kind:<10} {count}")
    return 0
