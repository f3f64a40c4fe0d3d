"""Who hands what to whom: every internal-customer relationship of an organisation, once.

This module is the only place that decides the relationships. The rules, the graph (and so
`customers`, `suppliers` and `graph --format json`), the charts, the report and the editor
all ask it; none works them out again.

A **handoff** runs from a supplier step to a customer step and carries the customer's needs
from it (docs/format.md, "Every stated need is a handoff"):

- `flow`: the flow hands over: the next step, the steps `next` names, from operation to
  operation inside a step;
- `need`: a need names in `from` a step further upstream, or a step of another process;
- `rework`: a need names in `from` the step that sends rework back to this one (a
  nonconformity report is work handed over, too).

A need without `from` belongs to the step's immediate predecessor: the only one, or, where
several merge into it, the one that delivers its item. None or several: the need is
unresolved and its `candidates` say who might be meant.

The other relationships: `process` between the executors of the two sides of a handoff (the
last operation of a step hands over to the step's customers as well), `function` from a
service's provider unit to each unit it serves, `rank` along the reporting line.

Functions take the organisation first, networkx style; everything is worked out once per
organisation and cached.

Examples
--------
>>> from flowmap.model.org import Organisation
>>> from flowmap.model import types as t
>>> pick = t.Step(id="pick", by="storekeeper", delivers=["raw material"])
>>> make = t.Step(id="make", by="supervisor", needs=[t.StepNeed(item="raw material")])
>>> org = Organisation.of([t.Map(processes=[t.Process(id="p", steps=[pick, make])])])
>>> [(h.supplier.id, h.customer.id, h.via, [n.item for n in h.needs]) for h in handoffs(org)]
[('pick', 'make', 'flow', ['raw material'])]
"""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.model.texts import among

if TYPE_CHECKING:
    import networkx as nx

FLOW, NEED, REWORK = "flow", "need", "rework"


class Handoff(NamedTuple):
    supplier: t.Step
    customer: t.Step
    via: str  # FLOW, NEED or REWORK
    needs: tuple[t.StepNeed, ...]  # the customer's needs from the supplier (may be none)


class NeedLink(NamedTuple):
    step: t.Step  # the customer: the step that states the need
    need: t.StepNeed
    supplier: t.Step | None  # the step the need is from; None when it cannot be told
    candidates: tuple[t.Step, ...] = ()  # for a need without `from` and no supplier: who
    # may be meant: the steps that hand over to it (none or several of them deliver the
    # item), or, when none does, the step before it in its list


class ProcessLink(NamedTuple):
    """Executor `giver` hands work to executor `taker` in `handoff` (a `process` edge)."""

    giver: str
    taker: str
    handoff: Handoff
    supplier_step: t.Step  # the step `giver` does: the handoff's supplier or its last operation


@dataclass
class Relations:
    handoffs: list[Handoff]
    needs: list[NeedLink]  # every need of every step, in file order
    steps: dict[str, t.Step]  # the organisation's steps and operations: the flow's nodes
    flow_pairs: list[tuple[t.Step, t.Step]]  # (supplier, customer) of every `flow` handoff
    before: dict[str, list[t.Step]]  # step id -> the steps the flow hands over to it from
    rework: list[tuple[t.Step, t.Step]]  # (the step that sends work back, the step it goes to)
    into: dict[str, list[Handoff]] = field(default_factory=dict)  # step id -> handoffs into it
    stated: list[tuple[str, str]] = field(default_factory=list)  # `need` handoffs' step ids
    loops: dict[str, int] | None = None  # see `loops`; worked out when first asked
    on_line: set[str] | None = None  # see `on_the_line`; worked out when first asked
    idle: tuple[list, list] | None = None  # see `only_serving_superiors`; likewise
    meant: dict[int, t.Step] | None = None  # see `misaddressed`; likewise
    # whether work only goes on down each list: no step names its successors in `next`
    # and no two steps share an id (so the flow has no loop); `straight`: no `next: []`
    # either (each list is then a path, broken only at a step without an id)
    loopless: bool = False
    straight: bool = False
    unique: bool = False  # whether no two steps share an id (`org.steps` holds them all)
    lists: list[list[t.Step]] = field(default_factory=list)  # `chains`, in its order
    _flow: nx.DiGraph | None = None  # see `flow`
    _line: nx.DiGraph | None = None  # see `line`

    # The two graphs are made when a rule first asks: drawing the graph (`build_graph`) or
    # listing the handoffs needs neither, and making them took half of working out the
    # relations (0.2 s of 0.39 s CPU on 1,000 files x 50 steps).
    @property
    def flow(self) -> nx.DiGraph:
        """Steps and operations; an edge for every `flow` handoff."""
        if self._flow is None:
            import networkx as nx

            flow = self._flow = nx.DiGraph()
            flow.add_nodes_from(self.steps)
            flow.add_edges_from((a.id, b.id) for a, b in self.flow_pairs)
        return self._flow

    @property
    def line(self) -> nx.DiGraph:
        """The flow plus the `need` handoffs: how work travels to the customer."""
        if self._line is None:
            flow = self.flow
            self._line = flow
            if self.stated:
                import networkx as nx

                line = self._line = nx.DiGraph(flow.edges)
                line.add_nodes_from(flow)
                line.add_edges_from(self.stated)
        return self._line


