"""Graph: the model as a networkx MultiDiGraph of internal-customer relationships."""

from flowmap.graph.build import CUSTOMER_KINDS, build_graph
from flowmap.graph.queries import (
    customers_of,
    handoffs,
    path_to_customer,
    summary,
    suppliers_of,
)

__all__ = [
    "CUSTOMER_KINDS",
    "build_graph",
    "customers_of",
    "handoffs",
    "path_to_customer",
    "summary",
    "suppliers_of",
]
