"""List the suppliers of a unit, role or step: those it is the internal customer of."""

from __future__ import annotations

from flowmap.commands.relations import add_relation_arguments, run_relation

HELP = "list the suppliers of an id"


def add_arguments(parser) -> None:
    add_relation_arguments(parser)


def run(args) -> int:
    from flowmap.graph import suppliers_of

    return run_relation(args, suppliers_of, "suppliers")