_CACHE: weakref.WeakKeyDictionary[Organisation, Relations] = weakref.WeakKeyDictionary()


def relations(org: Organisation) -> Relations:
    """Every handoff and need link of `org`, worked out once and cached."""
    found = _CACHE.get(org)
    if found is None:
        found = _CACHE[org] = _work_out(org)
    return found


def handoffs(org: Organisation) -> list[Handoff]:
    """Every handoff: those of the flow in file order, then those that needs state.

    See the module's example.
    """
    return relations(org).handoffs


def handoffs_into(org: Organisation, step: t.Step) -> list[Handoff]:
    """The handoffs `step` receives, of every kind.

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> a, b = t.Step(id="a", by="x"), t.Step(id="b", by="y")
    >>> org = Organisation.of([t.Map(processes=[t.Process(id="p", steps=[a, b])])])
    >>> [h.supplier.id for h in handoffs_into(org, b)]
    ['a']
    """
    return relations(org).into.get(step.id, [])


def handoff_between(org: Organisation, supplier: str, customer: str) -> Handoff | None:
    """The handoff from step `supplier` to step `customer`, if there is one.

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> a, b = t.Step(id="a", by="x"), t.Step(id="b", by="y")
    >>> org = Organisation.of([t.Map(processes=[t.Process(id="p", steps=[a, b])])])
    >>> handoff_between(org, "a", "b").via, handoff_between(org, "b", "a")
    ('flow', None)
    """
    found = relations(org).into.get(customer, [])
    return next((handoff for handoff in found if handoff.supplier.id == supplier), None)


def misaddressed(org: Organisation) -> dict[int, t.Step]:
    """Needs whose `from` names a step that does not deliver the item, while exactly one
    step that hands over to the need's step, with no need stated from it, does: the step
    the user meant (keyed by `id(need)`). One typo in `from` is then one finding, not also
    a handoff without a need and an item nobody takes.
    """
    known = relations(org)
    if known.meant is None:  # two rules ask: worked out once
        known.meant = _misaddressed(org)
    return known.meant


def _misaddressed(org: Organisation) -> dict[int, t.Step]:
    found: dict[int, t.Step] = {}
    for link in need_links(org):
        supplier, need = link.supplier, link.need
        if supplier is None or need.from_ is None or among(need.item, supplier.delivers):
            continue
        unasked = [
            handoff.supplier
            for handoff in handoffs_into(org, link.step)
            if not handoff.needs and among(need.item, handoff.supplier.delivers)
        ]
        if len(unasked) == 1:
            found[id(need)] = unasked[0]
    return found


def need_links(org: Organisation) -> list[NeedLink]:
    """Every need with the step it is from (see the module's docstring for the default)."""
    return relations(org).needs


def chains(org: Organisation) -> Iterator[list[t.Step]]:
    """Every list of steps that forms a flow: each process's steps, each step's operations."""
    for process in org.processes.values():
        yield process.steps
        # (most processes have no operations: no stack to make for them)
        stack = [step.operations for step in process.steps if step.operations]
        while stack:
            steps = stack.pop()
            yield steps
            stack.extend(step.operations for step in steps if step.operations)


