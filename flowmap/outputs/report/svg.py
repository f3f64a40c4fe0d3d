"""Graphviz SVG made safe to put inline in the report's HTML pages.

Graphviz already escapes what it writes, and the charts package keeps user text out of
anything active. The report still parses each SVG and keeps only what a picture needs, by
an allow-list: the drawing elements Graphviz writes and their presentation attributes;
anything else (a script, foreign content, an event attribute, an element or attribute that
did not exist when this list was written) is dropped with all it holds. Links may only
point inside the picture. Every element id gets a per-chart prefix, because Graphviz numbers
the ids of each SVG from 1 and several charts share a page.

Measured (2,400 charts of the report of 1,200 small processes, 31 MB): ElementTree 1.5 s of
CPU. A second way by libxml2 (lxml's XSLT, outside the GIL, in the drawing threads) gave the
same text but gained 1-3% on the report (`bench_devices`, two quiet runs): removed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "title",
        "desc",
        "a",
        "path",
        "polygon",
        "polyline",
        "ellipse",
        "circle",
        "rect",
        "line",
        "text",
        "tspan",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
    }
)
ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "transform",
        "viewBox",
        "width",
        "height",
        "preserveAspectRatio",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "fx",
        "fy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "offset",
        "gradientUnits",
        "gradientTransform",
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stop-color",
        "stop-opacity",
        "opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "text-decoration",
        "style",
        "href",  # only "#id", inside the picture
        "xlink:href",
        "xlink:title",  # a tooltip: only ever text
    }
)
_URL_REF = re.compile(r"url\(\s*(['\"]?)\s*#")


def inline_svg(svg: bytes, prefix: str) -> str:
    """`svg` as markup for inside HTML: no XML prologue, no comments, only allowed elements
    and attributes, every id prefixed with `prefix`. Raises ValueError when it is not
    well-formed XML."""
    try:
        root = ET.fromstring(svg)  # expat fetches no DTD and expands no external entity
    except ET.ParseError as error:
        raise ValueError(f"Graphviz wrote SVG that is not well-formed: {error}") from error
    if _name(root.tag) != "svg":
        raise ValueError("Graphviz wrote something that is not an SVG picture")
    _keep_allowed(root)
    for element in root.iter():
        element.tag = _name(element.tag)  # inside HTML, <svg> puts its children in SVG's
        kept = {}
        for name, value in element.attrib.items():
            allowed = _attribute(_name(name), value, prefix)
            if allowed is not None:
                kept[_name(name)] = allowed
        element.attrib.clear()
        element.attrib.update(kept)
    root.set("xmlns", SVG)
    root.set("xmlns:xlink", XLINK)
    return ET.tostring(root, encoding="unicode")


def _keep_allowed(root: ET.Element) -> None:
    """Drop every element not on the list (a comment too), with all it holds."""
    refused = [
        (parent, child)
        for parent in root.iter()
        for child in parent
        if not isinstance(child.tag, str) or _name(child.tag) not in ELEMENTS
    ]
    for parent, child in refused:
        parent.remove(child)


def _attribute(name: str, value: str, prefix: str) -> str | None:
    """The value to keep for an allowed attribute, or None to drop it."""
    if name not in ATTRIBUTES:
        return None
    if name == "xlink:title":
        return value
    if name in ("href", "xlink:href"):
        return f"#{prefix}-{value[1:]}" if value.startswith("#") else None
    if name == "id":
        return f"{prefix}-{value}"
    if ":" not in value and "(" not in value:
        return value  # plain data, the most of any chart: coordinates, colours, fonts
    if not _points_inside(value):
        return None
    return _URL_REF.sub(rf"url(\1#{prefix}-", value) if "url(" in value else value


def _points_inside(value: str) -> bool:
    """Whether `value` points nowhere, or only inside its own picture (`url(#id)`)."""
    squeezed = re.sub(r"\s+", "", value).lower()
    if "javascript:" in squeezed or "data:" in squeezed or "expression(" in squeezed:
        return False
    return squeezed.count("url(") == len(_URL_REF.findall(value))


@cache
def _name(name: str) -> str:
    """The name as HTML writes it: SVG's namespace dropped, XLink's as `xlink:`."""
    if name.startswith(f"{{{XLINK}}}"):
        return "xlink:" + name.rsplit("}", 1)[-1]
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        return local if namespace == SVG else f"{{{namespace}}}{local}"
    return name
