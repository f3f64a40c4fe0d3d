"""The `functions` view: service departments, their services, and the units each serves.

Function customers: "if HR were outsourced, every department would be its
client". Each provider unit is drawn on the left, each of its services in the middle with
what it delivers and how soon, and the units it serves on the right (a service department
that is served too appears on both sides).
"""

from __future__ import annotations

from flowmap.graph.build import served_units
from flowmap.i18n import _
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.outputs.charts import style
from flowmap.outputs.charts.chart import Chart
from flowmap.outputs.charts.marks import Marks


def functions_chart(org: Organisation, marks: Marks | None) -> Chart:
    chart = Chart(
        [_("Function customers: service departments and the units they serve")],
        marks,
        rankdir="LR",
        ranksep="0.9",
    )
    providers = chart.group(("providers",), rank="same")
    for unit in _service_departments(org):
        chart.node(
            ("unit", unit.id),
            _unit_lines(unit),
            [unit],
            group=providers,
            fillcolor=style.FILL_SERVICE,
            penwidth="1.5",
        )
    for service in org.services.values():
        chart.node(
            ("service", service.id),
            _service_lines(service),
            [service],
            shape="note",
            style="filled",
            fillcolor=style.FILL_NODE,
        )
        if service.provider in org.units:
            chart.edge(
                ("unit", service.provider),
                ("service", service.id),
                color=style.OTHER,
                arrowhead="none",
            )
        for unit_id in served_units(org, service):
            # The served side gets nodes of its own, so a service department that is
            # also served (IT serves HR) appears on both sides and every edge runs right.
            unit = org.units[unit_id]
            chart.node(("served", unit.id), _unit_lines(unit), [unit])
            chart.edge(
                ("service", service.id), ("served", unit.id), color=style.KIND_COLOURS["function"]
            )
    _legend(chart)
    return chart


def _service_departments(org: Organisation) -> list[t.Unit]:
    """Units of kind `function` and every unit that provides a service, in file order."""
    providers = {service.provider for service in org.services.values()}
    return [unit for unit in org.units.values() if unit.kind == "function" or unit.id in providers]


def _unit_lines(unit: t.Unit) -> list[str]:
    return style.wrap(unit.name or unit.id)


def _service_lines(service: t.Service) -> list[str]:
    lines = style.wrap(service.delivers or service.id)
    if "*" in service.customers:
        lines.append(_("(every unit)"))
    if service.due is not None:
        lines.append(_("due {due}").format(due=style.clean(service.due)))
    for requirement in service.requires[:2]:
        lines += style.wrap(f"\u2022 {requirement}", max_lines=2)
    if len(service.requires) > 2:
        lines.append(_("(+{count} more requirements)").format(count=len(service.requires) - 2))
    return lines


def _legend(chart: Chart) -> None:
    chart.legend.node(_("service department (provider)"), style.FILL_SERVICE)
    chart.legend.node(
        _("service: what it delivers, its due, what its customers require"), style.FILL_NODE
    )
    chart.legend.node(_("unit served: the function customer"), style.FILL_NODE)
    chart.legend.edge(
        _("function: the served unit is the customer of the service"),
        style.KIND_COLOURS["function"],
    )