def successors(org: Organisation, steps: list[t.Step], index: int) -> list[t.Step]:
    """The steps that `steps[index]` hands over to in the flow (unknown `next` ids left out).

    A step hands over to the step after it in its list unless `next` names its successors;
    `next: []` ends the flow. `rework` loops back and is not part of the flow.
    """
    step = steps[index]
    if step.next is None:
        return [steps[index + 1]] if index + 1 < len(steps) else []
    return [org.steps[key] for key in step.next if key in org.steps]


def is_upstream(org: Organisation, supplier: t.Step, step: t.Step) -> bool:
    """Whether the flow takes work from `supplier` to `step`, or to the step it is inside."""
    import networkx as nx

    flow = relations(org).flow
    if supplier.id not in flow:  # a step without a usable id: schema's finding, not ours
        return False
    here: t.Step | None = step
    while here is not None:
        if supplier.id != here.id and here.id in flow and nx.has_path(flow, supplier.id, here.id):
            return True
        here = org.steps.get(here.parent) if here.parent else None
    return False


def loops(org: Organisation) -> dict[str, int]:
    """Step id -> the number of the flow loop it is in, for the steps in one (the loops that
    `flow-cycle` reports; other rules leave what a loop breaks to it).

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> a, b = t.Step(id="a", by="x", next=["b"]), t.Step(id="b", by="y", next=["a"])
    >>> loops(Organisation.of([t.Map(processes=[t.Process(id="p", steps=[a, b])])]))
    {'a': 0, 'b': 0}
    """
    found = relations(org)
    if found.loops is None:
        found.loops = {}
        if found.loopless:
            return found.loops  # work only goes on down its list: no loop to look for
        import networkx as nx

        flow = found.flow
        for number, members in enumerate(nx.strongly_connected_components(flow)):
            if len(members) > 1 or any(flow.has_edge(key, key) for key in members):
                found.loops.update(dict.fromkeys(members, number))
        found.loops = dict(sorted(found.loops.items()))
    return found.loops


def in_loop(org: Organisation, supplier: t.Step, customer: t.Step) -> bool:
    """Whether the flow's handoff `supplier` -> `customer` is part of a loop."""
    found = loops(org)
    return supplier.id in found and found.get(customer.id) == found[supplier.id]


def on_the_line(org: Organisation) -> set[str]:
    """The steps whose work reaches a step done by an external customer, through the flow
    and the handoffs needs state (inside and outside on one line).

    An operation serves the step it is inside, so the ends of an operation chain are on the
    line when their step is.
    """
    found = relations(org)
    if found.on_line is None:
        straight = found.straight and not found.stated
        found.on_line = (
            _down_the_lists(org, found.lists) if straight else _on_the_line(org, found.line)
        )
    return found.on_line


def _on_the_line(org: Organisation, flow: nx.DiGraph) -> set[str]:
    back = flow.reverse(copy=False)
    on_line = _reaching(back, [s.id for s in org.all_steps() if org.is_external(s)])
    for steps in chains(org):  # a step's chain comes before the chains inside it
        if steps and steps[0].parent in on_line:
            ends = [step.id for step in steps if step.id and not flow.out_degree(step.id)]
            on_line |= _reaching(back, ends)
    return on_line


def _down_the_lists(org: Organisation, lists: list[list[t.Step]]) -> set[str]:
    """`on_the_line` where work only goes straight down each list (`Relations.straight`,
    and no need stated from further away): a step is on the line when a step done by an
    external customer follows it in its list, or when the list is inside a step on the line
    (it hands its work up to that step).

    The answer follows from the lists as they are read: making the flow graph and walking
    it back from every customer's step cost more than all but two of the rules (0.25 s of
    1.25 s CPU on 1,000 files x 50 steps, 0.9 s of 3.8 s on 80,000 tiny files).
    """
    on_line: set[str] = set()
    customers = org.customers  # (`org.is_external`, inlined)
    for steps in lists:  # a step's chain comes before the chains inside it (`chains`)
        inside = bool(steps) and steps[0].parent in on_line
        reached = False  # whether a step after this one (up to a break) is on the line
        for step in reversed(steps):
            if not step.id:
                reached = False  # a step without an id hands over nothing, takes nothing
            elif reached or inside or step.by in customers:
                reached = True
                on_line.add(step.id)
    return on_line


def _reaching(back: nx.DiGraph, targets: list[str]) -> set[str]:
    """`targets` and every step whose work reaches one of them."""
    import networkx as nx

    sources = [target for target in targets if target in back]
    return set().union(*nx.bfs_layers(back, sources)) if sources else set()


