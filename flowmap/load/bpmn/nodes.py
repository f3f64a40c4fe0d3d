"""A BPMN 2.0 model -> the node tree of the map it stands for, each node at the XML line of
the element it comes from (lxml gives lines, not columns: column 1).

docs/bpmn.md has the whole mapping. In short: each participant with lanes (or flowmap's
`process` extension) is the company's process; the other participants are external
customers, their tasks steps by that customer. Top lanes are units, lanes inside them roles
(a lane set of one level: a unit per lane with one role, `LANE` and `LANE-role`; deeper
lanes are folded into their second-level lane, with an info finding). Tasks are steps,
sub-processes steps with operations. `next` follows the sequence flows through gateways and
events to the next tasks, and message flows across pools; a sequence flow that only waits
for a message exchange (the company's flow past the customer's reply) is not a handoff of
its own; a flow that leaves an exclusive gateway back to an earlier task of the same loop is
`rework`. Data objects written and read give `delivers` and `needs`. flowmap's extension
elements (`flowmap export bpmn` writes them) give back every id and three-step text.
Elements the map has no notion of (timers, signals, event-based gateways, ...) each get an
info finding naming them; the flows through them are kept.
"""

from __future__ import annotations

import re

from lxml import etree
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowmap.findings import ERROR, INFO, Finding
from flowmap.load.bpmn import BPMN
from flowmap.load.bpmn.documentation import read_documentation
from flowmap.load.bpmn.elements import (
    ACTIVITIES,
    CONTAINERS,
    EVENTS,
    GATEWAYS,
    QUIET,
    activities,
    attr,
    ext_tag,
    tag,
)
from flowmap.load.bpmn.flows import Flows
from flowmap.load.bpmn.ids import flowmap_id
from flowmap.load.yaml_nodes import MAP, SEQ, STR

INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"


class _Tree:
    """Nodes at lines of one file."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def mark(self, line: int | None) -> Mark:
        return Mark(self.shown, 0, (line or 1) - 1, 0, None, None)

    def scalar(self, value: str, line: int | None, tag: str = STR) -> ScalarNode:
        mark = self.mark(line)
        return ScalarNode(tag, value, mark, mark)

    def mapping(self, pairs: list[tuple[str, Node]], line: int | None) -> MappingNode:
        mark = self.mark(line)
        return MappingNode(
            MAP, [(self.scalar(key, line), value) for key, value in pairs], mark, mark
        )

    def sequence(self, items: list[Node], line: int | None) -> SequenceNode:
        mark = self.mark(line)
        return SequenceNode(SEQ, items, mark, mark)

    def texts(self, texts: list[str], line: int | None) -> SequenceNode:
        return self.sequence([self.scalar(text, line) for text in texts], line)


class _Ids:
    """Valid, unique flowmap ids: the one flowmap's export recorded, else made from a name."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, wanted: str | None, *names: str | None) -> str:
        base = wanted if wanted and wanted not in self.taken else None
        if base is None:
            base = next((_slug(name) for name in names if name and _slug(name)), "element")
            found, number = base, 1
            while found in self.taken:
                number += 1
                found = f"{base}-{number}"
            base = found
        self.taken.add(base)
        return base


def bpmn_nodes(root: etree._Element, shown: str) -> tuple[Node | None, list[Finding]]:
    """The map the BPMN model `root` stands for, as nodes; findings about what is not in it."""
    if root.tag != tag("definitions"):
        name = etree.QName(root).localname
        return None, [
            Finding(
                "schema",
                ERROR,
                shown,
                root.sourceline or 1,
                1,
                f"this is not a BPMN 2.0 file: its root element is <{name}>, not <definitions> "
                f"in the namespace {BPMN}; export BPMN 2.0 XML from your modeler",
            )
        ]
    return _Importer(root, shown).map_nodes()


