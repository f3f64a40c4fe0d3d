"""The `org` view: the rank chart. Rank 1 at the top, each role under the role it reports to.

Rank customers run both ways: the superior is the customer of the subordinate's
results (an edge pointing up) and the subordinate is the customer of the conditions the
superior provides (an edge pointing down).
"""

from __future__ import annotations

from flowmap.i18n import _
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts import style
from flowmap.outputs.charts.chart import Chart
from flowmap.outputs.charts.marks import Marks

NO_RANK = 1 << 30


def org_chart(org: Organisation, marks: Marks | None) -> Chart:
    # nodesep: roles close side by side keep a wide rank printable at 6 pt on one page
    chart = Chart(
        [_("Rank chart: results up, conditions down")],
        marks,
        rankdir="TB",
        ranksep="0.6",
        nodesep="0.18",
    )
    roles = list(org.roles.values())
    for rank in sorted({_rank(role) for role in roles}):
        row = chart.group(("rank", rank), rank="same")
        for role in roles:
            if _rank(role) == rank:
                chart.node(("role", role.id), _lines(org, role), [role], group=row)
    for role in roles:
        superior = org.roles.get(role.reports_to or "")
        if superior is None or superior is role:
            continue
        # Both edges run superior -> subordinate so that the superior stays above; `dir`
        # turns the arrow of the results edge round to point up.
        chart.edge(("role", superior.id), ("role", role.id), color=style.CONDITIONS)
        chart.edge(("role", superior.id), ("role", role.id), color=style.RESULTS, dir="back")
    _legend(chart)
    if roles:  # the legend in a row of its own, below the lowest rank
        chart.legend_below = ("role", max(roles, key=_rank).id)
    return chart


def _rank(role: t.Role) -> int:
    return role.rank if role.rank is not None else NO_RANK


def _lines(org: Organisation, role: t.Role) -> list[str]:
    lines = style.wrap(role.name or role.id)
    unit = org.units.get(role.unit or "")
    if unit is not None:
        lines += style.wrap(unit.name or unit.id)
    elif role.unit:
        lines += style.wrap(_("{unit} (unknown unit)").format(unit=role.unit))
    lines.append(_("rank {rank}").format(rank=role.rank) if role.rank is not None else _("no rank"))
    return lines


def _legend(chart: Chart) -> None:
    chart.legend.node(_("role (position): name, unit, rank; rank 1 at the top"), style.FILL_NODE)
    chart.legend.edge(
        _("results, up: the superior is the customer of the subordinate"), style.RESULTS
    )
    chart.legend.edge(
        _(
            "conditions, down: the subordinate is the customer of the superior "
            "(resources, direction)"
        ),
        style.CONDITIONS,
    )