def is_internal(org: Organisation, step: t.Step) -> bool:
    """Whether the three steps apply to `step`: done by a role or a unit of the company.

    A step whose executor names nothing counts as internal unless the id is closest to an
    external customer's: the typo gets its own `unknown-reference` finding and hides none of
    the step's other faults.
    """
    return _is_internal_executor(org, step.by)


def internal_executors(org: Organisation) -> dict[str | None, bool]:
    """`is_internal` by a step's `by`, each executor worked out once: several rules ask it
    of both sides of every handoff (`internal_executors(org)[step.by]`). Kept apart from
    the handoffs: a rule that asks only this (`assure-own`) works none of them out."""
    found = _INTERNAL.get(org)
    if found is None:
        found = _INTERNAL[org] = _Internal(org)
    return found


_INTERNAL: weakref.WeakKeyDictionary[Organisation, _Internal] = weakref.WeakKeyDictionary()


class _Internal(dict):
    """Executor -> whether the steps it does are internal, filled in as asked."""

    def __init__(self, org: Organisation) -> None:
        super().__init__()
        self.org = weakref.proxy(org)  # (a cache value must not keep its key alive)

    def __missing__(self, by: str | None) -> bool:
        verdict = self[by] = _is_internal_executor(self.org, by)
        return verdict


def _is_internal_executor(org: Organisation, by: str | None) -> bool:
    if by is None:
        return False
    if by in org.roles or by in org.units:
        return True
    if by in org.customers:
        return False
    return meant(org, by) not in org.customers


def meant(org: Organisation, key: str) -> str | None:
    """The id an unknown executor most likely means (as `unknown-reference` suggests it)."""
    known = sorted(org.customers.keys() | org.roles.keys() | org.units.keys())
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return close[0] if close else None


def executors(org: Organisation, step: t.Step) -> list[str]:
    """The roles, units or customer that do `step`, each known id once (a joint step has
    several)."""
    if not step.joint:  # the common case, kept short
        by = step.by
        known = by is not None and (by in org.roles or by in org.units or by in org.customers)
        return [by] if known else []  # type: ignore[list-item]
    return [
        key
        for key in dict.fromkeys(step.executors)
        if key in org.roles or key in org.units or key in org.customers
    ]


def process_links(org: Organisation) -> list[ProcessLink]:
    """The `process` relationships: for every handoff, each executor of the supplier (and of
    its last operations) to each executor of the customer, where they differ. The supplier
    side is a role or a unit; the customer side may be the external customer too (who
    serves the external customer is the question `flowmap suppliers customer` asks).

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> a, b = t.Step(id="a", by="clerk"), t.Step(id="b", by=["planner"][0], joint=["buyer"])
    >>> roles = [t.Role(id=key) for key in ("clerk", "planner", "buyer")]
    >>> org = Organisation.of([t.Map(roles=roles, processes=[t.Process(id="p", steps=[a, b])])])
    >>> [(link.giver, link.taker) for link in process_links(org)]
    [('clerk', 'planner'), ('clerk', 'buyer')]
    """
    found: dict[tuple[str, str, str, str], ProcessLink] = {}
    customers = org.customers
    for handoff in handoffs(org):
        supplier, customer = handoff.supplier, handoff.customer
        takers = executors(org, customer)
        if not takers:
            continue
        givers = [supplier, *last_operations(org, supplier)] if supplier.operations else [supplier]
        for giver_step in givers:
            for giver in executors(org, giver_step):
                if giver in customers:
                    continue  # the external customer supplies; its steps are not held to it
                for taker in takers:
                    key = (giver, taker, supplier.id, customer.id)
                    if giver != taker and key not in found:
                        found[key] = ProcessLink(giver, taker, handoff, giver_step)
    return list(found.values())


def last_operations(org: Organisation, step: t.Step) -> list[t.Step]:
    """The operations of `step` whose work leaves the step: those the flow hands to nobody."""
    flow = relations(org).flow
    return [op for op in step.operations if op.id in flow and not flow.out_degree(op.id)]


