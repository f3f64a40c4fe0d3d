"""The `goals` view: the goal cascade, the top-and-bottom line, from top to bottom.

At the top the external customers' needs; under them the company's goals (those that serve
a need directly), then the departments' goals (owned by a unit), then personal goals (owned
by a role). Each goal is linked to what it serves; a goal that serves nothing known hangs
at the bottom, where its finding shows in red.
"""

from __future__ import annotations

from flowmap.i18n import N_, _
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts import style
from flowmap.outputs.charts.chart import Chart
from flowmap.outputs.charts.marks import Marks

TIERS = (
    N_("external customer needs"),
    N_("company goals"),
    N_("department goals"),
    N_("personal goals"),
)
FILL_NEED = style.FILL_EXTERNAL
SERVES = "#009E73"  # green: a goal serves what is above it
WRAP = 20  # narrower than other charts: a tier holds many goals side by side
TITLE_WRAP = 10


def goals_chart(org: Organisation, marks: Marks | None) -> Chart:
    chart = Chart(
        [_("Goal cascade: external customer needs down to personal goals")],
        marks,
        rankdir="TB",
        ranksep="0.6",
        nodesep="0.15",
    )
    tiers: list[list[tuple[tuple, list[str], t.Located, str]]] = [[] for _tier_ in TIERS]
    for need in org.needs.values():
        customer = org.customers.get(need.customer)
        who = (customer.name or customer.id) if customer else need.customer
        lines = [
            *style.wrap(need.text or need.id, WRAP),
            *style.wrap(_("need of {who}").format(who=who), WRAP),
        ]
        tiers[0].append((("need", need.id), lines, need, FILL_NEED))
    for goal in org.goals.values():
        tiers[_tier(org, goal)].append((("goal", goal.id), _goal_lines(org, goal), goal, ""))
    for number, (title, nodes) in enumerate(zip(TIERS, tiers, strict=True)):
        row = chart.group(("tier", number), rank="same")
        # tier titles on narrow lines: the column they take widens the whole chart
        lines = style.wrap(_(title), TITLE_WRAP)
        chart.node(("title", number), lines, group=row, shape="plaintext", style="")
        for key, lines, obj, fill in nodes:
            chart.node(key, lines, [obj], group=row, **({"fillcolor": fill} if fill else {}))
    for number in range(1, len(TIERS)):  # the tier titles in a column, top to bottom
        chart.edge(("title", number - 1), ("title", number), style="invis")
    for goal in org.goals.values():
        served = _served_key(org, goal)
        if served is not None:
            chart.edge(served, ("goal", goal.id), color=SERVES, dir="back")
    chart.legend.node(_("need of an external customer"), FILL_NEED)
    chart.legend.node(_("goal: its text, its owner"), style.FILL_NODE)
    chart.legend.edge(_("serves: the goal below serves the need or goal above"), SERVES)
    chart.legend_below = ("title", len(TIERS) - 1)  # in a row of its own, at the foot
    return chart


def _tier(org: Organisation, goal: t.Goal) -> int:
    if goal.serves in org.needs:
        return 1
    if goal.owner in org.units:
        return 2
    return 3


def _served_key(org: Organisation, goal: t.Goal) -> tuple | None:
    if goal.serves in org.needs:
        return ("need", goal.serves)
    if goal.serves in org.goals and goal.serves != goal.id:
        return ("goal", goal.serves)
    return None


def _goal_lines(org: Organisation, goal: t.Goal) -> list[str]:
    owner = org.roles.get(goal.owner or "") or org.units.get(goal.owner or "")
    who = (
        (owner.name or owner.id)
        if owner
        else _("{owner} (unknown)").format(owner=goal.owner or _("nobody"))
    )
    return [
        *style.wrap(goal.text or goal.id, WRAP),
        *style.wrap(_("owner: {who}").format(who=who), WRAP),
    ]
