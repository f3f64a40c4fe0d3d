"""The handoffs between the tasks of a BPMN model: sequence flows followed through
gateways and events to the next tasks, message flows across pools, and which of them loop
back for rework (see `nodes` for what they become in the map)."""

from __future__ import annotations

import networkx as nx
from lxml import etree

from flowmap.load.bpmn.elements import ACTIVITIES, EXCLUSIVE, activities, tag


class Flows:
    """The handoffs between the tasks of the whole model: sequence flows through gateways
    and events, message flows across pools."""

    def __init__(self, importer) -> None:  # nodes._Importer: its elements by id, order
        self.importer = importer
        by_id = importer.by_id
        self.order_of = importer.order
        nodes = nx.DiGraph()  # every flow node; edges: sequence flows
        for flow in importer.root.iter(tag("sequenceFlow")):
            source, target = flow.get("sourceRef"), flow.get("targetRef")
            if source in by_id and target in by_id:
                nodes.add_edge(
                    source,
                    target,
                    rework=(flow.findtext(tag("conditionExpression")) or "").strip() == "rework",
                )
        for event in importer.root.iter(tag("boundaryEvent")):  # its flows leave its host
            if event.get("attachedToRef") in by_id:
                nodes.add_edge(event.get("attachedToRef"), event.get("id"), rework=False)
        self.nodes = nodes
        tasks = {el.get("id") for el in importer.root.iter(etree.Element) if el.tag in ACTIVITIES}
        tasks |= {el.get("id") for stand_ins in importer.stand_ins.values() for el in stand_ins}
        self.tasks = tasks
        graph = nx.DiGraph()
        graph.add_nodes_from(tasks)
        for task in tasks:
            for target, exclusive in self._reached(task):
                graph.add_edge(task, target, exclusive=exclusive, message=False)
        self.sent: dict[str, list[str]] = {}  # task -> the names of the messages it sends
        for flow in importer.root.iter(tag("messageFlow")):
            for source in self._ends(flow.get("sourceRef"), backward=True):
                if flow.get("name"):
                    self.sent.setdefault(source, []).append(flow.get("name"))
                for target in self._ends(flow.get("targetRef"), backward=False):
                    if source != target:
                        graph.add_edge(source, target, exclusive=False, message=True)
        # a sequence flow that waits for a message exchange (A -> B while A messages C and
        # C's side leads back to B) is the waiting, not a handoff of its own
        for source, target, data in list(graph.edges(data=True)):
            if data["message"]:
                continue
            if any(graph[source][other]["message"] for other in graph.successors(source)):
                graph.remove_edge(source, target)
                if not nx.has_path(graph, source, target):
                    graph.add_edge(source, target, **data)
        self.graph = graph
        loops = {
            node: n
            for n, group in enumerate(nx.strongly_connected_components(graph))
            for node in group
        }
        self.back = {
            (source, target)
            for source, target, data in graph.edges(data=True)
            if data["exclusive"]
            and loops[source] == loops[target]
            and self.order_of.get(target, 0) <= self.order_of.get(source, 0)
        }
        self.writers: dict[str, list[str]] = {}
        for task in tasks:
            for association in by_id[task].findall(tag("dataOutputAssociation")):
                target = (association.findtext(tag("targetRef")) or "").strip()
                self.writers.setdefault(target, []).append(task)

    def _reached(self, task: str):
        """The tasks the sequence flows from `task` reach first, and whether the way passes
        an exclusive gateway that splits (or a flow conditioned `rework`)."""
        found: dict[str, bool] = {}
        seen = {task}
        todo = (
            [(after, self.nodes[task][after]["rework"]) for after in self.nodes.successors(task)]
            if task in self.nodes
            else []
        )
        while todo:
            node, exclusive = todo.pop()
            if node in self.tasks:
                found[node] = found.get(node, False) or exclusive
                continue
            if node in seen:
                continue
            seen.add(node)
            element = self.importer.by_id.get(node)
            splits = (
                element is not None and element.tag == EXCLUSIVE and self.nodes.out_degree(node) > 1
            )
            for after in self.nodes.successors(node):
                todo.append((after, exclusive or splits or self.nodes[node][after]["rework"]))
        return sorted(found.items(), key=lambda pair: self.order_of.get(pair[0], 0))

    def _ends(self, key: str | None, backward: bool) -> list[str]:
        """The task a message flow's end stands for: the task itself, the task before a
        throwing event (after a catching one), or a pool's first or last task."""
        element = self.importer.by_id.get(key or "")
        if element is None:
            return []
        if element.get("id") in self.tasks:
            return [element.get("id")]
        stand_ins = self.importer.stand_ins.get(element.get("id"))
        if stand_ins:  # a closed pool: its step that sends, or its step that receives
            wanted = "sends" if backward else "receives"
            return [el.get("id") for el in stand_ins if el.get("id").endswith(wanted)]
        if element.tag == tag("participant"):
            process = self.importer.by_id.get(element.get("processRef") or "")
            inner = [a.get("id") for a in activities(process)] if process is not None else []
            return inner[-1:] if backward else inner[:1]
        if key not in self.nodes:
            return []
        walk = nx.bfs_tree(self.nodes.reverse(copy=False) if backward else self.nodes, key)
        return [node for node in walk if node in self.tasks][:1]

    def order(self, tasks: list[str]) -> list[str]:
        """`tasks` in flow order (rework left out), ties in the order of the file."""
        wanted = set(tasks)
        graph = nx.DiGraph()
        graph.add_nodes_from(tasks)
        graph.add_edges_from(
            (s, t)
            for s, t in self.graph.edges()
            if s in wanted and t in wanted and (s, t) not in self.back
        )
        try:
            return list(
                nx.lexicographical_topological_sort(
                    graph, key=lambda node: self.order_of.get(node, 0)
                )
            )
        except nx.NetworkXUnfeasible:  # a loop of `next`: flow-cycle reports it
            return sorted(tasks, key=lambda node: self.order_of.get(node, 0))

    def successors(self, task: str, place: dict[str, int]) -> tuple[list[str], list[str]]:
        """The tasks `task` hands over to and those it sends rework back to, among the tasks
        `place` numbers (a chain in flow order), in that order."""
        after = sorted(
            (t for t in self.graph.successors(task) if t in place) if task in self.graph else (),
            key=place.__getitem__,
        )
        back = [t for t in after if (task, t) in self.back]
        return [t for t in after if (task, t) not in self.back], back