def served_units(org: Organisation, service: t.Service) -> list[str]:
    """The units a service serves (its `function` customers); `["*"]` means every unit but
    the provider; unknown ids are left out.

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> units = [t.Unit(id=key) for key in ("hr", "sales", "production")]
    >>> org = Organisation.of([t.Map(units=units)])
    >>> served_units(org, t.Service(id="s", provider="hr", customers=["*"]))
    ['sales', 'production']
    """
    if "*" in service.customers:
        return [unit for unit in org.units if unit != service.provider]
    return [
        unit
        for unit in dict.fromkeys(service.customers)
        if unit in org.units and unit != service.provider
    ]


def reporting_line(org: Organisation) -> nx.DiGraph:
    """The rank chart: an edge from each role to the known role it reports to.

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> org = Organisation.of([t.Map(roles=[t.Role(id="gm"), t.Role(id="clerk", reports_to="gm")])])
    >>> list(reporting_line(org).edges)
    [('clerk', 'gm')]
    """
    import networkx as nx

    chart = nx.DiGraph()
    chart.add_nodes_from(org.roles)
    chart.add_edges_from(
        (role.id, role.reports_to) for role in org.roles.values() if role.reports_to in org.roles
    )
    return chart


def flat_reporting_line(org: Organisation) -> bool:
    """Whether no role reports to a role that reports to a role in turn: the reporting line
    is then one level deep. It holds no loop (a loop needs a superior who reports to
    someone, if only to itself), and above a role there is its superior and nobody else.

    Where it is flat (a small company: everyone reports to the general manager), the rules
    that look round or up the line need neither the chart nor networkx, whose import was
    75 ms of the 0.33 s CPU that `flowmap render` of a 1,000-step process took.

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> gm, clerk = t.Role(id="gm"), t.Role(id="clerk", reports_to="gm")
    >>> flat_reporting_line(Organisation.of([t.Map(roles=[gm, clerk])]))
    True
    >>> aide = t.Role(id="aide", reports_to="clerk")
    >>> flat_reporting_line(Organisation.of([t.Map(roles=[gm, clerk, aide])]))
    False
    """
    flat = _FLAT.get(org)
    if flat is None:  # (asked for each goal by top-bottom-line: worked out once)
        roles = org.roles
        flat = _FLAT[org] = not any(
            role.reports_to in roles and roles[role.reports_to].reports_to in roles
            for role in roles.values()
        )
    return flat


# Kept apart from `Relations`: `rank-cycle` asks only this, and works out no handoffs.
_FLAT: weakref.WeakKeyDictionary[Organisation, bool] = weakref.WeakKeyDictionary()
_CHART: weakref.WeakKeyDictionary[Organisation, nx.DiGraph] = weakref.WeakKeyDictionary()


def with_superiors(org: Organisation, keys: Iterable[str | None]) -> set[str]:
    """The roles among `keys` and every role they report to, however far up.

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> roles = [t.Role(id="gm"), t.Role(id="boss", reports_to="gm")]
    >>> roles += [t.Role(id="clerk", reports_to="boss"), t.Role(id="aide", reports_to="boss")]
    >>> sorted(with_superiors(Organisation.of([t.Map(roles=roles)]), ["clerk", "nobody"]))
    ['boss', 'clerk', 'gm']
    """
    roles = org.roles
    found = [key for key in keys if key in roles]
    if flat_reporting_line(org):  # one step up is all the way up
        return {*found, *(roles[key].reports_to for key in found if roles[key].reports_to in roles)}
    chart = _CHART.get(org)
    if chart is None:  # (top-bottom-line asks for each goal: made once)
        chart = _CHART[org] = reporting_line(org)
    return _reaching(chart, found)


def only_serving_superiors(org: Organisation) -> tuple[list[t.Unit], list[t.Role]]:
    """The units, and the roles in the other units, whose only customer is their superior:
    no step is done by them (or, for a role, by anyone who reports to it) and they provide
    no service (inside and outside on one line).

    >>> from flowmap.model.org import Organisation
    >>> from flowmap.model import types as t
    >>> roles = [t.Role(id="boss", unit="sales")]
    >>> roles += [t.Role(id=key, unit="sales", reports_to="boss") for key in ("aide", "clerk")]
    >>> step = t.Step(id="take-order", by="clerk")
    >>> the_map = t.Map(units=[t.Unit(id="sales"), t.Unit(id="archive")], roles=roles,
    ...                 processes=[t.Process(id="p", steps=[step])])
    >>> units, roles = only_serving_superiors(Organisation.of([the_map]))
    >>> [unit.id for unit in units], [role.id for role in roles]
    (['archive'], ['aide'])
    """
    found = relations(org)  # two rules ask: worked out once
    if found.idle is None:
        found.idle = _only_serving_superiors(org)
    return found.idle


