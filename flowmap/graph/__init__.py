"""Graph: the model as a networkx MultiDiGraph of internal-customer relationships."""

from flowmap.graph.build import CUSTOMER_KINDS, build_graph
from flowmap.graph.queries import (
    customers_of,
    path_to_customer,
    summary,
    suppliers_of,
)
from flowmap.graph.relations import (
    Handoff,
    handoffs,
    need_links,
    process_links,
    reporting_line,
    served_units,
)

__all__ = [
    "CUSTOMER_KINDS",
    "Handoff",
    "handoffs",
    "need_links",
    "process_links",
    "reporting_line",
    "served_units",
    "build_graph",
    "customers_of",
    "path_to_customer",
    "summary",
    "suppliers_of",
]
