"""`flowmap customers` and `flowmap suppliers`: one id, its relations by edge kind."""

from __future__ import annotations

import difflib
import json

from flowmap.commands.common import add_paths, open_organisation, usage_error
from flowmap.commands.completion import ids as id_completions

KINDS = ("rank", "function", "process", "step")


def add_relation_arguments(parser) -> None:
    named = parser.add_argument("id", metavar="ID", help="a customer, unit, role or step id")
    named.completer = id_completions  # the shell's TAB (flowmap completion)
    add_paths(parser)
    parser.add_argument("--kind", choices=KINDS, help="only this kind of internal customer")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run_relation(args, query, title: str) -> int:
    from flowmap.graph import build_graph
    from flowmap.load.names import json_safe

    opened = open_organisation(args.paths, wanted=args.id)
    if opened is None:
        return 2
    _config, workspace = opened
    graph = build_graph(workspace.org)
    if args.id not in graph:
        return usage_error(_unknown(args.id, graph, args.paths))
    kinds = (args.kind,) if args.kind else KINDS
    found = {kind: query(graph, args.id, kind=kind) for kind in kinds}
    via_roles = _via_roles(graph, args.id, query, kinds)
    if args.format == "json":
        result = {"id": args.id, title: found}
        if via_roles:
            result["via_roles"] = via_roles
        print(json_safe(json.dumps(result, ensure_ascii=False, indent=2)))
        return 0
    for kind, ids in found.items():
        for other in ids:
            print(_row(kind, other, graph.nodes[other].get("name", "")))
    for kind, rows in via_roles.items():
        for row in rows:
            name = graph.nodes[row["id"]].get("name", "")
            print(_row(kind, row["id"], name, f"via {row['via']}"))
    return 0


def _row(*cells: str) -> str:
    """One line of tab-separated cells; map text shown escaped (a name is not a command)."""
    from flowmap.load.names import shown_name

    return "\t".join(shown_name(str(cell)) for cell in cells)


def _via_roles(graph, unit: str, query, kinds) -> dict[str, list[dict[str, str]]]:
    """For a unit, the relations of its roles with people outside it.

    Steps are done by roles, so a department's process customers are its roles' customers;
    a user asking about "production" means those too.
    """
    if graph.nodes[unit].get("kind") != "unit":
        return {}
    roles = sorted(role for role, _, kind in graph.in_edges(unit, data="kind") if kind == "member")
    inside = set(roles) | {unit}
    found: dict[str, list[dict[str, str]]] = {}
    for kind in kinds:
        rows = [
            {"id": other, "via": role}
            for role in roles
            for other in query(graph, role, kind=kind)
            if other not in inside
        ]
        if rows:
            found[kind] = rows
    return found


def _unknown(wanted: str, graph, paths: list[str]) -> str:
    where = ", ".join(paths or ["processes"])
    close = difflib.get_close_matches(wanted, [str(node) for node in graph], n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return f"no id `{wanted}` in {where}{hint}"  # usage_error escapes it
