"""The BPMN 2.0 XML of a collaboration: the model (participants, lanes, flow nodes, flows)
and its diagram interchange (a shape with bounds for every pool, lane and node, an edge
with waypoints for every flow, labels), built with lxml so that every name is escaped.
"""

from __future__ import annotations

from lxml import etree

from flowmap import __version__
from flowmap.load.bpmn.ids import bpmn_id
from flowmap.load.names import xml_safe
from flowmap.model.org import Organisation
from flowmap.outputs.bpmn import content
from flowmap.outputs.bpmn.flow import (
    EXCLUSIVE,
    SUB_PROCESS,
    Chart,
    Collaboration,
    Lane,
    Pool,
)
from flowmap.outputs.bpmn.layout import Box, Placed, place_chart

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {
    "bpmn": BPMN,
    "bpmndi": BPMNDI,
    "dc": DC,
    "di": DI,
    "xsi": XSI,
    content.PREFIX: content.NS,
}


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def write_bpmn(org: Organisation, collab: Collaboration, placed: Placed) -> bytes:
    """The collaboration as a BPMN 2.0 document (UTF-8 bytes, the same map the same bytes)."""
    process = collab.process
    root = etree.Element(_q(BPMN, "definitions"), nsmap=NSMAP)
    root.set("id", bpmn_id("Definitions", process.id))
    root.set("targetNamespace", "urn:flowmap:process")
    root.set("exporter", "flowmap")
    root.set("exporterVersion", __version__)
    names = _names(org)
    collaboration = _sub(root, BPMN, "collaboration", id=bpmn_id("Collaboration", process.id))
    for pool in collab.pools:
        participant = _sub(
            collaboration,
            BPMN,
            "participant",
            id=pool.key,
            name=xml_safe(pool.name),
            processRef=pool.process_key,
        )
        extension = _sub(participant, BPMN, "extensionElements")
        if pool is collab.pools[-1]:
            extension.append(
                content.holder(
                    "process", id=process.id, name=process.name, customer=process.customer
                )
            )
        else:
            extension.append(content.holder("customer", id=pool.of))
    for message in collab.messages:
        _sub(
            collaboration,
            BPMN,
            "messageFlow",
            id=message.key,
            name=xml_safe(message.name) or None,
            sourceRef=message.source,
            targetRef=message.target,
        )
    planes: list[tuple[str, Chart]] = []  # the sub-processes, to draw on planes of their own
    for pool in collab.pools:
        element = _sub(
            root,
            BPMN,
            "process",
            id=pool.process_key,
            name=xml_safe(pool.name),
            isExecutable="false",
        )
        if pool.lanes:
            lane_set = _sub(element, BPMN, "laneSet", id=f"LaneSet_{pool.process_key}")
            for lane in pool.lanes:
                _lane(lane_set, lane, pool, names)
        _flow_elements(element, pool.chart, names, planes)
    diagram = _sub(root, BPMNDI, "BPMNDiagram", id="Diagram_main")
    plane = _sub(diagram, BPMNDI, "BPMNPlane", id="Plane_main", bpmnElement=collaboration.get("id"))
    for pool in collab.pools:
        _shape(plane, pool.key, placed.shapes[pool.key], isHorizontal="true")
        for lane in pool.lanes:
            _shape(plane, lane.key, placed.shapes[lane.key], isHorizontal="true")
            for child in lane.children:
                _shape(plane, child.key, placed.shapes[child.key], isHorizontal="true")
    for pool in collab.pools:
        _chart_di(plane, pool.chart, placed)
    for message in collab.messages:
        _edge(plane, message.key, placed)
    done = 0
    while done < len(planes):  # sub-processes, each drawn on its own plane
        key, inner = planes[done]
        done += 1
        own = place_chart(inner)
        diagram = _sub(root, BPMNDI, "BPMNDiagram", id=f"Diagram_{key}")
        sub_plane = _sub(diagram, BPMNDI, "BPMNPlane", id=f"Plane_{key}", bpmnElement=key)
        _chart_di(sub_plane, inner, own)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _names(org: Organisation) -> dict[str, str]:
    """Every executor and step id -> its name, for the documentation."""
    names: dict[str, str] = {}
    for index in (org.customers, org.units, org.roles, org.steps):
        for key, obj in index.items():
            names.setdefault(key, getattr(obj, "name", "") or key)
    return names


