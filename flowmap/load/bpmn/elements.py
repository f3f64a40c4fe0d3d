"""The BPMN elements the import reads, by their qualified tags, and small helpers over
lxml elements shared by the importer (`nodes`) and the flow it follows (`flows`)."""

from __future__ import annotations

from lxml import etree

from flowmap.load.bpmn import BPMN, NS

ACTIVITIES = frozenset(
    f"{{{BPMN}}}{name}"
    for name in (
        "task",
        "userTask",
        "serviceTask",
        "manualTask",
        "sendTask",
        "receiveTask",
        "scriptTask",
        "businessRuleTask",
        "callActivity",
        "subProcess",
        "transaction",
        "adHocSubProcess",
    )
)
CONTAINERS = frozenset(
    f"{{{BPMN}}}{name}" for name in ("subProcess", "transaction", "adHocSubProcess")
)
GATEWAYS = frozenset(
    f"{{{BPMN}}}{name}"
    for name in (
        "exclusiveGateway",
        "parallelGateway",
        "inclusiveGateway",
        "eventBasedGateway",
        "complexGateway",
    )
)
EVENTS = frozenset(
    f"{{{BPMN}}}{name}"
    for name in (
        "startEvent",
        "endEvent",
        "intermediateCatchEvent",
        "intermediateThrowEvent",
        "boundaryEvent",
    )
)
EXCLUSIVE = f"{{{BPMN}}}exclusiveGateway"
# Flow elements read for what they say, or without meaning for the map (no finding).
QUIET = frozenset(
    f"{{{BPMN}}}{name}"
    for name in (
        "sequenceFlow",
        "laneSet",
        "dataObject",
        "dataObjectReference",
        "startEvent",
        "endEvent",
        "exclusiveGateway",
        "parallelGateway",
        "documentation",
        "extensionElements",
        "ioSpecification",
        "property",
        "dataInputAssociation",
        "dataOutputAssociation",
        "incoming",
        "outgoing",
        "textAnnotation",
        "association",
    )
)


def tag(name: str) -> str:
    return f"{{{BPMN}}}{name}"


def ext_tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def activities(container) -> list[etree._Element]:
    """The tasks and sub-processes directly inside a process or sub-process."""
    if container is None:
        return []
    return [child for child in container if child.tag in ACTIVITIES]


def attr(element, name: str) -> str | None:
    return element.get(name) if element is not None else None