def _only_serving_superiors(org: Organisation) -> tuple[list[t.Unit], list[t.Role]]:
    # (`by` and `joint` gathered in C, not `executors` asked of each step: a list made for
    # each step cost most of the time)
    doers = set(map(attrgetter("by"), org.all_steps()))
    doers.discard(None)
    for step in filter(attrgetter("joint"), org.all_steps()):
        if step.by is not None:
            doers.update(step.joint)
    # an unknown executor counts as the one it most likely means: a typo gets its own
    # finding, not an idle role or unit as well
    known = org.customers.keys() | org.roles.keys() | org.units.keys()
    doers.update(meant(org, key) for key in doers - known)
    providers = {service.provider for service in org.services.values()}
    # the roles that do steps, and everyone they report to, however far up: one walk
    busy_roles = with_superiors(org, doers)
    busy_roles |= {role.id for role in org.roles.values() if role.unit in providers}
    busy_units = doers | providers | {org.roles[key].unit for key in busy_roles}
    idle_units = [unit for unit in org.units.values() if unit.id not in busy_units]
    idle_roles = [
        role
        for role in org.roles.values()
        if role.id not in busy_roles and role.unit not in {unit.id for unit in idle_units}
    ]
    return idle_units, idle_roles


# -- working it out --------------------------------------------------------------------------


def _work_out(org: Organisation) -> Relations:
    flow_pairs: list[tuple[t.Step, t.Step]] = []
    before: dict[str, list[t.Step]] = {}
    all_chains = list(chains(org))  # (kept: `on_the_line` walks them again)
    named = 0  # the steps with an id
    nexts = ended = False  # whether a step names its successors in `next`; `next: []`
    for steps in all_chains:
        last = len(steps) - 1
        for index, step in enumerate(steps):
            if not step.id:  # a step whose id is broken has a schema finding and no place here
                continue
            named += 1
            if step.next is None:  # the common case, kept short: the next step or none
                after_it: Iterable[t.Step] = (steps[index + 1],) if index < last else ()
            else:
                nexts, ended = nexts or bool(step.next), ended or not step.next
                after_it = dict.fromkeys(org.steps[key] for key in step.next if key in org.steps)
            for after in after_it:
                if after.id:
                    flow_pairs.append((step, after))
                    earlier = before.get(after.id)
                    if earlier is None:
                        before[after.id] = [step]
                    else:
                        earlier.append(step)
    rework = [
        (step, org.steps[target])
        for step in org.all_steps()
        if step.rework  # (most steps send nothing back: no loop over an empty list)
        for target in step.rework
        if step.id and target in org.steps
    ]
    found = Relations([], [], org.steps, flow_pairs, before, rework, lists=all_chains)
    # two steps that share an id are one node of the flow, which may close a loop:
    # duplicate-id's finding, and flow-cycle's
    found.unique = named == len(org.steps)
    found.loopless = not nexts and found.unique
    found.straight = found.loopless and not ended
    _CACHE[org] = found  # is_upstream, below, asks for the flow
    if found.straight:
        needs, stated, result, into = _down_the_lists_handoffs(org, found)
    else:
        needs, stated, result, into = _flow_handoffs(org, found)
    flowing = len(result)  # the flow's handoffs; then those the needs state
    sends_back = {(sender.id, target.id) for sender, target in rework}
    for link in needs if stated else ():  # (none left over: the common case)
        supplier, step = link.supplier, link.step
        if supplier is None or (supplier.id, step.id) not in stated:
            continue
        via = _via(org, supplier, step, sends_back)
        if via is not None:
            handoff = Handoff(supplier, step, via, tuple(stated.pop((supplier.id, step.id))))
            result.append(handoff)
            into.setdefault(step.id, []).append(handoff)
    found.handoffs, found.needs, found.into = result, needs, into
    found.stated = [(h.supplier.id, h.customer.id) for h in result[flowing:] if h.via == NEED]
    return found


