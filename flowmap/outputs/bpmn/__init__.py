"""BPMN 2.0 export: a process as a collaboration that bpmn.io, Camunda Modeler and other
modelers open laid out, with the three-step content in documentation and in extension
elements of flowmap's namespace (`content`).

    flow.collaboration(org, process)  ->  pools, lanes, nodes, flows   (BPMN's semantics)
    layout.place_collaboration(...)   ->  bounds and waypoints          (the diagram)
    xml.write_bpmn(...)               ->  the document's bytes
"""

from __future__ import annotations

from flowmap.model import types as t
from flowmap.model.org import Organisation


def process_bpmn(org: Organisation, process: t.Process) -> bytes:
    """The BPMN 2.0 document of one process (the same map always gives the same bytes)."""
    from flowmap.outputs.bpmn.flow import collaboration
    from flowmap.outputs.bpmn.layout import place_collaboration
    from flowmap.outputs.bpmn.xml import write_bpmn

    collab = collaboration(org, process)
    return write_bpmn(org, collab, place_collaboration(collab))
