"""A process as BPMN flow: pools, lanes, tasks, events, gateways and flows, before any
layout or XML (`layout` places them, `xml` writes them).

The company's process is one participant with a lane per unit and, inside it, a lane per
role (a step done by a unit, without a role, goes to a child lane named after the unit);
each external customer with steps in the process is a participant of its own. Each side
keeps only its own steps: the flow between two company steps that runs through a customer
step (the customer confirms, then the company goes on) is a sequence flow between the two,
and every handoff between the company and the customer is a message flow.

Gateways follow BPMN's rules (and bpmnlint's `recommended` set): a step that hands over to
several steps forks through a parallel gateway, several steps handing over to one join
through a parallel gateway, and a rework loop leaves through an exclusive gateway (the
rework flow conditioned and named, the forward flow its default) and comes back through a
joining exclusive gateway, so that no task has two incoming flows and no gateway both
joins and forks.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from flowmap.graph.relations import successors
from flowmap.load.bpmn.ids import bpmn_id
from flowmap.model import types as t
from flowmap.model.org import Organisation

TASK, SUB_PROCESS = "task", "subProcess"
START, END = "startEvent", "endEvent"
PARALLEL, EXCLUSIVE = "parallelGateway", "exclusiveGateway"
REWORK_CONDITION = "rework"


@dataclass(eq=False)
class Node:
    key: str  # the BPMN id
    kind: str  # TASK, SUB_PROCESS, START, END, PARALLEL or EXCLUSIVE
    name: str
    band: str  # the leaf lane (or pool) it is drawn in
    step: t.Step | None = None
    inner: Chart | None = None  # a sub-process: its operations
    default: str | None = None  # an exclusive split: the id of its default flow
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Flow:
    key: str
    source: str
    target: str
    name: str = ""
    condition: str | None = None  # a conditioned flow (rework)


@dataclass(eq=False)
class Chart:
    """The flow of one container (a process, a sub-process): nodes in order, flows."""

    nodes: dict[str, Node] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    flow_keys: set[str] = field(default_factory=set)

    def add(self, node: Node) -> Node:
        self.nodes[node.key] = node
        return node

    def connect(self, source: str, target: str, name: str = "", condition=None) -> Flow:
        flow = Flow(f"Flow_{source}_to_{target}", source, target, name, condition)
        if flow.key in self.flow_keys:  # the same two nodes twice (rework and forward)
            flow.key += f"_{len(self.flows)}"
        self.flow_keys.add(flow.key)
        self.flows.append(flow)
        self.nodes[source].outgoing.append(flow.key)
        self.nodes[target].incoming.append(flow.key)
        return flow


@dataclass(eq=False)
class Lane:
    key: str
    name: str
    of: str  # the unit or role id it stands for
    kind: str  # "unit" or "role"
    children: list[Lane] = field(default_factory=list)


@dataclass(eq=False)
class Pool:
    key: str  # the participant id
    process_key: str
    name: str
    chart: Chart
    lanes: list[Lane]  # the company: unit lanes holding role lanes; a customer: none
    of: str  # the process id (the company), or the customer id
    bands: list[str]  # the leaf lanes top to bottom (a customer's pool is its own band)


@dataclass(eq=False)
class Collaboration:
    process: t.Process
    pools: list[Pool]  # the customers' first (drawn on top), then the company's
    messages: list[Flow]


def collaboration(org: Organisation, process: t.Process) -> Collaboration:
    """The BPMN collaboration of `process`."""
    steps = process.steps
    customers = [key for key in dict.fromkeys(s.by for s in steps) if key in org.customers]
    pools: list[Pool] = []
    for customer in customers:
        band = bpmn_id("Participant", customer)
        chart = step_chart(org, steps, lambda s, c=customer: s.by == c, lambda s, b=band: b, band)
        if chart.nodes:
            name = org.customers[customer].name or customer
            process_key = bpmn_id("Process", f"{process.id}.{customer}")
            pools.append(Pool(band, process_key, name, chart, [], customer, [band]))
    lanes, band_of = _lanes(org, [s for s in steps if s.by not in org.customers])
    company = step_chart(
        org, steps, lambda s: s.by not in org.customers, band_of, bpmn_id("Process", process.id)
    )
    pools.append(
        Pool(
            bpmn_id("Participant", process.id),
            bpmn_id("Process", process.id),
            process.name or process.id,
            company,
            lanes,
            process.id,
            [child.key for lane in lanes for child in lane.children],
        )
    )
    return Collaboration(process, pools, _messages(org, steps, pools))


def _lanes(org: Organisation, steps: list[t.Step]) -> tuple[list[Lane], Callable]:
    """A lane per unit in the order the steps first name it, inside it a lane per role (or
    the unit itself), and the function giving a step's leaf lane (its first executor's)."""
    units: dict[str, Lane] = {}
    leaves: dict[str, Lane] = {}
    for step in steps:
        executor = step.by or "-"
        if executor in leaves:
            continue
        unit = org.unit_of(executor) or executor
        if unit not in units:
            named = org.units.get(unit)
            units[unit] = Lane(
                bpmn_id("Lane", unit), (named.name if named else "") or unit, unit, "unit"
            )
        role = org.roles.get(executor)
        name = (role.name if role else "") or (
            org.units[executor].name if executor in org.units else ""
        )
        leaf = Lane(bpmn_id("Lane", f"{unit}/{executor}"), name or executor, executor, "role")
        leaf.kind = "role" if role else "unit"
        units[unit].children.append(leaf)
        leaves[executor] = leaf
    return list(units.values()), lambda step: leaves[step.by or "-"].key


def step_chart(
    org: Organisation,
    steps: list[t.Step],
    member: Callable[[t.Step], bool],
    band_of: Callable[[t.Step], str],
    scope: str,
) -> Chart:
    """The flow of the member steps of `steps`: a task each (a sub-process with its
    operations), start and end events, gateways; empty when no step is a member."""
    members = [step for step in steps if member(step)]
    chart = Chart()
    if not members:
        return chart
    forward = _forward(org, steps, member)
    keys = {id(step): bpmn_id("Step", step.id) for step in members}
    for step in members:
        node = chart.add(Node(keys[id(step)], TASK, step.name or step.id, band_of(step), step))
        if step.operations:
            node.kind = SUB_PROCESS
            node.inner = step_chart(
                org, step.operations, lambda s: True, lambda s, b=node.band: b, node.key
            )
    by_id = {step.id: step for step in members}
    before: dict[int, list[t.Step]] = {id(step): [] for step in members}
    for step in members:
        for after in forward[id(step)]:
            before[id(after)].append(step)
    sent_back: dict[int, list[t.Step]] = {id(step): [] for step in members}
    for step in members:
        for key in dict.fromkeys(step.rework):
            if key in by_id:
                sent_back[id(by_id[key])].append(step)
    starts = [step for step in members if not before[id(step)]] or members[:1]
    ends = [step for step in members if not forward[id(step)]]
    first = {id(step) for step in starts}

    entry = {
        id(step): _entry(chart, step, keys, len(before[id(step)]) + (id(step) in first), sent_back)
        for step in members
    }
    start = chart.add(Node(f"Start_{scope}", START, "Start", band_of(starts[0])))
    _fork(chart, start.key, [entry[id(step)][0] for step in starts], start.band, "Start")
    finish = None
    if ends:
        finish = chart.add(Node(f"End_{scope}", END, "End", band_of(ends[0])))
        finish_entry = finish.key
        if len(ends) > 1:
            join = chart.add(Node(f"Join_{scope}_end", PARALLEL, "", finish.band))
            chart.connect(join.key, finish.key)
            finish_entry = join.key
    for step in members:
        leave = keys[id(step)]
        targets = [entry[id(after)][0] for after in forward[id(step)]]
        if not targets and finish is not None:
            targets = [finish_entry]
        reworked = [by_id[key] for key in dict.fromkeys(step.rework) if key in by_id]
        if reworked:
            split = chart.add(Node(f"Rework_{leave}", EXCLUSIVE, "Rework needed?", band_of(step)))
            chart.connect(leave, split.key)
            for again in reworked:
                back = entry[id(again)][1]
                chart.connect(split.key, back, "rework", REWORK_CONDITION)
            leave = split.key
            fork = _fork(chart, leave, targets, split.band, leave, default=True)
            split.default = fork
        else:
            _fork(chart, leave, targets, band_of(step), leave)
    return chart


def _entry(
    chart: Chart, step: t.Step, keys: dict, forward_in: int, sent_back: dict
) -> tuple[str, str]:
    """Where forward flows into `step` end and where rework flows end: the task itself, or
    the joining gateways before it (parallel for several forward flows, exclusive when work
    comes back)."""
    task = chart.nodes[keys[id(step)]]
    forward_end = back_end = task.key
    if sent_back[id(step)]:
        join = chart.add(Node(f"Again_{task.key}", EXCLUSIVE, "", task.band))
        chart.connect(join.key, task.key)
        forward_end = back_end = join.key
    if forward_in > 1:
        parallel = chart.add(Node(f"Join_{task.key}", PARALLEL, "", task.band))
        chart.connect(parallel.key, forward_end)
        forward_end = parallel.key
    return forward_end, back_end


def _fork(
    chart: Chart, source: str, targets: list[str], band: str, scope: str, default=False
) -> str | None:
    """Flows from `source` to `targets`, through a parallel gateway when there are several;
    the id of the first flow leaving `source` (an exclusive split's default)."""
    targets = list(dict.fromkeys(targets))
    if not targets:
        return None
    if len(targets) == 1:
        return chart.connect(source, targets[0]).key
    fork = chart.add(Node(f"Fork_{scope}", PARALLEL, "", band))
    first = chart.connect(source, fork.key).key
    for target in targets:
        chart.connect(fork.key, target)
    return first


def _forward(org: Organisation, steps: list[t.Step], member) -> dict[int, list[t.Step]]:
    """Each member step -> the member steps the flow takes its work to next, through the
    steps of other sides (a customer's step between two company steps) in `steps`."""
    index = {id(step): number for number, step in enumerate(steps)}
    found: dict[int, list[t.Step]] = {}
    for step in steps:
        if not member(step):
            continue
        reached: dict[int, t.Step] = {}
        seen = {id(step)}
        todo = deque([step])
        while todo:
            here = todo.popleft()
            for after in successors(org, steps, index[id(here)]) if id(here) in index else []:
                if id(after) in seen or id(after) not in index:
                    continue
                seen.add(id(after))
                if member(after):
                    reached[id(after)] = after
                else:
                    todo.append(after)
        found[id(step)] = list(reached.values())
    return found


def _messages(org: Organisation, steps: list[t.Step], pools: list[Pool]) -> list[Flow]:
    """A message flow for every handoff in the flow between steps of different pools."""
    pool_of: dict[str, Pool] = {}
    for pool in pools:
        for node in pool.chart.nodes.values():
            if node.step is not None:
                pool_of[node.key] = pool
    index = {id(step): number for number, step in enumerate(steps)}
    flows: list[Flow] = []
    for number, step in enumerate(steps):
        source = bpmn_id("Step", step.id)
        for after in successors(org, steps, number):
            target = bpmn_id("Step", after.id)
            if id(after) not in index or source not in pool_of or target not in pool_of:
                continue
            if pool_of[source] is not pool_of[target]:
                item = ", ".join(step.delivers)
                flows.append(Flow(f"Message_{source}_to_{target}", source, target, item))
    return flows