def _flow_handoffs(org: Organisation, found: Relations) -> tuple:
    """The needs with their suppliers; the needs each (supplier id, step id) states that no
    handoff of the flow carries; the flow's handoffs; and those filed under their customers.

    Each need with its supplier, and the needs each pair states, in one pass; then the
    handoffs, each filed under its customer as it is made.
    """
    before = found.before
    needs: list[NeedLink] = []
    stated: dict[tuple[str, str], list[t.StepNeed]] = {}
    for steps in found.lists:
        for index, step in enumerate(steps):
            if not step.needs:
                continue
            suppliers = before.get(step.id)
            for need in step.needs:
                if need.from_ is None and suppliers is not None and len(suppliers) == 1:
                    link = NeedLink(step, need, suppliers[0])  # the common case, kept short
                else:
                    link = _link(org, before, steps, index, need)
                needs.append(link)
                if link.supplier is not None:
                    key = (link.supplier.id, step.id)
                    if key in stated:
                        stated[key].append(need)
                    else:
                        stated[key] = [need]
    result: list[Handoff] = []
    into: dict[str, list[Handoff]] = {}
    for a, b in found.flow_pairs:
        handoff = Handoff(a, b, FLOW, tuple(stated.pop((a.id, b.id), ())))
        result.append(handoff)
        if b.id in into:
            into[b.id].append(handoff)
        else:
            into[b.id] = [handoff]
    return needs, stated, result, into


def _down_the_lists_handoffs(org: Organisation, found: Relations) -> tuple:
    """`_flow_handoffs` where work goes straight down each list (`Relations.straight`), in
    one pass: each step with an id hands over to the next step with an id, and to nothing
    else, so the handoff into a step carries those of its needs whose supplier is the step
    before it (without `from`, the need is from that step). No pair of ids is filed and
    looked up again for it: a third of working out the relations on 80,000 tiny files.
    """
    needs: list[NeedLink] = []
    stated: dict[tuple[str, str], list[t.StepNeed]] = {}
    result: list[Handoff] = []
    into: dict[str, list[Handoff]] = {}
    for steps in found.lists:
        previous: t.Step | None = None
        for index, step in enumerate(steps):
            # the step that hands over to this one: the one before, when both have an id
            supplier_before = previous if previous is not None and previous.id else None
            if not step.id:
                supplier_before = None
            previous = step
            apart = False  # whether a need is from another step (or from none)
            for need in step.needs:
                if need.from_ is None and supplier_before is not None:
                    needs.append(NeedLink(step, need, supplier_before))  # the common case
                    continue
                link = _link(org, found.before, steps, index, need)
                needs.append(link)
                if link.supplier is None:
                    apart = True
                elif supplier_before is None or link.supplier.id != supplier_before.id:
                    apart = True
                    stated.setdefault((link.supplier.id, step.id), []).append(need)
            if supplier_before is not None:
                carried = tuple(step.needs)  # (most often every need is from it)
                if apart:
                    carried = tuple(
                        link.need
                        for link in needs[len(needs) - len(step.needs) :]
                        if link.supplier is not None and link.supplier.id == supplier_before.id
                    )
                handoff = Handoff(supplier_before, step, FLOW, carried)
                result.append(handoff)
                into[step.id] = [handoff]  # (ids are unique: the first handoff into it)
    return needs, stated, result, into


def _link(org: Organisation, before, steps: list[t.Step], index: int, need) -> NeedLink:
    step = steps[index]
    if need.from_ is not None:
        return NeedLink(step, need, org.steps.get(need.from_))
    suppliers = before.get(step.id, [])
    if len(suppliers) > 1:
        suppliers = list(dict.fromkeys(suppliers))
    if not suppliers:
        return NeedLink(step, need, None, (steps[index - 1],) if index else ())
    if len(suppliers) == 1:
        return NeedLink(step, need, suppliers[0])
    delivering = [s for s in suppliers if among(need.item, s.delivers)]
    if len(delivering) == 1:
        return NeedLink(step, need, delivering[0])
    return NeedLink(step, need, None, tuple(delivering or suppliers))


def _via(org: Organisation, supplier: t.Step, step: t.Step, sends_back) -> str | None:
    """What kind of handoff a need from a step the flow does not hand over from makes."""
    if supplier is step:
        return None
    if supplier.process != step.process or is_upstream(org, supplier, step):
        return NEED
    if (supplier.id, step.id) in sends_back:
        return REWORK
    return None  # from a step downstream: next-step-is-customer reports it