class _Importer:
    def __init__(self, root: etree._Element, shown: str) -> None:
        self.root = root
        self.tree = _Tree(shown)
        self.shown = shown
        self.findings: list[Finding] = []
        self.ids = _Ids()
        self.by_id = {el.get("id"): el for el in root.iter(etree.Element) if el.get("id")}
        self.order = {
            el.get("id"): n for n, el in enumerate(root.iter(etree.Element)) if el.get("id")
        }
        self.step_ids: dict[str, str] = {}  # BPMN id of an activity -> its step id
        self.executor: dict[str, str] = {}  # BPMN id of an activity -> who does it
        self.units: list[Node] = []
        self.stand_ins: dict[str, list[etree._Element]] = {}  # closed pools: their steps
        self.roles: list[Node] = []

    def info(self, element: etree._Element, message: str) -> None:
        self.findings.append(
            Finding("schema", INFO, self.shown, element.sourceline or 1, 1, message)
        )

    # -- the whole map ------------------------------------------------------------------

    def map_nodes(self) -> tuple[Node, list[Finding]]:
        tree = self.tree
        participants = self.root.findall(f"{tag('collaboration')}/{tag('participant')}")
        processes = {p.get("id"): p for p in self.root.findall(tag("process"))}
        company, others = self._sides(participants, processes)
        customers: list[Node] = []
        customer_of: dict[str, str] = {}  # participant id -> customer id
        for participant in others:
            ext = participant.find(f"{tag('extensionElements')}/{ext_tag('customer')}")
            key = self.ids.make(attr(ext, "id"), participant.get("name"), participant.get("id"))
            customer_of[participant.get("id")] = key
            pairs = [("id", tree.scalar(key, participant.sourceline))]
            if participant.get("name"):
                pairs.append(("name", tree.scalar(participant.get("name"), participant.sourceline)))
            customers.append(tree.mapping(pairs, participant.sourceline))
        process_nodes = []
        for participant, process in company:
            self._lanes(participant, process)
        for participant in others:
            process = processes.get(participant.get("processRef"))
            inner = activities(process) if process is not None else []
            for activity in inner or self._stand_ins(participant):
                self.executor[activity.get("id")] = customer_of[participant.get("id")]
        flows = Flows(self)
        for participant, process in company:
            process_nodes.append(
                self._process(participant, process, others, processes, customer_of, flows)
            )
        pairs: list[tuple[str, Node]] = [("flowmap", tree.scalar("1", 1, INT))]
        title = self.root.get("name") or (
            company[0][0].get("name") if company and company[0][0] is not None else None
        )
        if title:
            pairs.append(("title", tree.scalar(title, 1)))
        for key, items in (("customers", customers), ("units", self.units), ("roles", self.roles)):
            if items:
                pairs.append((key, tree.sequence(items, 1)))
        pairs.append(("processes", tree.sequence(process_nodes, 1)))
        return tree.mapping(pairs, self.root.sourceline), self.findings

    def _sides(self, participants, processes):
        """(participant, process) pairs of the company, and the other participants."""
        if not participants:  # a process without a collaboration: the company's own
            return [(None, process) for process in processes.values()], []
        marked = [
            p
            for p in participants
            if p.find(f"{tag('extensionElements')}/{ext_tag('process')}") is not None
        ]
        if not marked:
            with_lanes = [
                p
                for p in participants
                if _process_of(p, processes) is not None
                and _process_of(p, processes).find(tag("laneSet")) is not None
            ]
            if with_lanes:
                marked = with_lanes
            else:
                sized = [
                    (
                        len(activities(_process_of(p, processes)))
                        if _process_of(p, processes) is not None
                        else -1,
                        -n,
                        p,
                    )
                    for n, p in enumerate(participants)
                ]
                marked = [max(sized, key=lambda each: each[:2])[2]]
        company = [
            (p, _process_of(p, processes)) for p in marked if _process_of(p, processes) is not None
        ]
        return company, [p for p in participants if p not in marked]

    def _stand_ins(self, participant) -> list[etree._Element]:
        """The steps of a pool drawn closed (no tasks): one that sends its outgoing
        message flows, one that receives its incoming ones, at the pool's line."""
        key, name = participant.get("id"), participant.get("name") or participant.get("id")
        found = []
        for role, end, verb in (
            ("sends", "sourceRef", "sends"),
            ("receives", "targetRef", "receives"),
        ):
            flows = [f for f in self.root.iter(tag("messageFlow")) if f.get(end) == key]
            if not flows:
                continue
            items = ", ".join(f.get("name") for f in flows if f.get("name"))
            step = etree.Element(
                tag("task"), id=f"{key}__{role}", name=f"{name} {verb} {items}".strip()
            )
            step.sourceline = participant.sourceline
            self.by_id[step.get("id")] = step
            self.order[step.get("id")] = self.order.get(key, 0)
            found.append(step)
        self.stand_ins[key] = found
        return found

    # -- lanes: units and roles ---------------------------------------------------------

    def _lanes(self, participant, process) -> None:
        top = process.findall(f"{tag('laneSet')}/{tag('lane')}")
        if not top:  # no lanes: the participant (or process) is one unit doing everything
            element = participant if participant is not None else process
            unit = self.ids.make(None, element.get("name"), element.get("id"))
            self.units.append(self._unit_node(unit, element.get("name") or unit, element))
            for activity in activities(process):
                self.executor[activity.get("id")] = unit
            return
        for lane in top:
            ext = lane.find(f"{tag('extensionElements')}/{ext_tag('unit')}")
            unit = self.ids.make(attr(ext, "id"), lane.get("name"), lane.get("id"))
            self.units.append(self._unit_node(unit, lane.get("name") or unit, lane))
            children = lane.findall(f"{tag('childLaneSet')}/{tag('lane')}")
            if not children:
                role = self.ids.make(f"{unit}-role", None)
                self.roles.append(self._role_node(role, lane.get("name") or role, unit, lane))
                self._assign(lane, role)
                continue
            for child in children:
                if child.find(f"{tag('childLaneSet')}/{tag('lane')}") is not None:
                    self.info(
                        child,
                        f"the lanes inside lane `{child.get('name') or child.get('id')}` are "
                        "deeper than units and roles: their tasks are counted as this lane's",
                    )
                role_ext = child.find(f"{tag('extensionElements')}/{ext_tag('role')}")
                unit_ext = child.find(f"{tag('extensionElements')}/{ext_tag('unit')}")
                if unit_ext is not None:  # flowmap's lane of a unit doing steps itself
                    self._assign(child, unit)
                    continue
                role = self.ids.make(attr(role_ext, "id"), child.get("name"), child.get("id"))
                self.roles.append(self._role_node(role, child.get("name") or role, unit, child))
                self._assign(child, role)
        for activity in activities(process):
            self.executor.setdefault(
                activity.get("id"), self.units and _scalar_value(self.units[0], "id")
            )

    def _assign(self, lane, executor: str) -> None:
        for ref in lane.iter(tag("flowNodeRef")):
            key = (ref.text or "").strip()
            self.executor.setdefault(key, executor)
            for inner in activities(self.by_id.get(key)) if key in self.by_id else []:
                self.executor.setdefault(inner.get("id"), executor)

    def _unit_node(self, key: str, name: str, element) -> Node:
        line = element.sourceline
        return self.tree.mapping(
            [("id", self.tree.scalar(key, line)), ("name", self.tree.scalar(name, line))], line
        )

    def _role_node(self, key: str, name: str, unit: str, element) -> Node:
        line = element.sourceline
        tree = self.tree
        return tree.mapping(
            [
                ("id", tree.scalar(key, line)),
                ("name", tree.scalar(name, line)),
                ("unit", tree.scalar(unit, line)),
            ],
            line,
        )

    # -- a process ----------------------------------------------------------------------

    def _process(self, participant, process, others, processes, customer_of, flows) -> Node:
        tree = self.tree
        element = participant if participant is not None else process
        ext = element.find(f"{tag('extensionElements')}/{ext_tag('process')}")
        key = self.ids.make(
            attr(ext, "id"),
            attr(ext, "name"),
            element.get("name"),
            process.get("name"),
            process.get("id"),
        )
        name = attr(ext, "name") or element.get("name") or process.get("name")
        tasks = activities(process)
        for participant_other in others:
            other = _process_of(participant_other, processes)
            inner = activities(other) if other is not None else []
            tasks += inner or self.stand_ins.get(participant_other.get("id"), [])
        ordered = flows.order([a.get("id") for a in tasks])
        pairs = [("id", tree.scalar(key, element.sourceline))]
        if name:
            pairs.append(("name", tree.scalar(name, element.sourceline)))
        customer = attr(ext, "customer") or next(iter(customer_of.values()), None)
        if customer:
            pairs.append(("customer", tree.scalar(customer, element.sourceline)))
        steps = self._steps(ordered, flows)
        pairs.append(("steps", tree.sequence(steps, process.sourceline)))
        self._notice(process)
        for other in others:
            inner = _process_of(other, processes)
            if inner is not None:
                self._notice(inner)
        return tree.mapping(pairs, element.sourceline)

    def _steps(self, ordered: list[str], flows, parent_by=None) -> list[Node]:
        """The steps of a chain of tasks in flow order (a process's, a sub-process's)."""
        place = {key: number for number, key in enumerate(ordered)}
        return [
            self._step(self.by_id[key], flows, ordered, place, number, parent_by)
            for number, key in enumerate(ordered)
        ]

    def _step(self, activity, flows, ordered, place, index: int, parent_by=None) -> Node:
        tree = self.tree
        line = activity.sourceline
        bpmn_key = activity.get("id")
        ext = activity.find(f"{tag('extensionElements')}/{ext_tag('step')}")
        key = self.step_id(bpmn_key)
        pairs: list[tuple[str, Node]] = [("id", tree.scalar(key, line))]
        pairs.append(("name", tree.scalar(activity.get("name") or key, line)))
        # an operation without a lane of its own is done by whoever does its step
        own = self.executor.get(bpmn_key) or parent_by or "unknown"
        by = [attr(ext, "by")] if attr(ext, "by") else [own]
        by += [
            j.get("by")
            for j in (ext.findall(ext_tag("joint")) if ext is not None else [])
            if j.get("by")
        ]
        pairs.append(("by", tree.scalar(by[0], line) if len(by) == 1 else tree.texts(by, line)))
        # without flowmap's extension, the lines its documentation states (where a modeler
        # dropped the extension and kept the text)
        said = read_documentation(activity.findtext(tag("documentation"))) if ext is None else {}
        for name in ("recheck", "assure"):
            if ext is not None:
                texts = [e.text or "" for e in ext.findall(ext_tag(name))]
            else:
                texts = said.get(name, [])
            if texts:
                pairs.append((name, tree.texts(texts, line if ext is None else ext.sourceline)))
        delivers = self._delivers(activity, ext, flows)
        stated = said.get("delivers", [])
        delivers = [tree.scalar(item, line) for item in stated] + [
            node for node in delivers if getattr(node, "value", None) not in stated
        ]  # a message flow's item the documentation states already: once
        if delivers:
            pairs.append(("delivers", tree.sequence(delivers, line)))
        if attr(ext, "lead_time"):
            pairs.append(("lead_time", tree.scalar(ext.get("lead_time"), ext.sourceline)))
        elif said.get("lead_time"):
            pairs.append(("lead_time", tree.scalar(said["lead_time"], line)))
        needs = [self._said_need(need, line) for need in said.get("needs", [])]
        needs += self._needs(activity, ext, flows)
        if needs:
            pairs.append(("needs", tree.sequence(needs, line)))
        after, back = flows.successors(bpmn_key, place)
        following = ordered[index + 1 : index + 2]
        if after != following and (after or following):
            pairs.append(("next", tree.texts([self.step_id(a) for a in after], line)))
        if back:
            pairs.append(("rework", tree.texts([self.step_id(a) for a in back], line)))
        if activity.tag in CONTAINERS:
            inner = activities(activity)
            if inner:
                operations = self._steps(flows.order([a.get("id") for a in inner]), flows, by[0])
                pairs.append(("operations", tree.sequence(operations, line)))
                self._notice(activity)
        waivers = self._waivers(ext)
        if waivers is not None:
            pairs.append(("waive", waivers))
        if activity.tag == tag("callActivity"):
            self.info(
                activity,
                f"the call activity `{activity.get('name') or bpmn_key}` is a step; "
                "the process it calls is not read",
            )
        return tree.mapping(pairs, line)

    def _said_need(self, need: dict, line: int | None) -> Node:
        """A need as the documentation states it (`read_documentation`)."""
        tree = self.tree
        pairs = [("item", tree.scalar(need["item"], line))]
        if "from" in need:
            pairs.append(("from", tree.scalar(need["from"], line)))
        if "requires" in need:
            pairs.append(("requires", tree.texts(need["requires"], line)))
        if "due" in need:
            pairs.append(("due", tree.scalar(need["due"], line)))
        if "satisfaction" in need:
            pairs.append(("satisfaction", tree.scalar(need["satisfaction"], line, FLOAT)))
        return tree.mapping(pairs, line)

    def step_id(self, bpmn_key: str) -> str:
        found = self.step_ids.get(bpmn_key)
        if found is None:
            element = self.by_id.get(bpmn_key)
            ext = (
                element.find(f"{tag('extensionElements')}/{ext_tag('step')}")
                if element is not None
                else None
            )
            wanted = attr(ext, "id") or flowmap_id("Step", bpmn_key)
            name = element.get("name") if element is not None else None
            found = self.step_ids[bpmn_key] = self.ids.make(wanted, name, bpmn_key)
        return found

    def _delivers(self, activity, ext, flows) -> list[Node]:
        tree = self.tree
        found: list[Node] = []
        if ext is not None:
            for item in ext.findall(ext_tag("delivers")):
                line = item.sourceline
                if item.get("lead_time"):
                    found.append(
                        tree.mapping(
                            [
                                ("item", tree.scalar(item.get("item") or "", line)),
                                ("lead_time", tree.scalar(item.get("lead_time"), line)),
                            ],
                            line,
                        )
                    )
                else:
                    found.append(tree.scalar(item.get("item") or "", line))
            return found
        for association in activity.findall(tag("dataOutputAssociation")):
            target = self.by_id.get((association.findtext(tag("targetRef")) or "").strip())
            if target is not None and target.get("name"):
                found.append(tree.scalar(target.get("name"), association.sourceline))
        for item in flows.sent.get(activity.get("id"), []):  # what its message flows carry
            found.append(tree.scalar(item, activity.sourceline))
        return found

    def _needs(self, activity, ext, flows) -> list[Node]:
        tree = self.tree
        found: list[Node] = []
        if ext is not None:
            for need in ext.findall(ext_tag("need")):
                line = need.sourceline
                pairs = [("item", tree.scalar(need.get("item") or "", line))]
                if need.get("from"):
                    pairs.append(("from", tree.scalar(need.get("from"), line)))
                requires = [e.text or "" for e in need.findall(ext_tag("requires"))]
                if requires:
                    pairs.append(("requires", tree.texts(requires, line)))
                if need.get("due"):
                    pairs.append(("due", tree.scalar(need.get("due"), line)))
                if need.get("satisfaction"):
                    pairs.append(
                        ("satisfaction", tree.scalar(need.get("satisfaction"), line, FLOAT))
                    )
                waivers = self._waivers(need)
                if waivers is not None:
                    pairs.append(("waive", waivers))
                found.append(tree.mapping(pairs, line))
            return found
        for association in activity.findall(tag("dataInputAssociation")):
            for ref in association.findall(tag("sourceRef")):
                source = self.by_id.get((ref.text or "").strip())
                if source is None or not source.get("name"):
                    continue
                pairs = [("item", tree.scalar(source.get("name"), association.sourceline))]
                writers = flows.writers.get(source.get("id"), [])
                if len(writers) == 1 and writers[0] != activity.get("id"):
                    pairs.append(
                        ("from", tree.scalar(self.step_id(writers[0]), association.sourceline))
                    )
                found.append(tree.mapping(pairs, association.sourceline))
        return found

    def _waivers(self, holder) -> Node | None:
        if holder is None:
            return None
        tree = self.tree
        pairs = []
        for waiver in holder.findall(ext_tag("waive")):
            line = waiver.sourceline
            reason = tree.scalar(waiver.get("reason") or "", line)
            if waiver.get("approved_by") or waiver.get("until"):
                terms = [("reason", reason)]
                for name in ("approved_by", "until"):
                    if waiver.get(name):
                        terms.append((name, tree.scalar(waiver.get(name), line)))
                reason = tree.mapping(terms, line)
            pairs.append((waiver.get("rule") or "", reason))
        return tree.mapping(pairs, holder.sourceline) if pairs else None

    def _notice(self, container) -> None:
        """An info finding for each element of `container` the map has no notion of."""
        for element in container:
            if (
                not isinstance(element.tag, str)
                or element.tag in QUIET
                or element.tag in ACTIVITIES
            ):
                continue
            kind = etree.QName(element).localname
            name = element.get("name") or element.get("id") or kind
            definition = next(
                (
                    etree.QName(d).localname.removesuffix("EventDefinition")
                    for d in element
                    if isinstance(d.tag, str) and d.tag.endswith("EventDefinition")
                ),
                None,
            )
            if element.tag == tag("boundaryEvent"):
                host = self.by_id.get(element.get("attachedToRef") or "")
                host_name = (host.get("name") if host is not None else None) or element.get(
                    "attachedToRef"
                )
                what = f"a {definition or 'boundary'} event on `{host_name}`"
            elif element.tag in EVENTS:
                what = f"the {definition + ' ' if definition else ''}event `{name}`"
            elif element.tag in GATEWAYS:
                what = f"the {kind} `{name}`"
                if element.tag == tag("inclusiveGateway"):
                    self.info(
                        element, f"{what} is read as a parallel gateway: every branch is a handoff"
                    )
                    continue
            else:
                what = f"the {kind} `{name}`"
            self.info(element, f"{what} is not part of the map; flows through it are kept")


def _slug(text: str) -> str:
    """An id made from a name or a BPMN id (`Order Clerk` -> `order-clerk`); "" when no
    letter or digit of it is ASCII (a Chinese name: the element's BPMN id is used then)."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-._")


def _process_of(participant, processes):
    return processes.get(participant.get("processRef")) if participant is not None else None


def _scalar_value(node: MappingNode, key: str) -> str | None:
    return next((v.value for k, v in node.value if k.value == key), None)
