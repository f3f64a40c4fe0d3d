"""BPMN 2.0 files as maps: the XML read with a parser hardened against hostile input
(`xml`), and turned into the same tree of positioned nodes a YAML map gives (`nodes`), so
that the model, the rules and every output treat a modeler's file like a map, each finding
at the XML line of the element it concerns.
"""

from __future__ import annotations

# flowmap's own extension elements (written by `flowmap export bpmn`, read back here)
NS = "urn:flowmap:bpmn:1"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def read_bpmn(text: str, shown: str, limits):
    """The node tree of the map a BPMN file stands for (None when it cannot be read), and
    the findings: why not, or the info findings on what the map leaves out."""
    from flowmap.load.bpmn.nodes import bpmn_nodes
    from flowmap.load.bpmn.xml import parse_xml

    root, findings = parse_xml(text, shown, limits)
    if root is None:
        return None, findings
    return bpmn_nodes(root, shown)


def is_bpmn(name: str) -> bool:
    """Whether a file is read as BPMN: its name ends in `.bpmn`."""
    return name.lower().endswith(".bpmn")