def _sub(parent: etree._Element, namespace: str, tag: str, **attributes) -> etree._Element:
    element = etree.SubElement(parent, _q(namespace, tag))
    for key, value in attributes.items():
        if value is not None:
            element.set(key, value)
    return element


def _lane(parent: etree._Element, lane: Lane, pool: Pool, names: dict[str, str]) -> None:
    element = _sub(parent, BPMN, "lane", id=lane.key, name=xml_safe(lane.name))
    extension = _sub(element, BPMN, "extensionElements")
    extension.append(content.holder(lane.kind, id=lane.of))
    bands = {leaf.key for leaf in lane.children or [lane]}  # a unit's: its roles' nodes
    for node in pool.chart.nodes.values():
        if node.band in bands:
            _sub(element, BPMN, "flowNodeRef").text = node.key
    if lane.children:
        child_set = _sub(element, BPMN, "childLaneSet", id=f"LaneSet_{lane.key}")
        for child in lane.children:
            _lane(child_set, child, pool, names)


def _flow_elements(parent, chart: Chart, names, planes) -> None:
    for node in chart.nodes.values():
        element = _sub(parent, BPMN, node.kind, id=node.key, name=xml_safe(node.name) or None)
        if node.kind == EXCLUSIVE and node.default:
            element.set("default", node.default)
        if node.step is not None:
            _sub(element, BPMN, "documentation").text = content.documentation(node.step, names)
            _sub(element, BPMN, "extensionElements").append(content.step_element(node.step))
        for key in node.incoming:
            _sub(element, BPMN, "incoming").text = key
        for key in node.outgoing:
            _sub(element, BPMN, "outgoing").text = key
        if node.inner is not None:
            _flow_elements(element, node.inner, names, planes)
            planes.append((node.key, node.inner))
    for flow in chart.flows:
        element = _sub(
            parent,
            BPMN,
            "sequenceFlow",
            id=flow.key,
            name=xml_safe(flow.name) or None,
            sourceRef=flow.source,
            targetRef=flow.target,
        )
        if flow.condition is not None:
            condition = _sub(element, BPMN, "conditionExpression")
            condition.set(_q(XSI, "type"), "bpmn:tFormalExpression")
            condition.text = flow.condition


def _chart_di(plane, chart: Chart, placed: Placed) -> None:
    for node in chart.nodes.values():
        extra = {"isExpanded": "false"} if node.kind == SUB_PROCESS else {}
        if node.kind == EXCLUSIVE:
            extra["isMarkerVisible"] = "true"
        shape = _shape(plane, node.key, placed.shapes[node.key], **extra)
        label = placed.labels.get(node.key)
        if label is not None:
            _bounds(_sub(shape, BPMNDI, "BPMNLabel"), label)
    for flow in chart.flows:
        _edge(plane, flow.key, placed)


def _shape(plane, key: str, box: Box, **extra) -> etree._Element:
    shape = _sub(plane, BPMNDI, "BPMNShape", id=f"{key}_di", bpmnElement=key, **extra)
    _bounds(shape, box)
    return shape


def _bounds(parent, box: Box) -> None:
    _sub(
        parent,
        DC,
        "Bounds",
        x=str(box.x),
        y=str(box.y),
        width=str(box.width),
        height=str(box.height),
    )


def _edge(plane, key: str, placed: Placed) -> None:
    edge = _sub(plane, BPMNDI, "BPMNEdge", id=f"{key}_di", bpmnElement=key)
    for x, y in placed.edges[key]:
        _sub(edge, DI, "waypoint", x=str(x), y=str(y))
    label = placed.labels.get(key)
    if label is not None:
        _bounds(_sub(edge, BPMNDI, "BPMNLabel"), label)
