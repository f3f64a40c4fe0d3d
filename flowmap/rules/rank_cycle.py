"""`reports_to` has no cycle, and a superior's rank is smaller than its subordinate's.

## What it does
Follows each role's `reports_to` up the rank chart and reports a loop (a role that, through
its superiors, reports to itself). Where both roles have a `rank`, checks that the superior's
rank is smaller (rank 1 is the top).

## Why is this bad?
Rank customers run both ways along the reporting line: the superior is the customer of the
subordinate's results, the subordinate the customer of the conditions — resources and
direction — the superior provides. In a loop nobody is on top: results go round and no one
provides the conditions. A superior ranked below its subordinate makes the chart say the
opposite of what the names say.

## Who must act
The role whose `reports_to` closes the loop, or whose rank is out of order, and its unit.

## Example
```yaml
flowmap: 1
roles:
  - {id: gm, rank: 1, reports_to: plant-manager}
  - {id: plant-manager, rank: 2, reports_to: gm}
```

## Use instead
```yaml
flowmap: 1
roles:
  - {id: gm, rank: 1}
  - {id: plant-manager, rank: 2, reports_to: gm}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from flowmap.config import Config
from flowmap.graph.relations import flat_reporting_line, reporting_line
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue

ID = "rank-cycle"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    order = list(org.roles)
    for cycle in sorted(_loops(org), key=lambda c: min(map(order.index, c))):
        first = min(cycle, key=order.index)
        start = cycle.index(first)
        loop = [*cycle[start:], *cycle[:start], first]
        yield Issue(
            org.roles[first],
            _(
                "the reporting line loops: {join_loop}; the role at the top of the chart reports "
                "to nobody: remove its `reports_to`"
            ).format(join_loop=" → ".join(loop)),
            key="reports_to",
        )
    for role in org.roles.values():
        superior = org.roles.get(role.reports_to or "")
        if superior is None or role.rank is None or superior.rank is None:
            continue
        if superior.rank >= role.rank:
            yield Issue(
                role,
                _(
                    "`{role_id}` (rank {role_rank}) reports to `{superior_id}` (rank "
                    "{superior_rank}), but a superior's rank is smaller (1 is the top); give "
                    "`{role_id}` a rank larger than {superior_rank}, or fix `reports_to`"
                ).format(
                    role_id=role.id,
                    role_rank=role.rank,
                    superior_id=superior.id,
                    superior_rank=superior.rank,
                ),
                key="rank",
            )


def _loops(org: Organisation) -> list[list[str]]:
    """The loops of the reporting line; a flat one holds none, and no chart is made for it."""
    if flat_reporting_line(org):
        return []
    import networkx as nx

    return list(nx.simple_cycles(reporting_line(org)))
