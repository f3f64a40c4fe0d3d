"""Inside and outside on one line: everything leads to an external customer.

## What it does
Three checks, over every map checked together:
1. every internal step leads, through the flow (`next`, and from an operation to the step
   it is inside) or a handoff a need states (a step of another process whose need names
   it in `from`), to a step done by an external customer. Where work stops short, the
   finding is at the step where it stops (a `next: []`, the last step of a process that
   no customer step follows, or a loop with no way out), not at every step before it:
   once that step hands on towards the customer, so does everything upstream;
2. every customer unit of a service works on such a chain: one of its roles (or the unit
   itself) does a step that leads to the customer, or a role of its is the superior of one
   who does, or it serves, in turn, a unit that does (checked once there is a process: an
   organisation file checked alone has no chains yet);
3. every role works for a customer other than its superior: it, or a role that reports to
   it (however far down), does a step, or its unit provides a service; and every unit does:
   it does a step, provides a service, or one of its roles works for such a customer. A
   unit that fails is one finding (not one per role as well); a role that fails in a unit
   that passes is a finding of its own. Owning a goal or being served is not enough: the
   only customer of such a role or unit is its superior.

Checks 2 and 3 look at the whole organisation, so they wait while a file of the batch cannot
be read at all (its `syntax` finding comes first), and until the organisation has a process
(an organisation file checked alone has no steps yet).

## Why is this bad?
Inside and outside on one line (内外一条线): a single department creates only partial
value; only when all departments cooperate to create value for the external customer is
there whole value. A step whose work never reaches the customer, a service to a department
that serves no customer, a department that takes part in nothing: each is effort that the
external customer does not receive.

## Who must act
The step where the flow stops short of the customer, the service whose customer units are
off the line (its provider), or the idle role or unit itself.

## Example
```yaml
flowmap: 1
customers: [{id: customer}]
units: [{id: sales}, {id: archive}]
roles: [{id: clerk, unit: sales, rank: 1}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk, assure: [Entered], next: []}
      - {id: receive, by: customer}
```

## Use instead
```yaml
flowmap: 1
customers: [{id: customer, needs: [{id: answer}]}]
units: [{id: sales}]
roles: [{id: clerk, unit: sales, rank: 1}]
goals: [{id: answer-fast, owner: sales, serves: answer}]
processes:
  - id: order
    steps:
      - {id: accept, by: clerk, assure: [Entered]}
      - {id: receive, by: customer}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from flowmap.config import Config
from flowmap.graph.relations import (
    is_internal,
    loops,
    on_the_line,
    only_serving_superiors,
    relations,
    served_units,
    with_superiors,
)
from flowmap.i18n import _
from flowmap.model.org import Organisation
from flowmap.rules.issue import Issue

if TYPE_CHECKING:
    import networkx as nx

ID = "inside-outside-line"
SEVERITY = "error"


def check(org: Organisation, config: Config) -> Iterator[Issue]:
    on_line = on_the_line(org)
    yield from _where_the_line_breaks(org, on_line)
    if org.unreadable:
        return  # what the unreadable files hold would change the answer
    if not org.processes:
        return  # an organisation file checked alone: nobody can have a step yet
    idle_units, idle_roles = only_serving_superiors(org)
    yield from _services_off_line(org, on_line, idle_units)
    yield from (_idle_unit(unit) for unit in idle_units)
    yield from (_idle_role(org, role) for role in idle_roles)


def _where_the_line_breaks(org: Organisation, on_line: set[str]) -> Iterator[Issue]:
    """One issue where work stops short of the customer, not one per step before it.

    The steps off the line hand over only to steps off the line; among them, the ones that
    hand over to nobody (or only round a loop) are where a fix belongs: once they lead to
    the customer, so does every step before them.
    """
    if on_line.issuperset(org.steps):
        return  # every step is on the line (the common case): nothing to look for
    import networkx as nx

    off = [step for step in org.all_steps() if step.id and step.id not in on_line]
    flow = relations(org).line
    stuck = nx.condensation(flow.subgraph(step.id for step in off))
    order = {step.id: index for index, step in enumerate(off)}
    for component in stuck:
        if stuck.out_degree(component):
            continue  # its work goes on to steps off the line: the break is further down
        members = sorted(stuck.nodes[component]["members"], key=order.__getitem__)
        steps = [org.steps[key] for key in members]
        if not any(is_internal(org, step) for step in steps):
            continue  # an unknown executor: unknown-reference's finding
        if steps[0].parent and steps[0].parent not in on_line:
            continue  # inside a step that is off the line: the break is in the step's flow
        if any(step.id in loops(org) for step in steps):
            continue  # a `next` that loops back: flow-cycle reports it, and the fix (writing
            # `rework` instead) puts the steps back on their way to the customer
        yield _break(org, flow, steps)


def _break(org: Organisation, flow: nx.DiGraph, steps: list) -> Issue:
    first = steps[0]
    key = "next"
    if len(steps) > 1 or flow.has_edge(first.id, first.id):
        return Issue(
            first,
            _(
                "{steps} hand work round a loop that never reaches "
                "a step done by an external customer; let one of them hand on (`next: "
                "[...]`) to a step on the way to the customer"
            ).format(steps=_names([step.id for step in steps])),
            key=key,
        )
    if first.next is not None:
        return Issue(
            first,
            _(
                "the flow ends at `{first_id}`, before any step done by an external "
                "customer; name in `next` the step it hands its work to on the way to the "
                "customer"
            ).format(first_id=first.id),
            key=key,
        )
    process = org.processes.get(first.process)
    customer = process.customer if process and process.customer else "<customer id>"
    return Issue(
        first,
        _(
            "`{first_id}` is the last step of `{first_process}` and no step done by an "
            "external customer follows; add the step where the customer receives the work "
            "(`by: {customer}`)"
        ).format(first_id=first.id, first_process=first.process, customer=customer),
        key=key,
    )


def _units_on_line(org: Organisation, on_line: set[str], idle: set[str]) -> set[str]:
    """The units on a chain to the customer, and those that serve them; `idle` units count
    as on it (they are findings of their own, and so is no service to them)."""
    # The steps in file order, not the line's: the set's order scatters the look-ups over
    # memory (with `executors` made for each, 0.15 s for 50,000 steps against 0.03 s); a
    # step is looked up on the line only when it would add a doer (most share a few). A
    # step that shares its id with an earlier one is not the step the id names.
    unique = relations(org).unique
    doers: set[str] = set()
    for step in org.all_steps():
        if step.by is None or (step.by in doers and not step.joint):
            continue
        if step.id in on_line and (unique or org.steps[step.id] is step):
            doers.add(step.by)
            doers.update(step.joint)
    roles = with_superiors(org, doers)
    units = ({org.unit_of(executor) for executor in roles | doers} - {None}) | idle
    pairs = [
        (service.provider, unit)
        for service in org.services.values()
        if service.provider in org.units
        for unit in served_units(org, service)
    ]
    providers = {provider for provider, _ in pairs}
    if providers.isdisjoint(unit for _, unit in pairs):
        # no provider is served by another: a unit's providers are all that serve it, however
        # far back (and no graph is made: the common case, one service for every unit)
        return units.union(provider for provider, unit in pairs if unit in units)
    import networkx as nx

    served = nx.DiGraph(pairs)
    served.add_nodes_from(units)
    return units.union(*(nx.ancestors(served, unit) for unit in units))


def _services_off_line(org: Organisation, on_line: set[str], idle: list) -> Iterator[Issue]:
    """Services to units off the line; an idle unit is its own finding, not the service's."""
    units = _units_on_line(org, on_line, {unit.id for unit in idle})
    for service in org.services.values():
        everyone = "*" in service.customers
        off = [unit for unit in served_units(org, service) if unit not in units]
        if everyone and off:
            yield Issue(
                service,
                _(
                    "`{service_id}` serves every unit, but {names_off} "
                    "{works} on no chain that reaches an external "
                    "customer; list the units it serves instead of `*`, or give "
                    "{their} part in a process"
                ).format(
                    service_id=service.id,
                    names_off=_names(off),
                    works=_("works") if len(off) == 1 else _("work"),
                    their=_("that unit its") if len(off) == 1 else _("those units their"),
                ),
                key="customers",
                index=service.customers.index("*"),
            )
            continue
        for unit in off:
            yield Issue(
                service,
                _(
                    "`{service_id}` serves `{unit}`, which works on no chain that reaches an "
                    "external customer; give `{unit}` its part in a process, or drop it here"
                ).format(service_id=service.id, unit=unit),
                key="customers",
                index=service.customers.index(unit),
            )


def _idle_unit(unit) -> Issue:
    return Issue(
        unit,
        _(
            "unit `{unit_id}` does no step, provides no service, and none of its roles works "
            "on a process: its only customer is its superior; give one of its roles a step "
            "on the way to the customer, make it a service's provider, or remove it"
        ).format(unit_id=unit.id),
        key="id",
    )


def _idle_role(org: Organisation, role) -> Issue:
    superior = f"`{role.reports_to}`" if role.reports_to else _("its superior")
    return Issue(
        role,
        _(
            "`{role_id}` does no step, nobody who reports to it does, and its unit provides "
            "no service: its only customer is {superior}; give it (or someone who reports to "
            "it) a step on the way to the customer, or remove the role"
        ).format(role_id=role.id, superior=superior),
        key="id",
    )


def _names(units: list[str]) -> str:
    shown = ", ".join(f"`{unit}`" for unit in units[:5])
    return shown + (
        _(" and {len_units_5} more").format(len_units_5=len(units) - 5) if len(units) > 5 else ""
    )
