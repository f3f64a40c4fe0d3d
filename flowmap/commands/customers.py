"""List the internal customers of a customer, unit, role or step: those it supplies."""

from __future__ import annotations

from flowmap.commands.relations import add_relation_arguments, run_relation

HELP = "list the internal customers of an id"


def add_arguments(parser) -> None:
    add_relation_arguments(parser)


def run(args) -> int:
    from flowmap.graph import customers_of

    return run_relation(args, customers_of, "customers")
